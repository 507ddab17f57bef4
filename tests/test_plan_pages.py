"""The plan page, its exports, the plan beside the offers on Leuven's and an offer's page, and the admin."""

import json

import pytest
from gemeenten_data import make_municipality
from markup import attribute, find, find_all, hrefs, page, text
from plan_data import import_text, make_leuven, plan_text

from plannen.models import Action, ActionWerf

# Actions per programme (two programmes): one page of the plan, then three pages.
SIZES = [10, 30]


@pytest.fixture
def leuven(werven, interleuven, make_offer):
    municipality = make_leuven(supporters=[interleuven])
    for number, werf in werven.items():
        make_offer(interleuven, werven=[werf], title=f"Aanbod werf {number}", slug=f"aanbod-werf-{number}")
    return municipality


def plan_of(leuven, actions_per_programme=10):
    """Leuven with a plan whose suggestions of werf 1 and 3 are all confirmed."""
    import_text(leuven, plan_text(actions_per_programme))
    ActionWerf.objects.filter(werf__number__in=[1, 3]).update(origin=ActionWerf.Origin.CONFIRMED)
    return leuven.policy_plan


def anchors(response):
    return [attribute(article, "id") for article in find_all(page(response), "article", class_="plan-action")]


def test_the_plan_page_shows_programmes_action_programmes_and_citations(client, leuven):
    plan_of(leuven, 5)
    response = client.get("/gemeenten/24062/plan/")
    document = page(response)
    assert [text(h) for h in find_all(document, "h2", class_="plan-programme")] == [
        "Programma 1: Programma nummer 1",
        "Programma 2: Programma nummer 2",
    ]
    assert text(find_all(document, "h3", class_="plan-action-programme")[1]).startswith("Actieprogramma 1.2: Tweede")
    article = find(document, "article", id="actie-1-3")
    assert text(find(article, "a", href="#actie-1-3")) == "Actieprogramma 1.2, actie 3"
    assert "Werf 3" in text(article)
    assert response.context["result_count"] == 10


def test_filters_combine_and_are_counted(client, leuven):
    plan_of(leuven, 10)
    assert anchors(client.get("/gemeenten/24062/plan/?werf=3")) == ["actie-1-3", "actie-1-8", "actie-2-3", "actie-2-8"]
    assert anchors(client.get("/gemeenten/24062/plan/?werf=3&programma=2")) == ["actie-2-3", "actie-2-8"]
    assert anchors(client.get("/gemeenten/24062/plan/?werf=1&werf=3&programma=1")) == [
        "actie-1-1",
        "actie-1-3",
        "actie-1-6",
        "actie-1-8",
    ]
    response = client.get("/gemeenten/24062/plan/?q=ENERGIERENOVATIE&programma=1")
    assert anchors(response) == ["actie-1-2", "actie-1-7"]
    assert response.context["result_count"] == 2
    # Only confirmed werven filter: werf 2 is merely suggested.
    assert anchors(client.get("/gemeenten/24062/plan/?werf=2")) == []


def test_the_plan_search_reads_words_as_the_site_search_does(client, leuven):
    """One engine (zoeken): a singular finds the plural, a synonym its word ("hemelwater" → regenwater)."""
    plan_of(leuven, 5)
    assert anchors(client.get("/gemeenten/24062/plan/?q=mobipunt&programma=1")) == ["actie-1-3"]
    assert anchors(client.get("/gemeenten/24062/plan/?q=hemelwater&programma=2")) == ["actie-2-4"]


def test_plan_page_with_werf_3_and_its_json_export_hold_the_same_actions(client, leuven):
    plan_of(leuven, 30)
    on_page = anchors(client.get("/gemeenten/24062/plan/?werf=3"))
    response = client.get("/gemeenten/24062/plan/export.json?werf=3")
    rows = json.loads(b"".join(response.streaming_content))
    assert [f"actie-{row['programma']}-{row['nummer']}" for row in rows] == on_page
    assert len(on_page) == 12
    assert set(rows[0]) == {
        "programma",
        "actieprogramma",
        "nummer",
        "tekst",
        "werven",
        "voorgestelde_werven",
        "patrimonium",
    }
    assert rows[0] == {
        "programma": 1,
        "actieprogramma": "1.1",
        "nummer": 3,
        "tekst": "We rollen mobipunten met deelfietsen uit. (actie 3)",
        "werven": [3],
        "voorgestelde_werven": [],
        "patrimonium": False,
    }


def test_exports_in_every_format_hold_the_filtered_actions(client, leuven):
    plan_of(leuven, 5)
    csv = b"".join(client.get("/gemeenten/24062/plan/export.csv?programma=2&werf=1").streaming_content).decode(
        "utf-8-sig"
    )
    lines = csv.strip().split("\r\n")
    assert lines[0] == "programma;actieprogramma;nummer;tekst;werven;voorgestelde_werven;patrimonium"
    assert len(lines) == 2 and lines[1].startswith("2;2.1;1;")
    xlsx = client.get("/gemeenten/24062/plan/export.xlsx?werf=9")
    assert xlsx.status_code == 200 and "lekp-plan-24062" in xlsx["Content-Disposition"]


