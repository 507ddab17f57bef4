"""manage.py import_plan: the real plan, a second run, a corrected file, malformed files and the curated tags."""

import pytest
from django.core.management.base import CommandError
from plan_data import import_text, make_leuven, plan_text, run_import
from seed_facts import FIXTURES
from test_plan_parser import LEUVEN_COUNTS, LEUVEN_PLAN

from plannen.confirmed import ConfirmedTagsError, read_entries
from plannen.models import Action, ActionProgramme, ActionWerf, PolicyPlan, Programme

LEUVEN_TAGS = FIXTURES / "plan-leuven-werven.toml"


@pytest.fixture
def leuven(werven):
    return make_leuven()


def history_rows():
    return Action.history.count() + ActionWerf.history.count()


def test_the_real_plan_imports_1312_actions_and_prints_the_count_per_programme(leuven):
    out = run_import(LEUVEN_PLAN, "--werven", str(LEUVEN_TAGS))
    for number, count in LEUVEN_COUNTS.items():
        assert f"Programma {number}: {count} acties" in out
        assert Action.objects.filter(programme__number=number).count() == count
    assert "Totaal: 1312 acties" in out
    assert Action.objects.count() == 1312
    assert Action.objects.filter(action_programme=None).count() == 5  # programme 2 starts with five
    # Every curated entry is confirmed as written, and its other suggestions are rejected.
    for entry in read_entries(LEUVEN_TAGS.read_bytes()):
        action = Action.objects.for_list().get(programme__number=entry.programme, number=entry.number)
        assert action.confirmed_werven == list(entry.werven), entry
        assert action.suggested_werven == [], entry
        assert action.patrimonium == entry.patrimonium

    before = history_rows()
    again = run_import(LEUVEN_PLAN, "--werven", str(LEUVEN_TAGS))
    assert "Nieuw: 0, gewijzigd: 0, verwijderd: 0, ongewijzigd: 1312" in again
    assert "Niets gewijzigd" in again
    assert history_rows() == before


