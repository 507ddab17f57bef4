"""The site-wide search (/zoeken/, zoeken/) and the `q` of /aanbod/ that uses the same engine.

The table of queries runs on whichever database the suite runs on (CI runs it on SQLite and on
PostgreSQL); only typo tolerance needs PostgreSQL's pg_trgm and says so in its condition.
"""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from markup import attribute, find, find_all, page
from markup import text as text_of
from test_exports import exported_titles, listed_titles

from gemeenten.models import FormerMunicipality, Municipality
from offers.models import Offer, PublicationStatus
from zoeken import results
from zoeken.models import MAX_POSITION, Entry, tsvector
from zoeken.registry import KINDS, reindex
from zoeken.text import Query, Vocabulary, highlight, normalize, stem, vocabulary

ON_POSTGRESQL = connection.vendor == "postgresql"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
LEUVEN_PLAN = FIXTURES / "bestuursnota-leuven-2019-2024.txt"
LEUVEN_TAGS = FIXTURES / "plan-leuven-werven.toml"


def top_ten(query, kind):
    """The titles of the ten best hits of one kind, as /zoeken/?soort= lists them."""
    entries = Entry.objects.public().filter(kind=kind).matching(results.parse(query)).order_by("-rank", "title", "pk")
    return [entry.title for entry in entries[:10]]


# (what an official types, kind, a title that must be among the first ten of that kind)
REALISTIC = [
    ("laadpalen", "doelstellingen", "Per 100 inwoners 1 laadpunt tegen 2030 (=66.000 laadpunten)"),  # synonym+plural
    ("laadpalen", "werven", "Werf 3: Elke buurt deelt en is duurzaam bereikbaar"),
    ("deelauto", "aanbod", "Actieplan deelmobiliteit en mobipunten"),  # synonym
    ("deelauto", "aanbod", "Raamovereenkomst fietsleasing en gedeelde elektrische mobiliteit"),  # phrase synonym
    ("regenwater", "aanbod", "Samenaankoop regenwatertonnen"),  # compound
    ("hemelwater", "aanbod", "Samenaankoop regenwatertonnen"),  # synonym inside a compound
    ("bomen", "aanbod", "Campagne Klimaatbomen in Limburg"),  # compound part, plural
    ("boom", "aanbod", "Campagne Klimaatbomen in Limburg"),  # singular finds the plural
    ("Kortessem", "gemeenten", "Hasselt"),  # former municipality
    ("borgloon", "gemeenten", "Tongeren-Borgloon"),
    ("circulair", "projecten", "CIRCULER"),  # a project
    ("renovaties", "aanbod", "Energiezuinige nieuwbouw en renovatie van overheidsgebouwen"),  # plural
    ("ontharden", "aanbod", "Onthardingsprojecten op openbaar domein"),  # verb → noun in a compound
    ("PV", "aanbod", "Raamovereenkomst zonnepanelen op publieke gebouwen met burgerparticipatie"),
    ("gevelgroen", "aanbod", "Raamovereenkomst geveltuinen"),
    ("groepsaankoop", "aanbod", "Samenaankoop regenwatertonnen"),
    ("energiegemeenschappen", "aanbod", "Onderzoek naar een energiegemeenschap"),
    ("warmtenet", "aanbod", "Warmtenetten"),
    ("Provincie Limburg", "ondersteuners", "Provincie Limburg"),
    ("COÖPERATIEF", "doelstellingen", "1 coöperatief/participatief hernieuwbaar energieproject per 500 inwoners"),
    ("subsidie", "aanbod", "Provinciaal subsidiereglement"),
    ("mobipunten", "acties", "Leuven: actieprogramma 3.6, actie 143"),  # an action of Leuven's plan
    ("deelauto", "acties", "Leuven: actieprogramma 3.6, actie 139"),  # synonym (autodelen) in a plan action
]

