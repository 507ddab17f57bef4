"""The seed data (fixtures/*.toml) and its loader `load_seed`, against a real database.

Expected numbers come from reading the source texts in ../shared/seeds/ (see fixtures/README.md).
"""

import shutil
from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.forms import modelform_factory

from offers.models import Offer, Project, PublicationStatus, Supporter
from seeding.loader import load as load_tables
from seeding.loader import read_fixtures
from seeding.models import SeedRecord
from seeding.tables import TABLES, Table
from werven.models import Target, Werf

FIXTURES = settings.BASE_DIR / "fixtures"
ALL_WERVEN = {1, 2, 3, 4}

# Offers per supporter as read in the sources: Interleuven one per bullet of sections 1-5 minus
# the one bullet repeated word for word (22); IOK one per theme 1-7 plus one per bullet of
# theme 8 (7 + 4 = 11); Limburg 7 + 5 (C-REAL and Warmtefoto split) + 2 + 2 new on werf 4 +
# SURE2050 + the subsidy regulation (18).
OFFERS_PER_SUPPORTER = {"interleuven": 22, "iok": 11, "provincie-limburg": 18}

# Offers tagged with each werf, per supporter. Interleuven: the 11 general offers carry every werf,
# plus section 2 (1), 3 (4), 4 (4) and 5 (2). IOK and Limburg: the mapping in their fixtures'
# notes (written by the transcriber of those files), checked here so a change is a conscious one.
OFFERS_PER_WERF = {
    "interleuven": {1: 12, 2: 15, 3: 15, 4: 13},
    "iok": {1: 4, 2: 8, 3: 4, 4: 5},
    "provincie-limburg": {1: 8, 2: 7, 3: 3, 4: 8},
}
GENERAL_OFFERS = {"interleuven": 11, "iok": 3, "provincie-limburg": 1}
OFFER_TOTAL = 51
# werven, supporters, targets, offers, projects, municipalities, former municipalities, outlines, services
SEED_RECORDS = 4 + 3 + 14 + OFFER_TOTAL + 1 + 285 + 28 + 285 + 96


def load(*args, fixtures_dir=None):
    out = StringIO()
    if fixtures_dir is not None:
        args = (*args, "--fixtures-dir", str(fixtures_dir))
    call_command("load_seed", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def seeded(db):
    return load()


@pytest.fixture
def broken_copy(tmp_path):
    """A private copy of fixtures/ that a test may break."""
    copy = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, copy)
    return copy


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


def test_first_load_reports_what_it_added_per_model(seeded):
    assert "Werven: 4 toegevoegd, 0 overgeslagen" in seeded
    assert "Ondersteuners: 3 toegevoegd, 0 overgeslagen" in seeded
    assert "Doelstellingen: 14 toegevoegd, 0 overgeslagen" in seeded
    assert f"Aanbod: {OFFER_TOTAL} toegevoegd, 0 overgeslagen" in seeded
    assert "Inspiratieprojecten: 1 toegevoegd, 0 overgeslagen" in seeded


def test_model_counts(seeded):
    assert list(Werf.objects.values_list("number", flat=True)) == [1, 2, 3, 4]
    assert set(Supporter.objects.values_list("slug", flat=True)) == {"interleuven", "iok", "provincie-limburg"}
    assert Target.objects.filter(pact_version="1.0").count() == 11
    assert Target.objects.filter(pact_version="2.0").count() == 3
    assert Offer.objects.count() == OFFER_TOTAL == sum(OFFERS_PER_SUPPORTER.values())
    assert list(Project.objects.values_list("slug", flat=True)) == ["circuler"]
    assert SeedRecord.objects.count() == SEED_RECORDS


def test_werven_names_and_themes(seeded):
    werven = {w.number: w for w in Werf.objects.all()}
    assert werven[1].name == "Laten we een boom opzetten" and werven[1].theme == "vergroening"
    assert werven[2].name == "Verrijk je wijk"
    assert werven[2].theme == "energiebesparende renovatie en coöperatieve energieprojecten"
    assert werven[3].name == "Elke buurt deelt en is duurzaam bereikbaar"
    assert werven[3].theme == "elektrische deelwagens, laadpunten en fietspaden"
    assert werven[4].name == "Water is het nieuwe goud"
    assert werven[4].theme == "ontharding en opvang- en infiltratiecapaciteit"