# The same bound at 10 and 30 actions per programme: a page that queries per action fails at 30.
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    ("path", "max_queries"),
    [
        # plan, werven, programmes, count per programme (their sum is the count), actions, their tags
        ("/gemeenten/24062/plan/", 6),
        ("/gemeenten/24062/plan/?werf=3&programma=1&q=mobipunten&pagina=2", 6),
        # gemeenten's page (7 queries, the plan with the municipality) + the first confirmed actions
        # per werf with their counts
        ("/gemeenten/24062/", 8),
    ],
)
def test_query_count_is_the_same_for_few_and_many_actions(
    client, leuven, size, path, max_queries, django_assert_max_num_queries
):
    plan_of(leuven, size)
    with django_assert_max_num_queries(max_queries):
        response = client.get(path)
    assert response.status_code == 200
    assert Action.objects.count() == 2 * size


def test_a_long_plan_is_paginated_with_the_filters_kept(client, leuven):
    plan_of(leuven, 30)
    response = client.get("/gemeenten/24062/plan/?programma=1&programma=2&pagina=2")
    assert len(anchors(response)) == 10
    assert "?programma=1&programma=2&pagina=1" in hrefs(find(page(response), "nav", class_="pagination"))


@pytest.mark.parametrize(
    "query",
    [
        "werf=9",
        "werf=abc",
        "werf=%00",
        "programma=99",
        "programma=-1&werf=" + "9" * 5000,
        "q=" + "x" * 5000,
        "q=%00%01",
        "pagina=999",
        "pagina=abc",
        "werf[]=1",
    ],
)
def test_bad_query_input_is_never_a_500(client, leuven, query):
    plan_of(leuven, 5)
    response = client.get(f"/gemeenten/24062/plan/?{query}")
    assert response.status_code == 200
    assert client.get(f"/gemeenten/24062/plan/export.json?{query}").status_code == 200


def test_an_unknown_value_is_dropped_with_a_dutch_notice(client, leuven):
    plan_of(leuven, 5)
    response = client.get("/gemeenten/24062/plan/?werf=9&programma=7&werf=3")
    assert response.context["notices"] == [
        "Werf 9 bestaat niet; die filter is genegeerd.",
        "Programma 7 bestaat niet in dit plan; die filter is genegeerd.",
    ]
    assert anchors(response) == ["actie-1-3", "actie-2-3"]


def test_a_municipality_without_a_plan_has_no_plan_pages(client, leuven):
    assert client.get("/gemeenten/24062/plan/").status_code == 404
    assert client.get("/gemeenten/24062/plan/export.csv").status_code == 404
    assert client.get("/gemeenten/abcde/plan/").status_code == 404


def test_leuven_page_shows_what_it_plans_itself_beside_the_offers_per_werf(client, leuven):
    plan_of(leuven, 30)
    document = page(client.get("/gemeenten/24062/"))
    asides = find_all(document, "aside", class_="planned")
    assert [text(find(aside, "h4")) for aside in asides] == ["Wat Leuven zelf plant"] * 2
    werf_3 = asides[1]
    assert [text(link) for link in find_all(werf_3, "a")][:3] == [
        "Actieprogramma 1.1, actie 3",
        "Actieprogramma 1.1, actie 8",
        "Actieprogramma 1.1, actie 13",
    ]
    assert "/gemeenten/24062/plan/?werf=3" in hrefs(werf_3)
    assert "Alle 12 acties voor deze werf in het beleidsplan" in text(werf_3)
    # Beside the offers of that werf, in one group with them.
    groups = find_all(document, "div", class_="beside-plan")
    assert [text(find(group, "h5", class_="card__title")) for group in groups] == ["Aanbod werf 1", "Aanbod werf 3"]


def test_a_municipality_without_a_plan_shows_nothing_about_plans(client, leuven, interleuven):
    make_municipality("24020", "Bierbeek", 10000, supporters=[interleuven])
    plan_of(leuven, 5)
    response = client.get("/gemeenten/24020/")
    document = page(response)
    assert find_all(document, "aside", class_="planned") == []
    assert "zelf plant" not in response.content.decode()
    assert not any("/plan/" in href for href in hrefs(document))


def test_an_offer_page_shows_the_plan_actions_it_fits(client, leuven, iok, make_offer, werven):
    plan_of(leuven, 5)
    offer = leuven.supporters.get().offers.get(slug="aanbod-werf-3")
    document = page(client.get(offer.get_absolute_url()))
    section = find(document, "section", aria_labelledby="past-bij-titel")
    assert text(find(section, "h2")) == "Hier past dit aanbod bij"
    assert [text(link) for link in find_all(section, "li", class_="card")] == [
        "Leuven, actieprogramma 1.2, actie 3 : We rollen mobipunten met deelfietsen uit. (actie 3)",
        "Leuven, actieprogramma 2.2, actie 3 : We rollen mobipunten met deelfietsen uit. (actie 3)",
    ]
    assert "/gemeenten/24062/plan/?werf=3" in hrefs(section)
    # A supporter that does not serve Leuven, and a werf Leuven's plan has nothing confirmed for.
    elsewhere = make_offer(iok, werven=[werven[3]], slug="elders")
    for other in (elsewhere, leuven.supporters.get().offers.get(slug="aanbod-werf-2")):
        assert "Hier past dit aanbod bij" not in client.get(other.get_absolute_url()).content.decode()