BAD_INPUT = [
    "",
    "x" * 5000,
    "!!! ??? ...",
    "& | ! ( ) : * ' \"",
    "laad\x00paal",
    " ".join(["laadpaal", "subsidie", "gemeente", "water"] * 50),  # 200 words
    "de van het",
    "a:* | !b",
    "'laadpaal' & !water",
]


@pytest.fixture(scope="class")
def seed(django_db_setup, django_db_blocker):
    """The real seed, loaded (and indexed) once for the class, flushed after it."""
    with django_db_blocker.unblock():
        call_command("load_seed", stdout=StringIO(), stderr=StringIO())
        call_command(
            "import_plan",
            "--gemeente",
            "24062",
            str(LEUVEN_PLAN),
            "--werven",
            str(LEUVEN_TAGS),
            "--titel",
            "Bestuursnota 2019-2024",
            "--periode",
            "2019-2024",
            "--bron",
            "seed 004",
            stdout=StringIO(),
        )
        yield
        call_command("flush", interactive=False, verbosity=0)


@pytest.mark.usefixtures("seed", "db")
class TestWithTheSeed:
    @pytest.mark.parametrize(("query", "kind", "title"), REALISTIC, ids=[f"{q}-{k}" for q, k, _t in REALISTIC])
    def test_realistic_query_brings_its_result_in_the_first_ten(self, query, kind, title):
        found = top_ten(query, kind)
        assert any(found_title.startswith(title) for found_title in found), found

    def test_kortessem_finds_hasselt_on_the_page_first(self, client):
        document = page(client.get("/zoeken/?q=Kortessem"))
        (group,) = find_all(document, "section", class_="search-group")
        assert attribute(group, "id") == "soort-gemeenten"
        (link,) = find_all(group, "a")
        assert attribute(link, "href") == Municipality.objects.get(name="Hasselt").get_absolute_url()
        assert "Kortessem" in text_of(find_all(group, "mark")[0])

    def test_page_groups_by_kind_with_counts_links_and_highlights(self, client):
        response = client.get("/zoeken/?q=bomen")
        document = page(response)
        groups = response.context["outcome"].groups
        assert {"aanbod", "doelstellingen", "werven"} <= {group.key for group in groups}
        # Best match first: the groups follow their best hit's rank.
        headings = [text_of(h) for h in find_all(document, "h2") if (attribute(h, "id") or "").startswith("soort-")]
        assert headings == [f"{group.label} ({group.total})" for group in groups]
        hits = find_all(document, "li", class_="search-hit")
        assert all(find_all(hit, "a") and attribute(find_all(hit, "a")[0], "href").startswith("/") for hit in hits)
        marked = {text_of(mark) for mark in find_all(document, "mark")}
        assert {"Klimaatbomen", "bomen"} <= marked

    def test_a_kind_with_more_hits_than_shown_links_to_all(self, client):
        response = client.get("/zoeken/?q=leuven")
        (gemeenten,) = [group for group in response.context["outcome"].groups if group.key == "gemeenten"]
        assert gemeenten.total > len(gemeenten.hits) == 5
        document = page(response)
        link = find_all(find_all(document, "section", id="soort-gemeenten")[0], "p", class_="search-group__all")[0]
        all_page = client.get(attribute(find_all(link, "a")[0], "href"))
        assert all_page.context["outcome"].groups[0].total == gemeenten.total
        assert len(all_page.context["outcome"].groups[0].hits) == min(20, gemeenten.total)

    def test_offers_link_to_the_offer_list_with_the_same_query_and_the_same_count(self, client):
        response = client.get("/zoeken/?q=water")
        (offers,) = [group for group in response.context["outcome"].groups if group.key == "aanbod"]
        assert offers.list_url == "/aanbod/?q=water"
        assert client.get(offers.list_url).context["paginator"].count == offers.total

    @pytest.mark.parametrize(
        "params",
        [
            "q=deelauto",
            "q=regenwater&werf=4",
            "q=bomen&ondersteuner=provincie-limburg",
            "q=subsidie&sortering=ondersteuner",
        ],
    )
    @pytest.mark.parametrize("export_format", ["csv", "xlsx", "json"])
    def test_offer_list_and_its_exports_agree_row_for_row(self, client, params, export_format):
        listed = listed_titles(client, params)
        assert listed, params
        assert exported_titles(client, export_format, params) == listed

    def test_offer_list_q_combines_with_the_other_filters(self, client):
        everywhere = set(listed_titles(client, "q=regenwater"))
        in_limburg = set(listed_titles(client, "q=regenwater&ondersteuner=provincie-limburg"))
        assert in_limburg and in_limburg < everywhere
        assert "Samenaankoop regenwatertonnen" in everywhere

    @pytest.mark.parametrize("query", ["q=Kortessem", "q=water", "q=leuven&soort=gemeenten", "q=laadpuntne"])
    def test_the_page_takes_a_fixed_number_of_queries(self, client, django_assert_max_num_queries, query):
        # Two for the groups; a suggestion one more and its hits two more; a page of one kind two.
        with django_assert_max_num_queries(5):
            assert client.get(f"/zoeken/?{query}").status_code == 200

    @pytest.mark.skipif(not ON_POSTGRESQL, reason="typo tolerance uses pg_trgm: PostgreSQL only")
    def test_a_typo_still_finds_its_word_and_the_page_asks_did_you_mean(self, client):
        outcome = results.search("laadpuntne", 5)
        assert outcome.suggestion == "laadpunt"
        assert outcome.showing_suggestion
        assert "doelstellingen" in {group.key for group in outcome.groups}
        document = page(client.get("/zoeken/?q=klimaatbomn"))
        suggestion = find(document, "p", id="suggestie")
        assert text_of(suggestion).startswith("Bedoelde je klimaatbomen")
        assert attribute(find_all(suggestion, "a")[0], "href") == "/zoeken/?q=klimaatbomen"

    def test_a_well_spelled_query_gets_no_suggestion(self):
        assert results.search("regenwater", 5).suggestion == ""

    @pytest.mark.parametrize("query", BAD_INPUT, ids=range(len(BAD_INPUT)))
    def test_bad_input_gives_a_page_never_an_error(self, client, query):
        for address in ("/zoeken/", "/aanbod/", "/aanbod/export.csv"):
            assert client.get(address, {"q": query}).status_code == 200, address

    def test_bad_input_is_explained_in_dutch(self, client):
        cases = {
            "x" * 5000: "De zoekterm is te lang",
            "& | ! ( ) : * ' \"": "bevat geen woord om naar te zoeken",
            "de van het": "bevat geen woord om naar te zoeken",
            " ".join(["laadpaal", "water"] * 100): "Enkel de eerste 10 woorden",
        }
        for query, message in cases.items():
            notices = page(client.get("/zoeken/", {"q": query}))
            (alert,) = find_all(notices, "div", role="alert")
            assert message in text_of(alert), query
        unknown_kind = page(client.get("/zoeken/", {"q": "water", "soort": "bestaat-niet"}))
        assert "bestaat niet" in text_of(find_all(unknown_kind, "div", role="alert")[0])

    def test_reindex_rebuilds_what_bulk_paths_skipped(self):
        Entry.objects.all().delete()
        assert top_ten("Kortessem", "gemeenten") == []
        out = StringIO()
        call_command("reindex_search", stdout=out)
        assert "gemeenten: 285 rijen" in out.getvalue()
        assert top_ten("Kortessem", "gemeenten") == ["Hasselt"]


