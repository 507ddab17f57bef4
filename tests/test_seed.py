"""The seed data (fixtures/*.toml) and its loader `load_seed`, against a real database.

Expected numbers come from reading the source texts in ../shared/seeds/ (see fixtures/README.md).
"""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.forms import modelform_factory
from seed_facts import (
    OFFER_TOTAL,
    SEED_RECORDS,
    load,
)

from offers.models import Offer, Project, PublicationStatus, Supporter
from seeding.loader import load as load_tables
from seeding.loader import read_fixtures
from seeding.models import SeedRecord
from seeding.tables import TABLES, Table
from werven.models import Target, Werf


@pytest.fixture
def seeded(db):
    return load()


def replace_in(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} staat niet in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def assert_nothing_loaded():
    assert Werf.objects.count() == 0
    assert Supporter.objects.count() == 0
    assert Target.objects.count() == 0
    assert Offer.objects.count() == 0
    assert Project.objects.count() == 0
    assert SeedRecord.objects.count() == 0


# --- what gets loaded ---------------------------------------------------------------------------


# --- reloading never overwrites staff ----------------------------------------------------------


def counts():
    return {
        "werven": Werf.objects.count(),
        "supporters": Supporter.objects.count(),
        "targets": Target.objects.count(),
        "offers": Offer.objects.count(),
        "projects": Project.objects.count(),
        "records": SeedRecord.objects.count(),
        "offer_history": Offer.history.count(),
    }


def test_reload_adds_nothing_and_changes_nothing(seeded):
    before = counts()
    output = load()
    assert counts() == before
    for title in ("Werven", "Ondersteuners", "Doelstellingen", "Aanbod", "Inspiratieprojecten"):
        assert f"{title}: 0 toegevoegd" in output
    assert f"Aanbod: 0 toegevoegd, {OFFER_TOTAL} overgeslagen" in output


def test_staff_edits_survive_a_reload(seeded):
    offer = Offer.objects.get(supporter__slug="interleuven", slug="samenaankoop-regenwatertonnen")
    offer.description = "Door een medewerker herschreven."
    offer.status = PublicationStatus.CONCEPT
    offer.save()
    offer.werven.set([Werf.objects.get(number=2)])
    Supporter.objects.filter(slug="iok").update(phone="014 00 00 00")
    Target.objects.filter(slug="werf1-bomen").update(text="Aangepaste tekst")
    Project.objects.filter(slug="circuler").update(title="CIRCULER (aangepast)")

    load()

    offer.refresh_from_db()
    assert offer.description == "Door een medewerker herschreven."
    assert offer.status == PublicationStatus.CONCEPT
    assert [w.number for w in offer.werven.all()] == [2]
    assert Supporter.objects.get(slug="iok").phone == "014 00 00 00"
    assert Target.objects.get(slug="werf1-bomen").text == "Aangepaste tekst"
    assert Project.objects.get(slug="circuler").title == "CIRCULER (aangepast)"


def test_staff_deleted_offer_stays_deleted_unless_restore_is_asked(seeded):
    Offer.objects.get(supporter__slug="interleuven", slug="hoppin-en-mobipunten").delete()
    Project.objects.get(slug="circuler").delete()
    edited = Offer.objects.get(supporter__slug="interleuven", slug="trage-wegenplannen")
    edited.title = "Door een medewerker aangepast"
    edited.save()

    output = load()
    assert not Offer.objects.filter(slug="hoppin-en-mobipunten").exists()
    assert not Project.objects.exists()
    assert "Aanbod: 0 toegevoegd" in output

    output = load("--herstel-verwijderde")
    restored = Offer.objects.get(supporter__slug="interleuven", slug="hoppin-en-mobipunten")
    assert restored.description == "Mobiliteit en gebouwen & infrastructuur: maken van Hoppin-/Mobipunten"
    assert [w.number for w in restored.werven.all()] == [3]
    assert Project.objects.get(slug="circuler").external_partner_list[-1] == "Levuur"
    assert "1 hersteld" in output
    # Restoring brings back what was deleted, it does not undo edits.
    assert Offer.objects.get(pk=edited.pk).title == "Door een medewerker aangepast"
    assert Offer.objects.count() == OFFER_TOTAL


