from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from gemeenten.outlines import OutlineError, svg_path
from offers.models import Offer, Supporter
from zoeken.models import SearchableQuerySet

MUNICIPALITY_SEARCH_KIND = "gemeenten"

nis_code_validator = RegexValidator(r"^[0-9]{5}$", "Een NIS-code bestaat uit vijf cijfers.")


class Province(models.TextChoices):
    ANTWERPEN = "Antwerpen", "Antwerpen"
    LIMBURG = "Limburg", "Limburg"
    OOST_VLAANDEREN = "Oost-Vlaanderen", "Oost-Vlaanderen"
    VLAAMS_BRABANT = "Vlaams-Brabant", "Vlaams-Brabant"
    WEST_VLAANDEREN = "West-Vlaanderen", "West-Vlaanderen"


def is_nis_code(value):
    return isinstance(value, str) and len(value) == 5 and value.isascii() and value.isdigit()


class MunicipalityQuerySet(SearchableQuerySet):
    # search(text) with the site-wide engine, on the names only (weight A: the name and the former
    # names, so "Kortessem" finds Hasselt, and not every municipality of arrondissement Leuven for
    # "leuven"), and on the start of a word, as one types a name ("turnh" finds Turnhout).
    search_kind = MUNICIPALITY_SEARCH_KIND
    search_weights = ("A",)
    search_prefix = True

    def get_by_natural_key(self, nis_code):
        return self.get(nis_code=nis_code)

    def for_list(self):
        return self.prefetch_related(
            models.Prefetch("supporters", queryset=Supporter.objects.order_by("name")),
            "former_municipalities",
        )

    def for_map(self):
        """Only what a map draws: one query for all 285 outlines and their supporter counts."""
        return (
            self.filter(outline__isnull=False)
            .select_related("outline")
            .only("nis_code", "name", "outline__path")
            .annotate(supporter_count=models.Count("services", distinct=True))
        )

    def with_coverage(self, supporters_per_werf):
        """Each municipality with ``covered_<number>`` per werf number in ``supporters_per_werf``:
        whether one of the supporters listed for it serves the municipality. One query for all 285.
        """
        return self.annotate(
            **{
                f"covered_{number}": models.Exists(
                    Service.objects.filter(municipality=models.OuterRef("pk"), supporter__in=supporters)
                )
                if supporters
                else models.Value(False)
                for number, supporters in supporters_per_werf.items()
            }
        )


class Municipality(models.Model):
    nis_code = models.CharField(
        "NIS-code", max_length=5, unique=True, validators=[nis_code_validator], help_text="Vijf cijfers (Statbel)."
    )
    name = models.CharField("naam", max_length=100)
    province = models.CharField("provincie", max_length=20, choices=Province.choices)
    arrondissement = models.CharField("arrondissement", max_length=100)
    inhabitants = models.PositiveIntegerField("inwoners")
    inhabitants_on = models.DateField("inwoners op", help_text="De datum waarop het aantal inwoners geteld werd.")
    housing_units = models.PositiveIntegerField("wooneenheden", null=True, blank=True)
    housing_units_on = models.DateField("wooneenheden op", null=True, blank=True)
    supporters = models.ManyToManyField(
        Supporter, through="Service", related_name="municipalities", verbose_name="ondersteuners"
    )

    objects = MunicipalityQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "gemeente"
        verbose_name_plural = "gemeenten"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(housing_units__isnull=True) | models.Q(housing_units_on__isnull=False),
                name="municipality_housing_units_need_a_date",
                violation_error_message="Geef ook de datum waarop de wooneenheden geteld werden.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("gemeenten:detail", args=[self.nis_code])

    def natural_key(self):
        return (self.nis_code,)

    def published_offers(self):
        """The published offers of the supporters serving this municipality."""
        return Offer.objects.published().filter(supporter__in=self.supporters.all())


class FormerMunicipalityQuerySet(models.QuerySet):
    def get_by_natural_key(self, nis_code):
        return self.get(nis_code=nis_code)


class FormerMunicipality(models.Model):
    """A municipality that merged into another (on 1 January 2025); officials still search for it."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="former_municipalities", verbose_name="nu deel van"
    )
    nis_code = models.CharField("oude NIS-code", max_length=5, unique=True, validators=[nis_code_validator])
    name = models.CharField("naam", max_length=100)

    objects = FormerMunicipalityQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "voormalige gemeente"
        verbose_name_plural = "voormalige gemeenten"
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.nis_code})"

    def get_absolute_url(self):
        return self.municipality.get_absolute_url()

    def natural_key(self):
        return (self.nis_code,)


class ServiceQuerySet(models.QuerySet):
    def get_by_natural_key(self, supporter_slug, nis_code):
        return self.get(supporter__slug=supporter_slug, municipality__nis_code=nis_code)


class Service(models.Model):
    """A supporter works for a municipality (member of an intercommunale, a province's own)."""

    supporter = models.ForeignKey(
        Supporter, on_delete=models.CASCADE, related_name="services", verbose_name="ondersteuner"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="services", verbose_name="gemeente"
    )
    source = models.CharField("bron", max_length=500, blank=True, help_text="Waar dit gegeven vandaan komt.")

    objects = ServiceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "werkingsgebied"
        verbose_name_plural = "werkingsgebieden"
        ordering = ["municipality__name", "supporter__name"]
        constraints = [
            models.UniqueConstraint(fields=["supporter", "municipality"], name="service_unique_supporter_municipality"),
        ]

    def __str__(self):
        return f"{self.supporter} werkt voor {self.municipality}"

    def get_absolute_url(self):
        return self.municipality.get_absolute_url()

    def natural_key(self):
        return (self.supporter.slug, self.municipality.nis_code)


class OutlineQuerySet(models.QuerySet):
    def get_by_natural_key(self, nis_code):
        return self.get(municipality__nis_code=nis_code)


class Outline(models.Model):
    """A municipality's outline for the maps, kept apart so lists never load its geometry."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="outline", verbose_name="gemeente"
    )
    geometry = models.JSONField(
        "omtrek", help_text="GeoJSON-geometrie (Polygon of MultiPolygon) in lengte- en breedtegraden (WGS84)."
    )
    path = models.TextField(editable=False, blank=True)

    objects = OutlineQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["path"])

    class Meta:
        verbose_name = "omtrek"
        verbose_name_plural = "omtrekken"
        ordering = ["municipality__name"]

    def __str__(self):
        return f"Omtrek van {self.municipality}"

    def save(self, *args, **kwargs):
        self.path = svg_path(self.geometry)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.municipality.get_absolute_url()

    def clean(self):
        try:
            svg_path(self.geometry)
        except OutlineError as error:
            raise ValidationError({"geometry": f"Geen bruikbare omtrek: {error}."}) from error

    def natural_key(self):
        return self.municipality.natural_key()
