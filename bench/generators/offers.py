"""Generated offers for the benchmarks (bench/*.py): ``generate(total)`` after django.setup().

Each generated text is a variation on one seed offer (fixtures/aanbod-*.toml): most of its words
come from that offer's text, the rest from all seed texts, each with its real frequency. A search
then meets common and rare words, and topics, as it would in 20,000 real offers: "renovatie" is
frequent in renovation offers, not in all of them.
"""

import random
import re
import tomllib
from pathlib import Path

from offers.models import Offer, PublicationStatus, Supporter
from werven.models import Werf

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures"
SUPPORTERS = 10  # the filtered export takes one supporter: a tenth of the offers


def seed_topics():
    """The words of each seed offer, in order and with repeats (their frequencies)."""
    topics = []
    for path in sorted(FIXTURES.glob("aanbod-*.toml")):
        for offer in tomllib.loads(path.read_text(encoding="utf-8")).get("offer", []):
            text = f"{offer.get('title', '')} {offer.get('summary', '')} {offer.get('description', '')}"
            topics.append(re.findall(r"[^\W\d_]{2,}", text.lower()))
    return topics


TOPICS = seed_topics()
WORDS = [word for topic in TOPICS for word in topic]
ON_TOPIC = 0.8


def sentence(rng, count, topic=None):
    """``count`` words, most from ``topic`` (a seed offer's words) if given, as a sentence."""
    chosen = (rng.choice(topic) if topic and rng.random() < ON_TOPIC else rng.choice(WORDS) for _ in range(count))
    return " ".join(chosen).capitalize() + "."


def generate(total, rng=None):
    rng = rng or random.Random(2026)
    werven = [Werf.objects.create(number=n, name=f"Werf {n}", theme="thema") for n in range(1, 5)]
    supporters = [
        Supporter.objects.create(
            slug=f"ondersteuner-{n}",
            name=f"Ondersteuner {n}",
            contact_person="An Peeters",
            email="an@example.be",
            phone="+32 16 00 00 00",
        )
        for n in range(SUPPORTERS)
    ]
    kinds, costs = Offer.Kind.values, Offer.Cost.values
    topics = [rng.choice(TOPICS) for _ in range(total)]
    offers = [
        Offer(
            supporter=supporters[n % SUPPORTERS],
            title=f"{sentence(rng, 5, topics[n])} {n}",
            slug=f"aanbod-{n}",
            summary=sentence(rng, 18, topics[n]),
            description="\n\n".join(sentence(rng, 40, topics[n]) for _ in range(3)),  # about 900 characters
            partners="\n".join(sentence(rng, 2) for _ in range(rng.randint(0, 3))),
            is_general=n % 10 == 0,
            concerns_patrimony=n % 3 == 0,
            kind=kinds[n % len(kinds)],
            cost=costs[n % len(costs)],
            status=PublicationStatus.PUBLISHED,
        )
        for n in range(total)
    ]
    Offer.objects.bulk_create(offers, batch_size=1000)
    through = Offer.werven.through
    # General support is linked to every werf (Offer.werven_to_store), other offers to one or two.
    links = [
        through(offer_id=offer_id, werf_id=werf.pk)
        for offer_id, is_general in Offer.objects.values_list("pk", "is_general")
        for werf in (werven if is_general else rng.sample(werven, rng.randint(1, 2)))
    ]
    through.objects.bulk_create(links, batch_size=2000)
    return werven, supporters
