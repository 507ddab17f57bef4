from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass
class OfferGroup:
    title: str
    werf: object = None
    offers: list = field(default_factory=list)


def group_by_werf(offers, werven):
    """Offers under each werf they serve, general support first in a group of its own.

    An offer for two werven appears under both: an official reading one werf must find it there.
    General support is linked to every werf, so it is listed once rather than four times.
    Empty groups are left out.
    """
    general = OfferGroup(_("Algemene ondersteuning (voor alle werven)"))
    per_werf = {werf.pk: OfferGroup(str(werf), werf) for werf in werven}
    for offer in offers:
        if offer.is_general:
            general.offers.append(offer)
            continue
        for werf in offer.werven.all():
            per_werf[werf.pk].offers.append(offer)
    return [group for group in [general, *per_werf.values()] if group.offers]
