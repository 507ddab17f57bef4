"""App configs of the project package: the portal's admin site, its system checks, and
django-axes under a Dutch name.

Each is named by its full path in INSTALLED_APPS: with several configs in one module Django
could not pick one by itself.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.db.models import IntegerField

from lekp_portal import checks  # noqa: F401 (registers the system checks)
from lekp_portal.lookups import IntegerIn


class LekpAdminConfig(AdminConfig):
    """Django's admin with the portal's own site (lekp_portal/admin_site.py) as ``admin.site``."""

    default_site = "lekp_portal.admin_site.LekpAdminSite"

    def ready(self):
        super().ready()
        # Ids from the admin's requests reach ``in`` on integer columns: overflow must match nothing.
        IntegerField.register_lookup(IntegerIn)


class LekpPortalConfig(AppConfig):
    name = "lekp_portal"
    verbose_name = "LEKP-portaal"


class LoginThrottleConfig(AxesAppConfig):
    verbose_name = "Aanmeldpogingen"
