"""The project package as an app (for its system checks), and django-axes under a Dutch name.

Both are named by their full path in INSTALLED_APPS: with two configs in one module Django
could not pick one by itself.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig

from lekp_portal import checks  # noqa: F401 (registers the system checks)


class LekpPortalConfig(AppConfig):
    name = "lekp_portal"
    verbose_name = "LEKP-portaal"


class LoginThrottleConfig(AxesAppConfig):
    verbose_name = "Aanmeldpogingen"
