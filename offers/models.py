from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse

from offers.history import RecordedHistory
from werven.models import Werf
from zoeken.models import Entry
from zoeken.text import Query, vocabulary

# The key of offers in the search index (offers/search.py declares the kind).
OFFER_SEARCH_KIND = "aanbod"


class PublicationStatus(models.TextChoices):
    CONCEPT = "concept", "concept"
    PUBLISHED = "gepubliceerd", "gepubliceerd"


def split_lines(text):
    """Lists (partners, themes, ...) are stored one item per line, which staff can edit as plain text."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class SupporterQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def with_published_counts(self):
        """Each supporter with ``published_offer_count`` and ``published_project_count``."""
        return self.annotate(
            published_offer_count=models.Count(
                "offers", filter=models.Q(offers__status=PublicationStatus.PUBLISHED), distinct=True
            ),
            published_project_count=models.Count(
                "projects", filter=models.Q(projects__status=PublicationStatus.PUBLISHED), distinct=True
            ),
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


class OfferQuerySet(models.QuerySet):
    def get_by_natural_key(self, supporter_slug, slug):
        return self.get(supporter__slug=supporter_slug, slug=slug)

    def published(self):
        return self.filter(status=PublicationStatus.PUBLISHED)

    def for_list(self):
        """Everything a list row shows, in a fixed number of queries whatever the number of rows."""
        return self.select_related("supporter").prefetch_related("werven")

    def serving_werven(self, numbers):
        """Offers for any of these werven (general support is linked to every werf)."""
        return self.filter(pk__in=Offer.werven.through.objects.filter(werf__number__in=numbers).values("offer_id"))

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

    def alongside(self, offer):
        """Offers of other supporters for the werven this offer serves (all four for general support)."""
        numbers = offer.served_werf_numbers
        if not numbers:
            return self.none()
        return (
            self.serving_werven(numbers)
            .exclude(supporter_id=offer.supporter_id)
            .for_list()
            .order_by("is_general", "supporter__name", "title", "pk")
        )

    def search(self, text):
        """Offers that answer ``text`` as the site-wide search reads it (stems, synonyms, compound parts).

        A text without a word to search for (only punctuation or stop words) filters nothing.
        """
        query = Query.parse(text, vocabulary())
        if not query:
            return self
        return self.filter(pk__in=Entry.objects.filter(kind=OFFER_SEARCH_KIND).matching(query).values("object_id"))


class Offer(models.Model):
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
    reviewed_on = models.DateField("laatst nagekeken op", null=True, blank=True)
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)
    updated_at = models.DateTimeField("laatst bijgewerkt", auto_now=True)

    objects = OfferQuerySet.as_manager()
    history = RecordedHistory(m2m_fields=[werven])

    class Meta:
        verbose_name = "aanbod"
        verbose_name_plural = "aanbod"
        ordering = ["title", "pk"]
        # Which rows a staff member may touch follows from memberships; these two rights are
        # what sets coordinators apart (see offers/permissions.py).
        permissions = [
            ("view_all_supporters", "Kan aanbod en projecten van alle ondersteuners zien"),
            ("restore_offer", "Kan verwijderd aanbod herstellen"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["supporter", "slug"], name="offer_unique_slug_per_supporter"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("offers:offer-detail", args=[self.supporter.slug, self.slug])

    def natural_key(self):
        return (self.supporter.slug, self.slug)

    natural_key.dependencies = ["offers.supporter"]

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


class ProjectQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def published(self):
        return self.filter(status=PublicationStatus.PUBLISHED)

    def for_list(self):
        return self.select_related("lead_supporter").prefetch_related("werven")

    def newest(self):
        """Most recently added first: a start date may be missing, the moment of adding never is."""
        return self.order_by("-created_at", "-pk")


class Project(models.Model):
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
    status = models.CharField(
        "status", max_length=20, choices=PublicationStatus.choices, default=PublicationStatus.CONCEPT
    )
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