def test_hand_made_record_with_a_seed_key_is_left_alone_and_remembered(db):
    supporter = Supporter.objects.create(slug="interleuven", name="Interleuven (handmatig)")
    hand_made = Offer.objects.create(
        supporter=supporter,
        slug="raamovereenkomst-geveltuinen",
        title="Handmatig aangemaakt",
        summary="s",
        description="d",
        kind=Offer.Kind.BEGELEIDING,
    )

    output = load()

    hand_made.refresh_from_db()
    assert hand_made.title == "Handmatig aangemaakt" and not hand_made.werven.exists()
    assert Supporter.objects.get(slug="interleuven").name == "Interleuven (handmatig)"
    assert "aanbod “raamovereenkomst-geveltuinen” bestaat al" in output
    assert "Ondersteuners: 2 toegevoegd, 1 overgeslagen" in output
    assert f"Aanbod: {OFFER_TOTAL - 1} toegevoegd, 1 overgeslagen" in output
    assert SeedRecord.objects.filter(kind="aanbod", key="interleuven/raamovereenkomst-geveltuinen").exists()
    # Now that it counts as loaded, deleting it does not make the seed version appear.
    hand_made.delete()
    load()
    assert not Offer.objects.filter(slug="raamovereenkomst-geveltuinen").exists()


def test_dry_run_shows_what_would_be_added_and_writes_nothing(db):
    output = load("--dry-run")
    assert "Proefdraai" in output
    assert "+ aanbod “raamovereenkomst-geveltuinen” (fixtures/aanbod-interleuven.toml)" in output
    assert f"Aanbod: {OFFER_TOTAL} toe te voegen, 0 overgeslagen" in output
    assert_nothing_loaded()


def test_dry_run_after_a_load_shows_nothing_to_add(seeded):
    before = counts()
    output = load("--dry-run")
    assert "Aanbod: 0 toe te voegen" in output and "+ aanbod" not in output
    assert counts() == before


# --- broken fixtures load nothing and say where --------------------------------------------------


def load_error(fixtures_dir):
    with pytest.raises(CommandError) as error:
        load(fixtures_dir=fixtures_dir)
    return str(error.value)


def test_toml_syntax_error_names_file_and_line(db, broken_copy):
    path = broken_copy / "aanbod-interleuven.toml"
    replace_in(path, 'title = "Trage wegenplannen met GIS"', "title = Trage")
    line = path.read_text(encoding="utf-8").splitlines().index("title = Trage") + 1
    message = load_error(broken_copy)
    assert message.startswith(f"{path}: geen geldige TOML")
    assert f"line {line}," in message  # tomllib's own words, with the line of the mistake
    assert_nothing_loaded()


def test_unknown_werf_names_file_record_and_field(db, broken_copy):
    replace_in(
        broken_copy / "aanbod-interleuven.toml", "werven = [4]\nis_general = false", "werven = [7]\nis_general = false"
    )
    assert load_error(broken_copy).endswith(
        "aanbod-interleuven.toml, aanbod “samenaankoop-regenwatertonnen”: "
        "werven: Selecteer een geldige keuze. 7 is geen beschikbare keuze."
    )
    assert_nothing_loaded()


