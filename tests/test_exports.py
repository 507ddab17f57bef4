"""Exports of the offer list (CSV, Excel, JSON), the admin action "Exporteer selectie", and the
export writers themselves with a made-up column specification."""

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from operator import attrgetter

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import connection
from django.http import FileResponse, Http404, QueryDict, StreamingHttpResponse
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from exports.columns import Column, ColumnType
from exports.responses import Export
from exports.writers import BRUSSELS, EXCEL_MAX_LINK_LENGTH, neutralise
from offers.admin import export_selection_csv, export_selection_xlsx
from offers.exports import OfferExport, filename_description
from offers.filters import OfferFilter
from offers.models import Membership, Offer, PublicationStatus
from offers.permissions import COORDINATOR, REDACTEUR, sync_roles
from werven.models import Werf

FORMATS = ["csv", "xlsx", "json"]
# The README promises these columns, in this order: JSON keys for programs, and readable Dutch
# headers in CSV and Excel for people.
KEYS = [
    "titel",
    "ondersteuner",
    "werven",
    "algemeen",
    "patrimonium",
    "soort",
    "kosten",
    "samenvatting",
    "beschrijving",
    "partners",
    "contactpersoon",
    "email",
    "telefoon",
    "url",
    "laatst_bijgewerkt",
]
HEADERS = [
    "Titel",
    "Ondersteuner",
    "Werven",
    "Algemene ondersteuning",
    "Gemeentelijk patrimonium",
    "Soort ondersteuning",
    "Kosten",
    "Samenvatting",
    "Beschrijving",
    "Partners",
    "Contactpersoon",
    "E-mail",
    "Telefoon",
    "Webadres",
    "Laatst bijgewerkt",
]
ADMIN_EXPORT_ACTIONS = [export_selection_csv, export_selection_xlsx]
INJECTIONS = ['=HYPERLINK("http://kwaad.example","klik")', "+1", "-1+2", "@SUM(1)", "\tx", "\r=1+1"]


# --- helpers ---------------------------------------------------------------------------------


def export(client, export_format, query=""):
    response = client.get(f"/aanbod/export.{export_format}" + (f"?{query}" if query else ""))
    assert response.status_code == 200, response
    return response


def body(response):
    return b"".join(response.streaming_content)


def csv_rows(response):
    raw = body(response)
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV begint met een BOM zodat Excel UTF-8 herkent"
    reader = csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";")
    return list(reader)


def workbook(response):
    return load_workbook(io.BytesIO(body(response)))


def link_target(cell):
    """Where a cell links to: the address in its HYPERLINK formula, or None for a plain cell."""
    match = re.fullmatch(r'=HYPERLINK\("((?:[^"]|"")*)"\)', str(cell.value))
    return match[1].replace('""', '"') if match else None


def shown_width(sheet, letter):
    """The column width Excel shows, in characters: the file stores it with the cell padding (80.71)."""
    return int(sheet.column_dimensions[letter].width)


def sheet_rows(response):
    return [list(row) for row in workbook(response)["Aanbod"].iter_rows(values_only=True)]


def json_rows(response):
    return json.loads(body(response).decode("utf-8"))


def csv_records(response):
    """The data rows of an offer CSV as dicts keyed by the JSON keys of the header row."""
    header, *rows = csv_rows(response)
    assert header == HEADERS
    return [dict(zip(KEYS, row, strict=True)) for row in rows]


def cell_records(sheet):
    """The data rows of an offer sheet as dicts of cells keyed by the JSON keys of the header row."""
    header, *rows = sheet.iter_rows()
    assert [cell.value for cell in header] == HEADERS
    return [dict(zip(KEYS, row, strict=True)) for row in rows]


def sheet_records(response):
    return cell_records(workbook(response)["Aanbod"])


def exported_titles(client, export_format, query=""):
    response = export(client, export_format, query)
    if export_format == "csv":
        return [row["titel"] for row in csv_records(response)]
    if export_format == "xlsx":
        return [row["titel"].value for row in sheet_records(response)]
    return [row["titel"] for row in json_rows(response)]


def listed_titles(client, query=""):
    """The titles /aanbod/ shows, over all its pages, in its order."""
    titles, number = [], 1
    while True:
        response = client.get(f"/aanbod/?{query}&pagina={number}")
        assert response.status_code == 200
        titles += [offer.title for offer in response.context["offers"]]
        if number >= response.context["paginator"].num_pages:
            return titles
        number += 1


# --- data ------------------------------------------------------------------------------------


