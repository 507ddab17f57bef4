"""Plans for the tests of plannen: a small crafted plan text of any size, imported for a municipality."""

from io import StringIO

from django.core.management import call_command
from gemeenten_data import make_municipality

from plannen.importer import import_plan_bytes

# Each crafted action speaks of one werf's keywords, in turn, or of none.
ACTION_TEXTS = [
    "We planten bomen en hagen in elke wijk.",
    "We begeleiden de energierenovatie van woningen.",
    "We rollen mobipunten met deelfietsen uit.",
    "We ontharden pleinen en vangen regenwater op.",
    "We organiseren een buurtfeest.",
]


def plan_text(actions_per_programme=5, programmes=2):
    """A plan of ``programmes`` programmes, each with two action programmes and its actions split over them."""
    lines = ["Inleiding van het plan.", ""]
    for programme in range(1, programmes + 1):
        lines += [f" PROGRAMMA {programme}: PROGRAMMA NUMMER {programme} ", "", " "]
        half = actions_per_programme // 2
        for number in range(1, actions_per_programme + 1):
            if number == 1:
                lines += [f"Actieprogramma {programme}.1 Eerste actieprogramma.", ""]
            if number == half + 1:
                lines += [f"Actieprogramma {programme}.2 Tweede actieprogramma.", ""]
            lines += [f"{number}. {ACTION_TEXTS[(number - 1) % len(ACTION_TEXTS)]} (actie {number})", "", " "]
    return "\n".join(lines) + "\n"


def make_leuven(**fields):
    return make_municipality("24062", "Leuven", 102275, **fields)


def import_text(municipality, text, **options):
    options.setdefault("title", "Bestuursnota 2019-2024")
    options.setdefault("period", "2019-2024")
    options.setdefault("source", "test")
    return import_plan_bytes(text.encode(), municipality, **options)


def run_import(path, *args, gemeente="24062"):
    out = StringIO()
    call_command(
        "import_plan",
        str(path),
        "--gemeente",
        gemeente,
        "--titel",
        "Bestuursnota 2019-2024",
        "--periode",
        "2019-2024",
        "--bron",
        "test",
        *args,
        stdout=out,
        stderr=StringIO(),
    )
    return out.getvalue()
