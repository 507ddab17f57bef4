"""The plan reader (plannen/parser.py) on small texts, one per trap of the PDF text, and on the real plan."""

import pytest
from seed_facts import FIXTURES

from plannen.parser import PlanSyntaxError, decode, join_line, parse
from plannen.rules import suggested_werven

LEUVEN_PLAN = FIXTURES / "bestuursnota-leuven-2019-2024.txt"
# Counted by reading the plan: numbering restarts at 1 in each programme (fixtures/README.md).
LEUVEN_COUNTS = {1: 52, 2: 90, 3: 161, 4: 164, 5: 201, 6: 120, 7: 179, 8: 139, 9: 95, 10: 111}


def plan(*lines):
    return parse("\n".join(lines))


def only(parsed, programme, number):
    [action] = [a for a in parsed.actions if (a.programme, a.number) == (programme, number)]
    return action


def test_the_real_plan_has_1312_actions_with_the_counts_per_programme():
    parsed = parse(decode(LEUVEN_PLAN.read_bytes()))
    assert parsed.counts() == LEUVEN_COUNTS
    assert len(parsed.actions) == sum(LEUVEN_COUNTS.values()) == 1312
    assert len(parsed.action_programmes) == 57
    citation = only(parsed, 3, 143)
    assert (citation.action_programme, citation.first_line) == (6, 2674)
    assert citation.text.startswith("We zetten verder in op deelmobiliteit en rollen een netwerk uit van Mobipunten")
    assert [p.title for p in parsed.programmes][8] == "BRUISENDE STAD MET VOOR ELK WAT WILS"


def test_text_before_the_first_programme_is_no_action():
    # The introduction numbers its principles 1-5 too.
    parsed = plan("Principes", "1. Stad voor iedereen", "", "PROGRAMMA 1: STAD", "1. Eerste actie.")
    assert [(a.programme, a.number, a.text) for a in parsed.actions] == [(1, 1, "Eerste actie.")]


def test_a_line_starting_with_spaces_at_the_top_of_a_page_is_an_ordinary_line():
    parsed = plan("PROGRAMMA 1: STAD", "1. Een actie die", "", " doorloopt op de volgende pagina.", " 2. Tweede.")
    assert [a.text for a in parsed.actions] == ["Een actie die doorloopt op de volgende pagina.", "Tweede."]


def test_a_lone_page_number_is_left_out_even_in_the_middle_of_a_sentence():
    parsed = plan(
        "PROGRAMMA 1: STAD", "1. Het leven in de kern zo", "", " ", "55 ", " ", "", "aangenaam mogelijk.", "2. X."
    )
    assert only(parsed, 1, 1).text == "Het leven in de kern zo aangenaam mogelijk."
    assert len(parsed.actions) == 2


def test_headings_broken_over_two_lines_are_joined():
    parsed = plan(
        " PROGRAMMA 1: VERBONDEN, BETROKKEN EN ",
        "",
        "PARTICIPATIEVE STAD ",
        " ",
        "Actieprogramma 1.1 We stimuleren ontmoeting via (ondersteuning werking en activiteiten ",
        "van) buurten. ",
        "",
        "1. Actie.",
    )
    assert parsed.programmes[0].title == "VERBONDEN, BETROKKEN EN PARTICIPATIEVE STAD"
    assert (
        parsed.action_programmes[0].title
        == "We stimuleren ontmoeting via (ondersteuning werking en activiteiten van) buurten."
    )


def test_a_sub_heading_in_capitals_is_not_part_of_the_action_before_it():
    parsed = plan(
        "PROGRAMMA 4: STAD",
        "1. Projecten moeten het landschap versterken.",
        " HEMELWATERPLAN EN ONTHARDEN ",
        "",
        "Een inleidende alinea die geen actie is.",
        "2. We ontharden.",
    )
    assert only(parsed, 4, 1).text == "Projecten moeten het landschap versterken."
    assert only(parsed, 4, 2).heading == "HEMELWATERPLAN EN ONTHARDEN"


def test_a_short_sub_heading_of_its_own_and_a_lead_in_with_a_colon_are_not_part_of_the_action_before():
    parsed = plan(
        "PROGRAMMA 3: STAD",
        "1. We ondersteunen autodeelaanbieders. ",
        "",
        "Uitbouw Mobility as a Service (MaaS), waarbij alle vervoerwijzen gebundeld op één platform ",
        "",
        "beschikbaar zijn voor de gebruikers:  ",
        "2. Leuven is coördinator.",
        " ",
        "Groenplan ",
        "",
        "3. Een groenplan.",
    )
    assert only(parsed, 3, 1).text == "We ondersteunen autodeelaanbieders."
    assert only(parsed, 3, 2).heading.startswith("Uitbouw Mobility as a Service (MaaS)")
    assert only(parsed, 3, 2).text == "Leuven is coördinator."
    assert only(parsed, 3, 3).heading == "Groenplan"


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        # The PDF breaks lines only at real hyphens: every line-end hyphen in the plan is kept.
        ("provincie Vlaams-", "Brabant). Deze", "provincie Vlaams-Brabant). Deze"),
        ("marktkasten, laad- ", "en loszones", "marktkasten, laad- en loszones"),
        ("een ‘third-space’- ", "toets.", "een ‘third-space’-toets."),
        ("Keizersberg, Sint- ", "Geertruiabdij", "Keizersberg, Sint-Geertruiabdij"),
        ("het outdoor- ", "(voetbalterreinen)", "het outdoor- (voetbalterreinen)"),
        ("gewoon ", "verder", "gewoon verder"),
    ],
)
def test_a_hyphen_at_the_end_of_a_line_is_kept(first, second, joined):
    assert join_line(first.strip(), second.strip()) == joined
    parsed = plan("PROGRAMMA 1: STAD", f"1. {first}", "", second)
    assert parsed.actions[0].text == joined


