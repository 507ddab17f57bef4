"""The parts of the offer and project admins, one job per mixin.

``SupporterScopedAdmin`` in offers/admin.py, the base of ``OfferAdmin`` and ``ProjectAdmin``,
stacks them on simple-history's ``SimpleHistoryAdmin``. The others rely on
``OrganisationScopedMixin``'s ``supporter_field``, ``owner_id()``, ``scope()`` and object
permissions, so it comes first.
"""

import datetime
import difflib
import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, router, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.views.decorators.http import require_POST
from simple_history.template_utils import HistoricalRecordContextHelper
from simple_history.utils import get_m2m_reverse_field_name

from offers.history import (
    ObjectExists,
    ReferenceGone,
    UnknownVersion,
    changes_since,
    current_version,
    deleted_records,
    finish_deferred_history,
    restore_deleted,
    start_deferred_history,
)
from offers.models import PublicationStatus, Supporter
from offers.permissions import may_see_supporter, may_touch_supporter, member_supporter_ids, sees_all_supporters


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

    def id_for_label(self, id_):
        # The label names the supporter shown as text; a "for" would point at the hidden input.
        return None

    def render(self, name, value, attrs=None, renderer=None):
        return format_html(
            '<input type="hidden" name="{}" value="{}" id="{}"><div class="readonly">{}</div>',
            name,
            self.supporter.pk,
            (attrs or {}).get("id", f"id_{name}"),
            self.supporter,
        )


class OrganisationScopedMixin:
    """Keeps a user to the rows of their own supporters: lists, objects, forms and filters.

    Groups say what a role may do; memberships say to which supporter's rows (see
    offers/permissions.py). An object of another organisation is out of reach by list, by
    URL and by hand-made POST, and a form offers only the user's own supporters.
    """

    supporter_field = "supporter"

    def owner_id(self, obj):
        return getattr(obj, f"{self.supporter_field}_id")

    def scope(self, request, queryset):
        """Narrow a queryset of objects, or of their history records, to the user's reach."""
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

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == self.supporter_field and not request.user.is_superuser:
            own = list(Supporter.objects.filter(pk__in=member_supporter_ids(request.user)))
            kwargs["queryset"] = Supporter.objects.filter(pk__in=[s.pk for s in own])
            kwargs["empty_label"] = None
            if len(own) == 1:
                kwargs["widget"] = FixedSupporterWidget(own[0])
                kwargs["initial"] = own[0].pk
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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
        super().save_model(request, obj, form, change)


class HistoryTimingMixin:
    """Writes one history row per save in the admin, once the werven are saved too.

    Django's change form and simple-history's revert form both log the change only after
    saving the relations, so the row waits from save_model until log_addition/log_change
    (see offers/history.py).
    """

    def save_model(self, request, obj, form, change):
        start_deferred_history(obj)
        super().save_model(request, obj, form, change)

    def log_addition(self, request, obj, message):
        finish_deferred_history(obj, "+")
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        finish_deferred_history(obj, "~")
        return super().log_change(request, obj, message)