@pytest.fixture
def catalogue(werven, make_supporter, make_offer):
    """Enough offers for two list pages, with every filter dimension used."""
    iok = make_supporter("iok", name="IOK", contact_person="An Peeters", email="an@iok.be", phone="014 56 27 00")
    interleuven = make_supporter("interleuven", name="Interleuven")
    limburg = make_supporter("provincie-limburg", name="Provincie Limburg")
    offers = {
        "coop": make_offer(
            iok,
            werven=[werven[2]],
            title="Coöperatief energieproject",
            cost=Offer.Cost.GRATIS,
            kind=Offer.Kind.BEGELEIDING,
            partners="Ecopower\nBeauvent",
            concerns_patrimony=True,
        ),
        "general": make_offer(interleuven, is_general=True, title="Algemene klimaatcoach", cost=Offer.Cost.GRATIS),
        "water": make_offer(limburg, werven=[werven[4]], title="Ontharding op maat", cost=Offer.Cost.BETALEND),
        "both": make_offer(iok, werven=[werven[1], werven[4]], title="Bomen en water", kind=Offer.Kind.STUDIE),
        "concept": make_offer(iok, werven=[werven[2]], title="Nog niet klaar", status=PublicationStatus.CONCEPT),
    }
    suppliers = [iok, interleuven, limburg]
    for n in range(22):
        make_offer(
            suppliers[n % 3],
            werven=[werven[1 + n % 4]],
            title=f"Reeks {n:02d}",
            cost=[Offer.Cost.GRATIS, Offer.Cost.DEELS_BETALEND][n % 2],
            kind=[Offer.Kind.CAMPAGNE, Offer.Kind.BEGELEIDING][n % 2],
        )
    return offers


# --- the export agrees with the list ---------------------------------------------------------

QUERIES = [
    "",
    "werf=2",
    "werf=2&kosten=gratis",
    "werf=1&werf=4&sortering=ondersteuner",
    "ondersteuner=iok&ondersteuner=interleuven&sortering=bijgewerkt",
    "soort=begeleiding&kosten=gratis&kosten=deels-betalend",
    "q=cooperatief",
    "q=reeks&werf=3",
    "q=bestaat-nergens",
]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("export_format", FORMATS)
def test_export_holds_exactly_the_rows_of_the_list_in_its_order(client, catalogue, query, export_format):
    listed = listed_titles(client, query)
    if query == "":
        assert len(listed) == 26  # more than one page of 20: the export must not stop at page one
    assert exported_titles(client, export_format, query) == listed


@pytest.mark.parametrize("export_format", FORMATS)
def test_an_empty_result_gives_only_the_header(client, catalogue, export_format):
    response = export(client, export_format, "q=bestaat-nergens")
    if export_format == "csv":
        assert csv_rows(response) == [HEADERS]
    elif export_format == "xlsx":
        assert sheet_rows(response) == [HEADERS]
    else:
        assert json_rows(response) == []


def test_the_export_ignores_the_page_number(client, catalogue):
    assert len(exported_titles(client, "json", "pagina=2")) == 26


def test_concept_offers_are_never_exported(client, catalogue):
    for export_format in FORMATS:
        assert "Nog niet klaar" not in exported_titles(client, export_format)


# --- formats ---------------------------------------------------------------------------------


def test_csv_uses_semicolons_crlf_and_dutch_values(client, catalogue):
    response = export(client, "csv", "q=cooperatief")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = body(response)
    assert raw.split(b"\r\n")[0] == "\ufeff".encode() + ";".join(HEADERS).encode()
    (row,) = csv_records(export(client, "csv", "q=cooperatief"))
    offer = catalogue["coop"]
    local = timezone.localtime(offer.updated_at, BRUSSELS)
    assert row == {
        "titel": "Coöperatief energieproject",
        "ondersteuner": "IOK",
        "werven": "2",
        "algemeen": "nee",
        "patrimonium": "ja",
        "soort": "begeleiding en coaching",
        "kosten": "gratis",
        "samenvatting": offer.summary,
        "beschrijving": offer.description,
        "partners": "Ecopower\nBeauvent",
        "contactpersoon": "An Peeters",
        "email": "an@iok.be",
        "telefoon": "014 56 27 00",
        "url": "http://testserver/aanbod/iok/" + offer.slug + "/",
        "laatst_bijgewerkt": local.strftime("%Y-%m-%d %H:%M"),
    }


def test_csv_lists_several_werven_as_numbers(client, catalogue):
    (row,) = csv_records(export(client, "csv", "q=bomen"))
    assert row["werven"] == "1, 4"


def test_json_is_a_plain_list_of_objects_with_typed_values(client, catalogue):
    response = export(client, "json", "q=cooperatief")
    assert response["Content-Type"] == "application/json"
    raw = body(response)
    assert "Coöperatief".encode() in raw, "UTF-8, niet als \\u00f6 geschreven"
    data = json.loads(raw)
    assert isinstance(data, list) and len(data) == 1
    row = data[0]
    assert list(row) == KEYS
    assert row["werven"] == [2]
    assert row["algemeen"] is False and row["patrimonium"] is True
    assert row["partners"] == ["Ecopower", "Beauvent"]
    assert row["kosten"] == "gratis"
    moment = datetime.fromisoformat(row["laatst_bijgewerkt"])
    assert moment.utcoffset() == timezone.localtime(catalogue["coop"].updated_at, BRUSSELS).utcoffset()
    assert moment == catalogue["coop"].updated_at.replace(microsecond=0)


