"""Municipalities are reference data for every organisation: only a beheerder edits them, with history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from gemeenten.models import FormerMunicipality, Municipality, Outline, Service
from offers.admin_mixins import EditConflictMixin, SuperuserOnlyMixin


class FormerMunicipalityInline(SuperuserOnlyMixin, admin.TabularInline):
    model = FormerMunicipality
    extra = 0


class ServiceInline(SuperuserOnlyMixin, admin.TabularInline):
    model = Service
    extra = 0
    verbose_name = "ondersteuner die voor deze gemeente werkt"
    verbose_name_plural = "ondersteuners die voor deze gemeente werken"


class OutlineInline(SuperuserOnlyMixin, admin.StackedInline):
    model = Outline
    classes = ["collapse"]


@admin.register(Municipality)
class MunicipalityAdmin(SuperuserOnlyMixin, EditConflictMixin, SimpleHistoryAdmin):
    list_display = ["name", "nis_code", "province", "arrondissement", "inhabitants", "housing_units"]
    list_filter = ["province", "supporters"]
    search_fields = ["name", "nis_code", "former_municipalities__name", "former_municipalities__nis_code"]
    fieldsets = [
        (None, {"fields": ["nis_code", "name", "province", "arrondissement"]}),
        (
            "Cijfers voor de doelstellingen",
            {"fields": ["inhabitants", "inhabitants_on", "housing_units", "housing_units_on"]},
        ),
    ]
    inlines = [FormerMunicipalityInline, ServiceInline, OutlineInline]
    list_per_page = 100


@admin.register(Service)
class ServiceAdmin(SuperuserOnlyMixin, SimpleHistoryAdmin):
    list_display = ["municipality", "supporter", "source"]
    list_filter = ["supporter", "municipality__province"]
    search_fields = ["municipality__name", "supporter__name"]
    list_select_related = ["municipality", "supporter"]
    autocomplete_fields = ["municipality"]
