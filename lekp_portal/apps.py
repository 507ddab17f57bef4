from django.contrib.admin.apps import AdminConfig
from django.db.models import IntegerField

from lekp_portal.lookups import IntegerIn


class LekpAdminConfig(AdminConfig):
    """Django's admin with the portal's own site (lekp_portal/admin_site.py) as ``admin.site``."""

    default_site = "lekp_portal.admin_site.LekpAdminSite"

    def ready(self):
        super().ready()
        # Ids from the admin's requests reach ``in`` on integer columns: overflow must match nothing.
        IntegerField.register_lookup(IntegerIn)