def test_json_general_offer_carries_every_werf_and_is_flagged(client, catalogue):
    (row,) = json_rows(export(client, "json", "q=klimaatcoach"))
    assert row["werven"] == [1, 2, 3, 4] and row["algemeen"] is True


def test_xlsx_has_bold_frozen_filtered_header_dates_and_a_filters_sheet(client, catalogue):
    response = export(client, "xlsx", "werf=2&kosten=gratis")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = workbook(response)
    assert book.sheetnames == ["Aanbod", "Filters"]
    sheet = book["Aanbod"]
    header = [cell for cell in sheet[1]]
    assert [cell.value for cell in header] == HEADERS
    assert all(cell.font.bold for cell in header)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:O{sheet.max_row}"
    assert sheet.max_row == 1 + len(listed_titles(client, "werf=2&kosten=gratis"))
    assert shown_width(sheet, "I") == 80  # beschrijving gets room
    coop = next(row for row in cell_records(sheet) if row["titel"].value == "Coöperatief energieproject")
    date_cell = coop["laatst_bijgewerkt"]
    assert date_cell.is_date and isinstance(date_cell.value, datetime)
    expected = timezone.localtime(catalogue["coop"].updated_at, BRUSSELS).replace(tzinfo=None, microsecond=0)
    assert date_cell.value == expected
    assert coop["beschrijving"].alignment.wrap_text
    assert coop["patrimonium"].value == "ja"

    facts = {row[0]: row[1] for row in book["Filters"].iter_rows(values_only=True) if row and row[0]}
    assert facts["Werf"] == "Werf 2: Verrijk je wijk"
    assert facts["Kosten"] == "Gratis"
    assert facts["Aantal rijen"] == sheet.max_row - 1
    assert isinstance(facts["Geëxporteerd op"], datetime)


