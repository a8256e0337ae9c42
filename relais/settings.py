"""Relais settings: one module, driven by environment variables.

Every variable is listed in the README with its default. The defaults give an
embedded set-up (SQLite under var/, SqliteHuey, emails to the console and to
var/mail/) so that `make run` needs no server at all.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded database, queue and mail live here


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set SECRET_KEY (a long random string), or DEBUG=1 for a development machine."
        )
    SECRET_KEY = "relais-development-only-key-never-use-in-production-0123456789"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "auditlog",
    "huey.contrib.djhuey",
    "relais.lib",
    "relais.accounts",
    "relais.organisations",
    "relais.interpreters",
    "relais.bookings",
    "relais.notifications",
    "relais.records",
    "relais.stats",
    "relais.training",
    "relais.invoicing",
    "relais.webhooks",
    "ninja",
    "relais.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before the session timeout, which tells the person why they were logged out.
    "django.contrib.messages.middleware.MessageMiddleware",
    "relais.accounts.middleware.SessionTimeoutMiddleware",
    "relais.accounts.middleware.UserLanguageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "relais.urls"
WSGI_APPLICATION = "relais.wsgi.application"

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
                "relais.accounts.context_processors.portal",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
# SQLite is a file under var/ by default. Writers start their transactions with
# BEGIN IMMEDIATE so that concurrent writers queue on the busy timeout instead
# of failing with "database is locked" (see DESIGN.md, concurrency facts).
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'relais.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # The test database must be a file: concurrency tests use several connections.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-relais.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and security ----------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        # Our users have no username or first/last name: compare with what they do have.
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ["email", "full_name"]},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day

INVITATION_MAX_AGE = timedelta(days=int(os.environ.get("INVITATION_MAX_AGE_DAYS", "7")))

# OWASP ASVS level 2: 30 minutes idle, 12 hours in all.
SESSION_IDLE_TIMEOUT = timedelta(minutes=int(os.environ.get("SESSION_IDLE_MINUTES", "30")))
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=int(os.environ.get("SESSION_ABSOLUTE_HOURS", "12")))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# django-axes: lock a (username, IP address) pair after repeated failures.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Login forms send the email address as "username" (Django's AuthenticationForm);
# axes would otherwise look for USERNAME_FIELD ("email"), find nothing, and never lock.
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_CALLABLE = "relais.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0")) or None

# Security headers; HTTPS is assumed in production (DEBUG off).
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "relais.accounts.views.csrf_failure"

# --- Languages and time -------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "relais_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
TIME_ZONE = "Europe/Brussels"
USE_TZ = True

# --- Static files ---------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "relais" / "static"]  # the portal's own CSS and vendored assets
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
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

# --- Email --------------------------------------------------------------------
# EMAIL_URL: "console" (default: console and .eml files under var/mail/), or
# smtp://user:password@host:port, smtps://… for implicit TLS, ?starttls=1 for STARTTLS.
EMAIL_URL = os.environ.get("EMAIL_URL", "console")
EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Relais <relais@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SERVICE_NAME = os.environ.get("SERVICE_NAME", "Relais")
SERVICE_CONTACT_EMAIL = os.environ.get("SERVICE_CONTACT_EMAIL", "relais@localhost")

# --- Rules of the trade -----------------------------------------------------------
# A cancellation is late, and billable, when made less than this many working
# days (Belgian public holidays excluded) before the start of the service.
LATE_CANCELLATION_WORKING_DAYS = int(os.environ.get("LATE_CANCELLATION_WORKING_DAYS", "1"))
# The interpreter and the contact person are reminded of a confirmed service this long before it.
REMINDER_LEAD = timedelta(hours=int(os.environ.get("REMINDER_LEAD_HOURS", "24")))
# A submitted service record is validated automatically this long (real hours,
# whatever the clock change) after the institution was asked to validate it.
VALIDATION_DELAY = timedelta(hours=int(os.environ.get("VALIDATION_DELAY_HOURS", "48")))
# Interpreters who have not recorded a service this long after its end are reminded.
RECORD_REMINDER_AFTER = timedelta(hours=int(os.environ.get("RECORD_REMINDER_AFTER_HOURS", "24")))

# --- Invoicing: the seller, as printed on every invoice -------------------------------
# Copied into each invoice when it is issued: a later change never alters an issued one.
SELLER_NAME = os.environ.get("SELLER_NAME", "Relais, service d'interprétariat social")
SELLER_ENTERPRISE_NUMBER = os.environ.get("SELLER_ENTERPRISE_NUMBER", "0812345603")
SELLER_VAT_NUMBER = os.environ.get("SELLER_VAT_NUMBER", "BE0812345603")
SELLER_STREET = os.environ.get("SELLER_STREET", "Rue de la Loi 1")
SELLER_POSTCODE = os.environ.get("SELLER_POSTCODE", "1000")
SELLER_CITY = os.environ.get("SELLER_CITY", "Bruxelles")
SELLER_COUNTRY = os.environ.get("SELLER_COUNTRY", "BE")
SELLER_IBAN = os.environ.get("SELLER_IBAN", "BE71096123456769")
SELLER_BIC = os.environ.get("SELLER_BIC", "GKCCBEBB")
# An invoice is due this many days after its issue date.
INVOICE_PAYMENT_DAYS = int(os.environ.get("INVOICE_PAYMENT_DAYS", "30"))
INVOICE_PDF_DIR = VAR_DIR / "invoices"  # issued documents' PDFs, rendered once and kept


def _email_settings(url: str) -> dict:
    if url == "console":
        return {"EMAIL_BACKEND": "relais.lib.mail.ConsoleAndFileBackend"}
    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtps"}:
        raise ImproperlyConfigured(
            f"EMAIL_URL must be 'console', smtp://… or smtps://…, not {url!r}"
        )
    query = parse_qs(parts.query)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_USE_TLS": query.get("starttls", ["0"])[0] in {"1", "true"},
        "EMAIL_TIMEOUT": 20,
    }


globals().update(_email_settings(EMAIL_URL))

# --- Background work ----------------------------------------------------------
# HUEY_URL: empty for SqliteHuey next to the database, redis://… for RedisHuey.
HUEY_URL = os.environ.get("HUEY_URL", "")
if HUEY_URL.startswith("redis"):
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "relais",
        "url": HUEY_URL,
        "immediate": False,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "relais",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": False,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }

# Outbox: how often a failed email is retried, and after how many attempts it gives up.
OUTBOX_MAX_ATTEMPTS = 8
OUTBOX_BACKOFF = timedelta(minutes=1)

# Webhooks: posted to public HTTPS addresses only, unless private ones are allowed
# (by default only with DEBUG, so that a local receiver works in development).
WEBHOOKS_ALLOW_PRIVATE_URLS = env_bool("WEBHOOKS_ALLOW_PRIVATE_URLS", DEBUG)
WEBHOOKS_TIMEOUT = 5  # seconds to connect, and to answer
WEBHOOKS_MAX_ATTEMPTS = 8  # then the delivery is failed
WEBHOOKS_BACKOFF = timedelta(minutes=1)  # doubled after each failed attempt

# --- Logging --------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"relais": {"level": os.environ.get("LOG_LEVEL", "INFO"), "propagate": True}},
}

ADMIN_SITE_HEADER = _("Relais back office")
