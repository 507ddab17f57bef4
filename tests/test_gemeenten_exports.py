"""Exports of issue 12: the offer export by municipality, the municipalities with their indicative
targets (/gemeenten/export.*), and the coverage matrix (/dekking/export.*)."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from operator import attrgetter

import pytest
from gemeenten_data import make_municipality, seeded_database
from markup import find, hrefs, page
from test_exports import FORMATS, body, csv_rows, json_rows, today, workbook
from test_exports import exported_titles as titles
from test_exports import listed_titles as listed

from exports.columns import Column, ColumnType
from exports.responses import Export
from gemeenten.models import Province
from offers.models import Offer, PublicationStatus
from werven.models import Target

FIXED_KEYS = [
    "nis_code",
    "naam",
    "provincie",
    "arrondissement",
    "inwoners",
    "inwoners_op",
    "wooneenheden",
    "wooneenheden_op",
    "ondersteuners",
]


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response


def sheet_values(book, name):
    return [list(row) for row in book[name].iter_rows(values_only=True)]


def filters_sheet(book):
    """The (label, value) pairs under "Filter | Waarde" on the Filters sheet of ``book``."""
    rows = sheet_values(book, "Filters")
    start = rows.index(["Filter", "Waarde"]) + 1
    return [tuple(row) for row in rows[start:]]


def queries_of(client, url, django_assert_max_num_queries, limit):
    """Download ``url`` (reading the whole stream) within ``limit`` queries; return how many it took."""
    with django_assert_max_num_queries(limit) as captured:
        response = download(client, url)
        if response.streaming:
            body(response)
    return len(captured)


# --- data ------------------------------------------------------------------------------------------


@pytest.fixture
def supporters(make_supporter):
    return {
        "iok": make_supporter("iok", name="IOK"),
        "interleuven": make_supporter("interleuven", name="Interleuven"),
        "limburg": make_supporter("provincie-limburg", name="Provincie Limburg"),
    }


@pytest.fixture
def towns(werven, supporters, make_offer):
    iok, interleuven, limburg = supporters["iok"], supporters["interleuven"], supporters["limburg"]
    towns = {
        "leuven": make_municipality("24062", "Leuven", 102275, supporters=[interleuven]),
        "turnhout": make_municipality(
            "13040", "Turnhout", 45280, supporters=[iok], province=Province.ANTWERPEN, arrondissement="Turnhout"
        ),
        "herstappe": make_municipality(
            "73028", "Herstappe", 79, supporters=[limburg], province=Province.LIMBURG, arrondissement="Tongeren"
        ),
        "tielt-winge": make_municipality("24135", "Tielt-Winge", 10783),
    }
    make_offer(interleuven, is_general=True, title="Klimaatcoach Interleuven")
    make_offer(interleuven, werven=[werven[1]], title="Bomen in het Hageland")
    make_offer(interleuven, werven=[werven[2]], title="Concept Interleuven", status=PublicationStatus.CONCEPT)
    make_offer(iok, werven=[werven[2], werven[3]], title="Warmtemakelaar Kempen")
    make_offer(limburg, werven=[werven[4]], title="Ontharding Limburg")
    for n in range(22):  # more than one page of the list
        make_offer(interleuven, werven=[werven[1 + n % 4]], title=f"Reeks {n:02d}", kind=Offer.Kind.CAMPAGNE)
    return towns


@pytest.fixture
def targets(werven, supporters):
    """Two LEKP 1.0 targets per inhabitant and one per housing unit, a 1.0 target without numbers,
    and two LEKP 2.0 targets that IOK states (one adapting 1.0, one new)."""

    def target(slug, werf, **fields):
        fields.setdefault("text", slug)
        return Target.objects.create(slug=slug, werf=werven[werf], **fields)

    per_inhabitant = {"basis": Target.Basis.INWONER}
    result = {
        "bomen": target("werf1-bomen", 1, quantity=1, unit="bomen", per_count=1, position=1, **per_inhabitant),
        "renovaties": target(
            "werf2-renovaties", 2, quantity=50, unit="renovaties", basis="wooneenheid", per_count=1000, position=1
        ),
        "gemeenschappen": target("werf2-energiegemeenschappen", 2, position=2),
        "laadpunten": target(
            "werf3-laadpunten", 3, quantity=1, unit="laadpunten", per_count=100, position=1, **per_inhabitant
        ),
    }
    result["laadequivalenten"] = target(
        "werf3-laadequivalenten-lekp2",
        3,
        quantity=Decimal("1.5"),
        unit="laadequivalenten",
        per_count=100,
        pact_version="2.0",
        variant_of=result["laadpunten"],
        **per_inhabitant,
    )
    result["renovaties2"] = target(
        "werf2-renovaties-lekp2",
        2,
        quantity=50,
        unit="renovaties",
        basis="wooneenheid",
        per_count=1000,
        pact_version="2.0",
        variant_of=result["renovaties"],
    )
    supporters["iok"].targets.add(result["laadequivalenten"], result["renovaties2"])
    supporters["interleuven"].targets.add(result["bomen"], result["laadpunten"])
    return result


TARGET_HEADERS = [
    "bomen (indicatief)",
    "renovaties (indicatief)",
    "renovaties (LEKP 2.0, indicatief)",
    "laadpunten (indicatief)",
    "laadequivalenten (LEKP 2.0, indicatief)",
]
TARGET_KEYS = [
    "werf1-bomen",
    "werf2-renovaties",
    "werf2-renovaties-lekp2",
    "werf3-laadpunten",
    "werf3-laadequivalenten-lekp2",
]


# --- the offer export by municipality --------------------------------------------------------------


@pytest.mark.parametrize("export_format", FORMATS)
@pytest.mark.parametrize(
    "query",
    ["gemeente=24062", "gemeente=24062&werf=2&algemeen=nee", "gemeente=13040&gemeente=73028", "gemeente=24135"],
)
def test_the_offer_export_by_municipality_holds_the_rows_of_the_list_in_its_order(client, towns, export_format, query):
    listing = listed(client, query)
    if query == "gemeente=24062":
        assert len(listing) == 24  # two pages: the export must not stop at the first
    assert titles(client, export_format, query) == listing


@pytest.mark.parametrize(
    ("query", "stem"),
    [
        ("gemeente=24062", "lekp-aanbod-gemeente-24062"),
        ("werf=2&gemeente=24062&algemeen=nee", "lekp-aanbod-gemeente-24062-werf-2-algemeen-nee"),
        ("algemeen=ja&ondersteuner=iok", "lekp-aanbod-ondersteuner-iok-algemeen-ja"),
        ("gemeente=99999&gemeente=..%2F..", "lekp-aanbod"),  # dropped values never reach the name
    ],
)
def test_the_file_name_names_the_municipality_and_general_support(client, towns, query, stem):
    for export_format in FORMATS:
        response = download(client, f"/aanbod/export.{export_format}?{query}")
        assert response["Content-Disposition"] == f'attachment; filename="{stem}-{today()}.{export_format}"'


def test_the_excel_filters_sheet_names_the_municipality_and_what_was_dropped(client, towns):
    book = workbook(download(client, "/aanbod/export.xlsx?gemeente=24062&algemeen=nee&gemeente=abc"))
    assert filters_sheet(book) == [
        ("Gemeente", "Leuven"),
        ("Algemene ondersteuning", "nee"),
        ("Opmerking", "Gemeente „abc” is geen NIS-code van een Vlaamse gemeente; die filter is genegeerd."),
    ]


@pytest.mark.parametrize("export_format", FORMATS)
@pytest.mark.parametrize("value", ["99999", "abc", "1" * 5000, "٢٤٠٦٢", ""])
def test_a_bad_municipality_code_in_an_export_is_dropped_never_a_500(client, towns, export_format, value):
    assert titles(client, export_format, f"gemeente={value}&werf=4") == listed(client, "werf=4")


@pytest.mark.parametrize("export_format", FORMATS)
def test_the_offer_export_by_municipality_takes_five_queries_whatever_the_rows(
    client, werven, supporters, make_offer, export_format, django_assert_max_num_queries
):
    make_municipality("24062", "Leuven", 102275, supporters=[supporters["interleuven"]])
    url = f"/aanbod/export.{export_format}?gemeente=24062&werf=1"
    make_offer(supporters["interleuven"], werven=[werven[1]])
    # The offer export's four (werven, supporters, werf numbers, rows) and the municipality's name.
    few = queries_of(client, url, django_assert_max_num_queries, 5)
    for n in range(40):
        make_offer(supporters["interleuven"], werven=[werven[1], werven[1 + n % 4]], partners="Een\nTwee")
    assert queries_of(client, url, django_assert_max_num_queries, 5) == few
    assert len(titles(client, export_format, "gemeente=24062&werf=1")) == 41


# --- /gemeenten/export.* ---------------------------------------------------------------------------


def test_the_municipality_export_has_the_fixed_columns_and_one_per_target_with_numbers(client, towns, targets):
    header, *rows = csv_rows(download(client, "/gemeenten/export.csv"))
    assert header == FIXED_KEYS + TARGET_HEADERS
    assert [row[:2] for row in rows] == [
        ["13040", "Turnhout"],  # in the order of the list: by province, then by name
        ["73028", "Herstappe"],
        ["24062", "Leuven"],
        ["24135", "Tielt-Winge"],
    ]
    assert list(json_rows(download(client, "/gemeenten/export.json"))[0]) == FIXED_KEYS + TARGET_KEYS


def test_the_municipality_export_turns_targets_into_indicative_shares(client, towns, targets):
    rows = {row["naam"]: row for row in json_rows(download(client, "/gemeenten/export.json"))}
    assert rows["Leuven"] == {
        "nis_code": "24062",
        "naam": "Leuven",
        "provincie": "Vlaams-Brabant",
        "arrondissement": "Leuven",
        "inwoners": 102275,
        "inwoners_op": "2020-01-01",
        "wooneenheden": None,
        "wooneenheden_op": None,
        "ondersteuners": ["Interleuven"],
        "werf1-bomen": 102275,  # 1 boom per inwoner
        "werf2-renovaties": None,  # per housing unit, and Leuven's are unknown
        "werf2-renovaties-lekp2": None,  # LEKP 2.0, and Interleuven does not state it
        "werf3-laadpunten": 1023,  # 1 per 100 inhabitants: 1.022,75 rounded half up
        "werf3-laadequivalenten-lekp2": None,
    }
    # IOK states the 2.0 wording of the charging points: 1,5 per 100 inhabitants, for Turnhout only.
    assert rows["Turnhout"]["werf3-laadequivalenten-lekp2"] == 679  # 679,2
    assert rows["Turnhout"]["werf3-laadpunten"] == 453  # 452,8
    # Herstappe, 79 inhabitants: 0,79 laadpunten rounds to 1; nobody serves Tielt-Winge, its 1.0 share counts.
    assert (rows["Herstappe"]["werf1-bomen"], rows["Herstappe"]["werf3-laadpunten"]) == (79, 1)
    assert rows["Tielt-Winge"]["ondersteuners"] == [] and rows["Tielt-Winge"]["werf1-bomen"] == 10783


def test_targets_per_housing_unit_are_filled_when_a_municipality_has_them(client, towns, targets):
    turnhout = towns["turnhout"]
    turnhout.housing_units, turnhout.housing_units_on = 20011, date(2024, 1, 1)
    turnhout.save()
    rows = {row["naam"]: row for row in json_rows(download(client, "/gemeenten/export.json"))}
    assert rows["Turnhout"]["wooneenheden"] == 20011 and rows["Turnhout"]["wooneenheden_op"] == "2024-01-01"
    assert rows["Turnhout"]["werf2-renovaties"] == 1001  # 50 per 1.000 × 20.011 = 1.000,55
    assert rows["Turnhout"]["werf2-renovaties-lekp2"] == 1001  # IOK states it
    assert rows["Leuven"]["werf2-renovaties"] is None


def test_the_municipality_export_in_csv_and_excel(client, towns, targets):
    header, *rows = csv_rows(download(client, "/gemeenten/export.csv?q=leuven"))
    assert rows == [
        ["24062", "Leuven", "Vlaams-Brabant", "Leuven", "102275", "2020-01-01", "", "", "Interleuven"]
        + ["102275", "", "", "1023", ""]
    ]
    book = workbook(download(client, "/gemeenten/export.xlsx"))
    sheet = book["Gemeenten"]
    herstappe = next(row for row in sheet.iter_rows(min_row=2) if row[1].value == "Herstappe")
    assert herstappe[4].value == 79 and herstappe[4].data_type == "n"
    assert herstappe[5].is_date and herstappe[5].value == datetime(2020, 1, 1)
    assert herstappe[5].number_format == "dd/mm/yyyy"
    assert [cell.value for cell in sheet[1]] == FIXED_KEYS + TARGET_HEADERS
    labels = [label for label, _value in filters_sheet(book)]
    assert labels == ["Filters", "Doelstellingen", "LEKP 2.0", "Wooneenheden"]


def test_a_supporter_serving_several_municipalities_is_listed_in_each(client, towns, targets, supporters):
    make_municipality("24020", "Diest", 24234, supporters=[supporters["limburg"], supporters["interleuven"]])
    header, *rows = csv_rows(download(client, "/gemeenten/export.csv?q=diest"))
    assert rows[0][header.index("ondersteuners")] == "Interleuven\nProvincie Limburg"


@pytest.mark.parametrize(
    ("query", "names", "stem", "filters"),
    [
        ("", None, "lekp-gemeenten", [("Filters", "geen: alle gemeenten")]),
        ("provincie=Limburg", ["Herstappe"], "lekp-gemeenten-provincie-limburg", [("Provincie", "Limburg")]),
        ("q=TURNH", ["Turnhout"], "lekp-gemeenten-zoek-turnh", [("Zoekterm", "TURNH")]),
        ("provincie=Atlantis", None, "lekp-gemeenten", [("Filters", "geen: alle gemeenten")]),
    ],
)
def test_the_municipality_export_takes_the_filters_of_the_list(client, towns, targets, query, names, stem, filters):
    listing = [municipality.name for municipality in client.get(f"/gemeenten/?{query}").context["municipalities"]]
    assert names is None or listing == names
    for export_format in FORMATS:
        response = download(client, f"/gemeenten/export.{export_format}?{query}")
        assert response["Content-Disposition"] == f'attachment; filename="{stem}-{today()}.{export_format}"'
    exported = [row["naam"] for row in json_rows(download(client, f"/gemeenten/export.json?{query}"))]
    assert exported == listing
    assert filters_sheet(workbook(download(client, f"/gemeenten/export.xlsx?{query}")))[: len(filters)] == filters


@pytest.mark.parametrize("export_format", FORMATS)
def test_the_municipality_export_takes_a_fixed_number_of_queries(
    client, supporters, targets, export_format, django_assert_max_num_queries
):
    url = f"/gemeenten/export.{export_format}"
    # Targets and who states them, the municipalities and their supporters.
    for n in range(3):
        make_municipality(f"2400{n}", f"Gemeente {n}", 1000 + n, supporters=[supporters["iok"]])
    few = queries_of(client, url, django_assert_max_num_queries, 4)
    for n in range(3, 120):
        serving = [supporters["iok"], supporters["limburg"]][: 1 + n % 2]
        make_municipality(f"{24000 + n}", f"Gemeente {n}", 1000 + n, supporters=serving)
    assert queries_of(client, url, django_assert_max_num_queries, 4) == few
    assert len(json_rows(download(client, "/gemeenten/export.json"))) == 120


# --- /dekking/export.* -----------------------------------------------------------------------------


def test_the_coverage_export_is_the_matrix_of_the_page(client, towns):
    coverage = client.get("/dekking/").context["coverage"]
    header, *rows = csv_rows(download(client, "/dekking/export.csv"))
    assert header == ["werf", "IOK", "Interleuven", "Provincie Limburg", "soorten ondersteuning"] + [
        "gemeenten met specifiek aanbod"
    ]
    assert [row[0] for row in rows] == [row.title for row in coverage.rows] + [
        "Algemene ondersteuning (voor alle werven)"
    ]
    for line, row in zip(rows, [*coverage.rows, coverage.general], strict=True):
        assert line[1:4] == [str(cell.count) for cell in row.cells]
    assert rows[0] == ["Werf 1: Laten we een boom opzetten", "0", "7", "0", "begeleiding en coaching\ncampagne", "1"]
    assert rows[1][1:4] == ["1", "6", "0"]  # the draft is not counted
    assert rows[4] == ["Algemene ondersteuning (voor alle werven)", "0", "1", "0", "", ""]


def test_the_coverage_workbook_has_numbers_and_says_what_it_counts(client, towns):
    response = download(client, "/dekking/export.xlsx")
    assert response["Content-Disposition"] == f'attachment; filename="lekp-dekking-{today()}.xlsx"'
    book = workbook(response)
    values = sheet_values(book, "Dekking")
    assert values[4][:5] == ["Werf 4: Water is het nieuwe goud", 0, 5, 1, "begeleiding en coaching\ncampagne"]
    assert values[4][5] == 2  # Herstappe (Limburg) and Leuven (Interleuven, "Reeks" offers for werf 4)
    assert dict(filters_sheet(book))["Gemeenten in totaal"] == "4"
    assert client.get("/dekking/export.json").status_code == 404


def test_the_coverage_export_takes_a_fixed_number_of_queries(
    client, werven, make_supporter, make_offer, django_assert_max_num_queries
):
    supporter = make_supporter()
    make_offer(supporter, werven=[werven[1]])
    few = queries_of(client, "/dekking/export.csv", django_assert_max_num_queries, 4)
    for n in range(30):
        other = make_supporter()
        make_offer(other, werven=[werven[1 + n % 4]], kind=[Offer.Kind.CAMPAGNE, Offer.Kind.STUDIE][n % 2])
        make_offer(other, is_general=True)
        make_municipality(f"{24000 + n}", f"Gemeente {n}", 1000, supporters=[other, supporter])
    assert queries_of(client, "/dekking/export.xlsx", django_assert_max_num_queries, 4) == few
    assert len(csv_rows(download(client, "/dekking/export.csv"))[0]) == 31 + 3


# --- links on the pages ----------------------------------------------------------------------------


def test_the_municipality_list_links_to_its_exports_with_its_filters(client, towns):
    links = hrefs(find(page(client.get("/gemeenten/?provincie=Limburg&q=her")), "div", class_="export-links"))
    assert links == [f"/gemeenten/export.{fmt}?q=her&provincie=Limburg" for fmt in FORMATS]
    # A value the form refused is not passed on.
    links = hrefs(find(page(client.get("/gemeenten/?provincie=Atlantis")), "div", class_="export-links"))
    assert links == [f"/gemeenten/export.{fmt}" for fmt in FORMATS]


def test_the_coverage_page_links_to_its_csv_and_excel(client, towns):
    links = hrefs(find(page(client.get("/dekking/")), "div", class_="export-links"))
    assert links == ["/dekking/export.csv", "/dekking/export.xlsx"]


def test_the_municipality_page_links_to_the_offer_exports_of_its_municipality(client, towns):
    links = hrefs(find(page(client.get("/gemeenten/24062/")), "div", class_="export-links"))
    assert links == [f"/aanbod/export.{fmt}?gemeente=24062" for fmt in FORMATS]
    for url in links:
        assert download(client, url)["Content-Disposition"].startswith(
            'attachment; filename="lekp-aanbod-gemeente-24062-'
        )


# --- the writers: a calendar date ------------------------------------------------------------------


def test_a_date_column_is_iso_in_csv_and_json_and_a_real_date_in_excel():
    @dataclass
    class Row:
        name: str
        counted_on: object

    columns = (
        Column("naam", "naam", attrgetter("name")),
        Column("op", "op", attrgetter("counted_on"), ColumnType.DATE, 12),
    )
    rows = [Row("Geel", date(2020, 1, 1)), Row("Mol", None)]
    export = Export(columns, rows, name="datums", sheet_name="Datums", title="Datums")
    assert csv_rows(export.response("csv")) == [["naam", "op"], ["Geel", "2020-01-01"], ["Mol", ""]]
    assert json_rows(export.response("json")) == [{"naam": "Geel", "op": "2020-01-01"}, {"naam": "Mol", "op": None}]
    cells = list(workbook(export.response("xlsx"))["Datums"]["B"])
    assert cells[1].is_date and cells[1].value == datetime(2020, 1, 1) and cells[1].number_format == "dd/mm/yyyy"
    assert cells[2].value is None


# --- the seed ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with seeded_database(django_db_blocker):
        yield


def test_seeded_leuven_csv_holds_the_rows_of_its_list_in_the_same_order(seeded, db, client):
    listing = listed(client, "gemeente=24062")
    assert listing and set(Offer.objects.filter(title__in=listing).values_list("supporter__slug", flat=True)) == {
        "interleuven"
    }
    assert titles(client, "csv", "gemeente=24062") == listing


def test_seeded_municipality_export_has_all_285_with_leuven_s_figures(
    seeded, db, client, django_assert_max_num_queries
):
    rows = json_rows(download(client, "/gemeenten/export.json"))
    assert len(rows) == 285
    leuven = next(row for row in rows if row["nis_code"] == "24062")
    assert (leuven["inwoners"], leuven["ondersteuners"], leuven["werf1-bomen"]) == (102275, ["Interleuven"], 102275)
    turnhout = next(row for row in rows if row["nis_code"] == "13040")
    assert turnhout["werf3-laadequivalenten-lekp2"] == 679 and leuven["werf3-laadequivalenten-lekp2"] is None
    queries_of(client, "/gemeenten/export.xlsx", django_assert_max_num_queries, 4)


def test_seeded_coverage_export_equals_the_page(seeded, db, client):
    coverage = client.get("/dekking/").context["coverage"]
    header, *rows = csv_rows(download(client, "/dekking/export.csv"))
    assert header[1:4] == [supporter.name for supporter in coverage.supporters]
    assert [line[1:4] for line in rows] == [
        [str(cell.count) for cell in row.cells] for row in [*coverage.rows, coverage.general]
    ]
    assert [line[5] for line in rows[:4]] == [str(row.municipality_count) for row in coverage.rows]
