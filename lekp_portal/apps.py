"""App configs of the project package: the portal's admin site, its system checks, and
django-axes under a Dutch name.

Each is named by its full path in INSTALLED_APPS: with several configs in one module Django
could not pick one by itself.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig, apps
from django.contrib.admin.apps import AdminConfig
from django.db.models import IntegerField
from django.db.models.signals import m2m_changed, post_delete, post_save

from lekp_portal import checks  # noqa: F401 (registers the system checks)
from lekp_portal.lookups import IntegerIn
from paginacache.version import bump_on_commit

# The apps whose rows the public pages show. Every write to one of their models (and their
# many-to-many links) raises the content version on commit, so no cached page outlives it; a
# new model in these apps is covered without being listed. The search index (zoeken) raises it
# itself in its bulk paths; history rows are written beside a change that already raises it.
CONTENT_APPS = ("werven", "offers", "gemeenten", "plannen")


class LekpAdminConfig(AdminConfig):
    """Django's admin with the portal's own site (lekp_portal/admin_site.py) as ``admin.site``."""

    default_site = "lekp_portal.admin_site.LekpAdminSite"

    def ready(self):
        super().ready()
        # Ids from the admin's requests reach ``in`` on integer columns: overflow must match nothing.
        IntegerField.register_lookup(IntegerIn)


def content_models():
    for app_label in CONTENT_APPS:
        for model in apps.get_app_config(app_label).get_models(include_auto_created=True):
            if not model.__name__.startswith("Historical"):
                yield model


class LekpPortalConfig(AppConfig):
    name = "lekp_portal"
    verbose_name = "LEKP-portaal"

    def ready(self):
        for model in content_models():
            for signal in (post_save, post_delete, m2m_changed):
                signal.connect(bump_on_commit, sender=model, dispatch_uid=f"content-version-{model._meta.label}")


class LoginThrottleConfig(AxesAppConfig):
    verbose_name = "Aanmeldpogingen"
