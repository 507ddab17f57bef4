"""The public pages: what they show, what they hide, how they treat bad input, and how many queries they cost."""

import datetime
import re

import pytest
from django.http import QueryDict

from offers.filters import OfferFilter
from offers.grouping import group_by_werf
from offers.models import Offer, Project, PublicationStatus
from werven.models import Target, Werf

CONCEPT = PublicationStatus.CONCEPT


def html_of(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def result_titles(response):
    """Titles of the offers listed as results, in order."""
    html = html_of(response)
    results = html.split('id="resultaten"', 1)[1]
    return re.findall(r'class="card__title"><a href="[^"]+">([^<]+)</a>', results)


def notices(response):
    html = html_of(response)
    match = re.search(r'<div class="notice" role="alert">(.*?)</div>', html, re.S)
    return match.group(1) if match else ""


@pytest.fixture
def portal(werven, make_supporter, make_offer, make_project):
    """Three supporters with offers for different werven, one general offer, one concept of each kind."""
    iok = make_supporter("iok", name="IOK", email="steven.heylen@iok.be", phone="014/564.269", contact_person="Steven")
    interleuven = make_supporter("interleuven", name="Interleuven", website="https://www.interleuven.be")
    limburg = make_supporter("provincie-limburg", name="Provincie Limburg", kind="provincie")
    offers = {
        "ontharding": make_offer(
            iok,
            [werven[4]],
            title="Onthardingsmanager",
            slug="onthardingsmanager",
            kind=Offer.Kind.REALISATIE,
            cost=Offer.Cost.GRATIS,
        ),
        "energiehuis": make_offer(
            iok, [werven[2], werven[4]], title="Energiehuis Kempen", slug="energiehuis", kind=Offer.Kind.BEGELEIDING
        ),
        "mobipunten": make_offer(iok, [werven[3]], title="Mobipunten Kempen", slug="mobipunten"),
        "academies": make_offer(
            iok, [], title="Kempen2030-academies", slug="academies", is_general=True, kind=Offer.Kind.KENNISDELING
        ),
        "iok-concept": make_offer(iok, [werven[4]], title="Geheim concept IOK", slug="concept", status=CONCEPT),
        "regenwater": make_offer(
            interleuven,
            [werven[4]],
            title="Regenwaterplan",
            slug="regenwaterplan",
            description="Een coöperatief plan voor regenwater.",
            cost=Offer.Cost.BETALEND,
        ),
        "bomen": make_offer(interleuven, [werven[1]], title="Bomenplan", slug="bomenplan"),
        "hagen": make_offer(limburg, [werven[1]], title="Hagen en geveltuinen", slug="hagen"),
        "limburg-concept": make_offer(limburg, [werven[4]], title="Onaf waterplan", slug="onaf", status=CONCEPT),
    }
    projects = {
        "circuler": make_project(
            interleuven,
            [werven[2], werven[4]],
            title="CIRCULER",
            slug="circuler",
            municipality="Leuven",
            start_date=datetime.date(2019, 1, 15),
            themes="circulaire economie\nenergie",
            success_factors="Breed partnerschap\nCocreatie",
            pitfalls="Te veel ambitie",
            challenges="Financiering",
            external_partners="KU Leuven\nVoka",
            investment="250.000 euro",
            email="info@circuler.be",
        ),
        "verborgen": make_project(iok, [werven[4]], title="Verborgen project", slug="verborgen", status=CONCEPT),
    }
    return {"iok": iok, "interleuven": interleuven, "limburg": limburg, "offers": offers, "projects": projects}


# --- home -----------------------------------------------------------------------------------


def test_home_counts_published_offers_per_werf_with_general_support_in_each(client, portal):
    html = html_of(client.get("/"))
    counts = dict(re.findall(r'href="/aanbod/\?werf=(\d)">(\d+) vorm', html))
    # werf 4: ontharding, energiehuis, regenwater + the general offer; concepts are not counted.
    assert counts == {"1": "3", "2": "2", "3": "2", "4": "4"}


def test_home_shows_supporters_search_and_only_published_newest_projects(client, portal):
    html = html_of(client.get("/"))
    assert 'action="/aanbod/"' in html and 'name="q"' in html
    for name in ("IOK", "Interleuven", "Provincie Limburg"):
        assert name in html
    assert "CIRCULER" in html
    assert "Verborgen project" not in html
    assert html.count("<h1") == 1


# --- werf page ------------------------------------------------------------------------------


@pytest.fixture
def targets(werven, portal):
    old = Target.objects.create(
        werf=werven[2], slug="renovaties", text="50 renovaties per 1.000 wooneenheden.", position=1
    )
    old.stated_by.set([portal["interleuven"], portal["limburg"]])
    new = Target.objects.create(
        werf=werven[2],
        slug="renovaties-2",
        text="50 renovaties waarvan 25 fossielvrij.",
        pact_version=Target.PactVersion.LEKP_2,
        variant_of=old,
        position=2,
    )
    new.stated_by.set([portal["iok"]])
    return old, new


def test_werf_page_groups_targets_by_pact_version_and_labels_variants(client, targets):
    html = html_of(client.get("/werven/2/"))
    lekp1, lekp2 = html.index("<h3>LEKP 1.0</h3>"), html.index("<h3>LEKP 2.0</h3>")
    assert lekp1 < html.index("50 renovaties per 1.000 wooneenheden.") < lekp2
    assert lekp2 < html.index("50 renovaties waarvan 25 fossielvrij.")
    assert "LEKP 2.0-variant" in html
    assert 'href="#doelstelling-renovaties"' in html  # the variant points at what it adapts
    variant_block = html[html.index('id="doelstelling-renovaties-2"') :]
    variant_block = variant_block[: variant_block.index("</li>")]
    assert "Vermeld door" in variant_block and ">IOK<" in variant_block and "Interleuven" not in variant_block


def test_werf_page_lists_its_published_offers_by_supporter_with_general_support(client, portal):
    html = html_of(client.get("/werven/4/"))
    section = html[html.index('id="aanbod-titel"') : html.index('id="projecten-titel"')]
    for title in ("Onthardingsmanager", "Energiehuis Kempen", "Kempen2030-academies", "Regenwaterplan"):
        assert title in section
    for title in ("Mobipunten Kempen", "Bomenplan", "Geheim concept IOK", "Onaf waterplan"):
        assert title not in section
    assert section.index(">Interleuven<") < section.index("Regenwaterplan")
    assert section.index(">IOK<") < section.index("Onthardingsmanager") < section.index(">Interleuven<")
    assert 'href="/aanbod/?werf=4"' in html
    assert "CIRCULER" in html and "Verborgen project" not in html


@pytest.mark.parametrize("path", ["/werven/9/", "/werven/0/", "/werven/abc/"])
def test_unknown_werf_is_404(client, werven, path):
    assert client.get(path).status_code == 404


# --- supporters -----------------------------------------------------------------------------


def test_supporter_list_shows_every_supporter_with_published_counts(client, portal):
    html = html_of(client.get("/ondersteuners/"))
    assert 'href="/ondersteuners/iok/"' in html
    assert "4 vormen van ondersteuning" in html  # IOK: 4 published, the concept not counted
    assert "Provincie Limburg" in html


def test_supporter_page_shows_contact_as_links_and_offers_by_werf_general_first(client, portal):
    html = html_of(client.get("/ondersteuners/iok/"))
    assert 'href="mailto:steven.heylen@iok.be"' in html
    assert 'href="tel:+3214564269"' in html
    section = html[html.index('id="aanbod-titel"') : html.index('id="projecten-titel"')]
    general = section.index("Algemene ondersteuning (voor alle werven)")
    assert general < section.index("Kempen2030-academies") < section.index("Werf 2: Verrijk je wijk")
    # An offer for two werven appears under both.
    assert section.count("Energiehuis Kempen") == 2
    assert "Geheim concept IOK" not in section
    assert "Regenwaterplan" not in section


def test_supporter_without_contact_says_so(client, portal):
    html = html_of(client.get("/ondersteuners/provincie-limburg/"))
    assert "Geen contactgegevens gepubliceerd." in html
    assert "mailto:" not in html.split('id="contact-titel"')[1].split("</section>")[0]


def test_supporter_page_lists_its_published_projects(client, portal):
    html = html_of(client.get("/ondersteuners/interleuven/"))
    assert "CIRCULER" in html
    assert 'href="https://www.interleuven.be"' in html
    iok_html = html_of(client.get("/ondersteuners/iok/"))
    assert "Verborgen project" not in iok_html
    assert "Deze ondersteuner trekt nog geen gepubliceerde inspiratieprojecten." in iok_html


def test_werf_page_without_published_projects_says_so(client, portal):
    assert "Er zijn nog geen inspiratieprojecten voor deze werf." in html_of(client.get("/werven/1/"))
    assert "Er zijn nog geen inspiratieprojecten" not in html_of(client.get("/werven/4/"))


def test_unknown_supporter_is_404(client, portal):
    assert client.get("/ondersteuners/onbekend/").status_code == 404


# --- offer list: filters ----------------------------------------------------------------------


def test_list_shows_only_published_offers_by_title(client, portal):
    titles = result_titles(client.get("/aanbod/"))
    assert titles == sorted(titles)
    assert len(titles) == 7
    assert "Geheim concept IOK" not in titles and "Onaf waterplan" not in titles


def test_werf_and_supporter_filter_lists_iok_water_offers_and_general_support(client, portal):
    response = client.get("/aanbod/?werf=4&ondersteuner=iok")
    assert result_titles(response) == ["Energiehuis Kempen", "Kempen2030-academies", "Onthardingsmanager"]
    assert "3 resultaten" in html_of(response)
    assert "Algemene ondersteuning, die voor alle werven geldt, staat er ook bij." in html_of(response)


def test_list_without_werf_filter_does_not_explain_general_support(client, portal):
    assert "staat er ook bij" not in html_of(client.get("/aanbod/?ondersteuner=iok&werf=9"))


def test_several_werven_match_any_of_them(client, portal):
    titles = result_titles(client.get("/aanbod/?werf=1&werf=3"))
    assert set(titles) == {"Bomenplan", "Hagen en geveltuinen", "Mobipunten Kempen", "Kempen2030-academies"}


def test_several_supporters_match_any_of_them(client, portal):
    titles = result_titles(client.get("/aanbod/?ondersteuner=interleuven&ondersteuner=provincie-limburg"))
    assert set(titles) == {"Regenwaterplan", "Bomenplan", "Hagen en geveltuinen"}


def test_kind_and_cost_filters(client, portal):
    assert result_titles(client.get("/aanbod/?soort=realisatie")) == ["Onthardingsmanager"]
    assert result_titles(client.get("/aanbod/?kosten=betalend")) == ["Regenwaterplan"]
    assert result_titles(client.get("/aanbod/?kosten=gratis&kosten=betalend&werf=4")) == [
        "Onthardingsmanager",
        "Regenwaterplan",
    ]


def test_text_search_ignores_accents_and_case(client, portal):
    assert result_titles(client.get("/aanbod/?q=COOPERATIEF")) == ["Regenwaterplan"]
    assert result_titles(client.get("/aanbod/?q=kempen+energiehuis")) == ["Energiehuis Kempen"]


def test_sorting_by_supporter_and_by_last_update(client, portal):
    titles = result_titles(client.get("/aanbod/?sortering=ondersteuner"))
    assert titles[:4] == ["Energiehuis Kempen", "Kempen2030-academies", "Mobipunten Kempen", "Onthardingsmanager"]
    assert titles[-1] == "Hagen en geveltuinen"
    Offer.objects.filter(pk=portal["offers"]["bomen"].pk).update(
        updated_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    )
    assert result_titles(client.get("/aanbod/?sortering=bijgewerkt"))[0] == "Bomenplan"


def test_active_filters_are_chips_that_remove_one_value(client, portal):
    html = html_of(client.get("/aanbod/?werf=1&werf=4&ondersteuner=iok&q=plan&pagina=1"))
    found = re.findall(r'<a class="chip" href="\?([^"]*)">([^<]+)<', html)
    chips = {label: href.replace("&amp;", "&") for href, label in found}
    assert chips["Werf 4: Water is het nieuwe goud"] == "werf=1&ondersteuner=iok&q=plan"
    assert chips["Ondersteuner: IOK"] == "werf=1&werf=4&q=plan"
    assert chips["Zoekterm: „plan”"] == "werf=1&werf=4&ondersteuner=iok"
    assert "(filter verwijderen)" in html


def test_form_keeps_the_chosen_values(client, portal):
    html = html_of(client.get("/aanbod/?werf=4&ondersteuner=iok&q=plan&sortering=bijgewerkt"))
    assert re.search(r'<input type="checkbox" name="werf" value="4"[^>]*checked', html)
    assert not re.search(r'<input type="checkbox" name="werf" value="1"[^>]*checked', html)
    assert re.search(r'<input type="checkbox" name="ondersteuner" value="iok"[^>]*checked', html)
    assert 'value="plan"' in html
    assert re.search(r'<option value="bijgewerkt" selected>', html)


def test_pagination_keeps_filters_and_shows_twenty_per_page(client, werven, make_supporter, make_offer):
    supporter = make_supporter("iok", name="IOK")
    for n in range(45):
        make_offer(supporter, [werven[4]], title=f"Water {n:02d}", slug=f"water-{n}")
    make_offer(supporter, [werven[1]], title="Boom", slug="boom")
    first = client.get("/aanbod/?werf=4")
    assert len(result_titles(first)) == 20
    html = html_of(first)
    assert "45 resultaten" in html and "pagina 1 van 3" in html
    assert 'href="?werf=4&amp;pagina=2"' in html
    last = client.get("/aanbod/?werf=4&pagina=3")
    assert result_titles(last) == [f"Water {n:02d}" for n in range(40, 45)]
    assert 'href="?werf=4&amp;pagina=2" rel="prev"' in html_of(last)


def test_empty_result_has_a_helpful_message(client, portal):
    response = client.get("/aanbod/?q=zzzonbestaand&werf=1")
    html = html_of(response)
    assert result_titles(response) == []
    assert "0 resultaten" in html
    assert "Geen aanbod gevonden" in html
    assert "verwijder een van de actieve filters" in html
    assert 'href="/aanbod/"' in html


def test_result_count_is_announced_in_a_live_region(client, portal):
    html = html_of(client.get("/aanbod/?werf=4"))
    assert re.search(r'<p class="result-count" id="resultaten-aantal" role="status">4 resultaten', html)


# --- offer list: bad input --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message", "expected"),
    [
        ("werf=9", "Werf 9 bestaat niet; die filter is genegeerd.", 7),
        ("werf=abc", "Werf „abc” bestaat niet; die filter is genegeerd.", 7),
        ("werf=4&werf=9", "Werf 9 bestaat niet; die filter is genegeerd.", 4),
        ("ondersteuner=onbekend", "Ondersteuner „onbekend” bestaat niet; die filter is genegeerd.", 7),
        ("ondersteuner=onbekend&ondersteuner=iok", "Ondersteuner „onbekend” bestaat niet", 4),
        ("soort=xyz", "Soort ondersteuning „xyz” bestaat niet; die filter is genegeerd.", 7),
        ("kosten=veel", "Kosten „veel” is geen geldige keuze; die filter is genegeerd.", 7),
        ("sortering=drop", "Sortering „drop” bestaat niet; de lijst is op titel gesorteerd.", 7),
        ("pagina=999", "Pagina 999 bestaat niet; de laatste pagina (1) wordt getoond.", 7),
        ("pagina=abc", "„abc” is geen geldig paginanummer; de eerste pagina wordt getoond.", 7),
        ("pagina=-1", "Pagina -1 bestaat niet; de eerste pagina wordt getoond.", 7),
        ("werf=%00", "Werf „” bestaat niet", 7),
        # Python refuses to turn more than 4,300 digits into a number: that must not become a 500.
        ("werf=" + "1" * 5000, "Werf „" + "1" * 39 + "…” bestaat niet", 7),
        ("pagina=-" + "9" * 5000, "„-" + "9" * 19 + "” is geen geldig paginanummer", 7),
    ],
)
def test_bad_values_give_a_dutch_message_and_the_rest_of_the_page(client, portal, query, message, expected):
    response = client.get(f"/aanbod/?{query}")
    assert message in notices(response)
    assert len(result_titles(response)) == expected
    assert 'id="resultaten-aantal"' in html_of(response)


