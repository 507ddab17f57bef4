from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass
class OfferGroup:
    title: str
    werf: object = None
    offers: list = field(default_factory=list)


def group_by_werf(offers, werven):
    """Offers under each werf they serve, general support first and offers without a werf last.

    An offer for two werven appears under both: an official reading one werf must find it there.
    Empty groups are left out.
    """
    general = OfferGroup(_("Algemene ondersteuning (voor alle werven)"))
    per_werf = {werf.pk: OfferGroup(str(werf), werf) for werf in werven}
    other = OfferGroup(_("Andere ondersteuning"))
    for offer in offers:
        if offer.is_general:
            general.offers.append(offer)
            continue
        linked = [per_werf[werf.pk] for werf in offer.werven.all() if werf.pk in per_werf]
        for group in linked or [other]:
            group.offers.append(offer)
    return [group for group in [general, *per_werf.values(), other] if group.offers]