def test_targets_per_werf(seeded):
    per_werf = {n: Target.objects.filter(werf__number=n).count() for n in ALL_WERVEN}
    assert per_werf == {1: 3, 2: 5, 3: 4, 4: 2}


@pytest.mark.parametrize("slug", OFFERS_PER_SUPPORTER)
def test_offers_per_supporter(seeded, slug):
    assert Offer.objects.filter(supporter__slug=slug).count() == OFFERS_PER_SUPPORTER[slug]
    assert Offer.objects.filter(supporter__slug=slug, is_general=True).count() == GENERAL_OFFERS[slug]


@pytest.mark.parametrize("slug", OFFERS_PER_WERF)
def test_offers_per_werf_per_supporter(seeded, slug):
    offers = Offer.objects.filter(supporter__slug=slug)
    tagged = {n: offers.filter(werven__number=n).count() for n in ALL_WERVEN}
    assert tagged == OFFERS_PER_WERF[slug]
    # General offers carry every werf, so filtering per werf finds the same offers either way.
    assert {n: offers.serving_werven([n]).count() for n in ALL_WERVEN} == tagged


def test_offers_per_werf_over_all_supporters(seeded):
    for number in ALL_WERVEN:
        expected = sum(per_werf[number] for per_werf in OFFERS_PER_WERF.values())
        assert Offer.objects.published().serving_werven([number]).count() == expected


def test_general_offers_carry_all_four_werven_and_others_at_least_one(seeded):
    assert Offer.objects.filter(is_general=True).count() >= 11
    for offer in Offer.objects.prefetch_related("werven"):
        numbers = {w.number for w in offer.werven.all()}
        if offer.is_general:
            assert numbers == ALL_WERVEN, offer.slug
        else:
            assert numbers, offer.slug


def test_seed_offers_and_project_are_published_with_a_history_reason(seeded):
    assert not Offer.objects.exclude(status=PublicationStatus.PUBLISHED).exists()
    assert Project.objects.get().status == PublicationStatus.PUBLISHED
    offer = Offer.objects.get(supporter__slug="interleuven", slug="raamovereenkomst-geveltuinen")
    assert offer.history.filter(history_type="+", history_change_reason="startgegevens geladen").exists()
    # One row with the werven, not a second "werven: [] → [1]" row from the m2m signal.
    (row,) = offer.history.all()
    assert [r.werf.number for r in row.werven.all()] == [w.number for w in offer.werven.all()]


PHRASES = {
    "interleuven": [
        "regenwatertonnen",
        "‘vergroeningscoach’ en ‘hard tegen verharding’",
        "Keiberg-Vossem (Tervuren)",
        "trage wegenplannen",
        "Hoppin-/Mobipunten",
        "territoriaal coördinator van het Burgemeestersconvenant",
    ],
    "iok": ["warmtemakelaar", "Behaag onze Kempen", "Atelier Ruimte Kempen", "rollend capaciteitsfonds"],
    "provincie-limburg": ["Hoppinpunten", "Klimaatbomen in Limburg", "SURE2050", "de Klimaattuincoach"],
}


@pytest.mark.parametrize("supporter", PHRASES)
def test_exact_phrases_per_supporter(seeded, supporter):
    offers = Offer.objects.filter(supporter__slug=supporter)
    missing = [phrase for phrase in PHRASES[supporter] if not offers.filter(description__contains=phrase).exists()]
    assert missing == []