def test_xlsx_links_fill_and_print_settings(client, catalogue):
    sheet = workbook(export(client, "xlsx", "q=cooperatief"))["Aanbod"]
    (coop,) = cell_records(sheet)
    link = coop["url"]
    expected = "http://testserver/aanbod/iok/" + catalogue["coop"].slug + "/"
    assert link_target(link) == expected
    assert link.font.underline == "single"
    assert link_target(coop["titel"]) is None  # only the address column is a link
    header = sheet[1]
    assert {cell.fill.fill_type for cell in header} == {"solid"}
    assert {cell.fill.fgColor.rgb[-6:] for cell in header} == {"DCEFD9"}  # ARGB; Excel ignores the alpha
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    # A missing fitToWidth means 1, the default of the file format.
    assert (sheet.page_setup.fitToWidth or 1, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$1:$1"  # the header row on every printed page


def test_a_url_is_plain_text_in_csv_and_json(client, catalogue):
    (csv_row,) = csv_records(export(client, "csv", "q=cooperatief"))
    (json_row,) = json_rows(export(client, "json", "q=cooperatief"))
    assert csv_row["url"] == json_row["url"] == "http://testserver/aanbod/iok/" + catalogue["coop"].slug + "/"


def test_xlsx_filters_sheet_says_when_nothing_was_filtered_and_what_was_ignored(client, catalogue):
    book = workbook(export(client, "xlsx", "werf=9"))
    facts = {row[0]: row[1] for row in book["Filters"].iter_rows(values_only=True) if row and row[0]}
    assert facts["Filters"].startswith("geen")
    (notice,) = OfferFilter(QueryDict("werf=9"), queryset=Offer.objects.all()).notices
    assert facts["Opmerking"] == notice and "9" in notice


# --- formula injection -----------------------------------------------------------------------


@pytest.fixture
def injected(werven, make_supporter, make_offer):
    supporter = make_supporter("kwaad", name="@Kwade ondersteuner", contact_person="=1+1", phone="+32 11 23 45 67")
    return make_offer(
        supporter,
        werven=[werven[1]],
        title=INJECTIONS[0],
        summary=INJECTIONS[1],
        description=INJECTIONS[2],
        partners=INJECTIONS[3],
    )


def test_injection_strings_are_neutralised_in_csv(client, injected):
    (row,) = csv_records(export(client, "csv"))
    assert row["titel"] == "'" + INJECTIONS[0]
    assert row["samenvatting"] == "'+1"
    assert row["beschrijving"] == "'-1+2"
    assert row["partners"] == "'@SUM(1)"
    assert row["ondersteuner"] == "'@Kwade ondersteuner"
    assert row["contactpersoon"] == "'=1+1"
    assert row["telefoon"] == "'+32 11 23 45 67"


def test_injection_strings_are_text_not_formulas_in_xlsx(client, injected):
    (cells,) = sheet_records(export(client, "xlsx"))
    for name, expected in [
        ("titel", "'" + INJECTIONS[0]),
        ("samenvatting", "'+1"),
        ("beschrijving", "'-1+2"),
        ("partners", "'@SUM(1)"),
        ("contactpersoon", "'=1+1"),
    ]:
        assert cells[name].value == expected
        assert cells[name].data_type == "s"


def test_json_keeps_the_raw_text(client, injected):
    (row,) = json_rows(export(client, "json"))
    assert row["titel"] == INJECTIONS[0] and row["samenvatting"] == "+1" and row["partners"] == ["@SUM(1)"]


@pytest.mark.parametrize("text", INJECTIONS)
def test_neutralise_prefixes_every_formula_trigger(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["Gewone tekst", "1+1", " =spatie eerst", "'al geciteerd", ""])
def test_neutralise_leaves_ordinary_text_alone(text):
    assert neutralise(text) == text


def test_control_characters_cannot_hide_a_formula(werven, make_supporter, make_offer, client):
    make_offer(make_supporter(), title='\x01=HYPERLINK("https://kwaad.example","Klik")', summary="\x02\x03=1+1")
    (cells,) = sheet_records(export(client, "xlsx"))
    assert cells["titel"].value == '\'=HYPERLINK("https://kwaad.example","Klik")'
    assert cells["samenvatting"].value == "'=1+1"
    assert cells["titel"].data_type == cells["samenvatting"].data_type == "s"
    (row,) = csv_records(export(client, "csv"))
    assert row["titel"].startswith("'\x01=")


def test_tab_and_carriage_return_injections_in_csv(werven, make_supporter, make_offer, client):
    make_offer(make_supporter(), title="\tx", summary="\r=1+1")
    (row,) = csv_records(export(client, "csv"))
    assert row["titel"] == "'\tx"
    assert row["samenvatting"] == "'\r=1+1"


# --- file names ------------------------------------------------------------------------------


def today():
    return timezone.now().astimezone(BRUSSELS).date().isoformat()


@pytest.mark.parametrize(
    ("query", "stem"),
    [
        ("", "lekp-aanbod"),
        ("werf=2", "lekp-aanbod-werf-2"),
        ("werf=4&werf=2&kosten=gratis", "lekp-aanbod-werf-4-2-kosten-gratis"),
        ("ondersteuner=iok&soort=begeleiding", "lekp-aanbod-ondersteuner-iok-soort-begeleiding"),
        ("q=Coöperatief%20project", "lekp-aanbod-zoek-cooperatief-project"),
        ("werf=9&ondersteuner=..%2F..%2Fetc", "lekp-aanbod"),  # dropped values never reach the name
    ],
)
def test_file_name_says_what_the_file_holds(client, catalogue, query, stem):
    for export_format in FORMATS:
        response = export(client, export_format, query)
        assert response["Content-Disposition"] == f'attachment; filename="{stem}-{today()}.{export_format}"'


def test_file_name_of_a_long_search_is_cut():
    assert len(filename_description(QueryDict(f"q={'woord ' * 100}"))) <= 120


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "werf=9",
        "werf=abc",
        "werf=",
        "ondersteuner=%3Cscript%3E",
        "soort=x&kosten=y",
        "sortering=-id",
        "q=%00%01",
        f"q={'x' * 5000}",
        "pagina=abc",
        "pagina=-1",
        "onbekend=1",
    ],
)
@pytest.mark.parametrize("export_format", FORMATS)
def test_bad_filter_values_are_ignored_as_on_the_list(client, catalogue, query, export_format):
    assert exported_titles(client, export_format, query) == listed_titles(client, query)


# --- queries ---------------------------------------------------------------------------------


def count_queries(client, export_format, query=""):
    with CaptureQueriesContext(connection) as captured:
        response = export(client, export_format, query)
        body(response)  # streaming responses query while they are read
    return len(captured)


@pytest.mark.parametrize("export_format", FORMATS)
def test_query_count_does_not_grow_with_rows(
    client, werven, make_supporter, make_offer, export_format, django_assert_max_num_queries
):
    supporter = make_supporter()
    make_offer(supporter, werven=[werven[1]])
    few = count_queries(client, export_format, "werf=1")
    for n in range(40):
        make_offer(make_supporter(), werven=[werven[1], werven[1 + n % 4]])
    many = count_queries(client, export_format, "werf=1")
    assert few == many
    # Two for the FilterSet (werven, supporters), one for the werf numbers, one for the rows.
    with django_assert_max_num_queries(4):
        body(export(client, export_format, "werf=1&sortering=ondersteuner"))


# --- links on the pages ----------------------------------------------------------------------


