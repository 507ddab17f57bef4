"""The login throttling app (django-axes) under a Dutch name in the admin."""

from axes.apps import AppConfig as AxesAppConfig


class LoginThrottleConfig(AxesAppConfig):
    verbose_name = "Aanmeldpogingen"