def test_interleuven_offer_mapping_decisions(seeded):
    offers = Offer.objects.filter(supporter__slug="interleuven").prefetch_related("werven")
    werven = {o.slug: {w.number for w in o.werven.all()} for o in offers}
    # Word-for-word repeat in sections 1 and 5: one general offer.
    repeated = "Onder meer de projecten ‘vergroeningscoach’ en ‘hard tegen verharding’"
    assert offers.filter(description__contains=repeated).count() == 1
    assert werven["projectbegeleiding-vergroeningscoach-hard-tegen-verharding"] == ALL_WERVEN
    # Restatements in sections 2-5 are offers for their werf next to the general one.
    assert werven["raamovereenkomsten"] == ALL_WERVEN
    assert werven["raamovereenkomst-geveltuinen"] == {1}
    assert werven["raamovereenkomst-zonnepanelen-burgerenergie"] == {2}
    assert werven["raamovereenkomst-fietsleasing-deelmobiliteit"] == {3}
    assert werven["samenaankopen-regenwatertonnen-luchtfotos"] == {2}
    assert werven["samenaankoop-regenwatertonnen"] == {4}
    assert werven["onthardingsprojecten-openbaar-domein"] == {4}
    igemo = offers.get(slug="igemo-aankoopcentrale-duurzame-voertuigen")
    assert igemo.partner_list == ["IGEMO"] and igemo.kind == Offer.Kind.RAAMOVEREENKOMST
    patrimony = set(offers.filter(concerns_patrimony=True).values_list("slug", flat=True))
    assert patrimony == {
        "raamovereenkomsten",
        "raamovereenkomst-zonnepanelen-burgerenergie",
        "energiezuinige-overheidsgebouwen",
    }
    assert not offers.exclude(cost=Offer.Cost.NIET_VERMELD).exists()


def test_limburg_refers_back_instead_of_copying(seeded):
    offers = Offer.objects.filter(supporter__slug="provincie-limburg")
    assert offers.filter(title__icontains="klimaattuinen").count() == 1
    klimaattuinen = offers.get(title__icontains="klimaattuinen")
    assert {w.number for w in klimaattuinen.werven.all()} == {1, 4}
    subsidie = offers.get(kind=Offer.Kind.SUBSIDIE, is_general=True)
    assert {w.number for w in subsidie.werven.all()} == ALL_WERVEN


def test_supporters_contact_data_exactly_as_published(seeded):
    interleuven = Supporter.objects.get(slug="interleuven")
    assert interleuven.website == "https://www.interleuven.be"
    assert (interleuven.contact_person, interleuven.phone) == ("Geert Keldermans", "016 28 42 75")
    assert interleuven.email == "geert.keldermans@interleuven.be"
    assert interleuven.short_explanation.startswith("Interleuven is een 'Intergemeentelijke dienstverlenende")
    assert interleuven.short_explanation.endswith("We zullen ook sterk inzetten op technologische innovatie.")
    iok = Supporter.objects.get(slug="iok")
    assert (iok.website, iok.contact_person, iok.phone) == ("https://www.iok.be", "Steven Heylen", "014/564.269")
    assert iok.email == "steven.heylen@iok.be"
    assert iok.region == "de 29 Kempense gemeenten"
    assert iok.short_explanation.endswith("Alle 29 Kempense gemeenten doen mee.")
    assert iok.kind == interleuven.kind == Supporter.Kind.INTERCOMMUNALE


def test_provincie_limburg_has_no_contact_data_but_keeps_its_bullets(seeded):
    limburg = Supporter.objects.get(slug="provincie-limburg")
    assert limburg.kind == Supporter.Kind.PROVINCIE
    assert (limburg.website, limburg.contact_person, limburg.phone, limburg.email) == ("", "", "", "")
    assert not limburg.has_contact
    assert "\n- de procesondersteuning: hoe pak je dit aan binnen de gemeente?\n" in limburg.short_explanation
    assert limburg.short_explanation.endswith("voor lokale besturen en de provinciale partners.")


def test_iok_lekp2_variants_are_linked_to_iok_and_to_their_lekp1_targets(seeded):
    iok = Supporter.objects.get(slug="iok")
    variants = Target.objects.filter(pact_version="2.0").prefetch_related("stated_by")
    assert {t.slug for t in variants} == {
        "werf2-renovaties-lekp2",
        "werf3-laadequivalenten-lekp2",
        "werf2-klimaattafel-lekp2",
    }
    for target in variants:
        assert list(target.stated_by.all()) == [iok]
    renovaties = Target.objects.get(slug="werf2-renovaties-lekp2")
    assert renovaties.variant_of.slug == "werf2-renovaties"
    assert "waarvan 25 fossielvrije renovaties" in renovaties.text
    laden = Target.objects.get(slug="werf3-laadequivalenten-lekp2")
    assert laden.variant_of.slug == "werf3-laadpunten"
    assert (laden.quantity, laden.unit, laden.per_count) == (Decimal("1.5"), "laadequivalenten", 100)
    assert laden.flemish_total == "99.000 laadpunten"
    klimaattafel = Target.objects.get(slug="werf2-klimaattafel-lekp2")
    assert (klimaattafel.horizon, klimaattafel.basis, klimaattafel.per_count) == ("eind-2024", "wooneenheid", 1000)
    assert klimaattafel.variant_of is None  # a new LEKP 2.0 target, not an adaptation
    # IOK states the unchanged LEKP 1.0 targets too, but not the ones its variants replace.
    iok_lekp1 = set(iok.targets.filter(pact_version="1.0").values_list("slug", flat=True))
    assert len(iok_lekp1) == 8
    assert not iok_lekp1 & {"werf2-renovaties", "werf3-laadpunten", "werf2-energiegemeenschappen"}


