"""The admin start page: per supporter within the user's reach, what needs looking after.

A fixed number of queries whatever the number of supporters and offers: each list is one query
that keeps the first ``SHOWN`` rows per supporter (a window function) and the total per supporter.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone

from offers.models import DUE_SOON_DAYS, Offer, Project, Supporter
from offers.permissions import member_supporter_ids, sees_all_supporters
from upkeep.models import LinkCheck, LinkUse

SHOWN = 10


@dataclass
class Part:
    """Up to SHOWN rows of one kind for one supporter, with how many there are in all."""

    rows: list = field(default_factory=list)
    total: int = 0
    more_url: str = ""


@dataclass
class SupporterUpkeep:
    supporter: Supporter
    due: Part = field(default_factory=Part)
    due_soon: Part = field(default_factory=Part)
    projects_due: Part = field(default_factory=Part)
    broken_links: Part = field(default_factory=Part)

    @property
    def is_empty(self):
        return not (self.due.total or self.due_soon.total or self.projects_due.total or self.broken_links.total)


def first_per_supporter(queryset, supporter_field, *order):
    """{supporter id: (rows, total)}: the first SHOWN rows in ``order`` per supporter, in one query."""
    ranked = queryset.annotate(
        place=Window(RowNumber(), partition_by=F(supporter_field), order_by=order),
        supporter_total=Window(Count("pk"), partition_by=F(supporter_field)),
    ).filter(place__lte=SHOWN)
    found = defaultdict(lambda: ([], 0))
    for row in ranked:
        rows, _total = found[getattr(row, f"{supporter_field}_id")]
        rows.append(row)
        found[getattr(row, f"{supporter_field}_id")] = (rows, row.supporter_total)
    return found


def supporters_in_reach(user):
    if sees_all_supporters(user):
        return Supporter.objects.all()
    return Supporter.objects.filter(pk__in=member_supporter_ids(user))


def upkeep_for(user, today=None):
    """[SupporterUpkeep] for each supporter the user may see (redacteur: their own; coordinator: all)."""
    today = today or timezone.localdate()
    supporters = list(supporters_in_reach(user).order_by("name"))
    if not supporters:
        return []
    ids = [supporter.pk for supporter in supporters]
    offers = Offer.objects.published(today).filter(supporter_id__in=ids).select_related("supporter")
    by_review = (F("reviewed_on").asc(nulls_first=True), "created_at", "pk")
    parts = {
        "due": (first_per_supporter(offers.due_for_review(today), "supporter", *by_review), "verouderd", "offer"),
        "due_soon": (
            first_per_supporter(offers.due_within(DUE_SOON_DAYS, today), "supporter", *by_review),
            "binnenkort",
            "offer",
        ),
        "projects_due": (
            first_per_supporter(
                Project.objects.published().filter(lead_supporter_id__in=ids).due_for_review(today),
                "lead_supporter",
                *by_review,
            ),
            "verouderd",
            "project",
        ),
        "broken_links": (
            first_per_supporter(
                LinkUse.objects.filter(
                    supporter_id__in=ids, link__outcome__in=LinkCheck.BROKEN_OUTCOMES
                ).select_related("link", "offer", "project", "supporter"),
                "supporter",
                "link__url",
                "pk",
            ),
            "",
            "",
        ),
    }
    upkeep = []
    for supporter in supporters:
        entry = SupporterUpkeep(supporter)
        for name, (found, review_filter, model_name) in parts.items():
            rows, total = found.get(supporter.pk, ([], 0))
            more_url = ""
            if total > len(rows) and model_name:
                supporter_field = "lead_supporter" if model_name == "project" else "supporter"
                query = urlencode(
                    {
                        "nagekeken": review_filter,
                        "status__exact": "gepubliceerd",
                        f"{supporter_field}__id__exact": supporter.pk,
                    }
                )
                more_url = f"{reverse(f'admin:offers_{model_name}_changelist')}?{query}"
            setattr(entry, name, Part(rows, total, more_url))
        upkeep.append(entry)
    return upkeep