class HistoryPagesMixin:
    """simple-history's history pages in Dutch, within the user's reach, a version with its own werven.

    simple-history lets anyone who may view an object post its revert form and accepts any
    text as an id; here reverting needs the change right on the current object, odd ids and
    other organisations' objects answer 404, and a deleted object's versions are read-only.
    """

    object_history_template = "admin/lekp/object_history.html"
    object_history_list_template = "admin/lekp/object_history_list.html"
    object_history_form_template = "admin/lekp/object_history_form.html"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        # simple-history marks an instance rebuilt from an earlier version with "_history"; the
        # form would otherwise show the werven of today, and reverting would keep them.
        version = getattr(obj, "_history", None)
        if version is None:
            return form_class
        with_werven = "werven" in form_class.base_fields
        werf_ids = [row.werf_id for row in version.werven.all()] if with_werven else []

        class VersionForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                # A version is shown as it was, not edited: reverting saves exactly these values
                # (a disabled field keeps its initial value whatever is posted).
                for name, field in self.fields.items():
                    if name != VERSION_FIELD:
                        field.disabled = True
                if not with_werven:
                    return
                if werf_ids:
                    self.initial["werven"] = werf_ids
                else:
                    # Objects made outside the admin (a shell, older loads) got a first row
                    # before their werven were set; reverting to it must not empty the werven.
                    field = self.fields["werven"]
                    field.help_text = "Deze versie bewaarde geen werven; de huidige werven blijven aangevinkt."

        return VersionForm

    def _live_object(self, request, object_id, *other_ids):
        """The current object, or None when it was deleted; 404 when it exists out of reach."""
        if not all(is_object_id(value) for value in (object_id, *other_ids)):
            # simple-history's URLs accept any text; a non-number would fail in the database.
            raise Http404(f"Geen {self.opts.verbose_name} met dit nummer.")
        live = self.model._default_manager.filter(pk=object_id).first()
        # A deleted object is judged by its last version: simple-history would answer 403 for
        # another organisation's, which tells that it existed where an unknown id gets 404.
        last = live or self.model.history.filter(**{self.opts.pk.attname: object_id}).first()
        if last is None or not self.has_view_permission(request, last if live else last.instance):
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
        # simple-history's context holds the opts of the history model (“Historical aanbod”).
        extra_context = {**(extra_context or {}), "plural_name": self.opts.verbose_name_plural}
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        if obj is not None and not self.model._default_manager.filter(pk=obj.pk).exists():
            return True
        return super().revert_disabled(request, obj)

    def get_historical_record_context_helper(self, request, historical_record):
        return MarkedChangesContextHelper(self.model, historical_record)

    def history_view_title(self, request, obj):
        return f"Geschiedenis van {obj}"

    def history_form_view_title(self, request, obj):
        if self.revert_disabled(request, obj):
            return f"Eerdere versie van {obj}"
        return f"Eerdere versie van {obj} terugzetten"


# The words of a text and the spaces between them, so that joining them gives the text back.
WORDS = re.compile(r"\S+|\s+")


def marked_words(old, new):
    """(old, new) as HTML, the words taken out of ``old`` in <del>, those put into ``new`` in <ins>."""
    old_words, new_words = WORDS.findall(old), WORDS.findall(new)
    old_html, new_html = [], []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        removed = conditional_escape("".join(old_words[old_start:old_end]))
        added = conditional_escape("".join(new_words[new_start:new_end]))
        if operation == "equal":
            old_html.append(removed)
            new_html.append(added)
            continue
        if removed:
            old_html.append(format_html("<del>{}</del>", removed))
        if added:
            new_html.append(format_html("<ins>{}</ins>", added))
    return mark_safe("".join(old_html)), mark_safe("".join(new_html))  # noqa: S308 (each part escaped above)


def shown_in_history(field, value):
    """A value of a history row as staff read it: “leeg”, “ja”, a choice's label, a Belgian date."""
    if field.many_to_many:
        return ", ".join(str(row) for row in value) or "leeg"
    if value is None or value == "":
        return "leeg"
    if field.flatchoices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), r"j F Y \o\m H:i")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "j F Y")
    return str(formats.localize(value))


class MarkedChangesContextHelper(HistoricalRecordContextHelper):
    """simple-history's changes per version, readable: the changed words marked, no None, Belgian dates.

    simple-history shows the whole old text and the whole new one, cut at 100 characters
    (“IOK v[85 chars]lan”), and ``None`` or ``2026-12-02`` as Python writes them.
    """

    def stringify_delta_change_values(self, change, old, new):
        field = self.model._meta.get_field(change.field)
        old_text, new_text = shown_in_history(field, old), shown_in_history(field, new)
        if "leeg" in (old_text, new_text) or not isinstance(field, (models.CharField, models.TextField)):
            return conditional_escape(old_text), conditional_escape(new_text)
        return marked_words(old_text, new_text)


class PublishActionsMixin:
    """The list actions "Publiceren" and "Depubliceren", for rows the user may change."""

    actions = ["publish", "unpublish"]

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


