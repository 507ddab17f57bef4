"""The staff admin for supporters, offers and projects.

Groups give a role its permissions (offers/permissions.py); the offer and project admins narrow
every query, form field, object check and history page to the rows a user's memberships allow,
so that an object of another organisation is out of reach by list, by URL and by hand-made POST.
``SupporterScopedAdmin`` lists the mixins they are made of, one job each (offers/admin_mixins.py).
"""

from axes.admin import AccessAttemptAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import models
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from offers.admin_mixins import (
    DeletedListMixin,
    EditConflictMixin,
    EditorFormMixin,
    HistoryPagesMixin,
    HistoryTimingMixin,
    OrganisationScopedMixin,
    PublishActionsMixin,
    ReviewedTodayMixin,
    SavedMessageMixin,
    SiteLinkMixin,
    SuperuserOnlyMixin,
    WervenFieldMixin,
)
from offers.exports import OfferExport
from offers.forms import OfferForm
from offers.models import DUE_SOON_DAYS, Membership, Offer, Project, Supporter
from offers.permissions import member_supporter_ids, sees_all_supporters


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
    """The review rule of ReviewQuerySet (REVIEW_INTERVAL_MONTHS; never reviewed counts from creation)."""

    title = "nagekeken"
    parameter_name = "nagekeken"

    def lookups(self, request, model_admin):
        return [
            ("verouderd", "na te kijken (een jaar of langer geleden)"),
            ("binnenkort", "binnen een maand na te kijken"),
            ("recent", "in orde"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "verouderd":
            return queryset.due_for_review()
        if self.value() == "binnenkort":
            return queryset.due_within(DUE_SOON_DAYS)
        if self.value() == "recent":
            return queryset.exclude(pk__in=queryset.due_for_review().values("pk"))
        return queryset


class DurationFilter(admin.SimpleListFilter):
    title = "looptijd"
    parameter_name = "looptijd"

    def lookups(self, request, model_admin):
        return [
            ("doorlopend", "doorlopend"),
            ("binnenkort", "sluit binnenkort (binnen 30 dagen)"),
            ("verlopen", "verlopen (einddatum voorbij)"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "doorlopend":
            return queryset.filter(is_ongoing=True)
        if self.value() == "binnenkort":
            return queryset.closing_soon()
        if self.value() == "verlopen":
            return queryset.past_end_date()
        return queryset


class SupporterScopedAdmin(
    OrganisationScopedMixin,
    HistoryTimingMixin,
    HistoryPagesMixin,
    EditConflictMixin,
    PublishActionsMixin,
    ReviewedTodayMixin,
    DeletedListMixin,
    SavedMessageMixin,
    SiteLinkMixin,
    EditorFormMixin,
    WervenFieldMixin,
    SimpleHistoryAdmin,
):
    """An admin for a model that belongs to one supporter, with simple-history's history pages.

    Each mixin does one job (offers/admin_mixins.py); the scoping comes first because the
    others ask it which rows and supporters are within the user's reach.
    """

    save_on_top = True
    actions = ["publish", "unpublish", "mark_reviewed_today"]

    class Media:
        # The list at 1280 px and stacked on a phone, the wide title, delete away from save.
        css = {"all": ["css/admin-editors.css"]}

    # Short Belgian dates (2/12/2026): “2 december 2026” takes two lines in a narrow column.
    @admin.display(description="laatst nagekeken", ordering="reviewed_on")
    def reviewed(self, obj):
        return f"{obj.reviewed_on:%-d/%-m/%Y}" if obj.reviewed_on else "nooit"

    @admin.display(description="laatst bijgewerkt", ordering="updated_at")
    def updated(self, obj):
        return f"{timezone.localtime(obj.updated_at):%-d/%-m/%Y}"

    def get_list_display(self, request):
        """Without the supporter column for an editor of exactly one supporter: it would say the same on every row."""
        columns = list(super().get_list_display(request))
        if not sees_all_supporters(request.user) and len(member_supporter_ids(request.user)) == 1:
            columns.remove(self.supporter_field)
        return columns


@admin.register(Offer)
class OfferAdmin(SupporterScopedAdmin):
    # What an editor looks for first: which offer, is it public, when was it last checked. The
    # moment of the last save is left out so that the list fits 1280 px; the history has it.
    list_display = [
        "title",
        "state",
        "reviewed",
        "site_link",
        "supporter",
        "werven_list",
        "kind",
    ]
    previews = True
    list_filter = ["werven", "kind", "status", "cost", DurationFilter, ReviewedFilter]
    search_fields = ["title"]
    search_help_text = (
        "Zoekt in titel, samenvatting, beschrijving en partners (hoofdletters en accenten maken niet uit)."
    )
    form = OfferForm
    prepopulated_fields = {"slug": ["title"]}
    list_per_page = 50
    actions = ["publish", "unpublish", "mark_reviewed_today", *EXPORT_ACTIONS]
    fieldsets = [
        (None, {"fields": ["supporter", "title", "slug", "summary", "description"]}),
        ("Indeling", {"fields": ["werven", "is_general", "concerns_patrimony", "kind", "cost", "partners", "source"]}),
        ("Looptijd", {"fields": ["is_ongoing", "ends_on"]}),
        ("Publicatie", {"fields": ["status", "reviewed_on"]}),
    ]

    # The status with the end date in one column, so that the list fits 1280 px with the supporter.
    @admin.display(description="status", ordering="status")
    def state(self, obj):
        if obj.ends_on is None:
            return obj.get_status_display()
        if obj.is_past_end_date():
            return f"verlopen (tot {obj.ends_on:%d/%m/%Y})"
        return f"{obj.get_status_display()} tot {obj.ends_on:%d/%m/%Y}"

    def get_search_results(self, request, queryset, search_term):
        # The model keeps an accent-free search text; the public search uses the same.
        if not search_term.strip():
            return queryset, False
        return queryset.search(search_term), False


@admin.register(Project)
class ProjectAdmin(SupporterScopedAdmin):
    supporter_field = "lead_supporter"
    list_display = [
        "title",
        "status",
        "reviewed",
        "site_link",
        "lead_supporter",
        "werven_list",
        "municipality",
        "updated",
    ]
    list_filter = ["werven", "status", ReviewedFilter]
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
        ("Publicatie", {"fields": ["status", "reviewed_on"]}),
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


# -- login throttling (django-axes, see lekp_portal/login_throttle.py): only a beheerder sees
# who is locked out and lifts it; a lockout is the attempts row of a username and address.


class LockoutAdmin(SuperuserOnlyMixin, AccessAttemptAdmin):
    actions = ["lift_lockouts"]

    @admin.action(description="Blokkering opheffen")
    def lift_lockouts(self, request, queryset):
        lifted = queryset.count()
        queryset.delete()
        self.message_user(
            request,
            f"{lifted} {'blokkering' if lifted == 1 else 'blokkeringen'} opgeheven; wie geblokkeerd was, "
            "kan meteen weer aanmelden.",
            messages.SUCCESS,
        )


class LoginLogAdmin(SuperuserOnlyMixin, AccessLogAdmin):
    pass


for model in (AccessAttempt, AccessLog, AccessFailureLog):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
admin.site.register(AccessAttempt, LockoutAdmin)
admin.site.register(AccessLog, LoginLogAdmin)
