from django.apps import AppConfig


class GemeentenConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gemeenten"
    verbose_name = "Gemeenten"