def test_a_second_run_of_the_same_file_changes_nothing(leuven, tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(plan_text(6))
    run_import(path)
    rows = list(Action.objects.values().order_by("pk"))
    tags = list(ActionWerf.objects.values().order_by("pk"))
    before = history_rows()
    assert "Niets gewijzigd" in run_import(path)
    assert list(Action.objects.values().order_by("pk")) == rows
    assert list(ActionWerf.objects.values().order_by("pk")) == tags
    assert history_rows() == before


def test_a_corrected_file_updates_texts_and_keeps_confirmed_tags_of_unchanged_actions(leuven):
    import_text(leuven, plan_text(5))
    trees = Action.objects.get(programme__number=1, number=1)
    ActionWerf.objects.filter(action=trees, werf__number=1).update(origin=ActionWerf.Origin.CONFIRMED)
    renovation = Action.objects.get(programme__number=1, number=2)
    ActionWerf.objects.filter(action=renovation).update(origin=ActionWerf.Origin.REJECTED)

    # The rules no longer suggest werf 1 for the corrected text; the person's confirmation stays.
    corrected = plan_text(5).replace("We planten bomen en hagen", "We planten fruitgaarden")
    corrected = corrected.replace("5. We organiseren een buurtfeest. (actie 5)", "")  # the last action of 2 goes
    report = import_text(leuven, corrected)

    trees.refresh_from_db()
    assert trees.text.startswith("We planten fruitgaarden")
    assert [(t.werf.number, t.origin) for t in trees.tags.all()] == [(1, ActionWerf.Origin.CONFIRMED)]
    # A werf a person rejected is not suggested again.
    assert [t.origin for t in renovation.tags.all()] == [ActionWerf.Origin.REJECTED]
    # Action 5 of both programmes went; programme 2's other four moved up (position, lines).
    assert (report.updated, report.deleted, report.created) == (1 + 4, 2, 0)
    assert Action.objects.count() == 8


def test_a_suggestion_follows_the_rules_when_the_text_changes(leuven):
    import_text(leuven, plan_text(5))
    assert Action.objects.for_list().get(programme__number=1, number=3).suggested_werven == [3]
    import_text(leuven, plan_text(5).replace("We rollen mobipunten met deelfietsen uit.", "We rollen iets uit."))
    assert Action.objects.for_list().get(programme__number=1, number=3).suggested_werven == []


def test_a_dry_run_saves_nothing(leuven, tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(plan_text(4))
    out = run_import(path, "--dry-run")
    assert "Programma 1: 4 acties" in out
    assert "Proefdraai" in out
    assert (PolicyPlan.objects.count(), Action.objects.count(), ActionWerf.objects.count()) == (0, 0, 0)


MALFORMED = {
    "zonder programmakop": (b"Inleiding\n\n1. Een actie\n2. Nog een\n", "Regel 5: geen programmakop"),
    "nummer achteruit": (b"PROGRAMMA 1: A\n1. a\n2. b\n\n1. c\n", "Regel 5: actie 1 gaat achteruit"),
    "leeg": (b"", "Regel 1: het bestand is leeg"),
    "geen UTF-8": ("PROGRAMMA 1: A\n1. coöperatie\n".encode("cp1252"), "Regel 2: de tekst is geen geldige UTF-8"),
    "binair": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<\x00>>", "Regel 4: dit is geen tekstbestand"),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_a_malformed_file_gives_its_line_and_imports_nothing(leuven, tmp_path, case):
    data, message = MALFORMED[case]
    import_text(leuven, plan_text(3))  # an earlier import stays exactly as it was
    rows = list(Action.objects.values().order_by("pk"))
    path = tmp_path / "plan.txt"
    path.write_bytes(data)
    with pytest.raises(CommandError) as error:
        run_import(path)
    assert message in str(error.value)
    assert "Er is niets ingelezen" in str(error.value)
    assert list(Action.objects.values().order_by("pk")) == rows


def test_a_first_import_of_a_malformed_file_leaves_no_plan(leuven, tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(b"PROGRAMMA 1: A\n1. a\n3. c\n")
    with pytest.raises(CommandError, match="Regel 3: actie 3 volgt op actie 1"):
        run_import(path)
    assert (PolicyPlan.objects.count(), Programme.objects.count(), ActionProgramme.objects.count()) == (0, 0, 0)


def test_unknown_municipality_or_missing_file_is_a_dutch_error(leuven, tmp_path):
    with pytest.raises(CommandError, match="Geen gemeente met NIS-code 99999"):
        run_import(LEUVEN_PLAN, gemeente="99999")
    with pytest.raises(CommandError, match="geen NIS-code"):
        run_import(LEUVEN_PLAN, gemeente="abc")
    with pytest.raises(CommandError, match="Kan .* niet lezen"):
        run_import(tmp_path / "bestaat-niet.txt")


def test_a_curated_entry_for_an_action_that_does_not_exist_loads_nothing(leuven, tmp_path):
    plan, tags = tmp_path / "plan.txt", tmp_path / "plan-werven.toml"
    plan.write_text(plan_text(3))
    tags.write_text(
        "[[actie]]\nprogramma = 1\nnummer = 1\nwerven = [1]\n\n[[actie]]\nprogramma = 2\nnummer = 9\nwerven = [3]\n"
    )
    with pytest.raises(CommandError, match=r"\[\[actie\]\] nr\. 2 \(programma 2, actie 9\): die actie bestaat niet"):
        run_import(plan, "--werven", str(tags))
    assert PolicyPlan.objects.count() == 0  # the plan of the same run is not imported either


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[[actie]]\nprogramma = 1\nnummer = 1\nwerven = [5]\n", "werven zijn nummers van 1 tot 4"),
        ("[[actie]]\nprogramma = '1'\nnummer = 1\n", "gehele getallen"),
        ("[[actie]]\nprogramma = 1\nnummer = 1\nwerf = [1]\n", "onbekende sleutel(s) werf"),
        ("[[actie]]\nprogramma = 1\nnummer = 1\n[[actie]]\nprogramma = 1\nnummer = 1\n", "staat er al in"),
        ("[[actie]\n", "geen geldige TOML"),
    ],
)
def test_a_malformed_curated_file_is_refused_in_dutch(toml, message):
    with pytest.raises(ConfirmedTagsError) as error:
        read_entries(toml.encode())
    assert message in str(error.value)


def test_the_curated_file_confirms_empty_werven_and_patrimonium(leuven):
    import_text(leuven, plan_text(5))
    entries = read_entries(
        b"[[actie]]\nprogramma = 1\nnummer = 2\nwerven = []\npatrimonium = true\nreden = 'eigen gebouwen'\n"
    )
    report = import_text(leuven, plan_text(5), confirmed=entries)
    action = Action.objects.for_list().get(programme__number=1, number=2)
    assert (action.confirmed_werven, action.suggested_werven, action.patrimonium) == ([], [], True)
    assert [t.origin for t in action.tags.all()] == [ActionWerf.Origin.REJECTED]
    assert (report.confirmed.rejected, report.confirmed.patrimonium_set) == (1, 1)
