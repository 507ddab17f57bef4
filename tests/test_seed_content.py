"""The content of the seed data once loaded: counts, names, mapping decisions, exact phrases.

Loading everything (offers and the 285 municipalities with their outlines) takes seconds, and
these tests only read, so the data is loaded once for this module and removed after it.
"""

from decimal import Decimal

import pytest
from django.core.management import call_command
from seed_facts import (
    ALL_WERVEN,
    GENERAL_OFFERS,
    MONEY_WORDS,
    OFFER_TOTAL,
    OFFERS_PER_SUPPORTER,
    OFFERS_PER_WERF,
    SEED_RECORDS,
    cost_decisions,
    load,
    seeded_offers,
)

from offers.models import Offer, Project, PublicationStatus, Supporter
from seeding.models import SeedRecord
from werven.models import Target, Werf


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        output = load()
    yield output
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def seeded(seeded_once, db):
    return seeded_once


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


# --- cost and kind, read again (fixtures/README.md) ----------------------------------------------


@pytest.mark.parametrize(("slug", "words", "cost", "kind"), cost_decisions(), ids=lambda value: str(value)[:40])
def test_each_cost_decision_is_the_loaded_cost_and_kind(seeded, slug, words, cost, kind):
    offer = Offer.objects.get(slug=slug)
    assert words in offer.description, "the README quotes the words of the offer's own text"
    assert (offer.cost, offer.kind) == (cost, kind)


def test_every_offer_that_speaks_of_money_has_a_decision():
    decided = {slug for slug, *_ in cost_decisions()}
    speaking = {slug for slug, offer in seeded_offers().items() if MONEY_WORDS.search(offer["description"])}
    assert len(decided) >= 10
    assert speaking == decided


def test_an_offer_without_a_decision_states_no_cost():
    decided = {slug for slug, *_ in cost_decisions()}
    stated = {slug for slug, offer in seeded_offers().items() if offer.get("cost", "niet-vermeld") != "niet-vermeld"}
    assert stated <= decided
    assert stated == {
        "centrum-duurzaam-groen",
        "campagne-limburgse-klimaattuinen",
        "campagne-groendaken-en-groengevels",
    }
