"""Every registered ModelAdmin and its URLs, read from the admin site itself.

Tests that must hold for the whole admin walk these instead of a list of models, so an admin that
a later change registers is covered by them at once.
"""

import re

from django.contrib import admin
from django.contrib.admin.views.main import SEARCH_VAR
from django.test import RequestFactory
from django.urls import reverse

# The URL arguments of a ModelAdmin's pages that name one object or one of its versions.
OBJECT_ARGUMENTS = {"object_id", "version_id", "history_id"}
# Parameters every changelist reads besides its filters: search, order, page, show all, errors, popup.
CHANGELIST_PARAMETERS = [SEARCH_VAR, "o", "p", "all", "e", "_popup", "_to_field"]


def registered_admins():
    """(model, its ModelAdmin) for every registered model, in a fixed order."""
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def admin_labels():
    return [model._meta.label for model, _model_admin in registered_admins()]


def admin_of(label):
    return next(model_admin for model, model_admin in registered_admins() if model._meta.label == label)


def changelist_url(model_admin):
    return reverse(f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}_changelist")


def object_routes(model_admin):
    """The routes below the changelist that take an object argument, e.g. "<path:object_id>/history/"."""
    return [
        str(pattern.pattern) for pattern in model_admin.get_urls() if OBJECT_ARGUMENTS & set(pattern.pattern.converters)
    ]


def fill(model_admin, route, **values):
    """The URL of ``route`` (from object_routes) with its arguments filled in."""
    return changelist_url(model_admin) + re.sub(r"<(?:\w+:)?(\w+)>", lambda match: str(values[match[1]]), route)


def staff_request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def filter_parameters(client, model_admin):
    """The query parameters of the changelist's filters, as the logged-in user gets them offered."""
    response = client.get(changelist_url(model_admin))
    if response.status_code != 200:
        return []
    return sorted({name for spec in response.context["cl"].filter_specs for name in spec.expected_parameters()})