def test_list_page_links_to_the_exports_with_its_filters_but_not_the_page(client, catalogue):
    html = client.get("/aanbod/", {"werf": "2", "kosten": "gratis", "pagina": "1"}).content.decode()
    for export_format in FORMATS:
        assert f'href="/aanbod/export.{export_format}?werf=2&amp;kosten=gratis"' in html
    assert "Exporteer als Excel" in html


def test_werf_and_supporter_pages_link_to_the_export_of_their_list(client, catalogue):
    werf_page = client.get(reverse("werven:detail", args=[4])).content.decode()
    assert 'href="/aanbod/export.xlsx?werf=4"' in werf_page
    supporter_page = client.get(reverse("offers:supporter-detail", args=["iok"])).content.decode()
    assert 'href="/aanbod/export.csv?ondersteuner=iok"' in supporter_page


def test_export_links_include_uses_only_the_query_it_is_given(rf):
    # Never the raw request query: that may hold values the list dropped with a notice.
    request = rf.get("/aanbod/", {"werf": ["1", "abc"], "pagina": "3"})
    html = render_to_string("offers/includes/export_links.html", request=request)
    assert 'href="/aanbod/export.json"' in html
    html = render_to_string(
        "offers/includes/export_links.html", {"export_querystring": "werf=1&werf=4&q=a%26b"}, request=request
    )
    assert 'href="/aanbod/export.json?werf=1&amp;werf=4&amp;q=a%26b"' in html
    html = render_to_string(
        "offers/includes/export_links.html", {"export_querystring": "werf=4"}, request=rf.get("/werven/4/")
    )
    assert 'href="/aanbod/export.csv?werf=4"' in html


def test_exports_link_each_offer_absolutely(client, catalogue):
    for row in json_rows(export(client, "json")):
        assert row["url"].startswith("http://testserver/aanbod/")
        assert client.get(row["url"].removeprefix("http://testserver")).status_code == 200


def test_export_without_request_uses_site_url(catalogue, settings):
    settings.SITE_URL = "https://lekp.example.be/"
    export = OfferExport(Offer.objects.published().filter(pk=catalogue["coop"].pk), filters=[])
    (row,) = json_rows(export.response("json"))
    assert row["url"] == f"https://lekp.example.be/aanbod/iok/{catalogue['coop'].slug}/"


# --- admin action ----------------------------------------------------------------------------


@pytest.fixture
def staff(db, werven, make_supporter, make_offer):
    groups = sync_roles()
    iok, interleuven = make_supporter("iok", name="IOK"), make_supporter("interleuven", name="Interleuven")
    own = make_offer(iok, werven=[werven[1]], title="Eigen aanbod", status=PublicationStatus.CONCEPT)
    own_published = make_offer(iok, werven=[werven[2]], title="Eigen gepubliceerd")
    other = make_offer(interleuven, werven=[werven[3]], title="Aanbod van een ander")
    redacteur = User.objects.create_user("redacteur", password="x", is_staff=True)
    redacteur.groups.add(groups[REDACTEUR])
    Membership.objects.create(user=redacteur, supporter=iok)
    coordinator = User.objects.create_user("coordinator", password="x", is_staff=True)
    coordinator.groups.add(groups[COORDINATOR])
    return {"redacteur": redacteur, "coordinator": coordinator, "own": own, "mine": own_published, "other": other}


@pytest.mark.parametrize("user", ["redacteur", "coordinator"])
def test_offer_admin_offers_both_export_actions(rf, staff, user):
    request = rf.get("/admin/offers/offer/")
    request.user = staff[user]
    actions = admin.site._registry[Offer].get_actions(request)
    assert [actions[action.__name__][0] for action in ADMIN_EXPORT_ACTIONS] == ADMIN_EXPORT_ACTIONS


def post_action(client, action, pks, select_across=False):
    return client.post(
        reverse("admin:offers_offer_changelist"),
        {
            "action": action,
            "_selected_action": [str(pk) for pk in pks],
            "select_across": "1" if select_across else "0",
            "index": "0",
        },
    )


def admin_export_titles(response, export_format):
    if export_format == "csv":
        return sorted(row[0] for row in csv_rows(response)[1:])
    return sorted(row[0] for row in sheet_rows(response)[1:])


@pytest.mark.parametrize(
    ("action", "export_format"), [("export_selection_csv", "csv"), ("export_selection_xlsx", "xlsx")]
)
def test_redacteur_admin_export_holds_only_their_rows(client, staff, action, export_format):
    client.force_login(staff["redacteur"])
    all_pks = [staff["own"].pk, staff["mine"].pk, staff["other"].pk]
    response = post_action(client, action, all_pks)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="lekp-aanbod-selectie-')
    assert admin_export_titles(response, export_format) == ["Eigen aanbod", "Eigen gepubliceerd"]
    # "Select all" exports the redacteur's whole (scoped) list, still without other rows.
    response = post_action(client, action, [staff["own"].pk], select_across=True)
    assert admin_export_titles(response, export_format) == ["Eigen aanbod", "Eigen gepubliceerd"]


