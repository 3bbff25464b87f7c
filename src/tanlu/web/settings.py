"""Django settings, derived from :mod:`tanlu.config` (environment variables) and nothing else."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
import dj_email_url

from tanlu import config as tanlu_config

CONFIG = tanlu_config.load()
BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = CONFIG.data_dir
DEBUG = CONFIG.debug

# load() refused a server deployment without them; a local or development installation has these defaults
SECRET_KEY = CONFIG.secret_key or tanlu_config.local_secret_key(DATA_DIR)
ALLOWED_HOSTS = CONFIG.hosts
TANLU_BASE_URL = (CONFIG.base_url or "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "tanlu.web.accounts",
    "tanlu.web.jobs",
    "tanlu.web.surveys",
    "tanlu.web.inventory",
    "tanlu.web.products",
    "tanlu.web.engagement",
    "tanlu.web.exchange",
    "tanlu.web.pact",
    "tanlu.web.cbam",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # /api/docs renders Swagger UI from the package's own static files, never a CDN
]

MIDDLEWARE = [
    "tanlu.web.turns.TurnsMiddleware",  # first: a request is served whole before a background chunk writes
    "django.middleware.security.SecurityMiddleware",
    "tanlu.web.upload_limit.UploadLimitMiddleware",  # before anything reads a body
    "tanlu.web.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tanlu.web.pact.fastpath.ListingMiddleware",  # PACT ListFootprints skips the session-to-messages chain below
    "tanlu.web.surveys.respondent_path.RespondentMiddleware",  # respondents' links without a session skip it too
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tanlu.web.accounts.middleware.UserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "tanlu.web.accounts.middleware.OrganizationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tanlu.web.security.TanluErrorMiddleware",
]

ROOT_URLCONF = "tanlu.web.urls"
WSGI_APPLICATION = "tanlu.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tanlu.web.accounts.context.navigation",
            ],
        },
    }
]

if CONFIG.database_url:
    DATABASES = {
        "default": dj_database_url.parse(
            CONFIG.database_url, conn_max_age=CONFIG.db_conn_max_age, conn_health_checks=True
        )
    }
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "tanlu.sqlite3",
            # reused between requests: opening one (and its PRAGMAs) cost about a tenth of a survey submission
            "CONN_MAX_AGE": CONFIG.db_conn_max_age,
            "OPTIONS": {
                # WAL lets readers work beside one writer; IMMEDIATE takes the write lock at BEGIN, so a
                # transaction that reads then writes never fails half-way with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "tanlu_cache",
    }
}

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
TANLU_LOGIN_ATTEMPTS = CONFIG.login_attempts
TANLU_LOGIN_WINDOW = CONFIG.login_window
TANLU_SURVEY_TOKEN_MISSES = CONFIG.survey_token_misses
TANLU_SURVEY_TOKEN_WINDOW = CONFIG.survey_token_window
TANLU_PACT_CLIENT_ALLOW_LOOPBACK = CONFIG.pact_client_allow_loopback
TANLU_PACT_CLIENT_CA_FILE = CONFIG.pact_client_ca_file or None

LANGUAGE_CODE = "en"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["tanlu.web.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"
LANGUAGE_COOKIE_NAME = "tanlu_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
# A server serves hashed, compressed copies that `tanlu serve` collects first, so browsers may cache them for ever.
# Development and a local installation serve the package's files as they are: compressing the fonts would keep
# the first start waiting a minute, and there is nothing to collect (no STATIC_ROOT).
TANLU_COLLECT_STATIC = not (DEBUG or CONFIG.local)
STATIC_ROOT = DATA_DIR / "static" if TANLU_COLLECT_STATIC or DEBUG else None
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DATA_DIR / "files"},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if TANLU_COLLECT_STATIC
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL_URL = CONFIG.email_url or ("console:" if DEBUG else None)
email_config = dj_email_url.parse(EMAIL_URL if EMAIL_URL not in (None, "memory:") else "locmem:")
if EMAIL_URL == "memory:":
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
elif EMAIL_URL is None:  # production without TANLU_EMAIL_URL: one file per email, never printed
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"
else:
    EMAIL_BACKEND = email_config["EMAIL_BACKEND"]
    EMAIL_FILE_PATH = email_config.get("EMAIL_FILE_PATH")
    EMAIL_HOST = email_config.get("EMAIL_HOST") or "localhost"
    EMAIL_PORT = email_config.get("EMAIL_PORT") or 25
    EMAIL_HOST_USER = email_config.get("EMAIL_HOST_USER") or ""
    EMAIL_HOST_PASSWORD = email_config.get("EMAIL_HOST_PASSWORD") or ""
    EMAIL_USE_TLS = bool(email_config.get("EMAIL_USE_TLS"))
    EMAIL_USE_SSL = bool(email_config.get("EMAIL_USE_SSL"))
DEFAULT_FROM_EMAIL = CONFIG.default_from_email
SERVER_EMAIL = CONFIG.default_from_email

TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if CONFIG.tasks == "immediate"
        else "django_tasks_db.DatabaseBackend",
    }
}

DATA_UPLOAD_MAX_MEMORY_SIZE = CONFIG.max_upload_mb * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Security headers. Development and a local installation answer over plain HTTP on a loopback address, so their
# cookies cannot be HTTPS-only and they send no HSTS; a server deployment is reached over HTTPS only.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
TANLU_CONTENT_SECURITY_POLICY = not DEBUG
if CONFIG.https_only:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = CONFIG.hsts_seconds
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_SSL_REDIRECT = CONFIG.secure_proxy_ssl_header
    # the PACT API refuses plain HTTP itself: a redirect would leak tokens
    SECURE_REDIRECT_EXEMPT = [r"^pact/"]
    CSRF_TRUSTED_ORIGINS = [TANLU_BASE_URL] if CONFIG.base_url else []
if CONFIG.secure_proxy_ssl_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # one line per record, control characters escaped, link tokens redacted (tanlu.web.logs)
    "formatters": {
        "plain": {
            "()": "tanlu.web.logs.OneLineFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s: %(message)s",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "tanlu": {"handlers": ["console"], "level": CONFIG.log_level.upper(), "propagate": False},
        "django": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
