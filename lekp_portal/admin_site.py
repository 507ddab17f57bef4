"""The portal's admin site: Django's, closed where the request could reach past a user's reach.

``LekpAdminConfig`` (lekp_portal/apps.py) makes this the default site, so ``admin.site`` in every
app's admin.py is this one. Each rule holds for every registered model at once, those added
later included:

- its view-on-site redirect (``admin/r/<type>/<id>/``) answers only for objects the user may see
  and only for ids spelled as Django writes them; Django's own redirects any staff member to any
  object's address, a draft of another organisation included;
- a page about one object answers the same for every object a user may not see, unknown or
  deleted ones included: 403 without the right to see that kind of object at all, else 404 for an
  id that is no id;
- malformed input (NUL characters, hundreds of values for one filter, a search of pages, an
  address of kilobytes, an odd selected row, an autocomplete for a field that has none) gets a
  400 with a Dutch page instead of reaching the database.
"""

from functools import update_wrapper

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.views.main import SEARCH_VAR
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db import connections, models, router
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path

# The admin's own links stay far below this; every row's links repeat the list's query string,
# so a query string of 50 kB would be parsed a hundred times over for one page.
MAX_QUERY_STRING_LENGTH = 2000
# No filter in the admin has this many choices; a thousand ORed values overflow SQLite's parser.
MAX_VALUES_PER_PARAMETER = 100
# Longer than any name or title searched for; 50,000 characters are too complex a LIKE for SQLite.
MAX_SEARCH_LENGTH = 200
# The URL arguments that name one object, and the model that holds it.
OBJECT_ARGUMENTS = {
    "object_id": lambda model: model,
    "version_id": lambda model: getattr(model, model._meta.simple_history_manager_attribute).model,
}
NO_AUTOCOMPLETE = "Deze parameters horen bij geen enkel veld met automatisch aanvullen."


def canonical_id(model, value):
    """The primary key that ``value`` spells as Django writes it in a URL, or None.

    An integer key is plain ASCII digits without a leading zero and within the column's range:
    int() would also take "+12", " 12", "1_2" and "١٢", and the database not 2^63.
    """
    field = model._meta.pk
    value = str(value)
    if not isinstance(field, models.IntegerField):
        try:
            return field.to_python(value)
        except ValidationError:
            return None
    # 20 digits hold every 64-bit number; int() refuses more than 4,300.
    if not (value.isascii() and value.isdigit() and len(value) <= 20) or value != str(int(value)):
        return None
    connection = connections[router.db_for_read(model)]
    low, high = connection.ops.integer_field_range(field.get_internal_type())
    number = int(value)
    return number if (low is None or low <= number) and (high is None or number <= high) else None


def model_admin_of(view):
    """The ModelAdmin whose method ``view`` is (through decorators such as require_POST), or None."""
    # Not inspect.unwrap: a bound method's __wrapped__ leads to the plain function, without __self__.
    while view is not None:
        owner = getattr(view, "__self__", None)
        if isinstance(owner, admin.ModelAdmin):
            return owner
        view = getattr(view, "__wrapped__", None)
    return None


def malformed(request, model_admin):
    """Why the request's parameters cannot be meant, in Dutch, or None."""
    for data in (request.GET, request.POST):
        for key, values in data.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return "De aanvraag bevat een NUL-teken."
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING_LENGTH:
        return f"Het adres is langer dan {MAX_QUERY_STRING_LENGTH} tekens."
    for key, values in request.GET.lists():
        if len(values) > MAX_VALUES_PER_PARAMETER:
            return f"De parameter “{key[:40]}” komt meer dan {MAX_VALUES_PER_PARAMETER} keer voor."
    if len(request.GET.get(SEARCH_VAR, "")) > MAX_SEARCH_LENGTH:
        return f"De zoekterm is langer dan {MAX_SEARCH_LENGTH} tekens."
    selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
    if model_admin and any(canonical_id(model_admin.model, value) is None for value in selected):
        return "De selectie bevat een ongeldig nummer."
    return None


