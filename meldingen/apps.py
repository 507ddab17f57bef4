from django.apps import AppConfig


class MeldingenConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "meldingen"
    verbose_name = "E-mailmeldingen"
