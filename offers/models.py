import calendar
import datetime
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce, DenseRank, Greatest, RowNumber
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from offers.history import RecordedHistory
from werven.models import Werf
from zoeken.models import SearchableQuerySet

# The key of offers in the search index (offers/search.py declares the kind).
OFFER_SEARCH_KIND = "aanbod"

# An offer is "nieuw" this many days after it was first published, "bijgewerkt" after a change.
FRESH_DAYS = 30
# What an official reads as the offer: a save that changes only these counts as a change.
CONTENT_FIELDS = ("title", "summary", "description", "kind", "cost")


class Freshness(models.TextChoices):
    NEW = "nieuw", "nieuw"
    UPDATED = "bijgewerkt", "bijgewerkt"


class PublicationStatus(models.TextChoices):
    CONCEPT = "concept", "concept"
    PUBLISHED = "gepubliceerd", "gepubliceerd"
    # Only an offer has an end date; `manage.py expire_offers` moves it here once that day is past.
    EXPIRED = "verlopen", "verlopen"


PROJECT_STATUSES = [(status.value, status.label) for status in (PublicationStatus.CONCEPT, PublicationStatus.PUBLISHED)]

# The admin start page and its list filter show what becomes due for review within this many days.
DUE_SOON_DAYS = 30

# An offer ending within this many days is marked "sluit binnenkort" and can be filtered on.
CLOSING_SOON_DAYS = 30


def months_before(day, months):
    """The same day ``months`` months earlier; the 31st becomes the last day of a shorter month."""
    index = day.year * 12 + day.month - 1 - months
    year, month = index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def review_cutoff(today):
    """An offer or project last reviewed on or before this day is due for review on ``today``."""
    return months_before(today, settings.REVIEW_INTERVAL_MONTHS)


def start_of_day_after(day):
    """Midnight in Brussels at the end of ``day``: a moment is on or before ``day`` when it is earlier."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def public_offer_q(today=None, prefix=""):
    """Published and not past its end date (which is itself still valid), in Brussels.

    The one rule for every public page, list, count and export (``OfferQuerySet.published``),
    so an offer leaves them the day after its end date even before ``expire_offers`` runs.
    """
    today = today or timezone.localdate()
    return models.Q(**{f"{prefix}status": PublicationStatus.PUBLISHED}) & (
        models.Q(**{f"{prefix}ends_on__isnull": True}) | models.Q(**{f"{prefix}ends_on__gte": today})
    )


def serving_werven_q(numbers):
    """Offers for any of these werven, as a Q (general support is linked to every werf).

    A subquery on the links rather than a join, so an offer for two of them still counts once.
    """
    return models.Q(pk__in=Offer.werven.through.objects.filter(werf__number__in=numbers).values("offer_id"))


def closing_soon_q(today=None):
    """Ending today or within CLOSING_SOON_DAYS days, as a Q."""
    today = today or timezone.localdate()
    return models.Q(ends_on__gte=today, ends_on__lte=today + datetime.timedelta(days=CLOSING_SOON_DAYS))


def split_lines(text):
    """Lists (partners, themes, ...) are stored one item per line, which staff can edit as plain text."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def count_of(rows, field):
    """A subquery counting ``rows`` whose ``field`` is the row in ``OuterRef("pk")``, 0 for none."""
    counts = rows.filter(**{field: models.OuterRef("pk")}).order_by().values(field).annotate(count=models.Count("pk"))
    return Coalesce(models.Subquery(counts.values("count"), output_field=models.IntegerField()), 0)


class SupporterQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def with_published_counts(self):
        """Each supporter with ``published_offer_count`` and ``published_project_count``.

        Counted in a subquery each: one join of offers and projects would count their product.
        """
        return self.annotate(
            published_offer_count=count_of(Offer.objects.published(), "supporter"),
            published_project_count=count_of(Project.objects.published(), "lead_supporter"),
        )

    def with_offer_counts_per_werf(self, werven):
        """Each supporter with ``general_offer_count``, its published general support, and for each
        of ``werven`` ``werf_<number>_offer_count``, its published offers specific to that werf.

        One grouped query for every count of /dekking/, at any number of offers.
        """
        published = public_offer_q(prefix="offers__")

        def count(condition):
            return models.Count("offers", filter=published & condition, distinct=True)

        return self.annotate(
            general_offer_count=count(models.Q(offers__is_general=True)),
            **{
                f"werf_{werf.number}_offer_count": count(models.Q(offers__is_general=False, offers__werven=werf))
                for werf in werven
            },
        )