class ReviewedTodayMixin:
    """ "Vandaag nagekeken": a list action and a button on the change form.

    It sets the review date to today in Brussels and nothing else (the last-updated time stays,
    since the content did not change), with exactly one history row, and only on rows the user
    may change: a coordinator changes nothing.
    """

    def mark_reviewed(self, request, obj, today):
        obj.reviewed_on = today
        obj._history_user = request.user
        obj._change_reason = "Vandaag nagekeken"
        obj.save(update_fields=["reviewed_on"])

    @admin.action(description="Vandaag nagekeken", permissions=["change"])
    def mark_reviewed_today(self, request, queryset):
        today = timezone.localdate()
        changed = skipped = 0
        for obj in queryset:
            if not may_touch_supporter(request.user, self.owner_id(obj)):
                skipped += 1
                continue
            self.mark_reviewed(request, obj, today)
            changed += 1
        self.message_user(
            request,
            f"{changed} {self.opts.verbose_name_plural} vandaag nagekeken ({today:%d/%m/%Y}).",
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                f"{skipped} overgeslagen: die horen bij een ondersteuner waarvoor u niet mag wijzigen.",
                messages.WARNING,
            )

    def reviewed_today_view(self, request, object_id):
        if not is_object_id(object_id):
            raise Http404(f"Geen {self.opts.verbose_name} met dit nummer.")
        obj = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        today = timezone.localdate()
        info = self.opts.app_label, self.opts.model_name
        change_url = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
        # "Nagekeken" vouches for what the editor saw: if someone saved since the page was opened,
        # the editor must look at that change first (the same version check as the change form).
        with transaction.atomic(using=router.db_for_write(self.model)):
            try:
                newer = changes_since(obj, request.POST.get(VERSION_FIELD))
            except UnknownVersion:
                self.message_user(
                    request,
                    "Niet nagekeken: de knop zei niet welke versie u zag. Bekijk de pagina opnieuw en klik dan.",
                    messages.ERROR,
                )
                return HttpResponseRedirect(change_url)
            if newer:
                who = ", ".join(dict.fromkeys(f"{_author(record)} op {_moment(record)}" for record in newer))
                self.message_user(
                    request,
                    f"Niet nagekeken: “{obj}” werd gewijzigd nadat u het opende ({who}). "
                    "Bekijk wat er veranderde en klik dan opnieuw op “Vandaag nagekeken”.",
                    messages.ERROR,
                )
                return HttpResponseRedirect(change_url)
            self.mark_reviewed(request, obj, today)
        self.message_user(request, f"“{obj}” is vandaag ({today:%d/%m/%Y}) nagekeken.", messages.SUCCESS)
        return HttpResponseRedirect(change_url)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The button (templates/admin/offers/change_form_object_tools.html) only for those who may change.
        obj = self.get_object(request, object_id) if is_object_id(object_id) else None
        if obj is not None and self.has_change_permission(request, obj):
            info = self.opts.app_label, self.opts.model_name
            extra_context = {
                **(extra_context or {}),
                "reviewed_today_url": reverse("admin:{}_{}_reviewed_today".format(*info), args=[obj.pk]),
                # A string: the template would print 1234 as "1.234" (USE_THOUSAND_SEPARATOR).
                "reviewed_today_version": str(current_version(obj)),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/nagekeken/",
                self.admin_site.admin_view(require_POST(self.reviewed_today_view)),
                name="{}_{}_reviewed_today".format(*info),
            ),
        ] + super().get_urls()


class DeletedListMixin:
    """A page of deleted objects ("…/verwijderd/") and a button to restore each one.

    Only for users with the model's ``restore_<model>`` permission, and only for deleted
    objects of supporters within their reach. The restore itself is
    ``offers.history.restore_deleted``; this turns its outcome into a message.
    """

    def has_restore_permission(self, request):
        return request.user.has_perm(f"{self.opts.app_label}.restore_{self.opts.model_name}")

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

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        if self.has_restore_permission(request):
            extra_context["deleted_url"] = reverse(self.admin_url_name("deleted"))
        return super().changelist_view(request, extra_context)

    def deleted_view(self, request):
        if not self.has_restore_permission(request):
            raise PermissionDenied
        records = self.scope(request, deleted_records(self.model))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Verwijderd: {self.opts.verbose_name_plural}",
            "records": records.select_related(self.supporter_field, "history_user"),
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
        try:
            restored = restore_deleted(record, request.user)
        except ObjectExists:
            self.message_user(request, f"“{record}” bestaat al; er is niets hersteld.", messages.WARNING)
            return HttpResponseRedirect(deleted_url)
        except ReferenceGone:
            self.message_user(request, "De ondersteuner van dit object bestaat niet meer.", messages.ERROR)
            return HttpResponseRedirect(deleted_url)
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
        return HttpResponseRedirect(reverse(self.admin_url_name("change"), args=[restored.pk]))


