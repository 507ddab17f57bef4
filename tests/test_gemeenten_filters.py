"""The offer list by municipality (``gemeente=<NIS-code>``), by general support (``algemeen=ja|nee``),
and /dekking/, whose every count must equal the number of results of the list it links to."""

import pytest
from django.http import QueryDict
from django.urls import resolve
from gemeenten_data import make_municipality, seeded_database
from markup import find, find_all, page, text
from pytest_django.asserts import assertInHTML
from test_exports import listed_titles as listed

from gemeenten.filters import MunicipalityOfferFilter
from offers import urls as offer_urls
from offers.filters import OfferFilter
from offers.models import Offer, PublicationStatus

GENERAL_SUPPORT_NOTE = (
    '<p class="result-note">Algemene ondersteuning, die voor alle werven geldt, staat er ook bij.</p>'
)
ARABIC_INDIC_LEUVEN = "٢٤٠٦٢"  # 24062 in Arabic-Indic digits: isdigit() says yes, a NIS code it is not


def chip_labels(response):
    return [chip.label for chip in response.context["chips"]]


@pytest.fixture
def towns(werven, make_supporter, make_offer):
    """Leuven (Interleuven), Turnhout (IOK), Diest (Interleuven and Limburg), Tielt-Winge (nobody)."""
    iok = make_supporter("iok", name="IOK")
    interleuven = make_supporter("interleuven", name="Interleuven")
    limburg = make_supporter("provincie-limburg", name="Provincie Limburg")
    make_municipality("24062", "Leuven", 102275, supporters=[interleuven])
    make_municipality("13040", "Turnhout", 45280, supporters=[iok], province="Antwerpen", arrondissement="Turnhout")
    make_municipality("24020", "Diest", 24234, supporters=[interleuven, limburg])
    make_municipality("24135", "Tielt-Winge", 10783)
    make_offer(interleuven, is_general=True, title="Klimaatcoach Interleuven")
    make_offer(interleuven, werven=[werven[1]], title="Bomen in het Hageland", kind=Offer.Kind.CAMPAGNE)
    make_offer(interleuven, werven=[werven[1], werven[2]], title="Renovatie en groen")
    make_offer(interleuven, werven=[werven[2]], title="Concept Interleuven", status=PublicationStatus.CONCEPT)
    make_offer(iok, is_general=True, title="Kempen2030")
    make_offer(iok, werven=[werven[2]], title="Warmtemakelaar Kempen")
    make_offer(iok, werven=[werven[3]], title="Laadpalen Kempen")
    make_offer(limburg, werven=[werven[4]], title="Ontharding Limburg")
    return {"iok": iok, "interleuven": interleuven, "limburg": limburg}


INTERLEUVEN_TITLES = ["Bomen in het Hageland", "Klimaatcoach Interleuven", "Renovatie en groen"]


# --- gemeente --------------------------------------------------------------------------------------


def test_a_municipality_lists_the_published_offers_of_its_supporters_with_a_chip(client, towns):
    response = client.get("/aanbod/?gemeente=24062")
    assert [offer.title for offer in response.context["offers"]] == INTERLEUVEN_TITLES
    assert chip_labels(response) == ["Gemeente: Leuven"]
    assert response.context["chips"][0].query == ""
    assert response.context["notices"] == []


def test_municipality_combines_with_the_other_filters(client, towns):
    assert listed(client, "gemeente=24062&werf=1&soort=campagne") == ["Bomen in het Hageland"]
    assert listed(client, "gemeente=13040&werf=2") == ["Kempen2030", "Warmtemakelaar Kempen"]
    assert listed(client, "gemeente=24020&q=ontharding") == ["Ontharding Limburg"]
    response = client.get("/aanbod/?werf=2&gemeente=24062&ondersteuner=iok")
    assert list(response.context["offers"]) == []
    assert chip_labels(response) == ["Gemeente: Leuven", "Werf 2: Verrijk je wijk", "Ondersteuner: IOK"]


def test_several_municipalities_list_the_offers_for_any_of_them_once(client, towns):
    # Diest has two supporters and shares Interleuven with Leuven: still one row per offer.
    both = listed(client, "gemeente=24020&gemeente=24062")
    assert both == sorted([*INTERLEUVEN_TITLES, "Ontharding Limburg"])
    response = client.get("/aanbod/?gemeente=24020&gemeente=24062")
    assert chip_labels(response) == ["Gemeente: Diest", "Gemeente: Leuven"]
    assert response.context["chips"][0].query == "gemeente=24062"