def test_valid_values_give_no_message(client, portal):
    assert notices(client.get("/aanbod/?werf=4&ondersteuner=iok&soort=begeleiding&kosten=gratis&pagina=1")) == ""


def test_a_very_long_search_is_cut_with_a_message(client, portal):
    response = client.get("/aanbod/", {"q": "regenwater " + "x" * 5000})
    assert "De zoekterm is te lang; enkel de eerste 200 tekens zijn gebruikt." in notices(response)
    assert "x" * 201 not in html_of(response)


def test_control_characters_in_the_search_are_dropped(client, portal):
    # PostgreSQL rejects NUL in text; the search must not reach the database with it.
    assert result_titles(client.get("/aanbod/", {"q": "regen\x00waterplan"})) == ["Regenwaterplan"]
    assert result_titles(client.get("/aanbod/", {"q": "\x00coöperatief\x07"})) == ["Regenwaterplan"]


def test_the_search_term_is_escaped(client, portal):
    html = html_of(client.get("/aanbod/", {"q": '<script>alert("x")</script>'}))
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


def test_pagination_links_drop_invalid_values(client, werven, make_supporter, make_offer):
    supporter = make_supporter()
    for n in range(25):
        make_offer(supporter, [werven[4]], slug=f"a-{n}")
    html = html_of(client.get("/aanbod/?werf=4&werf=9&ondersteuner=onbekend"))
    assert 'href="?werf=4&amp;pagina=2"' in html
    assert "werf=9" not in html.split('class="pagination')[1]


