"""The WSGI application that gunicorn serves (see "Productie" in the README).

It refuses to start when a static files check fails (the manifest that ``collectstatic``
writes is missing), rather than answer every request with a 500.
"""

import os

from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lekp_portal.settings")

application = get_wsgi_application()

_static_errors = [
    message
    for message in checks.run_checks(tags=[checks.Tags.staticfiles], include_deployment_checks=True)
    if message.is_serious()
]
if _static_errors:
    raise ImproperlyConfigured("\n".join(f"{message.msg} {message.hint}" for message in _static_errors))