def test_missing_title_names_file_record_and_field(db, broken_copy):
    replace_in(broken_copy / "aanbod-interleuven.toml", 'title = "Hoppin- en Mobipunten"\n', "")
    message = load_error(broken_copy)
    assert message.endswith("aanbod-interleuven.toml, aanbod “hoppin-en-mobipunten”: title: Dit veld is verplicht.")
    assert_nothing_loaded()


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "werven.toml",
            'unit = "bomen"',
            'unit = "struiken"',
            "doelstelling “werf1-bomen”: unit: Selecteer een geldige keuze. struiken is geen beschikbare keuze.",
        ),
        (
            "werven.toml",
            'stated_by = ["iok"]\nvariant_of',
            'stated_by = ["igemo"]\nvariant_of',
            "doelstelling “werf2-renovaties-lekp2”: stated_by: Selecteer een geldige keuze. igemo is geen",
        ),
        (
            "werven.toml",
            'variant_of = "werf2-renovaties"',
            'variant_of = "werf2-renovatie"',
            "doelstelling “werf2-renovaties-lekp2”: variant_of: Selecteer een geldige keuze. werf2-renovatie is",
        ),
        (
            "werven.toml",
            'per_count = 1\nflemish_total = "6,6 miljoen bomen"',
            'per_count = "één"\nflemish_total = "6,6 miljoen bomen"',
            "doelstelling “werf1-bomen”: per_count: Voer een geheel getal in.",
        ),
        ("ondersteuners.toml", 'slug = "iok"', 'slug = "iok"\nfax = "1"', "ondersteuner “iok”: onbekend veld “fax”."),
        ("ondersteuners.toml", "[[supporter]]", "[[ondersteuner]]", "onbekend onderdeel “ondersteuner”."),
        (
            "projecten.toml",
            'lead_supporter = "interleuven"',
            'lead_supporter = "wvi"',
            "project “circuler”: lead_supporter: Selecteer een geldige keuze. wvi is geen beschikbare keuze.",
        ),
        (
            "projecten.toml",
            "start_date = 2019-01-01",
            'start_date = "1 januari 2019"',
            "project “circuler”: start_date: Voer een geldige datum in.",
        ),
        (
            "aanbod-iok.toml",
            'supporter = "iok"',
            'supporter = "kempen"',
            "aanbod “warmtemakelaar-kempen”: supporter: Selecteer een geldige keuze. kempen is geen",
        ),
        (
            "aanbod-interleuven.toml",
            'slug = "subsidieoproepen"',
            'slug = "samenaankopen"',
            "aanbod “samenaankopen”: komt twee keer voor",
        ),
    ],
)
def test_invalid_records_are_rejected_and_nothing_is_written(db, broken_copy, file, old, new, expected):
    replace_in(broken_copy / file, old, new)
    message = load_error(broken_copy)
    separator = ": " if expected.startswith("onbekend onderdeel") else ", "
    assert f"{file}{separator}{expected}" in message
    assert_nothing_loaded()


def test_model_validation_error_midway_rolls_back_everything_with_a_dutch_message(db, broken_copy):
    # Werven and supporters are written before this target fails its model check.
    replace_in(broken_copy / "werven.toml", 'quantity = 0.5\nunit = "m_haag"\n', "quantity = 0.5\n")
    message = load_error(broken_copy)
    assert message.endswith(
        "werven.toml, doelstelling “werf1-haag”: Een doelstelling met een hoeveelheid heeft ook een eenheid."
    )
    assert_nothing_loaded()


def test_invalid_email_gives_the_dutch_form_message(db, broken_copy):
    replace_in(broken_copy / "ondersteuners.toml", 'email = "steven.heylen@iok.be"', 'email = "steven.heylen"')
    message = load_error(broken_copy)
    assert message.endswith("ondersteuners.toml, ondersteuner “iok”: email: Voer een geldig e-mailadres in.")
    assert_nothing_loaded()


def new_offer_file(directory, *offers):
    """aanbod-nieuw.toml with IOK's offers written as TOML lines, one string per offer."""
    required = 'title = "X"\nsummary = "s"\ndescription = "d"\nkind = "begeleiding"\n'
    records = "".join(f"\n[[offer]]\n{offer}\n{required}" for offer in offers)
    (directory / "aanbod-nieuw.toml").write_text(f'supporter = "iok"\n{records}', encoding="utf-8")