# --- the filter, as the exports use it ----------------------------------------------------------


def test_filter_describes_its_active_values_in_dutch(portal):
    data = QueryDict("werf=4&werf=1&ondersteuner=iok&q=water&sortering=bijgewerkt&werf=9")
    offer_filter = OfferFilter(data, queryset=Offer.objects.published().for_list())
    assert offer_filter.describe() == [
        ("Werf", "Werf 4: Water is het nieuwe goud; Werf 1: Laten we een boom opzetten"),
        ("Ondersteuner", "IOK"),
        ("Zoekterm", "water"),
        ("Sortering", "laatst bijgewerkt"),
    ]
    assert offer_filter.notices == ["Werf 9 bestaat niet; die filter is genegeerd."]
    assert OfferFilter(QueryDict(""), queryset=Offer.objects.all()).describe() == []


def test_filter_works_without_a_request(portal):
    offer_filter = OfferFilter(QueryDict("werf=4&ondersteuner=iok"), queryset=Offer.objects.published().for_list())
    assert [offer.title for offer in offer_filter.qs] == [
        "Energiehuis Kempen",
        "Kempen2030-academies",
        "Onthardingsmanager",
    ]


# --- offer detail -----------------------------------------------------------------------------


def test_offer_page_shows_every_part(client, portal):
    offer = portal["offers"]["energiehuis"]
    Offer.objects.filter(pk=offer.pk).update(
        description="Het energiehuis helpt.\nHet werkt zo:\n- huisdokters\n- een bouwloket\n\nTweede alinea.",
        partners="Energiehuis Kempen\nVlaamse energielening",
        source="IOK – Thema 2: Kempen2030 renoveert",
        updated_at=datetime.datetime(2026, 3, 5, 12, tzinfo=datetime.UTC),
        cost=Offer.Cost.DEELS_BETALEND,
    )
    html = html_of(client.get("/aanbod/iok/energiehuis/"))
    assert "<h1>Energiehuis Kempen</h1>" in html
    assert "<p>Het energiehuis helpt.<br>Het werkt zo:</p><ul><li>huisdokters</li><li>een bouwloket</li></ul>" in html
    assert "<p>Tweede alinea.</p>" in html
    assert "<li>Vlaamse energielening</li>" in html
    assert "IOK – Thema 2: Kempen2030 renoveert" in html
    assert "5 maart 2026" in html
    assert "Deels betalend" in html and "Begeleiding en coaching" in html
    assert "Werf 2: Verrijk je wijk" in html and "Werf 4: Water is het nieuwe goud" in html
    assert 'href="mailto:steven.heylen@iok.be"' in html