class SiteLinkMixin:
    """Links an object to its page on the site, in the list and on the form.

    A published object links to its public page. With ``previews`` (offers: their page shows a
    concept to whoever may see it in the admin, offers/views.py) a concept or expired object
    links to that preview; without, it gets no link, as its page would be a 404.
    """

    previews = False

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_public or self.previews else None

    @admin.display(description="op de site")
    def site_link(self, obj):
        url = self.view_on_site(obj)
        state = "verlopen" if obj.status != PublicationStatus.CONCEPT else "concept"
        if url is None:
            return f"– ({state})"
        if not obj.is_public:
            return format_html('<a href="{}">Voorbeeld</a> ({})', url, state)
        return format_html('<a href="{}">Bekijk op de site</a>', url)


class SavedMessageMixin:
    """After saving, say in plain Dutch whether the object is on the site or not.

    Django's own message (“De aanbod … is met succes gewijzigd.”) gets the article wrong and
    leaves an editor guessing whether a new offer is public.
    """

    article = "het"  # “het aanbod”, “het project”

    def response_add(self, request, obj, post_url_continue=None):
        request.lekp_saved = obj
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        request.lekp_saved = obj
        return super().response_change(request, obj)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        saved = getattr(request, "lekp_saved", None)
        if saved is not None and level == messages.SUCCESS:
            message = self.saved_message(saved)
        return super().message_user(request, message, level, *args, **kwargs)

    def saved_message(self, obj):
        said = f"{self.article.capitalize()} {self.opts.verbose_name} “{obj}” werd opgeslagen."
        if obj.is_public:
            return f"{said} Het staat op de site."
        if obj.status == PublicationStatus.CONCEPT:
            return f"{said} Het is een concept en nog niet zichtbaar op de site."
        return f"{said} Het is verlopen en niet meer zichtbaar op de site."


class EditorFormMixin:
    """The form as an editor reads it: a wide title, “Webadres” instead of “Sleutel”."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is None:
            return field
        if db_field.name == "title":
            field.widget.attrs["class"] = "vTextField lekp-wide"
        elif db_field.name == "slug":
            field.label = "Webadres"
            field.help_text = (
                "Het laatste deel van het adres op de site, bv. …/warmtemakelaar-kempen/: kleine letters, "
                "cijfers en streepjes. Wordt ingevuld uit de titel. Verander het na publicatie liever niet: "
                "wie de oude link bewaarde, vindt de pagina dan niet meer."
            )
        return field


class WervenFieldMixin:
    """Werven as checkboxes on the form and as their numbers in the list."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "werven":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description="werven")
    def werven_list(self, obj):
        return ", ".join(str(werf.number) for werf in obj.werven.all()) or "–"


class SuperuserOnlyMixin:
    """Only a beheerder (superuser) sees and manages these: memberships decide who edits what,
    and reference data such as municipalities is the same for every organisation."""

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


# -- edit conflicts -------------------------------------------------------------------------------

VERSION_FIELD = "edit_version"


def _shown(field, value):
    """A value from a history row as staff read it in a conflict message: a text quoted and cut."""
    if field.many_to_many:
        # simple-history gives the rows of the through table, with the related objects in them.
        target = get_m2m_reverse_field_name(field)
        value = [row[target] for row in value]
    elif isinstance(value, str) and value and not field.flatchoices:
        return f"“{Truncator(value).chars(80)}”"
    return shown_in_history(field, value)


def _author(record):
    user = record.history_user
    return (user.get_full_name() or user.get_username()) if user else "iemand (onbekend)"


def _moment(record):
    return formats.date_format(timezone.localtime(record.history_date), r"j F Y \o\m H:i")


