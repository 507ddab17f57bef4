from django.apps import AppConfig

from lekp_portal import checks  # noqa: F401 (registers the system checks)


class LekpPortalConfig(AppConfig):
    name = "lekp_portal"
    verbose_name = "LEKP-portaal"