def test_other_offers_come_from_other_supporters_for_the_same_werf(client, portal):
    html = html_of(client.get("/aanbod/iok/onthardingsmanager/"))
    section = html[html.index('id="ander-aanbod-titel"') :]
    assert "Ander aanbod voor deze werf" in section
    assert "Regenwaterplan" in section
    for title in ("Energiehuis Kempen", "Kempen2030-academies", "Bomenplan", "Onaf waterplan"):
        assert title not in section


def test_other_offers_of_an_offer_for_two_werven_speak_of_werven(client, portal):
    html = html_of(client.get("/aanbod/iok/energiehuis/"))
    section = html[html.index('id="ander-aanbod-titel"') :]
    assert "Ander aanbod voor deze werven" in section
    assert 'href="/aanbod/?werf=2&amp;werf=4">Bekijk al het aanbod voor deze werven in de lijst' in section
    assert "Regenwaterplan" in section


def test_offer_without_werf_has_no_other_offers_section(client, portal, make_offer):
    make_offer(portal["iok"], [], title="Losse dienst", slug="losse-dienst")
    html = html_of(client.get("/aanbod/iok/losse-dienst/"))
    assert "<h1>Losse dienst</h1>" in html
    assert "ander-aanbod-titel" not in html


@pytest.mark.parametrize(
    "path", ["/aanbod/iok/concept/", "/aanbod/iok/bestaat-niet/", "/aanbod/interleuven/energiehuis/"]
)
def test_unpublished_unknown_or_misplaced_offer_is_404(client, portal, path):
    assert client.get(path).status_code == 404