@pytest.mark.parametrize("slug", ["interleuven", "provincie-limburg"])
def test_interleuven_and_limburg_state_the_eleven_lekp1_targets(seeded, slug):
    stated = Supporter.objects.get(slug=slug).targets.all()
    assert stated.count() == 11 and not stated.exclude(pact_version="1.0").exists()


def test_target_numbers(seeded):
    bomen = Target.objects.get(slug="werf1-bomen")
    assert (bomen.quantity, bomen.unit, bomen.basis, bomen.per_count) == (1, "bomen", "inwoner", 1)
    assert bomen.flemish_total == "6,6 miljoen bomen"
    assert Target.objects.get(slug="werf1-haag").quantity == Decimal("0.5")
    projecten = Target.objects.get(slug="werf2-energieprojecten")
    assert (projecten.per_count, projecten.flemish_total) == (500, "12.000 projecten")
    assert not Target.objects.get(slug="werf2-energiegemeenschappen").has_numbers


def test_evident_typos_are_corrected(seeded):
    texts = [t.text for t in Target.objects.all()]
    texts += [w.theme for w in Werf.objects.all()]
    texts += [o.description for o in Offer.objects.filter(supporter__slug="interleuven")]
    texts += [Project.objects.get().financing]
    joined = "\n".join(texts)
    for typo in ("perojecten", "regenwaer", "ontharding een opvang", "Subsdies"):
        assert typo not in joined
    assert "(+12.000 projecten in 2030)" in Target.objects.get(slug="werf2-energieprojecten").text
    assert "extra regenwater dat wordt opgevangen" in Target.objects.get(slug="werf4-opvang").text


def test_circuler_project_has_every_field_of_its_card(seeded):
    project = Project.objects.get(slug="circuler")
    assert project.title == "CIRCULER" and project.lead_supporter.slug == "interleuven"
    assert {w.number for w in project.werven.all()} == {2, 3, 4}
    assert project.theme_list == [
        "Water",
        "Materialen",
        "Energie",
        "Ruimtelijke ordening",
        "Beleid",
        "Mobiliteit",
        "Omgeving",
    ]
    assert project.external_partner_list[1] == "C-valley: bedrijventerreinvereniging bedrijventerreinen Haasrode"
    assert len(project.external_partner_list) == 11 and project.external_partner_list[-1] == "Levuur"
    assert project.collaborating_government_list == ["Stad Leuven", "POM Vlaams-Brabant", "Leiedal en WVI"]
    assert str(project.start_date) == "2019-01-01"
    assert (project.investment, project.hiring, project.municipality) == ("50.000-250.000 euro", "Geen", "Leuven")
    assert (project.contact_person, project.email) == ("Kirsten Bal", "kirsten.bal@interleuven.be")
    assert project.website == "CIRCULER"
    assert project.short_description.startswith("Buurtbewoners, experten, universiteiten")
    assert project.reason.endswith("willen we komen tot een circulair bedrijventerrein.")
    assert project.collaboration_note == "Het project wordt getrokken door Interleuven."
    assert project.partners_note == "De partners zijn ofwel gebiedsexpert ofwel expert in een bepaald thema."
    assert len(project.success_factor_list) == 2 and len(project.pitfall_list) == 1
    assert project.challenge_list == [
        "Tot kenniscreatie komen binnen een beperkte tijd en gegeven budget",
        "Representatie van de positie/mening van bedrijven op het bedrijventerrein.",
    ]
    assert project.departments.startswith("Team bedrijventerreinen (trekker)")


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