@pytest.mark.parametrize(
    ("action", "export_format"), [("export_selection_csv", "csv"), ("export_selection_xlsx", "xlsx")]
)
def test_coordinator_admin_export_holds_the_selected_rows(client, staff, action, export_format):
    client.force_login(staff["coordinator"])
    response = post_action(client, action, [staff["own"].pk, staff["other"].pk])
    assert response.status_code == 200
    assert admin_export_titles(response, export_format) == ["Aanbod van een ander", "Eigen aanbod"]


@pytest.mark.parametrize("action", ADMIN_EXPORT_ACTIONS)
def test_admin_actions_export_exactly_the_queryset_they_get(staff, action):
    """Independent of offers/admin.py: the action exports its queryset, concepts included, nothing else."""
    request = RequestFactory().post("/admin/offers/offer/")
    request.user = staff["redacteur"]
    scoped = Offer.objects.filter(supporter__memberships__user=staff["redacteur"])
    response = action(None, request, scoped)
    export_format = "csv" if "csv" in action.__name__ else "xlsx"
    assert admin_export_titles(response, export_format) == ["Eigen aanbod", "Eigen gepubliceerd"]
    assert action.short_description.startswith("Exporteer selectie als ")
    assert action.allowed_permissions == ["view"]


def test_control_characters_from_pasted_text_do_not_break_the_xlsx(client, werven, make_supporter, make_offer):
    make_offer(make_supporter(), title="Titel\x0bmet\x0cstuurtekens", description="a\x01b")
    (row,) = sheet_records(export(client, "xlsx"))
    assert row["titel"].value == "Titelmetstuurtekens"
    assert row["beschrijving"].value == "ab"


# --- the writers, for any column specification -------------------------------------------------
# A made-up list that is no offer list: other keys, Dutch headers that differ from the keys, and
# every column type, so the writers prove they know nothing of offers.


@dataclass
class Town:
    name: str
    streets: list
    werven: list
    signed: bool | None
    signed_at: datetime | None
    inhabitants: object


TOWN_COLUMNS = (
    Column("naam", "Naam van de gemeente", lambda town: town.name, width=30),
    Column("straten", "Straten", lambda town: town.streets, type=ColumnType.LINES, width=40),
    Column("werven", "Werven", lambda town: town.werven, type=ColumnType.NUMBERS, width=12),
    Column("pact", "Pact ondertekend", lambda town: town.signed, type=ColumnType.BOOLEAN, width=16),
    Column("ondertekend_op", "Ondertekend op", lambda town: town.signed_at, type=ColumnType.DATETIME, width=18),
    Column("inwoners", "Inwoners", lambda town: town.inhabitants, type=ColumnType.NUMBER, width=10),
)
TOWN_HEADERS = ["Naam van de gemeente", "Straten", "Werven", "Pact ondertekend", "Ondertekend op", "Inwoners"]
SUMMER_NOON = datetime(2026, 7, 1, 10, 5, 30, 123456, tzinfo=UTC)  # 12:05 in Brussels
WINTER_NOON = datetime(2026, 1, 15, 11, 5, tzinfo=UTC)  # 12:05 in Brussels

GEEL = Town("Geel", ["Markt", "Stationsstraat"], [1, 4], True, SUMMER_NOON, 41_000)
MOL = Town("Mol", [], [], False, WINTER_NOON, Decimal("37512.5"))
EMPTY = Town("Leeg", [], [], None, None, None)
# Formula triggers in every kind of column; only text may be neutralised, a number stays one.
HOSTILE = Town("=HYPERLINK(1)", ["@SUM(1)", "Kerkstraat"], [-1, 4], False, None, -3)
NUMBER_AS_TEXT = Town("Tekst als getal", [], [], False, None, "=1+1")


def town_export(rows, **fields):
    fields.setdefault("filters", [("Provincie", "Antwerpen"), ("=kwaad", "+32 gevaarlijk")])
    fields.setdefault("exported_at", WINTER_NOON)
    return Export(
        TOWN_COLUMNS,
        rows,
        name="lekp-gemeenten",
        sheet_name="Gemeenten",
        title="Gemeenten van het LEKP-portaal",
        **fields,
    )


def town_csv(*rows):
    return csv_rows(town_export(list(rows)).response("csv"))


def town_json(*rows):
    return json_rows(town_export(list(rows)).response("json"))


def town_book(*rows):
    return workbook(town_export(list(rows)).response("xlsx"))


def test_writers_take_any_column_specification():
    assert town_csv(GEEL)[0] == TOWN_HEADERS
    assert [cell.value for cell in town_book(GEEL)["Gemeenten"][1]] == TOWN_HEADERS
    assert list(town_json(GEEL)[0]) == ["naam", "straten", "werven", "pact", "ondertekend_op", "inwoners"]