# --- projects --------------------------------------------------------------------------------


def test_project_list_shows_only_published_projects(client, portal):
    html = html_of(client.get("/projecten/"))
    assert "CIRCULER" in html and "Verborgen project" not in html
    assert "1 project" in html


def test_project_page_shows_the_card_fields(client, portal):
    html = html_of(client.get("/projecten/circuler/"))
    for text in (
        "CIRCULER",
        "circulaire economie",
        "Leuven",
        "15 januari 2019",
        "250.000 euro",
        "<li>Cocreatie</li>",
        "<li>Te veel ambitie</li>",
        "<li>Financiering</li>",
        "<li>Voka</li>",
        'href="mailto:info@circuler.be"',
        'href="/ondersteuners/interleuven/"',
    ):
        assert text in html, text


def test_unpublished_project_is_404(client, portal):
    assert client.get("/projecten/verborgen/").status_code == 404
    assert client.get("/projecten/onbekend/").status_code == 404


# --- 404 page --------------------------------------------------------------------------------


def test_404_page_uses_the_portal_layout_when_debug_is_off(client, db, settings):
    settings.DEBUG = False
    response = client.get("/bestaat-helemaal-niet/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Pagina niet gevonden" in html
    assert 'class="skip-link"' in html and 'aria-label="Hoofdmenu"' in html
    assert 'action="/aanbod/"' in html


# --- one h1 and numbers in nl-BE on every page ---------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/werven/4/",
        "/ondersteuners/",
        "/ondersteuners/iok/",
        "/aanbod/",
        "/aanbod/?werf=9",
        "/aanbod/iok/onthardingsmanager/",
        "/projecten/",
        "/projecten/circuler/",
    ],
)
def test_every_page_has_one_h1_landmarks_and_unique_ids(client, portal, path):
    html = html_of(client.get(path))
    assert len(re.findall(r"<h1[ >]", html)) == 1
    assert '<main id="inhoud"' in html and "<nav" in html and "<footer" in html and "<header" in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_large_numbers_use_the_belgian_thousands_separator(client, werven, make_supporter, make_offer):
    Target.objects.create(
        werf=werven[2], slug="r", text="Renovaties", quantity=50, unit="renovaties", basis="wooneenheid", per_count=1000
    )
    html = html_of(client.get("/werven/2/"))
    assert "50 renovaties per 1.000 wooneenheden" in html


