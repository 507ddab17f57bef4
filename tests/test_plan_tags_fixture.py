"""The curated werf tags for Leuven's policy plan (fixtures/plan-leuven-werven.toml).

The tags were set by reading the plan (seed 004); see the section "Beleidsplan Leuven: welke
acties horen bij een werf" in fixtures/README.md. These tests keep the file well formed and make
sure every (programma, nummer) it names is an action printed in that programme of the source.
The scan of the source is deliberately simple and independent of the real plan parser, so a
mistake in one is not hidden by the same mistake in the other.
"""

import re
import tomllib
from collections import Counter

import pytest
from django.conf import settings

FIXTURES = settings.BASE_DIR / "fixtures"
TAGS = FIXTURES / "plan-leuven-werven.toml"
# The plan ships as a copy in fixtures/; before that copy exists, the shared seed beside the repo.
SHARED_SEED = settings.BASE_DIR.parent / "shared" / "seeds" / "004_1dd1f3fd6fa6a91c.txt"
KEYS = {"programma", "nummer", "werven", "patrimonium", "reden"}
WERVEN = {1, 2, 3, 4}
# As counted in the plan: ten programmes, 1,312 numbered actions.
ACTIONS_PER_PROGRAMME = {1: 52, 2: 90, 3: 161, 4: 164, 5: 201, 6: 120, 7: 179, 8: 139, 9: 95, 10: 111}

PROGRAMME = re.compile(r"^\s*PROGRAMMA (\d+):")
ACTION = re.compile(r"^\s*(\d+)\. ")


def plan_source():
    copies = [path for path in sorted(FIXTURES.glob("*.txt")) if "PROGRAMMA 10:" in path.read_text("utf-8")]
    candidates = copies + [SHARED_SEED]
    found = [path for path in candidates if path.is_file()]
    assert found, f"De tekst van het beleidsplan ontbreekt: geen kopie in fixtures/ en geen {SHARED_SEED}."
    return found[0]


def numbers_per_programme(text):
    """Every number printed as "N. " at the start of a line, per PROGRAMMA block."""
    numbers = {}
    programme = None
    for line in text.splitlines():
        if heading := PROGRAMME.match(line):
            programme = int(heading.group(1))
            numbers[programme] = []
        elif programme is not None and (action := ACTION.match(line)):
            numbers[programme].append(int(action.group(1)))
    return numbers


@pytest.fixture(scope="module")
def entries():
    return tomllib.loads(TAGS.read_text(encoding="utf-8"))["actie"]


@pytest.fixture(scope="module")
def printed():
    return numbers_per_programme(plan_source().read_text(encoding="utf-8"))


def test_every_entry_has_exactly_the_agreed_keys_and_types(entries):
    assert entries
    for entry in entries:
        assert set(entry) == KEYS, entry
        assert type(entry["programma"]) is int and type(entry["nummer"]) is int, entry
        assert type(entry["patrimonium"]) is bool, entry
        assert isinstance(entry["werven"], list) and all(type(werf) is int for werf in entry["werven"]), entry


def test_werven_are_known_sorted_and_not_repeated(entries):
    for entry in entries:
        assert set(entry["werven"]) <= WERVEN, entry
        assert entry["werven"] == sorted(set(entry["werven"])), entry


def test_an_entry_without_werf_is_there_for_its_patrimonium_flag(entries):
    for entry in entries:
        assert entry["werven"] or entry["patrimonium"], entry


def test_every_reason_is_one_non_empty_sentence(entries):
    for entry in entries:
        reason = entry["reden"]
        assert isinstance(reason, str) and reason.strip(), entry
        assert reason == reason.strip() and reason.endswith(".") and "\n" not in reason, entry


def test_no_action_is_listed_twice_and_the_order_is_programme_then_number(entries):
    keys = [(entry["programma"], entry["nummer"]) for entry in entries]
    assert not [key for key, count in Counter(keys).items() if count > 1]
    assert keys == sorted(keys)


def test_the_scan_of_the_source_finds_each_programme_numbered_from_one(printed):
    # If this fails the scan below is wrong, not the tags.
    assert {programme: len(numbers) for programme, numbers in printed.items()} == ACTIONS_PER_PROGRAMME
    for numbers in printed.values():
        assert numbers == list(range(1, len(numbers) + 1))


def test_every_tagged_action_exists_in_its_programme(entries, printed):
    missing = [
        (entry["programma"], entry["nummer"])
        for entry in entries
        if entry["nummer"] not in printed.get(entry["programma"], [])
    ]
    assert not missing


def test_the_scan_skips_the_table_of_contents_and_page_numbers_and_allows_leading_spaces():
    text = "1. Inhoud\n PROGRAMMA 1: A \n1. een\n\n55\n 2. twee\n PROGRAMMA 2: B\n1. drie\n"
    assert numbers_per_programme(text) == {1: [1, 2], 2: [1]}
