"""The municipality pages (/gemeenten/, /gemeenten/<nis>/, /dekking/): the numbers an official reads,
the search that also knows former municipalities, bad input, and the queries each page costs.

Most tests read the real seed (285 municipalities, their supporters and the pact's targets), loaded
once for the class that needs it; the query counts use small data made by hand at two sizes.
"""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from gemeenten_data import make_municipality
from markup import attribute, definitions, find, find_all, hrefs, page, text
from pytest_django.asserts import assertInHTML

from gemeenten.models import FormerMunicipality, Municipality, Outline, Province, Service
from offers.models import Offer, PublicationStatus
from werven.models import Target

LEUVEN, HASSELT, TONGEREN_BORGLOON, HERSTAPPE, TURNHOUT, TIELT_WINGE = (
    "24062",
    "71072",
    "73111",
    "73028",
    "13040",
    "24135",
)
BRUGGE = "31005"  # West-Vlaanderen: no supporter of the portal works there today


def lines(response):
    """Every target line on a municipality page, 2.0 variants included, by the target's slug."""
    found = {}
    for group in response.context["pact"]:
        for line in group.lines:
            found[line.target.slug] = line
            found.update((variant.target.slug, variant) for variant in line.variants)
    return found


def shares(response):
    """The computed shares on a municipality page: slug -> (value, formula)."""
    return {slug: (line.share.value, line.share.formula) for slug, line in lines(response).items() if line.share}


def municipality_names(response):
    assert response.status_code == 200, response.status_code
    return [municipality.name for municipality in response.context["municipalities"]]


def housing_form_errors(response):
    assert response.status_code == 200, response.status_code
    return response.context["housing_form"].errors.get("wooneenheden", [])


# --- with the real seed ------------------------------------------------------------------------


@pytest.fixture(scope="class")
def seed(django_db_setup, django_db_blocker):
    """The real seed, committed once for the class (a full load takes seconds) and flushed after it.

    Each test still runs in its own transaction, so what a test changes is rolled back.
    """
    with django_db_blocker.unblock():
        call_command("load_seed", stdout=StringIO(), stderr=StringIO())
        yield
        call_command("flush", interactive=False, verbosity=0)