# --- query counts, independent of the number of rows ------------------------------------------


@pytest.fixture(params=[3, 30], ids=["3-rijen", "30-rijen"])
def sized_portal(request, werven, make_supporter, make_offer, make_project):
    n = request.param
    supporters = [make_supporter(f"ondersteuner-{i}", email=f"info{i}@example.be") for i in range(3)]
    for i in range(n):
        supporter = supporters[i % 3]
        make_offer(supporter, [werven[1 + i % 4], werven[1 + (i + 1) % 4]], slug=f"aanbod-{i}", title=f"Aanbod {i}")
        make_offer(supporter, [], slug=f"algemeen-{i}", is_general=True)
        make_offer(supporter, [werven[4]], slug=f"concept-{i}", status=CONCEPT)
        make_project(supporter, [werven[1 + i % 4]], slug=f"project-{i}")
    for i in range(n):
        target = Target.objects.create(werf=werven[4], slug=f"doel-{i}", text=f"Doel {i}")
        target.stated_by.set(supporters)
        Target.objects.create(
            werf=werven[4], slug=f"doel-{i}-2", text=f"Doel {i} 2.0", pact_version="2.0", variant_of=target
        )
    return n


# The same bound at 3 and at 30 rows: a page that queries per row fails at 30.
@pytest.mark.parametrize(
    ("path", "max_queries"),
    [
        ("/", 4),  # werven with counts (general offers in a subquery), supporters, projects, their werven
        ("/werven/4/", 8),  # werf, targets, stated_by, variants, offers, their werven, projects, their werven
        ("/ondersteuners/", 1),
        ("/ondersteuners/ondersteuner-0/", 6),  # supporter, offers, their werven, werven, projects, their werven
        ("/aanbod/", 5),  # werven and supporters for the form, count, page, its werven
        ("/aanbod/?werf=4&werf=1&ondersteuner=ondersteuner-0&ondersteuner=ondersteuner-1&q=aanbod&pagina=1", 5),
        ("/aanbod/?sortering=ondersteuner&pagina=2", 5),
        ("/aanbod/?pagina=alle", 5),
        ("/aanbod/ondersteuner-0/aanbod-0/", 4),
        ("/projecten/", 2),
        ("/projecten/project-0/", 2),
    ],
)
def test_query_count_is_bounded_whatever_the_number_of_rows(
    client, sized_portal, path, max_queries, django_assert_max_num_queries
):
    with django_assert_max_num_queries(max_queries):
        response = client.get(path)
    assert response.status_code == 200
    assert Project.objects.count() == sized_portal


