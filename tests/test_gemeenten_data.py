"""Municipality reference data: loading it from CSV and GeoJSON, and who may change it."""

import datetime
import json

import pytest
from admin_forms import opened_now
from django.core.management.base import CommandError
from seed_facts import load

from gemeenten.models import FormerMunicipality, Municipality, Outline, Province, Service
from offers.models import Supporter


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_285_municipalities_load_with_their_former_municipalities_outlines_and_supporters(db):
    output = load()
    for line in [
        "Gemeenten: 285 toegevoegd",
        "Voormalige gemeenten: 28 toegevoegd",
        "Omtrekken: 285 toegevoegd",
        "Werkingsgebieden: 96 toegevoegd",
    ]:
        assert line in output
    leuven = Municipality.objects.get(nis_code="24062")
    assert (leuven.name, leuven.province, leuven.arrondissement) == ("Leuven", Province.VLAAMS_BRABANT, "Leuven")
    assert (leuven.inhabitants, leuven.inhabitants_on) == (102275, datetime.date(2020, 1, 1))
    assert leuven.housing_units is None
    assert [s.slug for s in leuven.supporters.all()] == ["interleuven"]
    assert leuven.outline.path.startswith("M")
    hasselt = Municipality.objects.get(nis_code="71072")
    assert [(f.name, f.nis_code) for f in hasselt.former_municipalities.all()] == [
        ("Hasselt", "71022"),
        ("Kortessem", "73040"),
    ]
    assert sum(Municipality.objects.values_list("inhabitants", flat=True)) == 6_629_143
    counts = {s.slug: s.municipalities.count() for s in Supporter.objects.all()}
    assert counts == {"interleuven": 29, "iok": 29, "provincie-limburg": 38}
    assert not Municipality.objects.get(name="Tielt-Winge").supporters.exists()


def test_a_second_load_adds_nothing_and_keeps_a_beheerders_changes(db):
    load()
    leuven = Municipality.objects.get(nis_code="24062")
    leuven.inhabitants = 104_000
    leuven.inhabitants_on = datetime.date(2024, 1, 1)
    leuven.save()
    Service.objects.get(supporter__slug="iok", municipality__nis_code="13040").delete()

    output = load()
    assert "Gemeenten: 0 toegevoegd, 285 overgeslagen" in output
    assert "Werkingsgebieden: 0 toegevoegd, 96 overgeslagen" in output
    assert Municipality.objects.get(nis_code="24062").inhabitants == 104_000
    assert not Service.objects.filter(supporter__slug="iok", municipality__nis_code="13040").exists()
    assert Municipality.objects.count() == 285 and Outline.objects.count() == 285


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "gemeenten.csv",
            "24062,Leuven,Vlaams-Brabant,Leuven,102275,",
            "24062,Leuven,Vlaams-Brabant,Leuven,veel,",
            "fixtures/gemeenten.csv, gemeente “24062”: inhabitants: Voer een geheel getal in.",
        ),
        (
            "gemeenten.csv",
            "24062,Leuven,Vlaams-Brabant",
            "24062,Leuven,Brabant",
            "fixtures/gemeenten.csv, gemeente “24062”: province:",
        ),
        (
            "gemeenten.csv",
            "Hasselt (71022); Kortessem (73040)",
            "Hasselt 71022; Kortessem (73040)",
            "fixtures/gemeenten.csv: Hasselt: “Hasselt 71022” is geen “naam (NIS-code)” in fusie_2025_van.",
        ),
        (
            "ondersteuners-gemeenten.csv",
            "interleuven,24062,Leuven",
            "interleuven,24999,Leuven",
            "fixtures/ondersteuners-gemeenten.csv, werkingsgebied “24999”: municipality:",
        ),
        (
            "ondersteuners-gemeenten.csv",
            "ondersteuner,nis_code,naam,bron",
            "organisatie,nis_code,naam,bron",
            "fixtures/ondersteuners-gemeenten.csv: kolom “ondersteuner” ontbreekt in de kopregel.",
        ),
        (
            "gemeenten-2025.geojson",
            '"type":"Polygon"',
            '"type":"Point"',
            "fixtures/gemeenten-2025.geojson, omtrek",
        ),
        (
            "gemeenten-2025.geojson",
            '{"type":"FeatureCollection"',
            '{"type":"FeatureCollection" oeps',
            "fixtures/gemeenten-2025.geojson: geen GeoJSON FeatureCollection",
        ),
    ],
)
def test_a_broken_municipality_file_names_file_record_and_field_and_loads_nothing(
    db, broken_copy, file, old, new, message
):
    edit(broken_copy / file, old, new)
    with pytest.raises(CommandError) as error:
        load(fixtures_dir=broken_copy)
    assert message.replace("fixtures/", "") in str(error.value)
    assert not Municipality.objects.exists() and not Supporter.objects.exists()