class LekpAutocompleteJsonView(AutocompleteJsonView):
    """Django's autocomplete, with a 400 for parameters that name no field to complete.

    Django refuses an unknown app, model or field with a 403, as if it were a permission, and
    crashes on a reverse relation (``app_label=werven&model_name=werf&field_name=offers``).
    """

    def process_request(self, request):
        try:
            term, model_admin, source_field, to_field_name = super().process_request(request)
        except PermissionDenied as error:
            raise BadRequest(NO_AUTOCOMPLETE) from error
        # Only a relation declared on the model has choices to complete; a reverse one has none.
        if not isinstance(source_field, models.Field):
            raise BadRequest(NO_AUTOCOMPLETE)
        return term, model_admin, source_field, to_field_name


def bad_request(request, reason):
    return TemplateResponse(request, "400.html", {"reason": reason}, status=400)


class LekpAdminSite(admin.AdminSite):
    site_header = "LEKP-portaal beheer"
    site_title = "LEKP-portaal beheer"
    index_title = "Beheer van ondersteuners, aanbod en werven"

    def admin_view(self, view, cacheable=False):
        model_admin = model_admin_of(view)

        def guarded(request, *args, **kwargs):
            reason = malformed(request, model_admin)
            if reason:
                return bad_request(request, reason)
            if model_admin is not None:
                self.check_object_arguments(request, model_admin, kwargs)
            try:
                return view(request, *args, **kwargs)
            except BadRequest as error:
                return bad_request(request, str(error))

        return super().admin_view(update_wrapper(guarded, view), cacheable)

    def check_object_arguments(self, request, model_admin, kwargs):
        """The same answer for every object out of the user's reach, whether it exists or not."""
        named = [(name, kwargs[name]) for name in OBJECT_ARGUMENTS if name in kwargs]
        if not named:
            return
        # Django looks the object up before asking whether the user may see this kind of object,
        # so an unknown id answered differently (a redirect, a 404) from an existing one (403).
        if not model_admin.has_view_or_change_permission(request):
            raise PermissionDenied
        for name, value in named:
            if canonical_id(OBJECT_ARGUMENTS[name](model_admin.model), value) is None:
                raise Http404(f"Geen {model_admin.opts.verbose_name} met dit nummer.")

    def get_urls(self):
        urls = super().get_urls()
        scoped = path(
            "r/<path:content_type_id>/<path:object_id>/",
            self.admin_view(self.view_on_site),
            name="view_on_site",
        )
        replaced = [scoped if getattr(url, "name", None) == "view_on_site" else url for url in urls]
        if scoped not in replaced:
            raise LookupError("Django's admin has no view_on_site route any more to replace.")
        return replaced

    def view_on_site(self, request, content_type_id, object_id):
        """The "view on site" redirect, for objects the user may see and canonical ids only.

        The route takes any text (as Django's own does), so that no spelling of an id can fall
        through to Django's unscoped ``contenttypes.views.shortcut``.
        """
        content_type_pk = canonical_id(ContentType, content_type_id)
        content_type = ContentType.objects.filter(pk=content_type_pk).first() if content_type_pk else None
        model = content_type.model_class() if content_type else None
        if model is None or not self.is_registered(model):
            raise Http404("Dit object bestaat niet.")
        pk = canonical_id(model, object_id)
        model_admin = self.get_model_admin(model)
        obj = model_admin.get_queryset(request).filter(pk=pk).first() if pk is not None else None
        if obj is None or not model_admin.has_view_permission(request, obj):
            raise Http404("Dit object bestaat niet.")
        return contenttype_views.shortcut(request, content_type.pk, obj.pk)

    def autocomplete_view(self, request):
        return LekpAutocompleteJsonView.as_view(admin_site=self)(request)