# --- the index follows every save -------------------------------------------------------------


def test_saving_deleting_and_unpublishing_keep_the_index_current(werven, make_supporter, make_offer):
    supporter = make_supporter("iok", name="IOK")
    offer = make_offer(supporter, werven=[werven[3]], title="Laadpunten op maat")
    assert list(Offer.objects.search("laadpalen")) == [offer]
    offer.title = "Deelwagens op maat"
    offer.save()
    assert list(Offer.objects.search("laadpalen")) == []
    assert list(Offer.objects.search("autodelen")) == [offer]
    offer.status = PublicationStatus.CONCEPT
    offer.save()
    # The admin still finds a concept; the public search does not.
    assert list(Offer.objects.search("autodelen")) == [offer]
    assert top_ten("autodelen", "aanbod") == []
    offer.delete()
    assert not Entry.objects.filter(kind="aanbod").exists()


def test_a_supporter_rename_updates_the_addresses_of_its_offers(werven, make_supporter, make_offer):
    supporter = make_supporter("iok", name="IOK")
    offer = make_offer(supporter, werven=[werven[1]], title="Klimaatbomen")
    supporter.slug = "iok-kempen"
    supporter.save()
    offer.refresh_from_db()
    assert Entry.objects.get(kind="aanbod", object_id=offer.pk).url == offer.get_absolute_url()
    assert "iok-kempen" in offer.get_absolute_url()


