"""What the seed files hold, as read in the source texts (../shared/seeds/, fixtures/README.md)."""

import re
import tomllib
from io import StringIO

from django.conf import settings
from django.core.management import call_command

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


# Words about cost or money in an offer's source text (fixtures/README.md, “Kosten en soort, opnieuw gelezen”).
MONEY_WORDS = re.compile(r"gratis|kosteloos|betaa?l|tarie|prijs|€|subsidie|financi|premie|lening|fonds", re.IGNORECASE)


def cost_decisions():
    """The rows of the README's table of cost and kind decisions: (slug, words, cost, kind)."""
    text = (FIXTURES / "README.md").read_text(encoding="utf-8")
    section = text.split("## Kosten en soort, opnieuw gelezen", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0].startswith("`"):
            slug, words, cost, kind = (cell.strip("`") for cell in cells[:4])
            rows.append((slug, words, cost, kind))
    return rows


def seeded_offers():
    """slug -> the offer as written in the aanbod-*.toml files."""
    return {
        offer["slug"]: offer
        for path in sorted(FIXTURES.glob("aanbod-*.toml"))
        for offer in tomllib.loads(path.read_text(encoding="utf-8"))["offer"]
    }
