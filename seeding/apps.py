from django.apps import AppConfig


class SeedingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "seeding"
    verbose_name = "Startgegevens"