def test_a_new_former_name_finds_its_municipality(db):
    municipality = Municipality.objects.create(
        nis_code="99001",
        name="Nieuwstad",
        province="Limburg",
        arrondissement="Hasselt",
        inhabitants=1,
        inhabitants_on="2020-01-01",
    )
    assert top_ten("Oudedorp", "gemeenten") == []
    FormerMunicipality.objects.create(municipality=municipality, nis_code="99002", name="Oudedorp")
    assert top_ten("oudedorp", "gemeenten") == ["Nieuwstad"]


def test_every_domain_app_declares_its_kinds():
    assert list(KINDS) == ["werven", "doelstellingen", "aanbod", "ondersteuners", "projecten", "gemeenten", "acties"]


def test_reindex_counts_every_kind(db):
    assert reindex() == dict.fromkeys(KINDS, 0)


# --- the text engine ---------------------------------------------------------------------------


def test_stemming_unifies_the_forms_officials_type():
    assert stem("bomen") == stem("boom")
    assert stem("laadpalen") == stem("laadpaal")
    assert stem("renovaties") == stem("renovatie")
    assert normalize("  Coöperatief\nÉnergie ") == "cooperatief energie"


def test_synonyms_phrases_and_compound_parts(tmp_path):
    synonyms = tmp_path / "synoniemen.txt"
    synonyms.write_text("# commentaar\ndeelauto, gedeelde mobiliteit\nfietsbieb, fietsbibliotheek\n")
    parts = tmp_path / "woorddelen.txt"
    parts.write_text("bomen\n")
    vocab = Vocabulary.read(synonyms, parts)
    query = Query.parse("Gedeelde mobiliteit in Leuven", vocab)
    assert query.units[0] == ((stem("gedeelde"), stem("mobiliteit")), (stem("deelauto"),))
    assert query.units[1] == ((stem("leuven"),),)
    assert stem("boom") in vocab.parts_of("klimaatbomen")
    assert vocab.parts_of("bomen") == set()  # a word is no part of itself
    assert Query.parse("fietsbibliotheek", vocab).units == (((stem("fietsbibliotheek"),), (stem("fietsbieb"),)),)


def test_the_staff_synonym_file_counts_at_once(settings, tmp_path, werven, make_supporter, make_offer):
    offer = make_offer(make_supporter(), werven=[werven[3]], title="Fietsbieb in je buurt")
    assert list(Offer.objects.search("fietsbibliotheek")) == []
    extended = tmp_path / "synoniemen.txt"
    extended.write_text(settings.ZOEKEN_SYNONIEMEN.read_text(encoding="utf-8") + "fietsbieb, fietsbibliotheek\n")
    settings.ZOEKEN_SYNONIEMEN = extended
    assert list(Offer.objects.search("fietsbibliotheek")) == [offer]


def test_highlight_escapes_the_text_and_cuts_around_the_first_hit():
    vocab = vocabulary()
    query = Query.parse("bomen", vocab)
    assert highlight("<b>Klimaatbomen</b> & bomen", query, vocab) == (
        "&lt;b&gt;<mark>Klimaatbomen</mark>&lt;/b&gt; &amp; <mark>bomen</mark>"
    )
    long_text = " ".join(["woord"] * 100 + ["bomen"] + ["woord"] * 100)
    snippet = highlight(long_text, query, vocab, limit=20)
    assert snippet.startswith("… ") and snippet.endswith(" …") and "<mark>bomen</mark>" in snippet
    assert len(snippet.split()) < 30


