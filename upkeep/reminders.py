"""Who gets a review reminder, with which offers, and the mail itself."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from offers.models import Membership, Offer
from upkeep.models import ReviewReminder

# A redacteur reminded less than this long ago gets no new reminder, whatever became due since.
QUIET_DAYS = 30


def admin_url(offer):
    return settings.SITE_URL.rstrip("/") + reverse("admin:offers_offer_change", args=[offer.pk])


def due_offers_per_redacteur(now=None):
    """[(user, [offers due])] for every active redacteur with offers due and no reminder in QUIET_DAYS.

    A redacteur is a user with a membership; their offers are those of their supporters that the
    public sees (a concept or an expired offer misleads nobody). Four queries, whatever the numbers.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    reminded = ReviewReminder.objects.filter(sent_at__gt=now - datetime.timedelta(days=QUIET_DAYS)).values("user_id")
    supporters_of = defaultdict(set)
    memberships = Membership.objects.filter(user__is_active=True).exclude(user_id__in=reminded)
    for user_id, supporter_id in memberships.values_list("user_id", "supporter_id"):
        supporters_of[user_id].add(supporter_id)
    offers_of = defaultdict(list)
    due = (
        Offer.objects.published(today)
        .due_for_review(today)
        .filter(supporter_id__in={s for ids in supporters_of.values() for s in ids})
        .select_related("supporter")
        .order_by("supporter__name", "title", "pk")
    )
    for offer in due:
        offers_of[offer.supporter_id].append(offer)
    users = get_user_model().objects.filter(pk__in=supporters_of).order_by("username")
    result = []
    for user in users:
        offers = [offer for supporter_id in sorted(supporters_of[user.pk]) for offer in offers_of[supporter_id]]
        if offers:
            offers.sort(key=lambda offer: (offer.supporter.name, offer.title, offer.pk))
            result.append((user, offers))
    return result


def address_problem(user):
    """Why this user's address cannot be used, or "" when it can."""
    if not user.email:
        return "geen e-mailadres"
    try:
        validate_email(user.email)
    except ValidationError:
        return f"ongeldig e-mailadres “{user.email}”"
    return ""


def reminder_message(user, offers):
    context = {
        "user": user,
        "offers": [(offer, admin_url(offer)) for offer in offers],
        "interval_months": settings.REVIEW_INTERVAL_MONTHS,
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    subject = f"LEKP-portaal: {len(offers)} aanbod om na te kijken"
    body = render_to_string("upkeep/review_reminder.txt", context)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