def _field_changes(record, names):
    """(field name, label, old, new) for each of ``names`` that this history row changed."""
    before = record.prev_record
    if before is None:
        return []
    tracked = {field.name for field in record.tracked_fields} | {f.name for f in record._history_m2m_fields}
    delta = record.diff_against(before, included_fields=[n for n in names if n in tracked], foreign_keys_are_objs=True)
    model_fields = record.instance_type._meta
    changes = []
    for change in delta.changes:
        field = model_fields.get_field(change.field)
        changes.append((change.field, field.verbose_name, _shown(field, change.old), _shown(field, change.new)))
    return changes


class VersionCheckedForm(forms.Form):
    """A change form that refuses to save over a version its user has not seen.

    The hidden field holds the object's version when the form was opened (its newest history
    row, offers/history.py). ``clean`` locks the object's row and compares; validate and save in
    one transaction (the admin's change view does) so a concurrent save waits for the lock.
    Mixed into a ModelForm by ``EditConflictMixin``; a ModelForm outside the admin can list it
    as its first base class.
    """

    edit_version = forms.CharField(label="versie bij het openen", widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields[VERSION_FIELD].initial = current_version(self.instance)

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None:
            return cleaned_data
        try:
            newer = changes_since(self.instance, self.data.get(self.add_prefix(VERSION_FIELD)))
        except UnknownVersion:
            self.add_error(
                None,
                "Niet opgeslagen: dit formulier zegt niet welke versie u opende. Open het opnieuw "
                "(kopieer eerst wat u wilt bewaren) en sla dan op.",
            )
            return cleaned_data
        if newer:
            self._refuse(newer)
        return cleaned_data

    def _refuse(self, newer):
        verbose_name = self.instance._meta.verbose_name
        summary = [
            ValidationError(
                f"Niet opgeslagen: iemand anders sloeg dit {verbose_name} op nadat u het opende, en "
                "niets van u of van hen is overschreven. Wat er intussen veranderde:"
            )
        ]
        at_fields = {}
        for record in newer:
            who, when = _author(record), _moment(record)
            changes = _field_changes(record, self.fields)
            described = "; ".join(f"{label}: {old} → {new}" for _, label, old, new in changes)
            described = described or "geen velden van dit formulier gewijzigd"
            summary.append(ValidationError(f"{who} op {when}: {described}."))
            for name, _, old, new in changes:
                at_fields[name] = f"Intussen gewijzigd door {who} op {when}: {old} → {new}."
        summary.append(
            ValidationError(
                "Uw invoer staat nog in het formulier. Neem over wat u wilt bewaren en sla opnieuw op: "
                "dan geldt wat in het formulier staat, ook in de velden die hierboven veranderden."
            )
        )
        self.add_error(None, summary)
        for name, message in at_fields.items():
            self.add_error(name, message)
        # Saving again after reading this is a choice made knowingly: it starts from the version shown.
        self.data = self.data.copy()
        self.data[self.add_prefix(VERSION_FIELD)] = str(newer[-1].history_id)


class EditConflictMixin:
    """Optimistic concurrency for a model admin with simple-history: the second of two saves
    opened on the same version is refused with what the first one changed (who, when,
    field: old → new), the first one's change stays, and the second person's input stays in the
    form. Works for any admin of a model with history; add it before ``SimpleHistoryAdmin``.

    A view or button that changes the object outside this form (a review button, an inline
    edit) posts ``edit_version`` too and checks it with ``offers.history.changes_since`` in its
    save transaction, or saves through a ModelForm with ``VersionCheckedForm``.
    """

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = kwargs.get("form", self.form)
        if obj is not None and VERSION_FIELD not in base.base_fields:
            kwargs["form"] = type(base.__name__, (VersionCheckedForm, base), {})
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        # A view-only form shows every field of its fieldsets as text; it saves nothing anyway.
        if obj is None or VERSION_FIELD in flatten_fieldsets(fieldsets) or not self.has_change_permission(request, obj):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], VERSION_FIELD]}), *rest]

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Django's change view saves in a transaction; simple-history's revert view does not,
        # and the version check needs one to hold its row lock until the save is done.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)
