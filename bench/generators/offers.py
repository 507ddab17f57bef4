"""Generated offers for the benchmarks (bench/*.py): ``generate(total)`` after django.setup().

Each generated text is a variation on one seed offer (fixtures/aanbod-*.toml): most of its words
come from that offer's text, the rest from all seed texts, each with its real frequency (see
seeding/bench_data.py, which `manage.py generate_bench_data` uses for the full benchmark database).
"""

import random

from offers.models import Offer, PublicationStatus, Supporter
from seeding.bench_data import TOPICS, WORDS, sentence
from werven.models import Werf

# TOPICS, WORDS and sentence are shared with `manage.py generate_bench_data`; the benchmarks import them from here.
__all__ = ["SUPPORTERS", "TOPICS", "WORDS", "generate", "sentence"]

SUPPORTERS = 10  # the filtered export takes one supporter: a tenth of the offers


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
