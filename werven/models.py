from collections import defaultdict

from django.db import models
from django.urls import reverse

from werven.shares import Share


class WerfManager(models.Manager):
    def get_by_natural_key(self, number):
        return self.get(number=number)


class Werf(models.Model):
    number = models.PositiveSmallIntegerField("nummer", unique=True)
    name = models.CharField("naam", max_length=200, help_text="Bv. “Laten we een boom opzetten”.")
    theme = models.CharField("thema", max_length=200, help_text="Bv. “vergroening”.")
    description = models.TextField("korte beschrijving", blank=True)

    objects = WerfManager()

    class Meta:
        verbose_name = "werf"
        verbose_name_plural = "werven"
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1) & models.Q(number__lte=4),
                name="werf_number_between_1_and_4",
                violation_error_message="Het LEKP kent enkel de werven 1 tot en met 4.",
            ),
        ]

    def __str__(self):
        return f"Werf {self.number}: {self.name}"

    def get_absolute_url(self):
        return reverse("werven:detail", args=[self.number])

    def natural_key(self):
        return (self.number,)


class TargetQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def for_werf_page(self, werf):
        """The targets of ``werf``, LEKP 1.0 before 2.0, each with the target it adapts and, in
        ``adapted_in``, the variants that adapt it (in Target's order).

        One query for the targets and their variants together, which are few: the variants are
        read from it instead of from a query of their own.
        """
        rows = list(
            self.filter(models.Q(werf=werf) | models.Q(variant_of__werf=werf))
            .select_related("werf", "variant_of")
            .order_by("pact_version", "position", "pk")
        )
        variants = defaultdict(list)
        for row in sorted(rows, key=Target.order_key):
            variants[row.variant_of_id].append(row)
        for target in rows:
            target.adapted_in = variants[target.pk]
        return [target for target in rows if target.werf_id == werf.pk]


class Target(models.Model):
    class Unit(models.TextChoices):
        BOMEN = "bomen", "bomen"
        M_HAAG = "m_haag", "m haag of geveltuinbeplanting"
        PERKEN = "perken", "natuurgroenperken"
        RENOVATIES = "renovaties", "renovaties"
        FOSSIELVRIJE_RENOVATIES = "fossielvrije_renovaties", "fossielvrije renovaties"
        PROJECTEN = "projecten", "projecten"
        TOEGANGSPUNTEN = "toegangspunten", "toegangspunten"
        LAADPUNTEN = "laadpunten", "laadpunten"
        LAADEQUIVALENTEN = "laadequivalenten", "laadequivalenten"
        M_FIETSPAD = "m_fietspad", "m fietspad"
        M2_ONTHARDING = "m2_ontharding", "m² ontharding"
        M3_OPVANG = "m3_opvang", "m³ opvang"
        UITNODIGINGEN_KLIMAATTAFEL = "uitnodigingen_klimaattafel", "uitnodigingen klimaattafel"

    class Basis(models.TextChoices):
        INWONER = "inwoner", "inwoners"
        WOONEENHEID = "wooneenheid", "wooneenheden"

    class Horizon(models.TextChoices):
        JAAR_2030 = "2030", "tegen 2030"
        EIND_2024 = "eind-2024", "voor einde 2024"

    class PactVersion(models.TextChoices):
        LEKP_1 = "1.0", "LEKP 1.0"
        LEKP_2 = "2.0", "LEKP 2.0"

    werf = models.ForeignKey(Werf, on_delete=models.CASCADE, related_name="targets", verbose_name="werf")
    slug = models.SlugField("sleutel", max_length=100, unique=True)
    text = models.TextField("officiële tekst")
    quantity = models.DecimalField("hoeveelheid", max_digits=10, decimal_places=2, null=True, blank=True)
    unit = models.CharField("eenheid", max_length=40, choices=Unit.choices, blank=True)
    basis = models.CharField("basis", max_length=20, choices=Basis.choices, blank=True)
    per_count = models.PositiveIntegerField(
        "per hoeveel", null=True, blank=True, help_text="Bv. 1000 voor “per 1.000 inwoners”."
    )
    flemish_total = models.CharField(
        "Vlaams totaal", max_length=200, blank=True, help_text="Zoals vermeld, bv. “6,6 miljoen bomen”."
    )
    horizon = models.CharField("horizon", max_length=20, choices=Horizon.choices, default=Horizon.JAAR_2030)
    pact_version = models.CharField("pactversie", max_length=5, choices=PactVersion.choices, default=PactVersion.LEKP_1)
    variant_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="variants",
        verbose_name="variant van",
        help_text="De doelstelling die deze (LEKP 2.0-)formulering aanpast.",
    )
    position = models.PositiveSmallIntegerField("volgorde", default=0)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = "doelstelling"
        verbose_name_plural = "doelstellingen"
        ordering = ["werf__number", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__isnull=True) | ~models.Q(unit=""),
                name="target_quantity_needs_unit",
                violation_error_message="Een doelstelling met een hoeveelheid heeft ook een eenheid.",
            ),
            models.CheckConstraint(
                condition=models.Q(per_count__isnull=True) | ~models.Q(basis=""),
                name="target_per_count_needs_basis",
                violation_error_message="“Per hoeveel” vraagt ook een basis (inwoners of wooneenheden).",
            ),
        ]

    def __str__(self):
        return f"Werf {self.werf.number} ({self.get_pact_version_display()}): {self.text[:80]}"

    def get_absolute_url(self):
        return f"{self.werf.get_absolute_url()}#doelstelling-{self.slug}"

    def natural_key(self):
        return (self.slug,)

    @staticmethod
    def order_key(target):
        """Meta.ordering in Python, for targets already fetched (with their werf)."""
        return (target.werf.number, target.position, target.pk)

    @property
    def has_numbers(self):
        return self.quantity is not None

    @property
    def unit_label(self):
        """The unit as Dutch reads it after the quantity: “1 project”, “50 renovaties”."""
        return self.unit_label_for(self.quantity)

    def unit_label_for(self, amount):
        if amount == 1:
            return UNIT_SINGULAR.get(self.unit, self.get_unit_display())
        return self.get_unit_display()

    @property
    def can_be_shared(self):
        """Whether a municipality's share can be computed: a quantity per inhabitant or housing unit."""
        return self.quantity is not None and bool(self.basis)

    def share_for(self, count):
        """This target's indicative share for a municipality with ``count`` inhabitants or housing units."""
        return Share(self, count)


UNIT_SINGULAR = {
    Target.Unit.BOMEN: "boom",
    Target.Unit.PERKEN: "natuurgroenperk",
    Target.Unit.RENOVATIES: "renovatie",
    Target.Unit.FOSSIELVRIJE_RENOVATIES: "fossielvrije renovatie",
    Target.Unit.PROJECTEN: "project",
    Target.Unit.TOEGANGSPUNTEN: "toegangspunt",
    Target.Unit.LAADPUNTEN: "laadpunt",
    Target.Unit.LAADEQUIVALENTEN: "laadequivalent",
    Target.Unit.UITNODIGINGEN_KLIMAATTAFEL: "uitnodiging klimaattafel",
}