def test_a_bullet_list_inside_an_action_is_kept_as_a_list():
    parsed = plan(
        "PROGRAMMA 8: STAD",
        "1. We screenen sportinfrastructuur: ",
        " ",
        "• Het gebruik van een warmtenet. ",
        "",
        "• Regenwaterputten voorzien, door de putten in kaart te brengen ",
        "",
        "en te gebruiken.  ",
        "Investeren in sportinfrastructuur: ",
        "2. We ondersteunen sportclubs.",
    )
    action = only(parsed, 8, 1)
    assert action.text == "We screenen sportinfrastructuur:"
    assert action.items == [
        "Het gebruik van een warmtenet.",
        "Regenwaterputten voorzien, door de putten in kaart te brengen en te gebruiken.",
    ]
    assert only(parsed, 8, 2).heading == "Investeren in sportinfrastructuur:"


def test_actions_before_the_first_action_programme_belong_to_the_programme_alone():
    parsed = plan("PROGRAMMA 2: WONEN", "1. Woonbeleidsplan.", "Actieprogramma 2.1 Sociale huisvesting.", "2. Meer.")
    assert [(a.number, a.action_programme) for a in parsed.actions] == [(1, None), (2, 1)]


def test_numbering_restarts_per_programme_and_runs_on_across_its_action_programmes():
    parsed = plan(
        "PROGRAMMA 1: A",
        "Actieprogramma 1.1 Een.",
        "1. a",
        "Actieprogramma 1.2 Twee.",
        "2. b",
        "PROGRAMMA 2: B",
        "Actieprogramma 2.1 Een.",
        "1. c",
    )
    assert [(a.programme, a.action_programme, a.number) for a in parsed.actions] == [(1, 1, 1), (1, 2, 2), (2, 1, 1)]


def test_first_and_last_lines_point_into_the_source():
    parsed = plan("PROGRAMMA 1: A", "", "1. Een", "", "twee", "", " ", "2. Drie")
    assert [(a.first_line, a.last_line) for a in parsed.actions] == [(3, 5), (8, 8)]


# -- malformed input: a Dutch message with the line number ----------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("Inleiding\n1. Iets\n2. Meer\n", 4, "geen programmakop"),
        ("PROGRAMMA 1: A\n1. a\n2. b\n2. c\n", 4, "gaat achteruit"),
        ("PROGRAMMA 1: A\n1. a\n3. c\n", 3, "actie 2 ontbreekt"),
        ("PROGRAMMA 1: A\n1. a\nPROGRAMMA 3: C\n1. c\n", 3, "programma 2 werd verwacht"),
        ("Actieprogramma 1.1 Eerst.\nPROGRAMMA 1: A\n", 1, "vóór de eerste programmakop"),
        ("PROGRAMMA 1: A\nActieprogramma 2.1 Fout.\n1. a\n", 2, "staat in programma 1"),
        ("PROGRAMMA 1: A\nTekst zonder acties.\n", 3, "geen enkele genummerde actie"),
    ],
)
def test_malformed_text_names_its_line(text, line, words):
    with pytest.raises(PlanSyntaxError) as error:
        parse(text)
    assert error.value.line == line
    assert str(error.value).startswith(f"Regel {line}: ")
    assert words in str(error.value)


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        (b"", 1, "leeg"),
        (b"  \n\n ", 1, "leeg"),
        ("PROGRAMMA 1: A\n1. caf\u00e9\n".encode("latin-1"), 2, "geen geldige UTF-8"),
        (b"PROGRAMMA 1: A\n\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 4, "geen tekstbestand"),
    ],
)
def test_an_empty_binary_or_non_utf8_file_names_its_line(data, line, words):
    with pytest.raises(PlanSyntaxError) as error:
        decode(data)
    assert (error.value.line, words in str(error.value)) == (line, True)


def test_a_byte_order_mark_is_no_part_of_the_text():
    assert decode("\ufeffPROGRAMMA 1: A".encode()) == "PROGRAMMA 1: A"


@pytest.mark.parametrize(
    ("text", "werven"),
    [
        ("We planten bomen en hagen.", [1]),
        ("De ENERGIERENOVATIE van woningen.", [2]),  # inside a compound, in capitals
        ("Een coöperatie: burgercooperatie voor zonnepanelen.", [2]),
        ("Mobipunten met deelfietsen en laadpalen.", [3]),
        ("We ontharden en vangen hemelwater op.", [4]),
        ("Een slagboom in Bosnië, een embossingmachine.", []),  # "boom" at a word start, "bos" a word
        ("Fietspaden langs de wadi's met bomen.", [1, 3, 4]),
    ],
)
def test_keyword_rules_suggest_werven(text, werven):
    assert suggested_werven(text) == werven
