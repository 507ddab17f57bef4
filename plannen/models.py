"""A municipality's own policy plan: programmes, action programmes, numbered actions and their werf tags."""

from django.db import models
from django.db.models.functions import RowNumber
from django.urls import reverse
from simple_history.models import HistoricalRecords

from gemeenten.models import Municipality
from werven.models import Werf
from zoeken.models import SearchableQuerySet

# The key of plan actions in the search index (plannen/search.py declares the kind).
ACTION_SEARCH_KIND = "acties"


class PolicyPlan(models.Model):
    """One plan per municipality: the one its page shows (a new import replaces the texts)."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="policy_plan", verbose_name="gemeente"
    )
    title = models.CharField("titel", max_length=200, help_text="Bv. “Bestuursnota 2019-2024”.")
    period = models.CharField("periode", max_length=20, help_text="Bv. “2019-2024”.")
    source = models.CharField("bron", max_length=500, help_text="Waar de tekst vandaan komt (adres of document).")

    class Meta:
        verbose_name = "beleidsplan"
        verbose_name_plural = "beleidsplannen"
        ordering = ["municipality__name"]

    def __str__(self):
        return f"{self.title} ({self.municipality.name})"

    def get_absolute_url(self):
        return reverse("plannen:plan", args=[self.municipality.nis_code])


class Programme(models.Model):
    plan = models.ForeignKey(PolicyPlan, on_delete=models.CASCADE, related_name="programmes", verbose_name="plan")
    number = models.PositiveSmallIntegerField("nummer")
    title = models.CharField("titel", max_length=300)

    class Meta:
        verbose_name = "programma"
        verbose_name_plural = "programma's"
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="programme_unique_number_per_plan"),
        ]

    def __str__(self):
        return f"Programma {self.number}: {self.title.capitalize()}"

    @property
    def anchor(self):
        return f"programma-{self.number}"


class ActionProgramme(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="action_programmes", verbose_name="programma"
    )
    number = models.PositiveSmallIntegerField("nummer", help_text="Het getal na de punt: 6 in “3.6”.")
    title = models.TextField("titel")

    class Meta:
        verbose_name = "actieprogramma"
        verbose_name_plural = "actieprogramma's"
        ordering = ["programme__plan", "programme__number", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"], name="action_programme_unique_number_per_programme"
            ),
        ]

    def __str__(self):
        return f"Actieprogramma {self.code}"

    @property
    def code(self):
        return f"{self.programme.number}.{self.number}"

    @property
    def anchor(self):
        return f"actieprogramma-{self.programme.number}-{self.number}"


class ActionQuerySet(SearchableQuerySet):
    search_kind = ACTION_SEARCH_KIND  # search(text): as the site-wide search reads it

    def for_list(self):
        """What the plan page and the exports show of an action, in a fixed number of queries."""
        return self.select_related("programme", "action_programme__programme").prefetch_related(
            models.Prefetch("tags", queryset=ActionWerf.objects.select_related("werf").order_by("werf__number"))
        )

    def in_order(self):
        return self.order_by("programme__number", "number")

    def count_per_programme(self):
        """Programme number -> how many of these actions it holds: one grouped query."""
        counts = self.order_by().values_list("programme__number").annotate(count=models.Count("pk"))
        return dict(counts.values_list("programme__number", "count"))

    def confirmed_for(self, werf_numbers):
        return self.filter(tags__origin=ActionWerf.Origin.CONFIRMED, tags__werf__number__in=werf_numbers).distinct()


class Action(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="actions", verbose_name="programma")
    action_programme = models.ForeignKey(
        ActionProgramme,
        on_delete=models.CASCADE,
        related_name="actions",
        verbose_name="actieprogramma",
        null=True,
        blank=True,
        help_text="Leeg voor een actie die vóór het eerste actieprogramma van haar programma staat.",
    )
    number = models.PositiveSmallIntegerField("nummer", help_text="Zoals in de tekst; telt per programma.")
    text = models.TextField("tekst")
    items = models.JSONField("opsomming", default=list, blank=True, help_text="De punten van een lijst in de actie.")
    heading = models.CharField(
        "tussentitel", max_length=500, blank=True, help_text="De tussentitel in de tekst waaronder de actie staat."
    )
    position = models.PositiveIntegerField("volgorde in het plan")
    first_line = models.PositiveIntegerField("eerste regel in de bron")
    last_line = models.PositiveIntegerField("laatste regel in de bron")
    patrimonium = models.BooleanField(
        "patrimonium", default=False, help_text="Over de eigen gebouwen of het eigen wagenpark van de gemeente."
    )
    history = HistoricalRecords()
    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = "actie"
        verbose_name_plural = "acties"
        ordering = ["programme__plan", "programme__number", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="action_unique_number_per_programme"),
            models.CheckConstraint(
                condition=models.Q(last_line__gte=models.F("first_line")), name="action_lines_in_order"
            ),
        ]
        indexes = [models.Index(fields=["programme", "position"], name="action_programme_position")]

    def __str__(self):
        return self.citation

    def get_absolute_url(self):
        return f"{self.programme.plan.get_absolute_url()}?programma={self.programme.number}#{self.anchor}"

    @property
    def citation(self):
        """As a reader quotes it: "actieprogramma 3.6, actie 143" (or "programma 2, actie 5")."""
        if self.action_programme_id:
            return f"actieprogramma {self.programme.number}.{self.action_programme.number}, actie {self.number}"
        return f"programma {self.programme.number}, actie {self.number}"

    @property
    def anchor(self):
        # Numbers restart per programme, so the programme is part of the anchor; it stays the same
        # when a corrected file is imported again.
        return f"actie-{self.programme.number}-{self.number}"

    def tags_of(self, origin):
        return [tag.werf.number for tag in self.tags.all() if tag.origin == origin]

    @property
    def confirmed_werven(self):
        return self.tags_of(ActionWerf.Origin.CONFIRMED)

    @property
    def suggested_werven(self):
        return self.tags_of(ActionWerf.Origin.SUGGESTED)

    @property
    def full_text(self):
        """The text with its list, one "- " item per line (for exports)."""
        return "\n".join([self.text, *(f"- {item}" for item in self.items)])


class ActionWerfQuerySet(models.QuerySet):
    def first_per_werf(self, shown):
        """The first ``shown`` of these tags per werf, in the plan's order, each with its action and
        ``werf_total``, the number of these tags of its werf: one query whatever the plan holds."""
        per_werf = {"partition_by": models.F("werf_id")}
        return (
            self.select_related("werf", "action__programme__plan__municipality", "action__action_programme")
            .annotate(
                rank=models.Window(RowNumber(), order_by=models.F("action__position").asc(), **per_werf),
                werf_total=models.Window(models.Count("pk"), **per_werf),
            )
            .filter(rank__lte=shown)
            .order_by("werf__number", "rank")
        )


class ActionWerf(models.Model):
    """A werf an action concretely contributes to: suggested by a keyword rule, confirmed or rejected by a person."""

    class Origin(models.TextChoices):
        SUGGESTED = "voorgesteld", "voorgesteld (door een trefwoordregel)"
        CONFIRMED = "bevestigd", "bevestigd (door een medewerker)"
        REJECTED = "afgewezen", "afgewezen (door een medewerker)"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="tags", verbose_name="actie")
    werf = models.ForeignKey(Werf, on_delete=models.PROTECT, related_name="plan_tags", verbose_name="werf")
    origin = models.CharField("herkomst", max_length=20, choices=Origin.choices, default=Origin.SUGGESTED)
    reason = models.CharField("waarom", max_length=500, blank=True)

    history = HistoricalRecords()
    objects = ActionWerfQuerySet.as_manager()

    class Meta:
        verbose_name = "werf van een actie"
        verbose_name_plural = "werven van acties"
        ordering = ["action__programme__number", "action__number", "werf__number"]
        constraints = [
            models.UniqueConstraint(fields=["action", "werf"], name="action_werf_unique"),
        ]

    def __str__(self):
        return f"{self.action.citation}: werf {self.werf.number} ({self.get_origin_display()})"