def test_offer_text_is_escaped_and_bullets_become_lists(client, portal):
    Offer.objects.filter(pk=portal["offers"]["bomen"].pk).update(
        description='<script>alert("x")</script>\n • eerste punt\n • tweede punt\n   loopt door'
    )
    html = html_of(client.get("/aanbod/interleuven/bomenplan/"))
    assert '<script>alert("x")</script>' not in html
    assert "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>" in html
    assert "<ul><li>eerste punt</li><li>tweede punt loopt door</li></ul>" in html


def test_supporter_list_keeps_the_bullets_of_a_short_explanation(client, make_supporter):
    make_supporter(
        "provincie-limburg", name="Provincie Limburg", short_explanation="Ze biedt:\n- begeleiding\n- rapportering"
    )
    html = client.get("/ondersteuners/").content.decode()
    assert "<li>begeleiding</li>" in html and "<li>rapportering</li>" in html


def test_offer_facts_and_contact_come_before_the_long_description(client, werven, make_supporter, make_offer):
    supporter = make_supporter("iok", name="IOK", contact_person="Steven Heylen")
    offer = make_offer(supporter, werven=[werven[2]], description="Een heel lange beschrijving.")
    html = client.get(offer.get_absolute_url()).content.decode()
    assert html.index("Steven Heylen") < html.index("Een heel lange beschrijving.")


def test_werf_number_with_a_leading_zero_is_that_werf(client, portal):
    response = client.get("/aanbod/?werf=04&werf=4")
    assert notices(response) == ""
    assert len(result_titles(response)) == 4
    assert 'href="/aanbod/export.csv?werf=4"' in html_of(response)


