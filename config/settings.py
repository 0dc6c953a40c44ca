"""One settings module for every environment; environments differ only by the values below.

Without DATABASE_URL the project runs on a SQLite file, and without REDIS_URL on an in-memory
channel layer with Celery tasks run eagerly: the embedded default of `make run`.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


# The project-wide templates/, static/ and locale/ live in the config package, so a wheel ships
# them as its package data and a checkout and an installed site read them from the same place.
CONFIG_DIR = Path(__file__).resolve().parent


DEVELOPMENT_SECRET_KEY = "django-insecure-dan-nguyen-development-only"

env = environ.Env()

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be 'development' or 'production'.")
IS_PRODUCTION = DJANGO_ENV == "production"

DEBUG = env.bool("DEBUG", default=not IS_PRODUCTION)
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

if IS_PRODUCTION:
    # A production server with DEBUG on leaks settings and tracebacks, and with the development
    # key anyone can forge sessions: refuse to start rather than run like that.
    if DEBUG:
        raise ImproperlyConfigured("Production settings refuse to start with DEBUG on.")
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured(
            "Production settings refuse to start without a SECRET_KEY of 32 characters or more."
        )
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_CONTENT_TYPE_NOSNIFF = True

# HTTPS only, in production: browsers remember it for a year (HSTS) and plain-HTTP requests are
# redirected. Behind a TLS proxy that already redirects, SECURE_SSL_REDIRECT=false avoids a
# second hop; the proxy must then send X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER above).
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if IS_PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=IS_PRODUCTION)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=IS_PRODUCTION)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=IS_PRODUCTION)
# Load balancers probe the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

INSTALLED_APPS = [
    "channels",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "config.staticfiles.StaticFilesConfig",  # django.contrib.staticfiles, see there
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_filters",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "treebeard",
    "pgtrigger",
    "viewflow",
    "viewflow.workflow",
    "units",
    "workdays",
    "cases",
    "notifications",
    "casework",
    "recommendations",
    "supervision",
    "workflows",
    "audit",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files are answered here, before the headers below: they stay public and cacheable.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "units.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "units.middleware.UserLanguageMiddleware",
    # After the language is chosen, so the refusal is in the user's language.
    "config.errors.RejectNulMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "units.middleware.NoStoreForSignedInMiddleware",
    # Last, as django-axes asks: it turns a lockout flagged during the view into the login page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [CONFIG_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "notifications.context.unread_count",
                "cases.context.kind_menu",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite serialises writers; waiting beats failing with "database is locked" when the timer
    # runner and a request write at the same moment.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
    # Full-text search over a province's petitions builds bitmaps larger than the default 4 MB
    # of work memory; below that they turn lossy and every candidate row is read again.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", f"-c work_mem={env.str('PG_WORK_MEM', default='32MB')}"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "units.User"

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out attempt is refused before ModelBackend spends a password hash on
    # it: hashing is the costly part of a sign-in, and an attacker's tries must not buy it.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Sign-in throttling (django-axes, units.signin). Two counters, each with its own limit:
# - per (login name, address): LOGIN_FAILURE_LIMIT wrong passwords lock that account *from that
#   address*. Never per login name alone: whoever knows a name could otherwise lock its owner out
#   of every office by typing wrong passwords anywhere.
# - per address: LOGIN_ADDRESS_FAILURE_LIMIT wrong passwords across any names lock the address,
#   against one machine trying a few passwords on many accounts.
# Both expire LOGIN_LOCKOUT_MINUTES after the last failure; an administrator can unlock an
# account earlier from its page. A success resets only that account's counter at that address.
# The address is REMOTE_ADDR, as in the audit of sign-ins: uvicorn --proxy-headers puts the
# client's address there from a trusted proxy's X-Forwarded-For, which a client cannot forge.
AXES_HANDLER = "units.signin.SignInThrottle"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=30)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=30))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "units.signin.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# Sign-ins are recorded in audit.AuthEvent already; axes keeps only its failure counters.
AXES_DISABLE_ACCESS_LOG = True
AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Content Security Policy (django-csp): scripts and styles only from our own static files; the
# few inline <style> blocks (print layouts) carry the request's nonce. WebSocket connections to
# this host are covered by 'self'. No framing, no plugins, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [CONFIG_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "dn_language"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATICFILES_DIRS = [CONFIG_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# A staged upload older than this with no committed row is left over from a crash and swept.
UPLOAD_STAGING_GRACE_MINUTES = env.int("UPLOAD_STAGING_GRACE_MINUTES", default=60)

# The commune boards (supervision/). Composition: Decree 59/2023 Art. 13, THDCOCS Art. 42.1;
# the good-rating share is the committees' target (domain.md §5). Deadlines are TimeLimit rows.
SUPERVISION_MIN_MEMBERS = env.int("SUPERVISION_MIN_MEMBERS", default=5)
SUPERVISION_MAX_DEPUTIES = env.int("SUPERVISION_MAX_DEPUTIES", default=2)
SUPERVISION_MAX_RESIDENTS = env.int("SUPERVISION_MAX_RESIDENTS", default=5)
SUPERVISION_GOOD_RATING_SHARE = env.float("SUPERVISION_GOOD_RATING_SHARE", default=0.8)
SUPERVISION_PHOTO_MAX_BYTES = env.int("SUPERVISION_PHOTO_MAX_BYTES", default=15 * 1024 * 1024)
SUPERVISION_PHOTO_MAX_SIDE = env.int("SUPERVISION_PHOTO_MAX_SIDE", default=1600)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py 8 changed two defaults that break channels-redis under load:
                # - a 5 s socket read timeout, while each process's receive blocks on BZPOPMIN
                #   for up to 5 s (brpop_timeout): an idle process failed its receive and
                #   dropped its clients. Read for longer than it blocks.
                # - at most 100 connections per pool, failing (not waiting) beyond: hundreds of
                #   sockets joining or leaving their groups at once (a deploy, a network blip)
                #   failed. Each in-flight group operation holds a connection.
                "hosts": [{"address": REDIS_URL, "socket_timeout": 15, "max_connections": 1000}],
                "prefix": env.str("CHANNELS_PREFIX", default="dn"),
            },
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "dn",
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_BEAT_SCHEDULE = {
    "fire-due-timers": {"task": "workflows.tasks.fire_due_timers", "schedule": 30.0},
    # notify() queues a delivery on commit; this catches what a lost queue message left pending.
    "deliver-notification-emails": {
        "task": "notifications.tasks.deliver_emails",
        "schedule": 60.0,
    },
    # 07:00 in CELERY_TIMEZONE (Asia/Ho_Chi_Minh), before the working day starts.
    "send-daily-digests": {
        "task": "notifications.tasks.send_daily_digests",
        "schedule": crontab(hour=7, minute=0),
    },
}

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="dan-nguyen@localhost")
# The public address of the site, for links in e-mails (read outside the browser).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Dân Nguyện API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.api_schema.add_error_responses",
    ],
}

# History is append-only: the admin must not offer to revert a row to an old version.
SIMPLE_HISTORY_REVERT_DISABLED = True
# The append-only triggers go on every history table after each migrate (units.apps), not
# through migration files: simple-history generates those models.
PGTRIGGER_MIGRATIONS = False
PGTRIGGER_INSTALL_ON_MIGRATE = False
# Key of the audit hash chain; keep it outside the database (defaults to SECRET_KEY).
AUDIT_CHAIN_KEY = env.str("AUDIT_CHAIN_KEY", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"drop_query_string": {"()": "config.log_filters.DropQueryString"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "uvicorn.access": {
            "handlers": ["console"],
            "filters": ["drop_query_string"],
            "propagate": False,
        },
    },
}

# Under uvicorn nothing else serves static files in development; production serves the
# collected, hashed files.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
