"""Plans in the admin: coördinatoren and beheerders upload a plan and confirm or reject werf tags.

Redacteurs do not see plans here (they read them on the public pages): a plan is the
municipality's, not a supporter's. Coördinatoren change nothing of the offers, but curating
which actions serve a werf is their job, so here they may confirm and reject tags and upload a
plan; only a beheerder deletes. Every tag and action keeps its history (simple_history).
"""

import base64
import secrets

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin

from gemeenten.models import Municipality
from offers.admin_mixins import EditConflictMixin
from offers.permissions import sees_all_supporters
from plannen.importer import PlanImportError, import_plan_bytes
from plannen.models import Action, ActionWerf, PolicyPlan
from plannen.parser import PlanSyntaxError

SESSION_KEY = "plannen_upload"
# A plan's text is some hundreds of kilobytes; this refuses what cannot be one.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class PlanStaffMixin:
    def has_module_permission(self, request):
        return sees_all_supporters(request.user)

    def has_view_permission(self, request, obj=None):
        return sees_all_supporters(request.user)

    def has_change_permission(self, request, obj=None):
        return sees_all_supporters(request.user)

    def has_add_permission(self, request, obj=None):
        return False  # plans, actions and suggestions come from the importer

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


def _set_origin(modeladmin, request, queryset, origin, verb):
    changed = 0
    for tag in queryset.select_related("action__programme", "werf"):
        if tag.origin != origin:
            tag.origin = origin
            tag.save()  # one history row per tag, with who did it
            changed += 1
    modeladmin.message_user(request, f"{changed} werf(ven) {verb}.", messages.SUCCESS)


@admin.action(description="Bevestig de gekozen werven", permissions=["change"])
def confirm_tags(modeladmin, request, queryset):
    _set_origin(modeladmin, request, queryset, ActionWerf.Origin.CONFIRMED, "bevestigd")


@admin.action(description="Wijs de gekozen werven af", permissions=["change"])
def reject_tags(modeladmin, request, queryset):
    _set_origin(modeladmin, request, queryset, ActionWerf.Origin.REJECTED, "afgewezen")


@admin.register(ActionWerf)
class ActionWerfAdmin(PlanStaffMixin, EditConflictMixin, SimpleHistoryAdmin):
    list_display = ["action", "werf", "origin", "action_text"]
    list_filter = ["origin", "werf", "action__programme__plan", "action__programme__number"]
    search_fields = ["action__text"]
    list_select_related = ["action__programme", "action__action_programme", "werf"]
    fields = ["action", "action_text", "werf", "origin", "reason"]
    readonly_fields = ["action", "action_text", "werf"]
    actions = [confirm_tags, reject_tags]
    list_per_page = 100

    @admin.display(description="tekst van de actie")
    def action_text(self, tag):
        return tag.action.text[:300]


class ActionWerfInline(PlanStaffMixin, admin.TabularInline):
    model = ActionWerf
    fields = ["werf", "origin", "reason"]
    readonly_fields = ["werf"]
    extra = 0


@admin.register(Action)
class ActionAdmin(PlanStaffMixin, EditConflictMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "short_text", "patrimonium"]
    list_filter = ["programme__plan", "programme__number", "patrimonium", "tags__origin", "tags__werf"]
    search_fields = ["text"]
    list_select_related = ["programme", "action_programme"]
    fields = ["programme", "action_programme", "number", "heading", "text", "items", "patrimonium", "lines"]
    readonly_fields = ["programme", "action_programme", "number", "heading", "text", "items", "lines"]
    inlines = [ActionWerfInline]
    list_per_page = 100

    @admin.display(description="tekst")
    def short_text(self, action):
        return action.text[:120]

    @admin.display(description="regels in de bron")
    def lines(self, action):
        return f"{action.first_line}–{action.last_line}"


class PlanUploadForm(forms.Form):
    gemeente = forms.ModelChoiceField(Municipality.objects.order_by("name"), label="Gemeente")
    titel = forms.CharField(label="Titel", max_length=200, initial="Bestuursnota 2019-2024")
    periode = forms.CharField(label="Periode", max_length=20, initial="2019-2024")
    bron = forms.CharField(label="Bron", max_length=500)
    bestand = forms.FileField(label="Tekstbestand (UTF-8)")

    def clean_bestand(self):
        upload = self.cleaned_data["bestand"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("Dit bestand is te groot voor een beleidsplan in platte tekst (meer dan 5 MB).")
        return upload


@admin.register(PolicyPlan)
class PolicyPlanAdmin(PlanStaffMixin, admin.ModelAdmin):  # a plan changes only by import: no history of its own
    list_display = ["title", "municipality", "period", "source"]
    list_select_related = ["municipality"]
    readonly_fields = ["municipality"]
    change_list_template = "admin/plannen/policyplan/change_list.html"

    def get_urls(self):
        return [
            path("inlezen/", self.admin_site.admin_view(self.upload_view), name="plannen_policyplan_upload"),
            *super().get_urls(),
        ]

    def upload_view(self, request):
        """Step 1: a file and its facts, read as a dry run; step 2: the same bytes, written."""
        if not sees_all_supporters(request.user):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "title": "Beleidsplan inlezen"}
        if request.method == "POST" and "bevestig" in request.POST:
            return self.confirm(request, context)
        form = PlanUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data["bestand"].read()
            meta = {
                "title": form.cleaned_data["titel"],
                "period": form.cleaned_data["periode"],
                "source": form.cleaned_data["bron"],
            }
            municipality = form.cleaned_data["gemeente"]
            try:
                report = import_plan_bytes(data, municipality, dry_run=True, **meta)
            except (PlanSyntaxError, PlanImportError) as error:
                form.add_error("bestand", f"{error} Er is niets ingelezen.")
            else:
                token = secrets.token_urlsafe(16)
                request.session[SESSION_KEY] = {
                    "token": token,
                    "municipality": municipality.pk,
                    "meta": meta,
                    "data": base64.b64encode(data).decode("ascii"),
                }
                context.update(report=report, token=token, municipality=municipality, meta=meta)
                return TemplateResponse(request, "admin/plannen/policyplan/upload_confirm.html", context)
        context["form"] = form
        return TemplateResponse(request, "admin/plannen/policyplan/upload.html", context)

    def confirm(self, request, context):
        pending = request.session.get(SESSION_KEY)
        if not pending or pending.get("token") != request.POST.get("token"):
            messages.error(request, "Deze bevestiging hoort bij geen proefdraai meer; lees het bestand opnieuw in.")
            return redirect("admin:plannen_policyplan_upload")
        municipality = Municipality.objects.get(pk=pending["municipality"])
        try:
            report = import_plan_bytes(base64.b64decode(pending["data"]), municipality, **pending["meta"])
        except (PlanSyntaxError, PlanImportError) as error:
            messages.error(request, f"{error} Er is niets ingelezen.")
            return redirect("admin:plannen_policyplan_upload")
        del request.session[SESSION_KEY]
        messages.success(request, " · ".join(report.summary_lines()))
        return redirect(reverse("admin:plannen_policyplan_changelist"))