def test_a_municipality_nobody_serves_has_an_empty_list_without_a_notice(client, towns):
    response = client.get("/aanbod/?gemeente=24135")
    assert list(response.context["offers"]) == [] and response.context["notices"] == []
    assert chip_labels(response) == ["Gemeente: Tielt-Winge"]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("99999", "99999"),
        ("abc", "abc"),
        ("2406", "2406"),
        ("1" * 5000, "1" * 39 + "…"),
        (ARABIC_INDIC_LEUVEN, ARABIC_INDIC_LEUVEN),
        ("24062%00", "24062"),
    ],
)
def test_an_unknown_or_malformed_code_is_dropped_with_a_notice(client, towns, value, shown):
    response = client.get(f"/aanbod/?gemeente={value}&werf=4")
    assert response.status_code == 200
    assert response.context["notices"] == [
        f"Gemeente „{shown}” is geen NIS-code van een Vlaamse gemeente; die filter is genegeerd."
    ]
    assert chip_labels(response) == ["Werf 4: Water is het nieuwe goud"]
    assert listed(client, f"gemeente={value}&werf=4") == listed(client, "werf=4")
    assert response.context["kept_params"].urlencode() == "werf=4"


def test_a_known_code_survives_a_bad_one_and_surrounding_spaces(client, towns):
    response = client.get("/aanbod/", {"gemeente": ["abc", " 24062 "]})
    assert [offer.title for offer in response.context["offers"]] == INTERLEUVEN_TITLES
    assert response.context["kept_params"].urlencode() == "gemeente=24062"
    assert len(response.context["notices"]) == 1


def test_the_form_keeps_the_municipality_and_general_filter_but_never_a_dropped_value(client, towns):
    html = client.get("/aanbod/?gemeente=24062&gemeente=99999&algemeen=nee").content.decode()
    assertInHTML('<input type="hidden" name="gemeente" value="24062" id="id_gemeente_0">', html)
    assertInHTML('<input type="hidden" name="algemeen" value="nee" id="id_algemeen">', html)
    assertInHTML('<input type="hidden" name="gemeente" value="99999" id="id_gemeente_1">', html, count=0)
    form = find(page(client.get("/aanbod/?algemeen=misschien&gemeente=abc")), "form", class_="filters")
    assert find_all(form, "input", type="hidden") == []


def test_without_a_nis_code_the_municipality_filter_costs_no_query_more(towns, django_assert_num_queries):
    data = QueryDict("werf=2&algemeen=nee")
    with django_assert_num_queries(4):  # werven, supporters, the rows and their werven
        plain = list(OfferFilter(data).qs)
    with django_assert_num_queries(4):
        assert list(MunicipalityOfferFilter(data).qs) == plain
    with django_assert_num_queries(4):  # a value that is no NIS code is never looked up
        assert (
            list(MunicipalityOfferFilter(QueryDict(f"gemeente=abc&gemeente={'1' * 5000}&{data.urlencode()}")).qs)
            == plain
        )
    with django_assert_num_queries(5):  # and one for the municipalities named
        assert len(MunicipalityOfferFilter(QueryDict("gemeente=24062&gemeente=13040")).qs) == 6


def test_the_project_wires_the_list_and_every_export_to_the_municipality_filter():
    for path in ["/aanbod/", "/aanbod/export.csv", "/aanbod/export.xlsx", "/aanbod/export.json"]:
        assert resolve(path).func.view_initkwargs["filterset_class"] is MunicipalityOfferFilter
    # offers alone, without a layer above, uses its own filter.
    plain = offer_urls.offer_urlpatterns()
    assert {p.callback.view_initkwargs["filterset_class"] for p in plain[:4]} == {OfferFilter}
    assert [p.name for p in offer_urls.offer_urlpatterns(MunicipalityOfferFilter)] == [p.name for p in plain]


# --- algemeen ------------------------------------------------------------------------------------


def test_algemeen_nee_lists_only_offers_specific_to_a_werf_and_ja_only_general_support(client, towns):
    assert listed(client, "werf=2&algemeen=nee") == ["Renovatie en groen", "Warmtemakelaar Kempen"]
    assert listed(client, "werf=2&algemeen=ja") == ["Kempen2030", "Klimaatcoach Interleuven"]
    assert listed(client, "algemeen=ja&ondersteuner=iok") == ["Kempen2030"]
    assert listed(client, "werf=2") == [
        "Kempen2030",
        "Klimaatcoach Interleuven",
        *listed(client, "werf=2&algemeen=nee"),
    ]


def test_algemeen_has_a_chip_and_says_so_in_the_title(client, towns):
    response = client.get("/aanbod/?werf=1&algemeen=nee")
    assert chip_labels(response) == ["Werf 1: Laten we een boom opzetten", "Algemene ondersteuning: nee"]
    assert response.context["chips"][1].query == "werf=1"
    assert chip_labels(client.get("/aanbod/?algemeen=ja")) == ["Algemene ondersteuning: ja"]
    assert "(Werf 1: Laten we een boom opzetten; Algemene ondersteuning: nee)" in text(find(page(response), "title"))