def test_broken_new_file_after_a_load_adds_nothing(seeded, broken_copy):
    before = counts()
    new_offer_file(broken_copy, 'slug = "x"\nwerven = [3]', 'slug = "y"\nwerven = [9]')
    message = load_error(broken_copy)
    assert message.endswith(
        "aanbod-nieuw.toml, aanbod “y”: werven: Selecteer een geldige keuze. 9 is geen beschikbare keuze."
    )
    assert counts() == before


def test_general_offer_in_a_file_gets_every_werf_as_in_the_admin(db, broken_copy):
    new_offer_file(broken_copy, 'slug = "klimaatcoach"\nis_general = true\nwerven = [2]')
    load(fixtures_dir=broken_copy)
    offer = Offer.objects.get(supporter__slug="iok", slug="klimaatcoach")
    assert offer.served_werf_numbers == [1, 2, 3, 4]


def test_offer_in_a_file_without_werf_is_refused_unless_general(db, broken_copy):
    new_offer_file(broken_copy, 'slug = "zonder-werf"\nis_general = false\nwerven = []')
    assert load_error(broken_copy).endswith(
        "aanbod-nieuw.toml, aanbod “zonder-werf”: werven: Kies minstens één werf, of vink “algemene "
        "ondersteuning” aan (dan telt het voor alle werven)."
    )
    assert_nothing_loaded()


def test_a_variant_loads_after_its_target_wherever_the_file_puts_it(db, broken_copy):
    path = broken_copy / "werven.toml"
    head, *targets = path.read_text(encoding="utf-8").split("\n[[target]]\n")
    (variant,) = [t for t in targets if 'slug = "werf2-renovaties-lekp2"' in t]
    targets.remove(variant)
    path.write_text("\n[[target]]\n".join([head, variant, *targets]), encoding="utf-8")
    load(fixtures_dir=broken_copy)
    assert Target.objects.get(slug="werf2-renovaties-lekp2").variant_of.slug == "werf2-renovaties"


def test_missing_fixtures_directory_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="bestaat niet"):
        load(fixtures_dir=tmp_path / "bestaat-niet")


def test_offer_file_without_supporter_is_an_error_and_unknown_files_are_named(db, broken_copy):
    (broken_copy / "extra.toml").write_text("x = 1\n", encoding="utf-8")
    replace_in(broken_copy / "aanbod-interleuven.toml", 'supporter = "interleuven"', "")
    with pytest.raises(CommandError, match="aanbod-interleuven.toml: bovenaan ontbreekt `supporter"):
        load(fixtures_dir=broken_copy)
    assert_nothing_loaded()
    (broken_copy / "aanbod-interleuven.toml").unlink()
    err = StringIO()
    call_command("load_seed", "--dry-run", "--fixtures-dir", str(broken_copy), stdout=StringIO(), stderr=err)
    assert "extra.toml wordt niet geladen" in err.getvalue()


# --- a new table is one declaration ---------------------------------------------------------------

# What a developer adds to seeding/tables.py for a new table; declared here only, to show it suffices.
GROUPS = Table("group", "groep", modelform_factory(Group, fields=["name"]), "groepen.toml", natural_key=("name",))


def test_a_table_declared_once_loads_through_the_same_loader_and_only_once(db, broken_copy):
    (broken_copy / "groepen.toml").write_text(
        '[[group]]\nname = "Werkgroep water"\n\n[[group]]\nname = "Werkgroep energie"\n', encoding="utf-8"
    )
    tables = [*TABLES, GROUPS]

    (*_, groups) = load_tables(read_fixtures(broken_copy, tables))
    assert [record.label for record in groups.added] == ["groep “Werkgroep water”", "groep “Werkgroep energie”"]
    assert Group.objects.filter(name__startswith="Werkgroep").count() == 2
    assert set(SeedRecord.objects.filter(kind="groep").values_list("key", flat=True)) == {
        "Werkgroep water",
        "Werkgroep energie",
    }

    Group.objects.get(name="Werkgroep water").delete()
    (*_, groups) = load_tables(read_fixtures(broken_copy, tables))
    assert groups.summary() == "Groepen: 0 toegevoegd, 2 overgeslagen"
    assert list(Group.objects.filter(name__startswith="Werkgroep").values_list("name", flat=True)) == [
        "Werkgroep energie"
    ]
    # The project's own tables were loaded beside it, each once.
    assert Offer.objects.count() == OFFER_TOTAL and SeedRecord.objects.count() == SEED_RECORDS + 2