@pytest.mark.usefixtures("seed", "db")
class TestWithTheSeed:
    # --- the list ---------------------------------------------------------------------------

    def test_list_shows_all_285_with_their_supporters_and_a_map_link_each(self, client):
        response = client.get("/gemeenten/")
        assert len(municipality_names(response)) == 285
        document = page(response)
        leuven = find(document, "a", href=f"/gemeenten/{LEUVEN}/", aria_label=None)
        row = next(row for row in find_all(document, "tr") if leuven in find_all(row, "a"))
        assert hrefs(find(row, "td", data_label="Ondersteuners")) == ["/ondersteuners/interleuven/"]
        assert text(find(row, "td", data_label="Inwoners (1/1/2020)")) == "102.275"
        # The map: one link per municipality, its name (and count) as accessible text.
        svg = find(document, "svg", role="group")
        links = find_all(svg, "a")
        assert len(links) == 285
        assert attribute(find(svg, "a", href=f"/gemeenten/{LEUVEN}/"), "aria-label") == "Leuven: 1 ondersteuner"
        assert attribute(find(svg, "a", href=f"/gemeenten/{BRUGGE}/"), "aria-label") == "Brugge: 0 ondersteuners"
        # The skip link lands on the list, which can take the focus.
        assert attribute(find(document, "a", class_="skip-map"), "href") == "#gemeenten-lijst"
        assert attribute(find(document, "h2", id="gemeenten-lijst"), "tabindex") == "-1"

    @pytest.mark.parametrize(
        ("query", "names"),
        [
            ("Kortessem", ["Hasselt"]),  # a former municipality, merged into Hasselt in 2025
            ("Borgloon", ["Tongeren-Borgloon"]),
            ("BORGLOON", ["Tongeren-Borgloon"]),
            ("  kortéssem ", ["Hasselt"]),  # accents and spaces do not matter
            ("Tongeren", ["Tongeren-Borgloon"]),
            ("leuven", ["Leuven"]),
            ("bestaatniet", []),
        ],
    )
    def test_search_finds_a_municipality_by_its_name_or_a_former_name(self, client, query, names):
        response = client.get("/gemeenten/", {"q": query})
        assert municipality_names(response) == names
        assert response.context["notices"] == []

    def test_search_result_links_to_the_municipality_and_names_its_former_municipalities(self, client):
        document = page(client.get("/gemeenten/", {"q": "Kortessem"}))
        section = find(document, "section", aria_labelledby="gemeenten-lijst")
        assert text(find(section, "h2")) == "1 gemeente gevonden"
        row = find(section, "tbody")
        assert hrefs(find(row, "th")) == [f"/gemeenten/{HASSELT}/"]
        assertInHTML(
            '<span class="municipality-table__former"> fusie van Hasselt en Kortessem</span>', str(row), count=1
        )
        assert "/gemeenten/" in hrefs(section)  # back to all municipalities

    def test_province_filter(self, client):
        response = client.get("/gemeenten/", {"provincie": "Limburg"})
        names = municipality_names(response)
        assert len(names) == 38 and "Herstappe" in names and "Leuven" not in names
        assert response.context["form"]["provincie"].value() == "Limburg"

    def test_unknown_province_is_dropped_with_a_notice_and_the_search_still_applies(self, client):
        response = client.get("/gemeenten/", {"provincie": "Henegouwen", "q": "Kortessem"})
        assert municipality_names(response) == ["Hasselt"]
        assert response.context["notices"] == ["„Henegouwen” is geen Vlaamse provincie; die filter is genegeerd."]
        assert response.context["form"]["provincie"].value() == ""
        assertInHTML(
            "<li>„Henegouwen” is geen Vlaamse provincie; die filter is genegeerd.</li>", response.content.decode()
        )

    def test_an_over_long_search_is_cut_with_a_notice(self, client):
        response = client.get("/gemeenten/", {"q": "Hasselt " + "x" * 200, "provincie": "Limburg"})
        assert response.context["notices"] == ["De zoekterm is te lang; enkel de eerste 100 tekens zijn gebruikt."]
        assert len(response.context["form"]["q"].value()) == 100
        assert municipality_names(response) == []  # "Hasselt xxx…" matches nothing, but did not fail

    # --- a municipality's page --------------------------------------------------------------

    def test_leuven_inhabitants_supporter_and_trees_with_the_formula(self, client):
        response = client.get(f"/gemeenten/{LEUVEN}/")
        document = page(response)
        facts = definitions(find(document, "dl", class_="facts"))
        assert facts["Inwoners"] == "102.275 inwoners op 1 januari 2020"
        assert facts["Provincie"] == "Vlaams-Brabant" and facts["Arrondissement"] == "Leuven"
        assert [supporter.name for supporter in response.context["supporters"]] == ["Interleuven"]
        supporters = find(document, "section", aria_labelledby="ondersteuners-titel")
        assert [text(title) for title in find_all(supporters, class_="card__title")] == ["Interleuven"]
        assert "mailto:geert.keldermans@interleuven.be" in hrefs(supporters)

        assert shares(response)["werf1-bomen"] == (102275, "1 boom per inwoner × 102.275 inwoners = 102.275 bomen")
        assert shares(response)["werf1-haag"][0] == 51138  # 51.137,5, half up
        assert shares(response)["werf3-laadpunten"] == (
            1023,
            "1 laadpunt per 100 inwoners × 102.275 inwoners = 1.023 laadpunten",
        )
        html = response.content.decode()
        assertInHTML('<span class="target__formula">1 boom per inwoner × 102.275 inwoners = 102.275 bomen</span>', html)
        assertInHTML("<strong>Indicatief aandeel: 102.275 bomen</strong>", html)
        # The rounding rule, once, in words.
        rule = text(find(document, "p", class_="pact-rule"))
        assert "afgerond op hele eenheden, vanaf een half naar boven (0,5 wordt 1)" in rule
        assert "Het pact telt op Vlaams niveau" in text(find(document, "section", aria_labelledby="pact-titel"))

    def test_leuven_shows_no_lekp2_variant_of_iok(self, client):
        response = client.get(f"/gemeenten/{LEUVEN}/")
        found = lines(response)
        assert "werf3-laadequivalenten-lekp2" not in found
        assert "werf2-klimaattafel-lekp2" not in found
        assert "werf2-renovaties-lekp2" not in found
        assert not any(line.stated_by or line.variants for line in found.values())
        assert "laadequivalenten" not in text(page(response))

    def test_targets_without_numbers_are_listed_as_text(self, client):
        response = client.get(f"/gemeenten/{LEUVEN}/")
        line = lines(response)["werf2-energiegemeenschappen"]
        assert line.share is None and not line.needs_housing_units
        assertInHTML(
            '<p class="target__share muted">Deze doelstelling heeft geen cijfer.</p>', response.content.decode()
        )

    def test_herstappe_tiny_shares_round_half_up_and_show_the_unrounded_value(self, client):
        response = client.get(f"/gemeenten/{HERSTAPPE}/")
        assert response.context["municipality"].inhabitants == 79
        found = shares(response)
        assert found["werf1-bomen"][0] == 79
        assert found["werf1-haag"] == (
            40,  # 39,5: half up
            "0,5 m haag of geveltuinbeplanting per inwoner × 79 inwoners = 40 m haag of geveltuinbeplanting",
        )
        assert found["werf1-natuurgroenperken"] == (
            0,
            "1 natuurgroenperk per 1.000 inwoners × 79 inwoners = 0 natuurgroenperken",
        )
        assert found["werf2-energieprojecten"][0] == 0  # 0,158
        assert found["werf3-laadpunten"] == (1, "1 laadpunt per 100 inwoners × 79 inwoners = 1 laadpunt")  # 0,79
        assert lines(response)["werf1-natuurgroenperken"].unrounded == "0,079"
        assert lines(response)["werf1-bomen"].unrounded is None
        assertInHTML(
            '<span class="target__formula">0,5 m haag of geveltuinbeplanting per inwoner × 79 inwoners'
            " = 40 m haag of geveltuinbeplanting (onafgerond 39,5)</span>",
            response.content.decode(),
        )

    @pytest.mark.parametrize(
        ("nis_code", "inhabitants", "former"),
        [
            (
                HASSELT,
                "87.151",
                "Hasselt (NIS-code 71022) en Kortessem (NIS-code 73040), samengevoegd op 1 januari 2025",
            ),
            (
                TONGEREN_BORGLOON,
                "42.152",
                "Borgloon (NIS-code 73009) en Tongeren (NIS-code 73083), samengevoegd op 1 januari 2025",
            ),
        ],
    )
    def test_a_merged_municipality_lists_its_former_municipalities(self, client, nis_code, inhabitants, former):
        response = client.get(f"/gemeenten/{nis_code}/")
        facts = definitions(find(page(response), "dl", class_="facts"))
        assert facts["Voormalige gemeenten"] == former
        assert facts["Inwoners"] == f"{inhabitants} inwoners op 1 januari 2020"
        assert [supporter.name for supporter in response.context["supporters"]] == ["Provincie Limburg"]
        assert (
            shares(response)["werf1-bomen"][1] == f"1 boom per inwoner × {inhabitants} inwoners = {inhabitants} bomen"
        )

    def test_a_kempen_municipality_shows_iok_lekp2_wording_beside_the_lekp1_wording(self, client):
        response = client.get(f"/gemeenten/{TURNHOUT}/")
        found = lines(response)
        charging = found["werf3-laadpunten"]
        assert [variant.target.slug for variant in charging.variants] == ["werf3-laadequivalenten-lekp2"]
        assert charging.share.formula == "1 laadpunt per 100 inwoners × 45.280 inwoners = 453 laadpunten"
        variant = charging.variants[0]
        assert variant.share.formula == "1,5 laadequivalenten per 100 inwoners × 45.280 inwoners = 679 laadequivalenten"
        assert [supporter.name for supporter in variant.stated_by] == ["IOK"]
        # Each wording labelled: 1.0 as such, 2.0 with who states it.
        item = next(li for li in find_all(page(response), "li", class_="target") if "laadequivalenten" in text(li))
        labels = [text(label) for label in find_all(item, "p", class_="target__label")]
        assert labels == ["LEKP 1.0", "LEKP 2.0 zoals vermeld door IOK"]
        assert text(find(item, "div", class_="target__variant")).startswith("LEKP 2.0 zoals vermeld door IOK")
        assert "1,5 laadequivalenten per 100 inwoners" in text(item)
        # The klimaattafel is new in 2.0: listed for IOK's municipalities, per housing unit.
        klimaattafel = found["werf2-klimaattafel-lekp2"]
        assert klimaattafel.needs_housing_units and klimaattafel.share is None
        assert [supporter.name for supporter in klimaattafel.stated_by] == ["IOK"]

    def test_housing_units_typed_in_the_form_compute_the_shares_per_housing_unit(self, client):
        response = client.get(f"/gemeenten/{TURNHOUT}/", {"wooneenheden": "20000"})
        assert housing_form_errors(response) == []
        found = shares(response)
        assert found["werf2-klimaattafel-lekp2"] == (
            1000,
            "50 uitnodigingen klimaattafel per 1.000 wooneenheden × 20.000 wooneenheden"
            " = 1.000 uitnodigingen klimaattafel",
        )
        assert found["werf2-renovaties"][0] == found["werf2-renovaties-lekp2"][0] == 1000
        assertInHTML(
            '<p class="notice notice--plain" role="status">Berekend met 20.000 wooneenheden, zoals ingevuld.</p>',
            response.content.decode(),
        )
        # The form stays, with the count, so the official can change it.
        assert attribute(find(page(response), "input", name="wooneenheden"), "value") == "20000"

    @pytest.mark.parametrize("typed", ["45210", "45.210", "45 210", "045210"])
    def test_leuven_renovations_per_housing_unit(self, client, typed):
        response = client.get(f"/gemeenten/{LEUVEN}/", {"wooneenheden": typed})
        assert housing_form_errors(response) == []
        assert shares(response)["werf2-renovaties"] == (
            2261,  # 2.260,5: half up
            "50 renovaties per 1.000 wooneenheden × 45.210 wooneenheden = 2.261 renovaties",
        )

    def test_without_a_count_the_targets_per_housing_unit_ask_for_it(self, client):
        response = client.get(f"/gemeenten/{LEUVEN}/")
        assert housing_form_errors(response) == []
        assert lines(response)["werf2-renovaties"].needs_housing_units
        document = page(response)
        form = find(document, "form", class_="housing-form")
        assert attribute(form, "method") == "get"
        assert attribute(find(form, "input", name="wooneenheden"), "id") == "wooneenheden"
        assert "#wooneenheden" in hrefs(find(document, "section", aria_labelledby="pact-titel"))

    @pytest.mark.parametrize(
        ("typed", "message"),
        [
            ("-3", "Geef het aantal wooneenheden als een positief geheel getal, bv. 45210; „-3” is dat niet."),
            ("0", "Geef het aantal wooneenheden als een positief geheel getal, bv. 45210; „0” is dat niet."),
            ("abc", "Geef het aantal wooneenheden als een positief geheel getal, bv. 45210; „abc” is dat niet."),
            ("1e99", "Geef het aantal wooneenheden als een positief geheel getal, bv. 45210; „1e99” is dat niet."),
            ("45,5", "Geef het aantal wooneenheden als een positief geheel getal, bv. 45210; „45,5” is dat niet."),
            ("١٢", "Geef het aantal wooneenheden als een positief geheel getal, bv. 45210; „١٢” is dat niet."),
            ("1_000", "Geef het aantal wooneenheden als een positief geheel getal, bv. 45210; „1_000” is dat niet."),
            ("9" * 5000, "Zoveel wooneenheden telt geen Vlaamse gemeente; geef een aantal tot 10.000.000."),
            ("10000001", "Zoveel wooneenheden telt geen Vlaamse gemeente; geef een aantal tot 10.000.000."),
            ("", "Vul het aantal wooneenheden in, bv. 45210."),
        ],
    )
    def test_a_count_that_is_not_a_positive_whole_number_gets_a_dutch_message(self, client, typed, message):
        response = client.get(f"/gemeenten/{LEUVEN}/", {"wooneenheden": typed})
        assert housing_form_errors(response) == [message]
        assert "werf2-renovaties" not in shares(response)
        assert shares(response)["werf1-bomen"][0] == 102275  # the rest of the page is there
        document = page(response)
        field = find(document, "input", name="wooneenheden")
        assert attribute(field, "aria-invalid") == "true"
        assert text(find(document, "p", id="wooneenheden-fout")) == message
        assert "wooneenheden-fout" in attribute(field, "aria-describedby")

    def test_a_known_count_of_housing_units_is_used_and_needs_no_form(self, client):
        Municipality.objects.filter(nis_code=LEUVEN).update(
            housing_units=48000, housing_units_on=datetime.date(2024, 1, 1)
        )
        response = client.get(f"/gemeenten/{LEUVEN}/")
        assert shares(response)["werf2-renovaties"][0] == 2400
        document = page(response)
        assert (
            definitions(find(document, "dl", class_="facts"))["Wooneenheden"] == "48.000 wooneenheden op 1 januari 2024"
        )
        assert find_all(document, "form", class_="housing-form") == []

    def test_offers_of_its_supporters_per_werf_with_general_support_marked(self, client):
        response = client.get(f"/gemeenten/{LEUVEN}/")
        offers = Offer.objects.filter(supporter__slug="interleuven", status=PublicationStatus.PUBLISHED)
        assert response.context["offer_count"] == offers.count() == 22
        groups = response.context["offer_groups"]
        assert groups[0].title == "Algemene ondersteuning (voor alle werven)"
        assert {share.supporter.slug for group in groups for share in group.shares} == {"interleuven"}
        # Each group shows the first few offers of each supporter and leads to the list with all of them.
        assert all(len(share.offers) <= 3 for group in groups for share in group.shares)
        assert sum(share.total for share in groups[0].shares) == offers.filter(is_general=True).count()
        more = [
            link
            for link in hrefs(find(page(response), "section", aria_labelledby="aanbod-titel"))
            if "ondersteuner=" in link
        ]
        assert more and all(f"gemeente={LEUVEN}" in link for link in more)
        section = find(page(response), "section", aria_labelledby="aanbod-titel")
        assert f"/aanbod/?gemeente={LEUVEN}" in hrefs(section)
        assert f"/aanbod/export.csv?gemeente={LEUVEN}" in hrefs(section)

    @pytest.mark.parametrize("nis_code", [TIELT_WINGE, BRUGGE])
    def test_a_municipality_nobody_serves_says_so_once_and_still_shows_its_targets(self, client, nis_code):
        response = client.get(f"/gemeenten/{nis_code}/")
        municipality = response.context["municipality"]
        assert response.context["supporters"] == []
        document = page(response)
        notice = find(find(document, "section", aria_labelledby="ondersteuners-titel"), "p", class_="notice")
        assert text(notice).startswith(f"Geen van de ondersteuners in dit portaal werkt voor {municipality.name};")
        assert text(notice).count(".") == 1  # one sentence
        assert hrefs(notice) == ["/aanbod/"]
        assert find_all(document, "section", aria_labelledby="aanbod-titel") == []
        inhabitants = municipality.inhabitants
        assert shares(response)["werf1-bomen"][0] == inhabitants
        assert not any(line.variants for line in lines(response).values())

    # --- coverage ------------------------------------------------------------------------------

    @pytest.mark.parametrize(
        ("kaart", "shown", "notices"),
        [
            ("", 1, []),
            ("2", 2, []),
            ("02", 2, []),
            ("9", 1, ["Werf 9 bestaat niet; de kaart toont werf 1."]),
            ("abc", 1, ["Werf „abc” bestaat niet; de kaart toont werf 1."]),
            ("9" * 5000, 1, [f"Werf „{'9' * 39}…” bestaat niet; de kaart toont werf 1."]),
        ],
    )
    def test_coverage_map_selector_is_lenient(self, client, kaart, shown, notices):
        response = client.get("/dekking/", {"kaart": kaart})
        assert response.status_code == 200
        assert response.context["map_werf"].werf.number == shown
        assert response.context["notices"] == notices

    def test_coverage_map_and_the_list_of_municipalities_without_specific_offers(self, client):
        response = client.get("/dekking/", {"kaart": "4"})
        document = page(response)
        svg = find(document, "svg", role="group")
        assert len(find_all(svg, "a")) == 285
        assert attribute(find(svg, "a", href=f"/gemeenten/{LEUVEN}/"), "aria-label") == "Leuven: specifiek aanbod"
        assert attribute(find(svg, "a", href=f"/gemeenten/{BRUGGE}/"), "aria-label") == "Brugge: geen specifiek aanbod"
        uncovered = [area.name for area in response.context["uncovered"]]
        assert "Brugge" in uncovered and "Tielt-Winge" in uncovered and "Leuven" not in uncovered
        assert len(uncovered) == 285 - response.context["map_werf"].municipality_count
        assert (
            text(find(document, "h3", id="zonder-aanbod"))
            == f"{len(uncovered)} gemeenten zonder specifiek aanbod voor werf 4"
        )
        assert attribute(find(document, "a", class_="skip-map"), "href") == "#zonder-aanbod"

    # --- not found -----------------------------------------------------------------------------

    @pytest.mark.parametrize("path", ["/gemeenten/99999/", "/gemeenten/abc/", "/gemeenten/2406/", "/gemeenten/٢٤٠٦٢/"])
    def test_unknown_or_malformed_nis_code_is_404_in_the_portal_layout(self, client, settings, path):
        settings.DEBUG = False
        document = page(client.get(path), status=404)
        assert text(find(document, "h1")) == "Pagina niet gevonden"
        assert find_all(document, "nav", aria_label="Hoofdmenu")