def test_csv_renders_each_column_type():
    assert town_csv(GEEL, MOL, EMPTY)[1:] == [
        ["Geel", "Markt\nStationsstraat", "1, 4", "ja", "2026-07-01 12:05", "41000"],
        ["Mol", "", "", "nee", "2026-01-15 12:05", "37512,5"],
        ["Leeg", "", "", "", "", ""],
    ]


def test_json_renders_each_column_type():
    assert town_json(GEEL, MOL, EMPTY) == [
        {
            "naam": "Geel",
            "straten": ["Markt", "Stationsstraat"],
            "werven": [1, 4],
            "pact": True,
            "ondertekend_op": "2026-07-01T12:05:30+02:00",
            "inwoners": 41000,
        },
        {
            "naam": "Mol",
            "straten": [],
            "werven": [],
            "pact": False,
            "ondertekend_op": "2026-01-15T12:05:00+01:00",
            "inwoners": 37512.5,
        },
        {"naam": "Leeg", "straten": [], "werven": [], "pact": None, "ondertekend_op": None, "inwoners": None},
    ]


LINK_COLUMNS = (Column("adres", "Webadres", lambda address: address, type=ColumnType.URL, width=50),)


def link_export(addresses):
    return Export(LINK_COLUMNS, addresses, name="links", sheet_name="Links", title="Links", exported_at=WINTER_NOON)


def test_xlsx_every_address_is_a_link_also_past_excels_limit_of_hyperlinks_per_sheet():
    # Excel accepts at most 65,530 hyperlink records per sheet; HYPERLINK formulas have no limit.
    addresses = [f"https://example.org/{number}/" for number in range(65_532)]
    with zipfile.ZipFile(io.BytesIO(body(link_export(addresses).response("xlsx")))) as package:
        sheet_xml = package.read("xl/worksheets/sheet1.xml").decode()
    assert "<hyperlink " not in sheet_xml
    assert sheet_xml.count("<f>HYPERLINK(") == len(addresses)
    assert f'<f>HYPERLINK("{addresses[-1]}")</f><v>{addresses[-1]}</v>' in sheet_xml


def test_xlsx_link_shows_its_address_also_in_a_reader_that_does_not_calculate():
    address = 'https://example.org/?q="zon"&x=1'
    content = body(link_export([address]).response("xlsx"))
    (cell,) = next(load_workbook(io.BytesIO(content))["Links"].iter_rows(min_row=2))
    assert link_target(cell) == address  # the quotes inside the address are escaped in the formula
    (cached,) = next(load_workbook(io.BytesIO(content), data_only=True)["Links"].iter_rows(min_row=2))
    assert cached.value == address


def test_xlsx_address_too_long_for_a_link_stays_as_text():
    longest = "https://example.org/" + "a" * (EXCEL_MAX_LINK_LENGTH - len("https://example.org/"))
    too_long = longest + "a"
    rows = workbook(link_export([longest, too_long]).response("xlsx"))["Links"].iter_rows(min_row=2)
    (link,), (text,) = rows
    assert link_target(link) == longest
    assert text.value == too_long and link_target(text) is None


def test_xlsx_renders_each_column_type_with_the_widths_of_the_specification():
    sheet = town_book(GEEL, MOL, EMPTY)["Gemeenten"]
    geel, mol, empty = (list(row) for row in sheet.iter_rows(min_row=2))
    assert [cell.value for cell in geel[:4]] == ["Geel", "Markt\nStationsstraat", "1, 4", "ja"]
    assert geel[4].is_date and geel[4].value == datetime(2026, 7, 1, 12, 5, 30)  # Brussels, no microseconds
    assert geel[5].value == 41000 and geel[5].data_type == "n"
    assert mol[5].value == 37512.5 and mol[3].value == "nee"
    assert [cell.value for cell in empty] == ["Leeg", None, None, None, None, None]
    assert geel[1].alignment.wrap_text
    assert [shown_width(sheet, letter) for letter in "ABCDEF"] == [30, 40, 12, 16, 18, 10]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:F4"
    assert all(cell.font.bold for cell in sheet[1])


def test_formula_neutralisation_follows_the_column_type():
    csv_row = town_csv(HOSTILE)[1]
    assert csv_row[:3] == ["'=HYPERLINK(1)", "'@SUM(1)\nKerkstraat", "'-1, 4"]
    assert csv_row[5] == "-3"  # a negative number is no formula and stays a number
    assert town_csv(NUMBER_AS_TEXT)[1][5] == "'=1+1"  # text in a number column is still text

    sheet = town_book(HOSTILE, NUMBER_AS_TEXT)["Gemeenten"]
    hostile, as_text = (list(row) for row in sheet.iter_rows(min_row=2))
    assert [cell.value for cell in hostile[:3]] == ["'=HYPERLINK(1)", "'@SUM(1)\nKerkstraat", "'-1, 4"]
    assert all(cell.data_type == "s" for cell in hostile[:3])
    assert hostile[5].value == -3 and hostile[5].data_type == "n"
    assert as_text[5].value == "'=1+1" and as_text[5].data_type == "s"

    (raw, _) = town_json(HOSTILE, NUMBER_AS_TEXT)
    assert raw["naam"] == "=HYPERLINK(1)" and raw["straten"] == ["@SUM(1)", "Kerkstraat"] and raw["inwoners"] == -3


