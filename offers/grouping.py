from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter

from django.utils.http import urlencode
from django.utils.translation import gettext as _

# A page that summarises "everything for X" shows this many offers per group, and a link to the
# filtered list with all of them: short on a phone and fast at any number of offers.
SHOWN_PER_GROUP = 3


@dataclass
class SupporterShare:
    """A supporter's first offers in a group, how many it has there, and the list with all of them."""

    supporter: object
    offers: list
    total: int
    query: str


@dataclass
class OfferGroup:
    title: str
    werf: object = None
    offers: list = field(default_factory=list)
    # The number of offers in the group (``offers`` holds its first few) and the /aanbod/
    # parameters that list them all.
    total: int = 0
    query: str = ""
    # Where the group is split per supporter instead (a municipality's page).
    shares: list = field(default_factory=list)

    @property
    def is_empty(self):
        return not (self.offers or self.shares)


def supporter_shares(rows, **params):
    """A SupporterShare per supporter from rows of ``first_per_group`` or ``first_per_werf`` grouped by
    ``"supporter__name", "supporter_id"``.

    ``params`` are the /aanbod/ filters of the group; each share adds its supporter to them.
    """
    shares = []
    for _supporter_id, group in groupby(rows, key=attrgetter("supporter_id")):
        offers = list(group)
        supporter = offers[0].supporter
        shares.append(
            SupporterShare(supporter, offers, offers[0].group_total, query(**params, ondersteuner=supporter.slug))
        )
    return shares


def query(**params):
    return urlencode(params)


def summarise_by_werf(rows, per_supporter=False, **params):
    """Groups per werf, general support first, from rows of ``first_per_werf``: the first offers of each
    group (or of each supporter in it), its total and the /aanbod/ parameters listing the whole group.

    ``rows`` are grouped by supporter too if ``per_supporter``. Only groups with offers are made;
    each werf comes from its offers' own werven, so it costs no query of its own.
    """
    rows = list(rows)
    general = OfferGroup(_("Algemene ondersteuning (voor alle werven)"), query=query(**params, algemeen="ja"))
    # General support comes once per werf it serves, in a row (see first_per_werf): keep one per offer.
    general_rows = [next(same) for _pk, same in groupby((row for row in rows if row.is_general), attrgetter("pk"))]
    groups = [(general, general_rows)]
    # An offer that is not general support but has no werf (only tests make one) has no group.
    per_werf = (row for row in rows if not row.is_general and row.werf_number is not None)
    for number, werf_rows in groupby(per_werf, key=attrgetter("werf_number")):
        werf_rows = list(werf_rows)
        werf = next(werf for werf in werf_rows[0].werven.all() if werf.number == number)
        groups.append((OfferGroup(str(werf), werf, query=query(werf=number, **params, algemeen="nee")), werf_rows))
    for group, group_rows in groups:
        if per_supporter:
            filters = {"werf": group.werf.number} if group.werf else {}
            group.shares = supporter_shares(group_rows, **filters, **params, algemeen="nee" if group.werf else "ja")
            group.total = sum(share.total for share in group.shares)
        else:
            group.offers = group_rows
            group.total = group_rows[0].group_total if group_rows else 0
    return [group for group, _rows in groups if not group.is_empty]