# --- navigation and the home page ----------------------------------------------------------------


def test_header_links_to_municipalities_and_coverage_and_marks_the_current_one(client, db):
    nav = find(page(client.get("/dekking/")), "nav", aria_label="Hoofdmenu")
    links = find_all(nav, "a")
    assert [(attribute(link, "href"), text(link)) for link in links] == [
        ("/aanbod/", "Aanbod"),
        ("/ondersteuners/", "Ondersteuners"),
        ("/gemeenten/", "Gemeenten"),
        ("/dekking/", "Dekking"),
        ("/nieuw/", "Nieuw"),
        ("/projecten/", "Inspiratieprojecten"),
    ]
    assert attribute(find(nav, "a", href="/dekking/"), "aria-current") == "page"
    assert attribute(find(nav, "a", href="/gemeenten/"), "aria-current") is None


def test_home_has_a_municipality_search(client, db):
    form = find(page(client.get("/")), "form", action="/gemeenten/#gemeenten-lijst")
    assert attribute(form, "method") == "get" and attribute(form, "role") == "search"
    field = find(form, "input", name="q")
    assert text(find(form, "label", for_=attribute(field, "id"))) == "Kies je gemeente"


# --- query counts, made by hand at two sizes --------------------------------------------------

PER_INHABITANT = {"quantity": 1, "unit": "bomen", "basis": "inwoner", "per_count": 1}
PER_HOUSING_UNIT = {"quantity": 50, "unit": "renovaties", "basis": "wooneenheid", "per_count": 1000}
SQUARE = {"type": "Polygon", "coordinates": [[[4.0, 51.0], [4.1, 51.0], [4.1, 51.1], [4.0, 51.0]]]}


