from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class ZoekenConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "zoeken"
    verbose_name = "Zoeken"

    def ready(self):
        # Like the admin: every app declares its searchable kinds in its own search.py.
        autodiscover_modules("search")