@pytest.mark.parametrize("value", ["misschien", "JA ", "1", "nee,ja"])
def test_a_bad_algemeen_value_is_dropped_with_a_notice(client, towns, value):
    response = client.get("/aanbod/", {"algemeen": value, "werf": "3"})
    assert response.status_code == 200
    assert response.context["notices"] == [
        f"Algemene ondersteuning „{value.strip()}” is geen geldige keuze (ja of nee); die filter is genegeerd."
    ]
    assert listed(client, f"algemeen={value}&werf=3") == listed(client, "werf=3")


def test_the_general_support_note_goes_when_general_support_is_excluded(client, towns):
    assertInHTML(GENERAL_SUPPORT_NOTE, client.get("/aanbod/?werf=2").content.decode())
    assertInHTML(GENERAL_SUPPORT_NOTE, client.get("/aanbod/?werf=2&algemeen=nee").content.decode(), count=0)
    # A dropped value excludes nothing, so the note stays.
    assertInHTML(GENERAL_SUPPORT_NOTE, client.get("/aanbod/?werf=2&algemeen=x").content.decode())


def test_describe_names_municipality_and_general_support_for_the_excel_sheet(towns):
    described = MunicipalityOfferFilter(QueryDict("algemeen=nee&gemeente=24062&werf=1")).describe()
    assert described == [
        ("Gemeente", "Leuven"),
        ("Werf", "Werf 1: Laten we een boom opzetten"),
        ("Algemene ondersteuning", "nee"),
    ]


# --- /dekking/: each count is the length of the list it links to -----------------------------------


def coverage_links(client):
    """(count shown, href) for every number in the matrix of /dekking/ that links to /aanbod/."""
    table = find(page(client.get("/dekking/")), "table")
    links = [link for link in find_all(table, "a", href=True) if dict(link.attributes)["href"].startswith("/aanbod/")]
    return [(int(text(link).split()[0]), dict(link.attributes)["href"]) for link in links]


def assert_every_count_is_the_length_of_its_list(client):
    response = client.get("/dekking/")
    coverage = response.context["coverage"]
    cells = [cell for row in [*coverage.rows, coverage.general] for cell in row.cells]
    links = coverage_links(client)
    # Every cell with offers is a link, an empty cell is not.
    assert len(links) == len([cell for cell in cells if cell.count])
    for cell in cells:
        assert len(listed(client, cell.query)) == cell.count, cell.query
    for count, href in links:
        listing = client.get(href)
        assert listing.context["paginator"].count == count, href
        assert listing.context["notices"] == []
    return links


def test_every_coverage_count_is_the_number_of_results_of_its_link(client, towns, make_offer):
    # A general offer and a draft must not count in a werf cell; one offer in two werven counts in both.
    make_offer(towns["limburg"], is_general=True, title="Algemeen Limburg", status=PublicationStatus.CONCEPT)
    links = assert_every_count_is_the_length_of_its_list(client)
    assert sorted(links) == [
        (1, "/aanbod/?ondersteuner=interleuven&algemeen=ja"),
        (1, "/aanbod/?ondersteuner=iok&algemeen=ja"),
        (1, "/aanbod/?werf=2&ondersteuner=interleuven&algemeen=nee"),
        (1, "/aanbod/?werf=2&ondersteuner=iok&algemeen=nee"),
        (1, "/aanbod/?werf=3&ondersteuner=iok&algemeen=nee"),
        (1, "/aanbod/?werf=4&ondersteuner=provincie-limburg&algemeen=nee"),
        (2, "/aanbod/?werf=1&ondersteuner=interleuven&algemeen=nee"),
    ]


# --- the seed ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with seeded_database(django_db_blocker):
        yield


def test_seeded_leuven_lists_only_offers_of_interleuven(seeded, db, client):
    response = client.get("/aanbod/?gemeente=24062")
    assert chip_labels(response) == ["Gemeente: Leuven"]
    titles = listed(client, "gemeente=24062")
    interleuven = Offer.objects.published().filter(supporter__slug="interleuven")
    assert sorted(titles) == sorted(interleuven.values_list("title", flat=True)) and titles
    assert set(Offer.objects.filter(title__in=titles).values_list("supporter__slug", flat=True)) == {"interleuven"}
    assert listed(client, "gemeente=13040") == listed(client, "ondersteuner=iok")
    assert listed(client, "gemeente=24135") == []  # Tielt-Winge: nobody


def test_seeded_every_coverage_count_is_the_number_of_results_of_its_link(seeded, db, client):
    links = assert_every_count_is_the_length_of_its_list(client)
    assert len(links) == 15  # three supporters × (four werven + general support), none empty today
    for _count, href in links:
        if "algemeen=nee" in href:
            assertInHTML(GENERAL_SUPPORT_NOTE, client.get(href).content.decode(), count=0)
