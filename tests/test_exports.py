"""Exports of the offer list (CSV, Excel, JSON) and the admin action "Exporteer selectie"."""

import csv
import io
import json
from datetime import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import connection
from django.http import QueryDict
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from offers.exports import BRUSSELS, HEADERS, OfferExport, admin_export_actions, filename_description, neutralise
from offers.filters import OfferFilter
from offers.models import Membership, Offer, PublicationStatus

FORMATS = ["csv", "xlsx", "json"]
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


def sheet_rows(response):
    return [list(row) for row in workbook(response)["Aanbod"].iter_rows(values_only=True)]


def json_rows(response):
    return json.loads(body(response).decode("utf-8"))


def exported_titles(client, export_format, query=""):
    response = export(client, export_format, query)
    if export_format == "csv":
        rows = csv_rows(response)
        assert rows[0] == HEADERS
        return [row[0] for row in rows[1:]]
    if export_format == "xlsx":
        rows = sheet_rows(response)
        assert rows[0] == HEADERS
        return [row[0] for row in rows[1:]]
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
    rows = csv_rows(export(client, "csv", "q=cooperatief"))
    row = dict(zip(rows[0], rows[1], strict=True))
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
    rows = csv_rows(export(client, "csv", "q=bomen"))
    assert rows[1][HEADERS.index("werven")] == "1, 4"


def test_json_is_a_plain_list_of_objects_with_typed_values(client, catalogue):
    response = export(client, "json", "q=cooperatief")
    assert response["Content-Type"] == "application/json"
    raw = body(response)
    assert "Coöperatief".encode() in raw, "UTF-8, niet als \\u00f6 geschreven"
    data = json.loads(raw)
    assert isinstance(data, list) and len(data) == 1
    row = data[0]
    assert list(row) == HEADERS
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
    assert sheet.column_dimensions["I"].width == 80  # beschrijving gets room
    coop = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "Coöperatief energieproject")
    date_cell = coop[HEADERS.index("laatst_bijgewerkt")]
    assert date_cell.is_date and isinstance(date_cell.value, datetime)
    expected = timezone.localtime(catalogue["coop"].updated_at, BRUSSELS).replace(tzinfo=None, microsecond=0)
    assert date_cell.value == expected
    assert coop[HEADERS.index("beschrijving")].alignment.wrap_text
    assert coop[HEADERS.index("patrimonium")].value == "ja"

    facts = {row[0]: row[1] for row in book["Filters"].iter_rows(values_only=True) if row and row[0]}
    assert facts["Werf"] == "Werf 2: Verrijk je wijk"
    assert facts["Kosten"] == "Gratis"
    assert facts["Aantal rijen"] == sheet.max_row - 1
    assert isinstance(facts["Geëxporteerd op"], datetime)


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
    rows = csv_rows(export(client, "csv"))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["titel"] == "'" + INJECTIONS[0]
    assert row["samenvatting"] == "'+1"
    assert row["beschrijving"] == "'-1+2"
    assert row["partners"] == "'@SUM(1)"
    assert row["ondersteuner"] == "'@Kwade ondersteuner"
    assert row["contactpersoon"] == "'=1+1"
    assert row["telefoon"] == "'+32 11 23 45 67"


def test_injection_strings_are_text_not_formulas_in_xlsx(client, injected):
    sheet = workbook(export(client, "xlsx"))["Aanbod"]
    cells = {header: cell for header, cell in zip(HEADERS, next(sheet.iter_rows(min_row=2)), strict=True)}
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
    sheet = workbook(export(client, "xlsx"))["Aanbod"]
    cells = {header: cell for header, cell in zip(HEADERS, next(sheet.iter_rows(min_row=2)), strict=True)}
    assert cells["titel"].value == '\'=HYPERLINK("https://kwaad.example","Klik")'
    assert cells["samenvatting"].value == "'=1+1"
    assert cells["titel"].data_type == cells["samenvatting"].data_type == "s"
    rows = csv_rows(export(client, "csv"))
    assert rows[1][0].startswith("'\x01=")


def test_tab_and_carriage_return_injections_in_csv(werven, make_supporter, make_offer, client):
    make_offer(make_supporter(), title="\tx", summary="\r=1+1")
    rows = csv_rows(export(client, "csv"))
    assert rows[1][0] == "'\tx"
    assert rows[1][HEADERS.index("samenvatting")] == "'\r=1+1"


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
    rows = list(OfferExport(Offer.objects.published().filter(pk=catalogue["coop"].pk), filters=[]).rows())
    assert rows[0]["url"] == f"https://lekp.example.be/aanbod/iok/{catalogue['coop'].slug}/"


# --- admin action ----------------------------------------------------------------------------


@pytest.fixture
def staff(db, werven, make_supporter, make_offer):
    from offers.permissions import COORDINATOR, REDACTEUR, sync_roles

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


def offer_admin_actions():
    model_admin = admin.site._registry.get(Offer)
    if model_admin is None:
        return []
    return [action for action in (model_admin.actions or []) if action in admin_export_actions]


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
    if len(offer_admin_actions()) != 2:
        pytest.skip("offers/admin.py voegt admin_export_actions nog niet toe aan de OfferAdmin")
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
    if len(offer_admin_actions()) != 2:
        pytest.skip("offers/admin.py voegt admin_export_actions nog niet toe aan de OfferAdmin")
    client.force_login(staff["coordinator"])
    response = post_action(client, action, [staff["own"].pk, staff["other"].pk])
    assert response.status_code == 200
    assert admin_export_titles(response, export_format) == ["Aanbod van een ander", "Eigen aanbod"]


@pytest.mark.parametrize("action", admin_export_actions)
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
    sheet = workbook(export(client, "xlsx"))["Aanbod"]
    row = [cell.value for cell in next(sheet.iter_rows(min_row=2))]
    assert row[0] == "Titelmetstuurtekens"
    assert row[HEADERS.index("beschrijving")] == "ab"
