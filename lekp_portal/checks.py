"""System checks of the portal as a whole.

Without ``collectstatic`` the manifest storage used in production cannot name a single static
file, so every page, the 404 page included, becomes a 500. ``check --deploy`` and the start of
the WSGI application (lekp_portal/wsgi.py) stop on it with a clear message instead.
"""

from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.checks import Error, Tags, register
from django.core.files.storage import storages


@register(Tags.staticfiles, deploy=True)
def staticfiles_manifest_exists(app_configs=None, **kwargs):
    storage = storages["staticfiles"]
    if not isinstance(storage, ManifestFilesMixin) or storage.exists(storage.manifest_name):
        return []
    return [
        Error(
            f"Het manifest van de statische bestanden ({storage.path(storage.manifest_name)}) ontbreekt: "
            "zonder dat geeft elke pagina een serverfout (500).",
            hint="Draai eerst `python manage.py collectstatic --noinput` (met dezelfde STATIC_ROOT).",
            id="lekp_portal.E001",
        )
    ]
