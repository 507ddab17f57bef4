"""The staff admin for supporters, offers and projects.

Groups give a role its permissions (offers/permissions.py); the admins below narrow every
query, form field, object check and history page to the rows a user's memberships allow, so
that an object of another organisation is out of reach by list, by URL and by hand-made POST.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from offers.exports import OfferExport
from offers.forms import OfferForm
from offers.history import finish_deferred_history, one_history_row, start_deferred_history
from offers.models import Membership, Offer, Project, PublicationStatus, Supporter
from offers.permissions import (
    may_see_supporter,
    may_touch_supporter,
    member_supporter_ids,
    sees_all_supporters,
)


@admin.action(description="Exporteer selectie als CSV", permissions=["view"])
def export_selection_csv(modeladmin, request, queryset):
    return OfferExport.from_selection(queryset, request).response("csv")


@admin.action(description="Exporteer selectie als Excel", permissions=["view"])
def export_selection_xlsx(modeladmin, request, queryset):
    return OfferExport.from_selection(queryset, request).response("xlsx")


# The rows reaching these actions are already scoped by get_queryset below, so a redacteur
# exports only their own offers.
EXPORT_ACTIONS = [export_selection_csv, export_selection_xlsx]


def is_object_id(value):
    """Whether a URL part can be a primary key: "²" passes str.isdigit() and 5,000 digits are no number."""
    value = str(value)
    return value.isascii() and value.isdigit() and len(value) <= 18


class FixedSupporterWidget(forms.Widget):
    """Shows the one supporter a redacteur edits for and still posts its id.

    The value travels in a hidden input so the form keeps validating it against the user's
    own supporters (a hand-edited id is rejected) and the unique slug-per-supporter check
    keeps working; a disabled or excluded field would lose one or the other.
    """

    def __init__(self, supporter, attrs=None):
        super().__init__(attrs)
        self.supporter = supporter

    def render(self, name, value, attrs=None, renderer=None):
        return format_html(
            '<input type="hidden" name="{}" value="{}" id="{}"><div class="readonly">{}</div>',
            name,
            self.supporter.pk,
            (attrs or {}).get("id", f"id_{name}"),
            self.supporter,
        )


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


class SupporterScopedAdmin(SimpleHistoryAdmin):
    """An admin for a model that belongs to one supporter, with simple-history's history pages."""

    supporter_field = "supporter"
    object_history_template = "admin/lekp/object_history.html"
    object_history_list_template = "admin/lekp/object_history_list.html"
    object_history_form_template = "admin/lekp/object_history_form.html"
    actions = ["publish", "unpublish"]
    save_on_top = True

    # -- rows ---------------------------------------------------------------------------------

    def owner_id(self, obj):
        return getattr(obj, f"{self.supporter_field}_id")

    def scope(self, request, queryset):
        if sees_all_supporters(request.user):
            return queryset
        return queryset.filter(**{f"{self.supporter_field}_id__in": member_supporter_ids(request.user)})

    def get_queryset(self, request):
        return self.scope(request, super().get_queryset(request).for_list())

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            # Django would redirect with "does not exist"; a plain 404 says the same for an
            # object of another organisation and for one that never existed.
            raise Http404(f"Geen {self.opts.verbose_name} met dit nummer.")
        return obj

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return may_see_supporter(request.user, self.owner_id(obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return may_touch_supporter(request.user, self.owner_id(obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return may_touch_supporter(request.user, self.owner_id(obj))

    def has_add_permission(self, request):
        if not super().has_add_permission(request):
            return False
        return request.user.is_superuser or bool(member_supporter_ids(request.user))

    def has_restore_permission(self, request):
        return request.user.has_perm(f"{self.opts.app_label}.restore_{self.opts.model_name}")

    # -- forms --------------------------------------------------------------------------------

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == self.supporter_field and not request.user.is_superuser:
            own = list(Supporter.objects.filter(pk__in=member_supporter_ids(request.user)))
            kwargs["queryset"] = Supporter.objects.filter(pk__in=[s.pk for s in own])
            kwargs["empty_label"] = None
            if len(own) == 1:
                kwargs["widget"] = FixedSupporterWidget(own[0])
                kwargs["initial"] = own[0].pk
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "werven":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if sees_all_supporters(request.user):
            filters.insert(0, self.supporter_field)
        elif len(member_supporter_ids(request.user)) > 1:
            filters.insert(0, (self.supporter_field, admin.RelatedOnlyFieldListFilter))
        return filters

    def save_model(self, request, obj, form, change):
        # The form already limits the supporter to the user's own; this guards any other path.
        if not may_touch_supporter(request.user, self.owner_id(obj)):
            raise PermissionDenied
        # The history row waits until the werven are saved too (see offers/history.py). Both
        # Django's change form and simple-history's revert form log the change only after
        # saving the relations, so log_addition/log_change write it.
        start_deferred_history(obj)
        super().save_model(request, obj, form, change)

    def log_addition(self, request, obj, message):
        finish_deferred_history(obj, "+")
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        finish_deferred_history(obj, "~")
        return super().log_change(request, obj, message)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        # simple-history marks an instance rebuilt from an earlier version with "_history"; the
        # form would otherwise show the werven of today, and reverting would keep them.
        version = getattr(obj, "_history", None)
        if version is None or "werven" not in form_class.base_fields:
            return form_class
        werf_ids = [row.werf_id for row in version.werven.all()]

        class VersionForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if werf_ids:
                    self.initial["werven"] = werf_ids
                else:
                    # Objects made outside the admin (a shell, older loads) got a first row
                    # before their werven were set; reverting to it must not empty the werven.
                    field = self.fields["werven"]
                    field.help_text = "Deze versie bewaarde geen werven; de huidige werven blijven aangevinkt."

        return VersionForm

    def view_on_site(self, obj):
        # A concept has no public page yet; a link to a 404 would only confuse.
        return obj.get_absolute_url() if obj.status == PublicationStatus.PUBLISHED else None

    # -- list columns -------------------------------------------------------------------------

    @admin.display(description="op de site")
    def site_link(self, obj):
        url = self.view_on_site(obj)
        if url is None:
            return "– (concept)"
        return format_html('<a href="{}">Bekijk op de site</a>', url)

    @admin.display(description="werven")
    def werven_list(self, obj):
        return ", ".join(str(werf.number) for werf in obj.werven.all()) or "–"

    # -- actions ------------------------------------------------------------------------------

    def _set_status(self, request, queryset, status, verb):
        changed = skipped = 0
        for obj in queryset:
            if not may_touch_supporter(request.user, self.owner_id(obj)):
                skipped += 1
                continue
            if obj.status != status:
                obj.status = status
                obj._history_user = request.user
                obj.save(update_fields=["status", "updated_at"])
                changed += 1
        self.message_user(request, f"{changed} {self.opts.verbose_name_plural} {verb}.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                f"{skipped} overgeslagen: die horen bij een ondersteuner waarvoor u niet mag wijzigen.",
                messages.WARNING,
            )

    @admin.action(description="Publiceren", permissions=["change"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, PublicationStatus.PUBLISHED, "gepubliceerd")

    @admin.action(description="Depubliceren", permissions=["change"])
    def unpublish(self, request, queryset):
        self._set_status(request, queryset, PublicationStatus.CONCEPT, "gedepubliceerd (concept)")

    # -- history ------------------------------------------------------------------------------

    def _live_object(self, request, object_id, *other_ids):
        """The current object, or None when it was deleted; 404 when it exists out of reach."""
        if not all(is_object_id(value) for value in (object_id, *other_ids)):
            # simple-history's URLs accept any text; a non-number would fail in the database.
            raise Http404(f"Geen {self.opts.verbose_name} met dit nummer.")
        live = self.model._default_manager.filter(pk=object_id).first()
        if live is None:
            return None
        if not self.has_view_permission(request, live):
            raise Http404(f"Geen {self.opts.verbose_name} met dit nummer.")
        return live

    def history_view(self, request, object_id, extra_context=None):
        self._live_object(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        live = self._live_object(request, object_id, version_id)
        if request.method == "POST":
            # simple-history lets anyone who may *view* post this form; reverting is a change.
            if live is None or not self.has_change_permission(request, live):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        if obj is not None and not self.model._default_manager.filter(pk=obj.pk).exists():
            return True
        return super().revert_disabled(request, obj)

    def get_historical_record_context_helper(self, request, historical_record):
        # simple-history cuts values to 100 characters ("IOK v[85 chars]lan"); staff need to
        # read what a summary or description said before, so show far more of it.
        return HistoricalRecordContextHelper(self.model, historical_record, max_displayed_delta_change_chars=2000)

    def history_view_title(self, request, obj):
        return f"Geschiedenis van {obj}"

    def history_form_view_title(self, request, obj):
        if self.revert_disabled(request, obj):
            return f"Eerdere versie van {obj}"
        return f"Eerdere versie van {obj} terugzetten"

    # -- deleted objects ----------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "verwijderd/",
                self.admin_site.admin_view(self.deleted_view),
                name="{}_{}_deleted".format(*info),
            ),
            path(
                "verwijderd/<int:history_id>/herstellen/",
                self.admin_site.admin_view(require_POST(self.restore_view)),
                name="{}_{}_restore".format(*info),
            ),
        ] + super().get_urls()

    def admin_url_name(self, view):
        return f"admin:{self.opts.app_label}_{self.opts.model_name}_{view}"

    def deleted_records(self, request):
        """The last history record of each deleted object within the user's reach, newest first."""
        history = self.model.history.filter(history_type="-").exclude(id__in=self.model._default_manager.values("pk"))
        history = self.scope(request, history).select_related(self.supporter_field, "history_user")
        seen, records = set(), []
        for record in history.order_by("-history_date", "-history_id"):
            if record.id not in seen:
                seen.add(record.id)
                records.append(record)
        return records

    def deleted_view(self, request):
        if not self.has_restore_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Verwijderd: {self.opts.verbose_name_plural}",
            "records": self.deleted_records(request),
            "restore_url_name": self.admin_url_name("restore"),
        }
        return TemplateResponse(request, "admin/lekp/deleted_list.html", context)

    def restore_view(self, request, history_id):
        if not self.has_restore_permission(request):
            raise PermissionDenied
        record = get_object_or_404(self.model.history.model, history_id=history_id, history_type="-")
        if not may_see_supporter(request.user, self.owner_id(record)):
            raise Http404("Geen verwijderd object met dit nummer.")
        deleted_url = reverse(self.admin_url_name("deleted"))
        if self.model._default_manager.filter(pk=record.id).exists():
            self.message_user(request, f"“{record}” bestaat al; er is niets hersteld.", messages.WARNING)
            return HttpResponseRedirect(deleted_url)
        if not Supporter.objects.filter(pk=self.owner_id(record)).exists():
            self.message_user(request, "De ondersteuner van dit object bestaat niet meer.", messages.ERROR)
            return HttpResponseRedirect(deleted_url)
        try:
            with transaction.atomic():
                restored = self.restore(request, record)
        except IntegrityError:
            self.message_user(
                request,
                f"“{record}” kon niet hersteld worden: er bestaat intussen al een "
                f"{self.opts.verbose_name} met dezelfde sleutel ({record.slug}).",
                messages.ERROR,
            )
            return HttpResponseRedirect(deleted_url)
        self.log_addition(request, restored, [{"added": {}}])
        self.message_user(request, f"“{restored}” is hersteld met zijn laatste versie.", messages.SUCCESS)
        return HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[restored.pk])
        )

    def restore(self, request, record):
        """Put a deleted object back as it was just before deletion, under its old id."""
        instance = record.instance
        instance._history_user = request.user
        with one_history_row(instance, "+"):
            instance.save(force_insert=True)
            # Django removes the werven links before the deletion is recorded, so the record
            # before it holds the last werven.
            before = record.prev_record
            if before is not None:
                instance.werven.set([row.werf_id for row in before.werven.all()])
            # auto_now_add stamped the restore moment; the object keeps its real creation date.
            self.model._default_manager.filter(pk=instance.pk).update(created_at=record.created_at)
            instance.created_at = record.created_at
        return instance

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        if self.has_restore_permission(request):
            extra_context["deleted_url"] = reverse(self.admin_url_name("deleted"))
        return super().changelist_view(request, extra_context)


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


class SuperuserOnlyMixin:
    """Memberships decide who edits what, so only a beheerder (superuser) manages them."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


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


def scoped_view_on_site(request, content_type_id, object_id):
    """The admin's "admin/r/<type>/<id>/" redirect, but only for objects the user may see.

    Django's own shortcut redirects any staff member to any object's public address, which
    would give away the slug of another organisation's draft.
    """
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    model = content_type.model_class()
    if model is None or not admin.site.is_registered(model) or not is_object_id(object_id):
        raise Http404("Dit object bestaat niet.")
    model_admin = admin.site.get_model_admin(model)
    obj = model_admin.get_queryset(request).filter(pk=object_id).first()
    if obj is None or not model_admin.has_view_permission(request, obj):
        raise Http404("Dit object bestaat niet.")
    return contenttype_views.shortcut(request, content_type_id, object_id)


User = get_user_model()


class LekpUserAdmin(UserAdmin):
    """Django's user admin, with the supporters a user edits for on the same page."""

    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_staff", "is_superuser"]


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, LekpUserAdmin)
