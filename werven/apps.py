from django.apps import AppConfig


class WervenConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "werven"
    verbose_name = "Werven en doelstellingen"
