from django.apps import AppConfig


class PaginacacheConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "paginacache"
    verbose_name = "Paginacache"
