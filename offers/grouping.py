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
    """A SupporterShare per supporter from rows of ``first_per_group(n, "supporter__name", "supporter_id", …)``.

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


def summarise_by_werf(general_rows, werf_rows, werven, per_supporter=False, **params):
    """Groups per werf, general support first, from rows of ``first_per_group``: the first offers of each
    group (or of each supporter in it), its total and the /aanbod/ parameters listing the whole group.

    ``general_rows`` are general support (grouped by supporter if ``per_supporter``), ``werf_rows`` the
    other offers from ``per_werf()`` grouped by ``werf_number`` (and supporter). Empty groups are left out.
    """
    general = OfferGroup(_("Algemene ondersteuning (voor alle werven)"), query=query(**params, algemeen="ja"))
    groups = [(general, list(general_rows))]
    rows_per_werf = {number: list(rows) for number, rows in groupby(werf_rows, key=attrgetter("werf_number"))}
    for werf in werven:
        group = OfferGroup(str(werf), werf, query=query(werf=werf.number, **params, algemeen="nee"))
        groups.append((group, rows_per_werf.get(werf.number, [])))
    for group, rows in groups:
        if per_supporter:
            filters = {"werf": group.werf.number} if group.werf else {}
            group.shares = supporter_shares(rows, **filters, **params, algemeen="nee" if group.werf else "ja")
            group.total = sum(share.total for share in group.shares)
        else:
            group.offers = rows
            group.total = rows[0].group_total if rows else 0
    return [group for group, _rows in groups if not group.is_empty]
