from django.apps import AppConfig


class PlannenConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plannen"
    verbose_name = "Beleidsplannen van gemeenten"
