"""Settings for the LEKP-portaal.

Everything that differs between a laptop and production comes from the environment, so there
is one settings module. Without configuration the portal runs on an SQLite file with DEBUG on.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE_VALUES = {"1", "true", "yes"}
FALSE_VALUES = {"0", "false", "no"}


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    value = value.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    # A typo such as "ture" must not quietly switch off a safety setting.
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is geen geldige waarde: gebruik true/false, 1/0 of yes/no."
    )


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    if not value.strip().isascii() or not value.strip().isdigit():
        raise ImproperlyConfigured(f"{name}={value!r} is geen geldige waarde: gebruik een geheel getal vanaf 0.")
    return int(value)


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # A guessable key would let anyone forge sessions and CSRF tokens in production.
        raise ImproperlyConfigured("SECRET_KEY ontbreekt: zet de omgevingsvariabele SECRET_KEY als DEBUG uit staat.")
    SECRET_KEY = "django-insecure-alleen-voor-lokale-ontwikkeling"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Django's admin, with the portal's AdminSite (view-on-site scoped, malformed input refused).
    "lekp_portal.apps.LekpAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "simple_history",
    "zoeken",
    "paginacache",
    "lekp_portal.apps.LoginThrottleConfig",
    "csp",
    "werven",
    "offers",
    "gemeenten",
    "meldingen",
    "upkeep",
    "plannen",
    "seeding",
    # Only for its system checks (the static files manifest); it has no models.
    "lekp_portal.apps.LekpPortalConfig",
]

MIDDLEWARE = [
    # First, so every log line of a request, and every response (errors included), has its id.
    "lekp_portal.request_id.RequestIdMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After every middleware that adds a header, so a page from the cache gets them all too.
    "paginacache.middleware.PageCacheMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lekp_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "meldingen.context_processors.alert_form",
            ],
        },
    },
]

WSGI_APPLICATION = "lekp_portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# axes first: it refuses a locked-out login before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl", "Nederlands")]
LOCALE_PATHS = [BASE_DIR / "locale"]

# Search (zoeken/): the synonym groups and compound parts staff may extend, one entry per line.
ZOEKEN_SYNONIEMEN = BASE_DIR / "fixtures" / "synoniemen.txt"
ZOEKEN_WOORDDELEN = BASE_DIR / "fixtures" / "woorddelen.txt"
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# `dumpdata` must be able to write the history of rows that are gone (see the module).
SERIALIZATION_MODULES = {"json": "lekp_portal.serializers"}

# Absolute links in exports need the public address when no request is at hand.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Login throttling (django-axes): 5 failed logins for one username from one address lock that
# combination for 15 minutes, the right password included; another address or username goes on.
AXES_FAILURE_LIMIT = 5
# Its start-up banner would be the only line `check --deploy` prints in production.
AXES_VERBOSE = False
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A refused try during the lockout must not push its end further away than the page says.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "lekp_portal.login_throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "lekp_portal.login_throttle.client_ip_address"
AXES_COOLOFF_MESSAGE = "Te veel mislukte aanmeldpogingen: probeer het over 15 minuten opnieuw."
# How many proxies in front of the portal append the client's address to X-Forwarded-For. In
# production the portal runs behind one TLS-terminating proxy (see SECURE_PROXY_SSL_HEADER).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0 if DEBUG else 1)

# The cache: local memory per process by default; CACHE_URL (or REDIS_URL), e.g.
# redis://127.0.0.1:6379/0, shares one Redis cache between workers and servers. Correctness does
# not depend on sharing: the content version that keys every cached page lives in the database.
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Public pages for anonymous visitors are cached (paginacache.middleware) this many seconds at most.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# The admin is personal; /meldingen/ holds personal links (tokens) and answers a visitor's own alert.
PAGE_CACHE_SKIPPED_PATHS = ("/admin/", "/meldingen/")
# Part of every page's cache key and ETag, so pages of an older release of the code are never
# served: set it to the deployed commit to share the cache between servers; by default each
# start (gunicorn loads the app once for all its workers) has its own.
PAGE_CACHE_RELEASE = os.environ.get("PAGE_CACHE_RELEASE") or secrets.token_hex(8)

# An offer or project not reviewed for this many months is due for review (admin start page, reminders).
REVIEW_INTERVAL_MONTHS = int(os.environ.get("REVIEW_INTERVAL_MONTHS", "12"))

# Mail (review reminders): SMTP when EMAIL_HOST is set; otherwise mails are printed on the console,
# which is what development wants and what keeps a misconfigured server from sending anything.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = 30
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "LEKP-portaal <noreply@localhost>")

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# The same strict policy with DEBUG on and off, so the browser tests run with it: only the
# portal's own files, no inline script or style (templates use classes and static/ files), and
# no framing. Django's own debug pages (DEBUG only) are exempt in django-csp.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# No page of the portal needs any of these powerful browser features.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "bluetooth",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
}

# One line per record on stdout (the process manager keeps it), with the request's id and path
# so the lines of one request, and the X-Request-ID a user reports, can be found together.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "lekp_portal.request_id.RequestIdFilter"}},
    "formatters": {
        "request": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(request_method)s %(request_path)s "
            "%(message)s"
        }
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request"],
            "formatter": "request",
        }
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO" if not DEBUG else "WARNING")},
}