def test_only_a_beheerder_edits_municipalities_and_each_change_is_in_the_history(
    client, db, beheerder, redacteur, coordinator, outsider, leuven
):
    change_url = f"/admin/gemeenten/municipality/{leuven.pk}/change/"
    for user in (redacteur, coordinator, outsider):
        client.force_login(user)
        assert client.get("/admin/gemeenten/municipality/").status_code == 403
        assert client.get(change_url).status_code == 403
        assert client.post(change_url, {"name": "Gekaapt"}).status_code == 403
    assert Municipality.objects.get(pk=leuven.pk).name == "Leuven"

    client.force_login(beheerder)
    data = {
        "nis_code": "24062",
        "name": "Leuven",
        "province": Province.VLAAMS_BRABANT,
        "arrondissement": "Leuven",
        "inhabitants": "104000",
        "inhabitants_on": "2024-01-01",
        "housing_units": "51000",
        "housing_units_on": "2024-01-01",
        **{
            f"{prefix}-{key}": "0"
            for prefix in ("former_municipalities", "services")
            for key in ("TOTAL_FORMS", "INITIAL_FORMS")
        },
        "outline-TOTAL_FORMS": "0",
        "outline-INITIAL_FORMS": "0",
    }
    response = client.post(change_url, opened_now(leuven, data))
    assert response.status_code == 302, response.context["adminform"].form.errors
    leuven.refresh_from_db()
    assert (leuven.inhabitants, leuven.housing_units) == (104000, 51000)
    assert [row.inhabitants for row in leuven.history.order_by("history_date")] == [102275, 104000]
    assert leuven.history.latest().history_user == beheerder


def test_housing_units_need_their_reference_date(db):
    municipality = Municipality(
        nis_code="24062",
        name="Leuven",
        province=Province.VLAAMS_BRABANT,
        arrondissement="Leuven",
        inhabitants=1,
        inhabitants_on=datetime.date(2020, 1, 1),
        housing_units=10,
    )
    with pytest.raises(Exception, match="datum waarop de wooneenheden"):
        municipality.full_clean()


def test_former_names_find_the_municipality_they_merged_into(db):
    load()
    assert [m.name for m in Municipality.objects.search("kortessem")] == ["Hasselt"]
    assert [m.name for m in Municipality.objects.search("BORGLOON")] == ["Tongeren-Borgloon"]
    assert "Tienen" in [m.name for m in Municipality.objects.search("tiénen")]
    assert FormerMunicipality.objects.get(nis_code="73040").get_absolute_url() == "/gemeenten/71072/"


def test_former_municipalities_and_outlines_keep_their_history_too(client, db, beheerder):
    hasselt = Municipality.objects.create(
        nis_code="71072",
        name="Hasselt",
        province=Province.LIMBURG,
        arrondissement="Hasselt",
        inhabitants=87151,
        inhabitants_on=datetime.date(2020, 1, 1),
    )
    client.force_login(beheerder)
    data = {
        "nis_code": "71072",
        "name": "Hasselt",
        "province": Province.LIMBURG,
        "arrondissement": "Hasselt",
        "inhabitants": "87151",
        "inhabitants_on": "2020-01-01",
        "former_municipalities-TOTAL_FORMS": "1",
        "former_municipalities-INITIAL_FORMS": "0",
        "former_municipalities-0-nis_code": "73040",
        "former_municipalities-0-name": "Kortessem",
        "services-TOTAL_FORMS": "0",
        "services-INITIAL_FORMS": "0",
        "outline-TOTAL_FORMS": "1",
        "outline-INITIAL_FORMS": "0",
        "outline-0-geometry": json.dumps(
            {"type": "Polygon", "coordinates": [[[5.3, 50.9], [5.4, 50.9], [5.4, 51.0], [5.3, 50.9]]]}
        ),
    }
    response = client.post(f"/admin/gemeenten/municipality/{hasselt.pk}/change/", opened_now(hasselt, data))
    assert response.status_code == 302, response.context["inline_admin_formsets"]
    kortessem = FormerMunicipality.objects.get(nis_code="73040")
    assert [(row.name, row.history_user) for row in kortessem.history.all()] == [("Kortessem", beheerder)]
    assert hasselt.outline.history.get().history_user == beheerder
    assert hasselt.outline.path.startswith("M")