@pytest.fixture(params=[3, 60], ids=["3-gemeenten", "60-gemeenten"])
def sized_municipalities(request, werven, make_supporter, make_offer):
    n = request.param
    supporters = [make_supporter(f"ondersteuner-{i}", email=f"info{i}@example.be") for i in range(3)]
    for i in range(n):
        supporter = supporters[i % 3]
        make_offer(supporter, [werven[1 + i % 4], werven[1 + (i + 1) % 4]], slug=f"aanbod-{i}")
        make_offer(supporter, [], slug=f"algemeen-{i}", is_general=True)
    for number, werf in werven.items():
        # Per inhabitant, per housing unit, and a 2.0 variant that every supporter states.
        trees = Target.objects.create(werf=werf, slug=f"bomen-{number}", text="Bomen", **PER_INHABITANT)
        homes = Target.objects.create(werf=werf, slug=f"woning-{number}", text="Woningen", **PER_HOUSING_UNIT)
        more_trees = Target.objects.create(
            werf=werf,
            slug=f"bomen-{number}-2",
            text="Meer bomen",
            pact_version="2.0",
            variant_of=trees,
            **PER_INHABITANT,
        )
        for target in (homes, more_trees):
            target.stated_by.set(supporters)
    for i in range(n):
        municipality = Municipality.objects.create(
            nis_code=f"{90000 + i}",
            name=f"Gemeente {i}",
            province=list(Province)[i % 5],
            arrondissement="Arrondissement",
            inhabitants=1000 + i,
            inhabitants_on=datetime.date(2020, 1, 1),
        )
        Outline.objects.create(municipality=municipality, geometry=SQUARE)
        for supporter in supporters[: 1 + i % 3]:
            Service.objects.create(supporter=supporter, municipality=municipality, source="test")
        if i % 5 == 0:
            FormerMunicipality.objects.create(municipality=municipality, nis_code=f"{80000 + 2 * i}", name=f"Oud {i}")
            FormerMunicipality.objects.create(municipality=municipality, nis_code=f"{80001 + 2 * i}", name=f"Ouder {i}")
    return n


