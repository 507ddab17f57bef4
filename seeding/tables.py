"""What the seed files hold: one declaration per table, in the order the loader writes them."""

from dataclasses import dataclass, field

from django.forms import modelform_factory
from django.utils.text import capfirst

from offers.models import PublicationStatus
from seeding import readers
from seeding.forms import (
    FormerMunicipalitySeedForm,
    MunicipalitySeedForm,
    OfferSeedForm,
    OutlineSeedForm,
    ProjectSeedForm,
    ServiceSeedForm,
    SupporterSeedForm,
    TargetSeedForm,
)
from werven.models import Werf


@dataclass(frozen=True, eq=False)
class Table:
    name: str  # the TOML table, as in [[offer]]
    label: str  # a record in messages (“aanbod “x””) and its kind in SeedRecord: never rename
    form: type  # the ModelForm that checks a record and saves it
    files: str  # a file name in the fixtures directory, or a pattern such as "aanbod-*.toml"
    natural_key: tuple = ("slug",)  # the record's keys that find its row: Model.objects.get_by_natural_key
    header: tuple = ()  # keys given once at the top of a file, for each of its records
    lines: tuple = ()  # text fields a record may give as a TOML list, stored one item per line
    documentation: tuple = ()  # keys for the reader of the file only, never loaded
    defaults: dict = field(default_factory=dict)  # what a record gets unless it says otherwise
    self_reference: str = ""  # a key naming a row of this table: records with it load after the rest
    reader: object = None  # for a file that is not TOML: path -> records (seeding/readers.py)

    @property
    def model(self):
        return self.form._meta.model

    @property
    def title(self):
        return capfirst(self.model._meta.verbose_name_plural)


PUBLISHED = {"status": PublicationStatus.PUBLISHED}
# No source text names an end date or a closing call for any seeded offer, so all are ongoing;
# a record with an end date says `is_ongoing = false` and `ends_on = 2027-06-30`.
ONGOING = {"is_ongoing": True}

TABLES = [
    Table(
        "werf",
        "werf",
        modelform_factory(Werf, fields="__all__"),
        "werven.toml",
        natural_key=("number",),
    ),
    Table("supporter", "ondersteuner", SupporterSeedForm, "ondersteuners.toml"),
    Table("target", "doelstelling", TargetSeedForm, "werven.toml", self_reference="variant_of"),
    Table(
        "offer",
        "aanbod",
        OfferSeedForm,
        "aanbod-*.toml",
        natural_key=("supporter", "slug"),
        header=("supporter",),
        lines=("partners",),
        documentation=("notes",),
        defaults={**PUBLISHED, **ONGOING},
    ),
    Table(
        "project",
        "project",
        ProjectSeedForm,
        "projecten.toml",
        lines=(
            "themes",
            "departments",
            "collaborating_governments",
            "external_partners",
            "success_factors",
            "pitfalls",
            "challenges",
        ),
        documentation=("notes",),
        defaults=PUBLISHED,
    ),
    Table(
        "gemeente",
        "gemeente",
        MunicipalitySeedForm,
        "gemeenten.csv",
        natural_key=("nis_code",),
        reader=readers.municipalities,
    ),
    Table(
        "voormalige gemeente",
        "voormalige gemeente",
        FormerMunicipalitySeedForm,
        "gemeenten.csv",
        natural_key=("nis_code",),
        reader=readers.former_municipalities,
    ),
    Table(
        "omtrek",
        "omtrek",
        OutlineSeedForm,
        "gemeenten-2025.geojson",
        natural_key=("municipality",),
        reader=readers.outlines,
    ),
    Table(
        "werkingsgebied",
        "werkingsgebied",
        ServiceSeedForm,
        "ondersteuners-gemeenten.csv",
        natural_key=("supporter", "municipality"),
        reader=readers.services,
    ),
]