def test_every_page_has_the_search_box_in_its_header(client, db):
    document = page(client.get("/"))
    (header,) = find_all(document, "header", class_="site-header")
    (form,) = find_all(header, "form", role="search")
    assert attribute(form, "action") == "/zoeken/"
    (field,) = find_all(form, "input", name="q")
    assert attribute(field, "id") in {attribute(label, "for") for label in find_all(form, "label")}


def _werven_entries(count):
    """``count`` index rows of one kind that answer "zonnewarmte", written straight into the index."""
    entries = []
    for n in range(count):
        entry = Entry(kind="werven", object_id=n + 1, title=f"Zonnewarmte {n}", url=f"/werven/{n}/", text="zonnewarmte")
        entry.set_terms({"A": f"zonnewarmt nummer{n}"})
        entries.append(entry)
    Entry.objects.bulk_create(entries)


@pytest.mark.parametrize(("hits", "shown"), [(3, "3"), (results.COUNTED + 50, f"meer dan {results.COUNTED}")])
def test_the_page_takes_the_same_queries_for_few_and_many_hits(client, db, hits, shown):
    _werven_entries(hits)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/zoeken/?q=zonnewarmte")
    # The groups and the texts of the hits shown: two, whether 3 or 250 rows answer.
    assert len(queries) == 2
    (group,) = response.context["outcome"].groups
    assert len(group.hits) == min(hits, 5)
    assert group.capped == (hits > results.COUNTED)
    document = page(response)
    assert text_of(find(document, "span", class_="search-group__count")) == f"({shown})"
    assert text_of(find(document, "p", class_="result-count")).startswith("Meer dan 200" if group.capped else "3 ")


def test_the_index_vector_is_what_postgresql_would_make_of_the_terms():
    assert tsvector({"A": "laadpaal subsidie laadpaal", "B": "gemeent", "C": "deel mobil"}) == (
        "'laadpaal':1A,3A 'subsidie':2A 'gemeent':4B 'deel':5C 'mobil':6C"
    )
    assert tsvector({"A": "laadpaal", "B": "gemeent", "C": "deel"}, ("A", "B")) == "'laadpaal':1A 'gemeent':2B"
    # PostgreSQL's limits: a lexeme of more than 2,047 bytes is left out, positions stop at 16,383.
    assert tsvector({"A": "x" * 3000}) == ""
    assert tsvector({"C": "woord " * 20000}).count(",") == 254
    assert tsvector({"C": "woord " * 20000 + "eind"}).endswith(f"'eind':{MAX_POSITION}C")


@pytest.mark.parametrize("text", ["x" * 5000, "é" * 1500, "laad\x00paal", "& | ! ( ) : * ' \"", "²³ ½"])
def test_every_search_method_takes_any_text_uncut(db, text):
    # The admin and other callers may pass what no form has cut to length.
    assert list(Offer.objects.search(text)) == []
    assert list(Municipality.objects.search(text)) == []


@pytest.mark.skipif(not ON_POSTGRESQL, reason="compares with PostgreSQL's own to_tsvector")
def test_the_python_vector_equals_postgresqls_own(db):
    texts = {"A": "laadpaal subsidie laadpaal", "B": "gemeent", "C": "deel mobil 2030 co2"}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT %s::tsvector = setweight(to_tsvector('simple', %s), 'A')"
            " || setweight(to_tsvector('simple', %s), 'B') || setweight(to_tsvector('simple', %s), 'C')",
            [tsvector(texts), texts["A"], texts["B"], texts["C"]],
        )
        assert cursor.fetchone() == (True,)


def test_the_empty_page_asks_for_a_term(client, db):
    response = client.get("/zoeken/")
    assert response.status_code == 200
    assert response.context["outcome"].groups == []