def test_projects_without_start_date_come_last_on_every_database(make_project, iok, werven):
    make_project(iok, title="Zonder datum", slug="zonder-datum", start_date=None)
    make_project(iok, title="Oud", slug="oud", start_date=datetime.date(2019, 1, 1))
    make_project(iok, title="Nieuw", slug="nieuw", start_date=datetime.date(2024, 1, 1))
    assert list(Project.objects.values_list("title", flat=True)) == ["Nieuw", "Oud", "Zonder datum"]


def test_werf_offer_counts_run_no_query_until_read(portal, django_assert_num_queries):
    with django_assert_num_queries(0):
        werven = Werf.objects.annotate(offer_count=Offer.objects.published().count_per_werf())
    with django_assert_num_queries(1):
        counts = {werf.number: werf.offer_count for werf in werven}
    # Werf 4: Onthardingsmanager, Energiehuis, Regenwaterplan and the general Kempen2030-academies.
    assert counts == {1: 3, 2: 2, 3: 2, 4: 4}


def test_supporter_offers_are_grouped_general_first_under_every_werf_they_serve(portal, make_offer, werven):
    offers = Offer.objects.published().filter(supporter=portal["iok"]).for_list()
    groups = [(group.title, [o.title for o in group.offers]) for group in group_by_werf(offers, Werf.objects.all())]
    assert groups == [
        ("Algemene ondersteuning (voor alle werven)", ["Kempen2030-academies"]),
        ("Werf 2: Verrijk je wijk", ["Energiehuis Kempen"]),
        ("Werf 3: Elke buurt deelt en is duurzaam bereikbaar", ["Mobipunten Kempen"]),
        ("Werf 4: Water is het nieuwe goud", ["Energiehuis Kempen", "Onthardingsmanager"]),
    ]


def test_export_links_never_repeat_a_dropped_value(client, portal):
    html = html_of(client.get("/aanbod/?werf=abc&pagina=2"))
    assert 'href="/aanbod/export.csv"' in html
    assert "werf=abc" not in html.split('class="export-links"')[1]


def test_the_whole_list_can_be_shown_on_one_page_to_print_it(client, werven, make_supporter, make_offer):
    supporter = make_supporter("iok", name="IOK")
    for i in range(25):
        make_offer(supporter, [werven[4]], slug=f"aanbod-{i:02}", title=f"Aanbod {i:02}")
    paged = html_of(client.get("/aanbod/?werf=4"))
    assert len(re.findall(r'class="card offer-card"', paged)) == 20
    assert '<a href="?werf=4&amp;pagina=alle">Toon alle 25 resultaten op één pagina</a>' in paged

    whole = client.get("/aanbod/?werf=4&pagina=alle")
    assert len(result_titles(whole)) == 25 and notices(whole) == ""
    html = html_of(whole)
    assert 'class="pagination' not in html and "op één pagina</a>" not in html
    assert 'data-print-label="Lijst afdrukken"' in html


def test_one_page_shows_at_most_the_cap_and_says_so(client, werven, make_supporter, make_offer, monkeypatch):
    monkeypatch.setattr("offers.views.MAX_ON_ONE_PAGE", 10)
    supporter = make_supporter("iok", name="IOK")
    for i in range(12):
        make_offer(supporter, [werven[4]], slug=f"aanbod-{i:02}", title=f"Aanbod {i:02}")
    response = client.get("/aanbod/?pagina=ALLE")
    assert len(result_titles(response)) == 10
    assert "Er zijn 12 resultaten; enkel de eerste 10 staan op deze pagina." in notices(response)
    html = html_of(response)
    assert 'class="pagination' not in html and "op één pagina</a>" not in html and "pagina 1 van" not in html


@pytest.mark.parametrize(("value", "shown"), [("1_0", "1_0"), ("%00", ""), ("١", "١")])
def test_page_numbers_are_plain_digits(client, portal, value, shown):
    response = client.get(f"/aanbod/?pagina={value}")
    assert f"„{shown}” is geen geldig paginanummer" in notices(response)
    assert "\x00" not in html_of(response)