# --- corrections in the files reach rows staff never edited -------------------------------------

CORRECTED = ("provincie-limburg", "centrum-duurzaam-groen")


@pytest.fixture
def seeded_before_the_correction(db, broken_copy):
    """The database as loaded from the files before the cost of Centrum Duurzaam Groen was corrected."""
    path = broken_copy / "aanbod-provincie-limburg.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index('slug = "centrum-duurzaam-groen"')
    at = text.index('cost = "gratis"', start)
    path.write_text(text[:at] + 'cost = "niet-vermeld"' + text[at + len('cost = "gratis"') :], encoding="utf-8")
    load(fixtures_dir=broken_copy)
    assert Offer.objects.get_by_natural_key(*CORRECTED).cost == Offer.Cost.NIET_VERMELD


def test_a_correction_reaches_a_row_only_the_loader_wrote(seeded_before_the_correction):
    offer = Offer.objects.get_by_natural_key(*CORRECTED)
    werven = set(offer.werven.values_list("number", flat=True))

    output = load()

    offer.refresh_from_db()
    assert offer.cost == Offer.Cost.GRATIS
    assert set(offer.werven.values_list("number", flat=True)) == werven
    assert "Aanbod: 0 toegevoegd, 50 overgeslagen, 1 bijgewerkt" in output
    assert "~ aanbod “centrum-duurzaam-groen” (fixtures/aanbod-provincie-limburg.toml)" in output
    newest = offer.history.order_by("-history_id").first()
    assert [row.history_change_reason for row in offer.history.order_by("history_id")] == [
        "startgegevens geladen",
        "startgegevens bijgewerkt",
    ]
    assert (newest.history_type, newest.cost, newest.history_user) == ("~", Offer.Cost.GRATIS, None)
    # A second load finds nothing to correct.
    before = counts()
    output = load()
    assert counts() == before
    assert "bijgewerkt" not in output


def test_dry_run_names_the_correction_and_writes_nothing(seeded_before_the_correction):
    output = load("--dry-run")
    assert "Aanbod: 0 toe te voegen, 50 overgeslagen, 1 bij te werken" in output
    assert Offer.objects.get_by_natural_key(*CORRECTED).cost == Offer.Cost.NIET_VERMELD


@pytest.mark.parametrize("by_a_user", [True, False], ids=["in-het-beheer", "zonder-gebruiker"])
def test_a_correction_leaves_a_row_staff_edited_alone(seeded_before_the_correction, django_user_model, by_a_user):
    offer = Offer.objects.get_by_natural_key(*CORRECTED)
    offer.title = "Centrum Duurzaam Groen (nagekeken)"
    if by_a_user:
        offer._history_user = django_user_model.objects.create_user("redacteur")
    offer.save()

    output = load()

    offer.refresh_from_db()
    assert (offer.title, offer.cost) == ("Centrum Duurzaam Groen (nagekeken)", Offer.Cost.NIET_VERMELD)
    assert "bijgewerkt" not in output


def test_a_change_without_history_also_counts_as_staff_editing(seeded_before_the_correction):
    Offer.objects.filter(slug=CORRECTED[1]).update(summary="Ingekort.")
    load()
    offer = Offer.objects.get_by_natural_key(*CORRECTED)
    assert (offer.summary, offer.cost) == ("Ingekort.", Offer.Cost.NIET_VERMELD)