class Supporter(models.Model):
    class Kind(models.TextChoices):
        INTERCOMMUNALE = "intercommunale", "intercommunale"
        PROVINCIE = "provincie", "provincie"
        OTHER = "andere", "andere"

    slug = models.SlugField("sleutel", max_length=100, unique=True)
    name = models.CharField("naam", max_length=200)
    kind = models.CharField("soort", max_length=20, choices=Kind.choices, default=Kind.INTERCOMMUNALE)
    short_explanation = models.TextField("korte uitleg", blank=True)
    website = models.URLField("website", blank=True)
    contact_person = models.CharField("contactpersoon", max_length=200, blank=True)
    phone = models.CharField("telefoon", max_length=50, blank=True)
    email = models.EmailField("e-mail", blank=True)
    region = models.TextField("werkgebied", blank=True, help_text="Zoals de ondersteuner het zelf omschrijft.")
    # Declared here, not on Target: werven is the bottom layer and knows nothing of supporters.
    targets = models.ManyToManyField(
        "werven.Target",
        related_name="stated_by",
        blank=True,
        verbose_name="vermelde doelstellingen",
        help_text="De LEKP-doelstellingen die deze ondersteuner in zijn aanbod vermeldt.",
    )

    objects = SupporterQuerySet.as_manager()

    class Meta:
        verbose_name = "ondersteuner"
        verbose_name_plural = "ondersteuners"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("offers:supporter-detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    @property
    def has_contact(self):
        return any([self.website, self.contact_person, self.phone, self.email])


class Membership(models.Model):
    """A staff member who edits the offers of one supporter (a user can edit for several)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name="gebruiker"
    )
    supporter = models.ForeignKey(
        Supporter, on_delete=models.CASCADE, related_name="memberships", verbose_name="ondersteuner"
    )

    class Meta:
        verbose_name = "lidmaatschap"
        verbose_name_plural = "lidmaatschappen"
        ordering = ["supporter__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "supporter"], name="membership_unique_user_supporter"),
        ]

    def __str__(self):
        return f"{self.user} – {self.supporter}"


class ReviewQuerySet(models.QuerySet):
    """Which rows are due for review: not reviewed for REVIEW_INTERVAL_MONTHS (never: since created)."""

    @staticmethod
    def _reviewed_by(day):
        return models.Q(reviewed_on__lte=day) | models.Q(
            reviewed_on__isnull=True, created_at__lt=start_of_day_after(day)
        )

    def due_for_review(self, today=None):
        return self.filter(self._reviewed_by(review_cutoff(today or timezone.localdate())))

    def due_within(self, days, today=None):
        """Not due yet, but due within ``days`` days from ``today``."""
        today = today or timezone.localdate()
        now_cutoff = review_cutoff(today)
        not_due_yet = models.Q(reviewed_on__gt=now_cutoff) | models.Q(
            reviewed_on__isnull=True, created_at__gte=start_of_day_after(now_cutoff)
        )
        return self.filter(not_due_yet & self._reviewed_by(review_cutoff(today + datetime.timedelta(days=days))))

    def by_last_review(self):
        """Longest unreviewed first."""
        return self.order_by(Coalesce("reviewed_on", "created_at__date").asc(), "pk")


class Reviewable:
    """The review rule for one object, as ``ReviewQuerySet`` applies it in the database."""

    @property
    def last_reviewed_on(self):
        return self.reviewed_on or timezone.localdate(self.created_at)

    def is_due_for_review(self, today=None):
        return self.last_reviewed_on <= review_cutoff(today or timezone.localdate())


class OfferQuerySet(SearchableQuerySet, ReviewQuerySet):
    search_kind = OFFER_SEARCH_KIND  # search(text): as the site-wide search reads it

    def get_by_natural_key(self, supporter_slug, slug):
        return self.get(supporter__slug=supporter_slug, slug=slug)

    def published(self, today=None):
        """What the public may see: published and not past its end date."""
        return self.filter(public_offer_q(today))

    def past_end_date(self, today=None):
        return self.filter(ends_on__lt=today or timezone.localdate())

    def closing_soon(self, today=None):
        """Ending today or within CLOSING_SOON_DAYS days."""
        return self.filter(closing_soon_q(today))

    def for_list(self):
        """Everything a list row shows, in a fixed number of queries whatever the number of rows."""
        return self.select_related("supporter").prefetch_related("werven")

    def first_per_group(self, shown, *group_by):
        """The first ``shown`` offers (general support last, then by title) of each group of equal
        ``group_by`` values, each with ``group_total``, the number of offers in its group.

        One query whatever the number of offers (window functions), plus the list's prefetch: a
        page that summarises "everything for X" per group stays short and fast at any size.
        """
        partition = [models.F(name) for name in group_by] or None
        return (
            self.annotate(
                group_place=models.Window(RowNumber(), partition_by=partition, order_by=["is_general", "title", "pk"]),
                group_total=models.Window(models.Count("pk"), partition_by=partition),
            )
            .filter(group_place__lte=shown)
            .for_list()
            # The window sorts every offer of every group, not only the first ``shown``: without the
            # description (most of a row's bytes, and no card shows it) that sort stays in memory.
            .defer("description")
            .order_by(*group_by, "supporter__name", "is_general", "title", "pk")
        )

    def first_per_werf(self, shown, *group_by):
        """``first_per_group`` for general support and for every werf at once: the first ``shown``
        offers of each group of general support (``werf_number`` None) and of each werf the other
        offers serve (``werf_number``), split further by equal ``group_by`` values.

        One query instead of one per kind: an offer is joined to each werf it serves and each
        (kind, werf) pair is a partition. General support is linked to every werf, so its group has
        a row per offer and werf: DENSE_RANK gives an offer's rows one place, and the places counted
        from both ends give the number of offers. Those repeated rows (a few per supporter) are
        left for ``summarise_by_werf`` to drop: dropping them here took a third sort of every row.
        """
        partition = [models.F("is_general"), models.F("werf_number"), *(models.F(name) for name in group_by)]
        ascending = [models.F("title").asc(), models.F("pk").asc()]
        descending = [models.F("title").desc(), models.F("pk").desc()]
        return (
            self.annotate(
                werf_number=models.Case(
                    models.When(is_general=True, then=None),
                    default=models.F("werven__number"),
                    output_field=models.PositiveSmallIntegerField(),
                )
            )
            .annotate(
                group_place=models.Window(DenseRank(), partition_by=partition, order_by=ascending),
                places_after=models.Window(DenseRank(), partition_by=partition, order_by=descending),
            )
            .annotate(group_total=models.F("group_place") + models.F("places_after") - 1)
            .filter(group_place__lte=shown)
            .for_list()
            # As in first_per_group: no card shows the description, and the window sorts every row.
            .defer("description")
            .order_by("-is_general", "werf_number", *group_by, "supporter__name", "title", "pk")
        )

    def serving_werven(self, numbers):
        """Offers for any of these werven (general support is linked to every werf)."""
        return self.filter(serving_werven_q(numbers))

    def count_per_werf(self):
        """A subquery counting these offers for the werf in ``OuterRef("pk")``, to annotate werven with."""
        links = (
            Offer.werven.through.objects.filter(werf=models.OuterRef("pk"), offer__in=self)
            .order_by()
            .values("werf")
            .annotate(count=models.Count("offer"))
            .values("count")
        )
        return Coalesce(models.Subquery(links, output_field=models.IntegerField()), 0)

    def counts_by_supporter_and_werven(self, numbers, **counts):
        """One row per supporter and combination of werven served, with the aggregates ``counts`` of its offers.

        The combination is the number ``served``: bit i is set for the werf ``numbers[i]``. Each
        werf is one subquery, looked up once per offer however many counts there are (a werf
        condition inside every count took a subquery each and was eight times slower at 20,000
        offers); the rows are bounded by the supporters and the combinations, not by the offers.
        """
        served = sum(
            (
                models.Case(models.When(serving_werven_q([number]), then=models.Value(1 << index)), default=0)
                for index, number in enumerate(numbers)
            ),
            models.Value(0),
        )
        return self.order_by().values("supporter_id", served=served).annotate(**counts)

    @staticmethod
    def last_change():
        """The moment an offer was last news: first published or its content changed, whichever is later."""
        return Greatest(Coalesce("published_at", "content_changed_at"), "content_changed_at")

    def newest_first(self):
        return self.order_by(self.last_change().desc(), "-pk")

    def changed_since(self, moment):
        """Offers first published or changed in content after ``moment``."""
        return self.filter(models.Q(published_at__gt=moment) | models.Q(content_changed_at__gt=moment))


class Offer(Reviewable, models.Model):
    class Kind(models.TextChoices):
        KENNISDELING = "kennisdeling", "kennisdeling en netwerking"
        BEGELEIDING = "begeleiding", "begeleiding en coaching"
        RAAMOVEREENKOMST = "raamovereenkomst", "raamovereenkomst of aankoopcentrale"
        SAMENAANKOOP = "samenaankoop", "samenaankoop of groepsaankoop"
        CAMPAGNE = "campagne", "campagne"
        SUBSIDIE = "subsidie", "subsidie of financiering"
        STUDIE = "studie", "studie en planning"
        MODELREGLEMENTEN = "modelreglementen", "modelreglementen en sjablonen"
        HANDHAVING = "handhaving", "handhaving"
        COMMUNICATIE = "communicatie", "communicatie en participatie"
        ONDERWIJS = "onderwijs", "onderwijs"
        REALISATIE = "realisatie", "ontwerp en realisatie"

    class Cost(models.TextChoices):
        GRATIS = "gratis", "gratis"
        BETALEND = "betalend", "betalend"
        DEELS_BETALEND = "deels-betalend", "deels betalend"
        NIET_VERMELD = "niet-vermeld", "niet vermeld"

    supporter = models.ForeignKey(
        Supporter, on_delete=models.PROTECT, related_name="offers", verbose_name="ondersteuner"
    )
    title = models.CharField("titel", max_length=200)
    slug = models.SlugField("sleutel", max_length=200, help_text="Deel van het webadres; uniek per ondersteuner.")
    summary = models.TextField("samenvatting", help_text="Eén zin.")
    description = models.TextField("volledige beschrijving", help_text="In de woorden van de ondersteuner.")
    werven = models.ManyToManyField(
        Werf,
        related_name="offers",
        blank=True,
        verbose_name="werven",
        help_text="Minstens één; algemene ondersteuning krijgt vanzelf alle werven.",
    )
    is_general = models.BooleanField(
        "algemene ondersteuning", default=False, help_text="Ondersteuning voor alle vier de werven."
    )
    concerns_patrimony = models.BooleanField(
        "gemeentelijk patrimonium", default=False, help_text="Gaat over de eigen gebouwen van de gemeente."
    )
    kind = models.CharField("soort ondersteuning", max_length=30, choices=Kind.choices)
    cost = models.CharField("kosten", max_length=20, choices=Cost.choices, default=Cost.NIET_VERMELD)
    partners = models.TextField("partners", blank=True, help_text="Eén organisatie per regel.")
    source = models.CharField("bron", max_length=300, blank=True, help_text="Het onderdeel van de brontekst.")
    status = models.CharField(
        "status", max_length=20, choices=PublicationStatus.choices, default=PublicationStatus.CONCEPT
    )
    # Ongoing, or ending on a date (a call for projects, a campaign); the form makes staff choose.
    is_ongoing = models.BooleanField("doorlopend", default=True)
    ends_on = models.DateField(
        "einddatum",
        null=True,
        blank=True,
        help_text="De laatste dag waarop gemeenten kunnen instappen; daarna verdwijnt het aanbod van de site.",
    )
    reviewed_on = models.DateField("laatst nagekeken op", null=True, blank=True)
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)
    updated_at = models.DateTimeField("laatst bijgewerkt", auto_now=True)
    # Set by save() and by a change of the werven (see record_werven_change), never by a form:
    # updated_at also moves when only the review date is saved, which is no news to an official.
    published_at = models.DateTimeField("eerst gepubliceerd op", null=True, blank=True, editable=False)
    content_changed_at = models.DateTimeField("inhoud gewijzigd op", default=timezone.now, editable=False)

    objects = OfferQuerySet.as_manager()
    history = RecordedHistory(m2m_fields=[werven])

    class Meta:
        verbose_name = "aanbod"
        verbose_name_plural = "aanbod"
        ordering = ["title", "pk"]
        # The list (/aanbod/, by title) and the feed and /nieuw/ (newest first) show a page of
        # LIMIT rows: with these indexes PostgreSQL reads those rows in order instead of sorting
        # every published offer, which at 20,000 offers spilled to disk on page 50.
        indexes = [
            models.Index(fields=["title", "id"], name="offer_title_idx"),
            models.Index(
                Greatest(Coalesce("published_at", "content_changed_at"), "content_changed_at").desc(),
                models.F("id").desc(),
                name="offer_last_change_idx",
            ),
            # The counts of /aanbod/ (its total and facets, OfferFilter.counts), the home page and the supporter
            # pages read these columns of every published offer; from this narrow index PostgreSQL
            # counts without reading the wide rows (an index-only scan): about 4x less SQL time at
            # 20,000 offers. supporter comes second for the per-supporter counts.
            models.Index(
                fields=["status", "supporter", "ends_on", "cost", "kind", "is_ongoing", "is_general", "id"],
                name="offer_published_facets_idx",
            ),
        ]
        # Which rows a staff member may touch follows from memberships; these two rights are
        # what sets coordinators apart (see offers/permissions.py).
        permissions = [
            ("view_all_supporters", "Kan aanbod en projecten van alle ondersteuners zien"),
            ("restore_offer", "Kan verwijderd aanbod herstellen"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["supporter", "slug"], name="offer_unique_slug_per_supporter"),
            models.CheckConstraint(
                condition=models.Q(is_ongoing=True, ends_on__isnull=True)
                | models.Q(is_ongoing=False, ends_on__isnull=False),
                name="offer_ongoing_or_end_date",
                violation_error_message=(
                    "Een aanbod is doorlopend of heeft een einddatum, niet allebei of geen van beide."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self._stamp_changes()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "published_at", "content_changed_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("offers:offer-detail", args=[self.supporter.slug, self.slug])

    def natural_key(self):
        return (self.supporter.slug, self.slug)

    natural_key.dependencies = ["offers.supporter"]

    def _stamp_changes(self):
        """Set ``published_at`` once and ``content_changed_at`` on a real change of the content.

        Compared with the stored row, not with what the instance was loaded with: the admin, the
        seed loader, a reverted history version and a restore all build or change instances in
        their own way, and all end here. The stored stamps win over the instance's own (a
        reverted version carries the stamps of its day).
        """
        now = timezone.now()
        stored = None
        if self.pk is not None:
            stored = (
                type(self)
                ._base_manager.filter(pk=self.pk)
                .values(*CONTENT_FIELDS, "published_at", "content_changed_at")
                .first()
            )
        if stored is not None:
            changed = any(getattr(self, name) != stored[name] for name in CONTENT_FIELDS)
            self.content_changed_at = now if changed else stored["content_changed_at"]
            self.published_at = stored["published_at"]
        elif self.content_changed_at is None:
            self.content_changed_at = now
        if self.published_at is None and self.is_published:
            self.published_at = now

    @staticmethod
    def werven_to_store(is_general, werven):
        """The werven an offer is linked to: every werf for general support, else at least one.

        The one rule for the admin form, the seed loader and any importer, so that cards,
        counts, filters and exports read the werven alone and never a special case.
        """
        if is_general:
            return list(Werf.objects.all())
        werven = list(werven)
        if not werven:
            raise ValidationError(
                {
                    "werven": "Kies minstens één werf, of vink “algemene ondersteuning” aan "
                    "(dan telt het voor alle werven)."
                },
                code="no_werf",
            )
        return werven

    def set_werven(self, werven):
        self.werven.set(self.werven_to_store(self.is_general, werven))

    @property
    def partner_list(self):
        return split_lines(self.partners)

    @property
    def served_werf_numbers(self):
        return sorted(werf.number for werf in self.werven.all())

    @property
    def is_published(self):
        return self.status == PublicationStatus.PUBLISHED

    def freshness(self, now=None):
        """Freshness.NEW when first published in the last FRESH_DAYS days, else UPDATED when the
        content changed in that time, else None: a card carries one mark at most."""
        since = (now or timezone.now()) - timedelta(days=FRESH_DAYS)
        if self.published_at and self.published_at >= since:
            return Freshness.NEW
        if self.content_changed_at and self.content_changed_at >= since:
            return Freshness.UPDATED
        return None

    @property
    def last_change(self):
        return max(filter(None, [self.published_at, self.content_changed_at]))

    def is_past_end_date(self, today=None):
        return self.ends_on is not None and self.ends_on < (today or timezone.localdate())

    def closes_soon(self, today=None):
        today = today or timezone.localdate()
        return self.ends_on is not None and 0 <= (self.ends_on - today).days <= CLOSING_SOON_DAYS

    @property
    def is_public(self):
        return self.is_published and not self.is_past_end_date()


@receiver(post_save, sender=Offer)
def remember_raw_load(sender, instance, raw=False, **kwargs):
    # loaddata saves raw and then sets the werven: record_werven_change must not stamp that.
    instance._loaded_raw = raw


@receiver(m2m_changed, sender=Offer.werven.through)
def record_werven_change(sender, instance, action, reverse, pk_set, **kwargs):
    """Another werf is a change of content; setting the same werven again is none.

    Every way of storing werven (the admin form, the loader, a revert, a restore) goes through
    the m2m manager, whose set() only adds and removes what differs.
    """
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if getattr(instance, "_loaded_raw", False):
        return  # loaddata restoring a backup: the dates come from the dump
    now = timezone.now()
    if not reverse:
        if action == "post_clear" or pk_set:
            Offer.objects.filter(pk=instance.pk).update(content_changed_at=now)
            instance.content_changed_at = now
    elif pk_set:  # werf.offers.add(...): a werf losing all its offers (clear) is a werf being deleted
        Offer.objects.filter(pk__in=pk_set).update(content_changed_at=now)


class ProjectQuerySet(ReviewQuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def published(self):
        return self.filter(status=PublicationStatus.PUBLISHED)

    def for_list(self):
        return self.select_related("lead_supporter").prefetch_related("werven")

    def newest(self):
        """Most recently added first: a start date may be missing, the moment of adding never is."""
        return self.order_by("-created_at", "-pk")

    def first_of_all(self, shown):
        """The first ``shown`` projects, each with ``total``, the number of all of them: one query."""
        return self.annotate(total=models.Window(models.Count("pk")))[:shown]


class Project(Reviewable, models.Model):
    slug = models.SlugField("sleutel", max_length=200, unique=True)
    title = models.CharField("titel", max_length=200)
    lead_supporter = models.ForeignKey(
        Supporter, on_delete=models.PROTECT, related_name="projects", verbose_name="trekker (ondersteuner)"
    )
    werven = models.ManyToManyField("werven.Werf", related_name="projects", blank=True, verbose_name="werven")
    themes = models.TextField("thema's", blank=True, help_text="Eén thema per regel.")
    short_description = models.TextField("korte beschrijving")
    reason = models.TextField("reden van het project", blank=True)
    start_date = models.DateField("startdatum", null=True, blank=True)
    investment = models.CharField("investeringsbedrag", max_length=100, blank=True)
    financing = models.TextField("financieringskanaal", blank=True)
    hiring = models.CharField("aanwerving", max_length=200, blank=True)
    municipality = models.CharField("gemeente", max_length=200, blank=True)
    contact_person = models.CharField("contactpersoon", max_length=200, blank=True)
    email = models.EmailField("e-mailadres", blank=True)
    website = models.CharField("website", max_length=300, blank=True, help_text="Webadres of naam zoals vermeld.")
    departments = models.TextField("betrokken diensten", blank=True)
    collaborating_governments = models.TextField(
        "samenwerking met andere lokale besturen", blank=True, help_text="Eén bestuur per regel."
    )
    collaboration_note = models.TextField("toelichting samenwerking", blank=True)
    external_partners = models.TextField("externe partners", blank=True, help_text="Eén partner per regel.")
    partners_note = models.TextField("toelichting partners", blank=True)
    success_factors = models.TextField("succesfactoren", blank=True, help_text="Eén per regel.")
    pitfalls = models.TextField("valkuilen", blank=True, help_text="Eén per regel.")
    challenges = models.TextField("uitdagingen", blank=True, help_text="Eén per regel.")
    status = models.CharField("status", max_length=20, choices=PROJECT_STATUSES, default=PublicationStatus.CONCEPT)
    reviewed_on = models.DateField("laatst nagekeken op", null=True, blank=True)
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)
    updated_at = models.DateTimeField("laatst bijgewerkt", auto_now=True)

    objects = ProjectQuerySet.as_manager()
    history = RecordedHistory(m2m_fields=[werven])

    class Meta:
        verbose_name = "inspiratieproject"
        verbose_name_plural = "inspiratieprojecten"
        # Without nulls_last PostgreSQL would list projects without a start date first, SQLite last.
        ordering = [models.F("start_date").desc(nulls_last=True), "title"]
        permissions = [("restore_project", "Kan verwijderd inspiratieproject herstellen")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("offers:project-detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    @property
    def is_public(self):
        return self.status == PublicationStatus.PUBLISHED

    @property
    def theme_list(self):
        return split_lines(self.themes)

    @property
    def collaborating_government_list(self):
        return split_lines(self.collaborating_governments)

    @property
    def external_partner_list(self):
        return split_lines(self.external_partners)

    @property
    def success_factor_list(self):
        return split_lines(self.success_factors)

    @property
    def pitfall_list(self):
        return split_lines(self.pitfalls)

    @property
    def challenge_list(self):
        return split_lines(self.challenges)