# The same bound at 3 and at 60 municipalities: a page that queries per row (or per map area) fails at 60.
@pytest.mark.parametrize(
    ("path", "max_queries"),
    [
        ("/gemeenten/", 4),  # municipalities, their supporters, their former municipalities, the map
        ("/gemeenten/?q=oud&provincie=Antwerpen", 4),
        ("/gemeenten/?provincie=Henegouwen&q=" + "x" * 300, 4),
        # municipality (with its plan: none), its former municipalities, its supporters, the first
        # general offers and those per werf and supporter (one query), their werven, the targets with
        # the supporters stating them, the map
        ("/gemeenten/90002/", 7),
        ("/gemeenten/90002/?wooneenheden=1000", 7),
        ("/gemeenten/90002/?wooneenheden=abc", 7),
        # werven, supporters with their counts per werf, kinds per werf, the municipalities with their
        # coverage per werf and their outlines
        ("/dekking/", 4),
        ("/dekking/?kaart=3", 4),
    ],
)
def test_query_count_is_the_same_at_few_and_many_municipalities(
    client, sized_municipalities, path, max_queries, django_assert_max_num_queries
):
    with django_assert_max_num_queries(max_queries):
        response = client.get(path)
    assert response.status_code == 200
    assert Municipality.objects.count() == sized_municipalities
    assert len(response.context["map_municipalities"]) == sized_municipalities


