"""The staff admin for supporters, offers and projects.

Groups give a role its permissions (offers/permissions.py); the offer and project admins narrow
every query, form field, object check and history page to the rows a user's memberships allow,
so that an object of another organisation is out of reach by list, by URL and by hand-made POST.
``SupporterScopedAdmin`` lists the mixins they are made of, one job each (offers/admin_mixins.py).
"""

import datetime

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from offers.admin_mixins import (
    DeletedListMixin,
    HistoryPagesMixin,
    HistoryTimingMixin,
    OrganisationScopedMixin,
    PublishActionsMixin,
    SiteLinkMixin,
    SuperuserOnlyMixin,
    WervenFieldMixin,
)
from offers.exports import OfferExport
from offers.forms import OfferForm
from offers.models import Membership, Offer, Project, Supporter


@admin.action(description="Exporteer selectie als CSV", permissions=["view"])
def export_selection_csv(modeladmin, request, queryset):
    return OfferExport.from_selection(queryset, request).response("csv")


@admin.action(description="Exporteer selectie als Excel", permissions=["view"])
def export_selection_xlsx(modeladmin, request, queryset):
    return OfferExport.from_selection(queryset, request).response("xlsx")


# The rows reaching these actions are already scoped by OrganisationScopedMixin, so a redacteur
# exports only their own offers.
EXPORT_ACTIONS = [export_selection_csv, export_selection_xlsx]


class ReviewedFilter(admin.SimpleListFilter):
    title = "nagekeken"
    parameter_name = "nagekeken"

    def lookups(self, request, model_admin):
        return [
            ("verouderd", "meer dan een jaar geleden of nooit"),
            ("recent", "in het afgelopen jaar"),
        ]

    def queryset(self, request, queryset):
        year_ago = timezone.localdate() - datetime.timedelta(days=365)
        if self.value() == "verouderd":
            return queryset.filter(Q(reviewed_on__isnull=True) | Q(reviewed_on__lt=year_ago))
        if self.value() == "recent":
            return queryset.filter(reviewed_on__gte=year_ago)
        return queryset


class SupporterScopedAdmin(
    OrganisationScopedMixin,
    HistoryTimingMixin,
    HistoryPagesMixin,
    PublishActionsMixin,
    DeletedListMixin,
    SiteLinkMixin,
    WervenFieldMixin,
    SimpleHistoryAdmin,
):
    """An admin for a model that belongs to one supporter, with simple-history's history pages.

    Each mixin does one job (offers/admin_mixins.py); the scoping comes first because the
    others ask it which rows and supporters are within the user's reach.
    """

    save_on_top = True


@admin.register(Offer)
class OfferAdmin(SupporterScopedAdmin):
    list_display = ["title", "supporter", "werven_list", "kind", "status", "reviewed_on", "updated_at", "site_link"]
    list_filter = ["werven", "kind", "status", "cost", ReviewedFilter]
    search_fields = ["title"]
    search_help_text = (
        "Zoekt in titel, samenvatting, beschrijving en partners (hoofdletters en accenten maken niet uit)."
    )
    form = OfferForm
    prepopulated_fields = {"slug": ["title"]}
    list_per_page = 50
    actions = ["publish", "unpublish", *EXPORT_ACTIONS]
    fieldsets = [
        (None, {"fields": ["supporter", "title", "slug", "summary", "description"]}),
        ("Indeling", {"fields": ["werven", "is_general", "concerns_patrimony", "kind", "cost", "partners", "source"]}),
        ("Publicatie", {"fields": ["status", "reviewed_on"]}),
    ]

    def get_search_results(self, request, queryset, search_term):
        # The model keeps an accent-free search text; the public search uses the same.
        if not search_term.strip():
            return queryset, False
        return queryset.search(search_term), False


@admin.register(Project)
class ProjectAdmin(SupporterScopedAdmin):
    supporter_field = "lead_supporter"
    list_display = ["title", "lead_supporter", "werven_list", "municipality", "status", "updated_at", "site_link"]
    list_filter = ["werven", "status"]
    search_fields = ["title", "short_description", "municipality", "themes"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["lead_supporter", "title", "slug", "werven", "themes", "short_description", "reason"]}),
        (
            "Praktisch",
            {
                "fields": [
                    "start_date",
                    "investment",
                    "financing",
                    "hiring",
                    "municipality",
                    "contact_person",
                    "email",
                    "website",
                    "departments",
                ]
            },
        ),
        (
            "Samenwerking en lessen",
            {
                "fields": [
                    "collaborating_governments",
                    "collaboration_note",
                    "external_partners",
                    "partners_note",
                    "success_factors",
                    "pitfalls",
                    "challenges",
                ]
            },
        ),
        ("Publicatie", {"fields": ["status"]}),
    ]


class MembershipInline(SuperuserOnlyMixin, admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Supporter)
class SupporterAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "contact_person", "email", "website_link", "offer_count"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "short_explanation", "region"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = [
        "name",
        "slug",
        "kind",
        "short_explanation",
        "website",
        "contact_person",
        "phone",
        "email",
        "region",
        "targets",
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "targets":
            kwargs["widget"] = forms.CheckboxSelectMultiple
            # Each label names its werf; without the join that is a query per checkbox.
            kwargs["queryset"] = db_field.related_model.objects.select_related("werf")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).with_published_counts()

    @admin.display(description="website")
    def website_link(self, obj):
        if not obj.website:
            return "–"
        return format_html('<a href="{}" rel="noopener">{}</a>', obj.website, obj.website)

    @admin.display(description="gepubliceerd aanbod", ordering="published_offer_count")
    def offer_count(self, obj):
        return obj.published_offer_count


@admin.register(Membership)
class MembershipAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    list_display = ["user", "supporter", "user_groups"]
    list_filter = ["supporter", "user__groups"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email", "supporter__name"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "supporter"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("user__groups")

    @admin.display(description="rollen")
    def user_groups(self, obj):
        return format_html_join(", ", "{}", ((group.name,) for group in obj.user.groups.all())) or "–"


User = get_user_model()


class LekpUserAdmin(UserAdmin):
    """Django's user admin, with the supporters a user edits for on the same page."""

    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_staff", "is_superuser"]


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, LekpUserAdmin)