def test_headers_made_from_data_cannot_be_formulas():
    columns = (Column("werf", "=Werf 1", attrgetter("name")),)
    export = Export(columns, [GEEL], name="x", sheet_name="Blad", title="+titel")
    assert csv_rows(export.response("csv"))[0] == ["'=Werf 1"]
    book = workbook(export.response("xlsx"))
    assert book["Blad"]["A1"].value == "'=Werf 1"
    assert book["Filters"]["A1"].value == "'+titel"


def test_xlsx_filters_sheet_has_title_time_row_count_and_filter_pairs():
    book = town_book(GEEL, MOL)
    assert book.sheetnames == ["Gemeenten", "Filters"]
    sheet = book["Filters"]
    assert sheet["A1"].value == "Gemeenten van het LEKP-portaal" and sheet["A1"].font.bold
    facts = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert facts["Geëxporteerd op"] == datetime(2026, 1, 15, 12, 5)  # Brussels time
    assert facts["Aantal rijen"] == 2
    assert facts["Provincie"] == "Antwerpen"
    assert facts["'=kwaad"] == "'+32 gevaarlijk"


@pytest.mark.parametrize(
    ("export_format", "response_class", "content_type"),
    [
        ("csv", StreamingHttpResponse, "text/csv; charset=utf-8"),
        ("json", StreamingHttpResponse, "application/json"),
        ("xlsx", FileResponse, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_export_response_names_the_file_and_keeps_it_out_of_search_engines(export_format, response_class, content_type):
    response = town_export([GEEL]).response(export_format)
    assert type(response) is response_class
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="lekp-gemeenten-2026-01-15.{export_format}"'
    assert response["X-Robots-Tag"] == "noindex"


def test_export_file_name_has_the_date_in_brussels():
    # 23:30 UTC on 31 December is already New Year in Brussels.
    export = town_export([], exported_at=datetime(2026, 12, 31, 23, 30, tzinfo=UTC))
    assert export.filename("csv") == "lekp-gemeenten-2027-01-01.csv"


def test_export_of_an_unknown_format_is_not_found():
    with pytest.raises(Http404):
        town_export([GEEL]).response("pdf")


@pytest.mark.parametrize("export_format", FORMATS)
def test_export_reads_a_queryset_without_keeping_it(werven, django_assert_num_queries, export_format):
    columns = (
        Column("nummer", "Nummer", attrgetter("number"), ColumnType.NUMBER),
        Column("naam", "Naam", attrgetter("name")),
    )
    queryset = Werf.objects.order_by("number")
    export = Export(columns, queryset, name="werven", sheet_name="Werven", title="Werven")
    with django_assert_num_queries(1):
        response = export.response(export_format)
        if export_format == "json":
            data = json_rows(response)
            assert [row["nummer"] for row in data] == [1, 2, 3, 4]
            assert data[1]["naam"] == "Verrijk je wijk"
        else:
            body(response)
    # Read in chunks, not cached on the queryset: a large list would otherwise stay in memory.
    with django_assert_num_queries(1):
        assert len(queryset) == 4


@pytest.mark.parametrize("export_format", FORMATS)
@pytest.mark.parametrize("offers", [3, 30])
def test_offer_export_takes_four_queries_whatever_the_number_of_rows(
    client, werven, make_supporter, make_offer, export_format, offers, django_assert_num_queries
):
    for n in range(offers):
        make_offer(make_supporter(), werven=[werven[1], werven[1 + n % 4]], partners="Een\nTwee")
    # Two for the FilterSet (werven, supporters), one for the werf numbers, one for the rows.
    with django_assert_num_queries(4):
        assert len(exported_titles(client, export_format, "werf=1")) == offers


@pytest.mark.parametrize("offers", [3, 30])
def test_offer_export_of_a_bare_queryset_takes_two_queries(
    werven, make_supporter, make_offer, offers, rf, django_assert_num_queries
):
    # The admin hands over its own queryset, not the list's: the export joins the supporter itself.
    for n in range(offers):
        make_offer(make_supporter(), werven=[werven[1 + n % 4]])
    export = OfferExport.from_selection(Offer.objects.all(), rf.post("/admin/offers/offer/"))
    with django_assert_num_queries(2):  # the werf numbers, the rows
        assert len(csv_records(export.response("csv"))) == offers