def test_hand_made_municipality_page_counts_every_serving_supporter(client, sized_municipalities):
    response = client.get("/gemeenten/90002/")
    assert [supporter.name for supporter in response.context["supporters"]] == [
        "Ondersteuner 0",
        "Ondersteuner 1",
        "Ondersteuner 2",
    ]
    assert response.context["offer_count"] == 2 * sized_municipalities


def test_a_supporter_page_names_the_municipalities_it_serves(client, make_supporter):
    iok = make_supporter("iok", name="IOK", region="De 29 Kempense gemeenten.")
    other = make_supporter("ander")
    make_municipality("13040", "Retie", 11000, supporters=[iok])
    make_municipality("13001", "Arendonk", 13000, supporters=[iok, other])
    make_municipality("24062", "Leuven", 100000, supporters=[other])
    document = page(client.get("/ondersteuners/iok/"))
    region = find(document, "section", aria_labelledby="uitleg-titel")
    assert "Werkt voor 2 gemeenten: Arendonk, Retie." in text(region).replace(" ,", ",").replace(" .", ".")
    assert hrefs(region) == ["/gemeenten/13001/", "/gemeenten/13040/"]
    assert "Kempense" not in text(region)
    # Without municipalities, the supporter's own description of its region.
    make_supporter("nieuw", region="Heel Vlaanderen.")
    assert "Heel Vlaanderen." in text(
        find(page(client.get("/ondersteuners/nieuw/")), "section", aria_labelledby="uitleg-titel")
    )
