"""Settings for Careers. Every difference between environments is an environment variable."""

import base64
import hashlib
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from lib import cookies

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A missing .env is normal in production, where the process environment carries the settings.
env.read_env(env.str("ENV_FILE", default=str(BASE_DIR / ".env")))

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable (or put it in .env; "
            "`make run` creates one) before starting with DEBUG off."
        )
    SECRET_KEY = "insecure-development-only-key"  # noqa: S105 - reached only with DEBUG on

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# The site's public address, e.g. https://careers.example.org: when set, canonical links, the
# sitemap, schema.org data, the API's links and review emails all use it, whatever Host (or
# port) a client sent.
SITE_URL = env.str("SITE_URL", default="").rstrip("/")
# The largest request body a public page accepts (bytes); the admin has Django's
# DATA_UPLOAD_MAX_MEMORY_SIZE. Larger ones get the 413 page, unread.
PUBLIC_REQUEST_MAX_BYTES = env.int("PUBLIC_REQUEST_MAX_BYTES", default=64 * 1024)

INSTALLED_APPS = [
    "careers_site.admin.CareersAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "reversion",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "profiles",
    "editors",
    "api",
    "feedback",
    "search",
    "choosing",
    "service_pages",
    "discover",
]

MIDDLEWARE = [
    "careers_site.middleware.HeadWithoutBodyMiddleware",
    # Before anything reads the Host or the body.
    "careers_site.middleware.CanonicalHostMiddleware",
    "careers_site.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "careers_site.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # After GZip and ConditionalGet (so cached pages get 304s and compression), before sessions,
    # CSRF and auth (so a cached page costs no database query). See lib/page_cache.py.
    "lib.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "careers_site.middleware.MethodNotAllowedPageMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "editors.two_step.TwoStepMiddleware",
    "careers_site.middleware.IdleSignOutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "careers_site.urls"
WSGI_APPLICATION = "careers_site.wsgi.application"

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
                "careers_site.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while one writer commits; IMMEDIATE takes the write lock at the
    # start of a transaction, so concurrent writers wait (up to the timeout) instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # A 512 KiB page cache (SQLite's default is 2 MiB) for each kept connection, one a
            # thread: the operating system caches the file anyway, and this bounds the memory.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-512;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20),
            # Compiled statements kept per connection (Python's default is 128): enough for the
            # queries pages repeat, without each thread's connection growing for hours.
            "cached_statements": 32,
        }
    )
    # Each thread keeps its connection between requests: opening one (connect, Django's SQL
    # functions, the PRAGMAs) cost 2.5 ms, a third of rendering a profile page. The caches
    # above bound what each kept connection holds (docs/performance.md: memory).
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
else:
    # Keep connections between requests (checked before reuse), and give up quickly on a
    # database that does not answer, so /healthz and the 500 page report it instead of hanging.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Unset, CACHE_URL means a cache on this machine's disk (diskcache, SQLite underneath), shared by
# every process here: the server's workers and any command, so an import_profiles expires the
# pages the server has cached. diskcache:///some/dir puts it elsewhere. For several machines,
# CACHE_URL names a shared cache, e.g. redis://127.0.0.1:6379/0, which every instance uses;
# locmemcache:// keeps one in each process (then `make run` serves with one process).
_cache_url = env.str("CACHE_URL", default="")
if not _cache_url or _cache_url.startswith("diskcache://"):
    CACHES = {
        "default": {
            "BACKEND": "lib.disk_cache.DiskCache",
            "LOCATION": _cache_url.removeprefix("diskcache://") or str(BASE_DIR / "var" / "cache"),
            # Writers lock one shard at a time; a lock not got in this long is a miss (a page
            # rendered, a counter not counted), never a wait.
            "SHARDS": 4,
            "DATABASE_TIMEOUT": 0.05,
            "OPTIONS": {
                "size_limit": env.int("CACHE_SIZE_LIMIT", default=512 * 1024**2),
                # Each process's memory bounded whatever the cache holds: no memory map (diskcache
                # maps 64 MB of each shard, which counts as the worker's as it is read) and 4 MB
                # of SQLite's page cache a shard rather than 32. The system's file cache still
                # holds the pages; a hit read the same speed either way (11-12 µs).
                "sqlite_mmap_size": 0,
                "sqlite_cache_size": 1024,
            },
        }
    }
else:
    CACHES = {"default": env.cache("CACHE_URL")}
CACHES["default"].setdefault("KEY_PREFIX", env.str("CACHE_KEY_PREFIX", default="careers"))
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    # Django's own Redis backend, whatever else is installed; short timeouts so that a dead
    # Redis makes pages slower (rendered uncached), not hang.
    CACHES["default"]["BACKEND"] = "django.core.cache.backends.redis.RedisCache"
    CACHES["default"].setdefault("OPTIONS", {})
    CACHES["default"]["OPTIONS"].setdefault("socket_connect_timeout", 2)
    CACHES["default"]["OPTIONS"].setdefault("socket_timeout", 2)

# Whole public pages are cached and expired exactly when their content changes (see
# lib/page_cache.py). Browsers and CDNs may keep them for a short while.
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=3600)
BROWSER_CACHE_SECONDS = env.int("BROWSER_CACHE_SECONDS", default=60)
CDN_CACHE_SECONDS = env.int("CDN_CACHE_SECONDS", default=300)
# Functions (dotted paths) naming the variant of a page a visitor gets; see page_cache.py.
PAGE_CACHE_VARIANTS = ["profiles.layout.page_cache_variant"]
# URL names whose paths (and everything under them) are never served from the page cache.
PAGE_CACHE_EXCLUDED_URLS = ["admin:index", "healthz", "choosing:saved", "choosing:compare"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in lock-out (django-axes): after AXES_FAILURE_LIMIT failed sign-ins for one username from
# one address, that pair is refused for AXES_COOLOFF_MINUTES. Attempts are kept in the database,
# so every instance sees them (SQLite on one machine, PostgreSQL behind a load balancer); set
# AXES_HANDLER=axes.handlers.cache.AxesCacheHandler to keep them in a shared CACHE_URL instead.
# The address comes from X-Forwarded-For behind TRUSTED_PROXIES proxies (the rule every rate
# limit uses), else from the connection.
AUTHENTICATION_BACKENDS = [
    "editors.backends.SignInLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Two-step sign-in (editors/two_step.py): optional for every editor; STAFF_2FA=required makes
# superusers set it up before they can use the admin.
STAFF_2FA = env.str("STAFF_2FA", default="optional")
if STAFF_2FA not in {"optional", "required"}:
    raise ImproperlyConfigured("STAFF_2FA must be 'optional' or 'required'.")
OTP_TOTP_ISSUER = env.str("SERVICE_NAME", default="Careers")
# Password reset requests one client may make in PASSWORD_RESET_RATE_WINDOW seconds: each sends
# an email, so an open form would let anyone send a great many.
PASSWORD_RESET_RATE_LIMIT = env.int("PASSWORD_RESET_RATE_LIMIT", default=5)
PASSWORD_RESET_RATE_WINDOW = env.int("PASSWORD_RESET_RATE_WINDOW", default=3600)

AXES_HANDLER = env.str("AXES_HANDLER", default="axes.handlers.database.AxesDatabaseHandler")
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
# The pair, not the username alone: a stranger cannot lock an editor out from elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "lib.clients.client_address"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "careers_site.storage.StaticStorage"},
}

SERVICE_NAME = env.str("SERVICE_NAME", default="Careers")

# Email to editors about reviews (profiles/workflow.py). The console in development: messages
# are printed where the server runs. In production, e.g. EMAIL_URL=smtp+tls://user:pass@host:587.
# Tests use Django's in-memory outbox.
_email = env.email_url("EMAIL_URL", default="consolemail://")
_smtp_options = {
    "host": _email.get("EMAIL_HOST"),
    "port": _email.get("EMAIL_PORT"),
    "username": _email.get("EMAIL_HOST_USER"),
    "password": _email.get("EMAIL_HOST_PASSWORD"),
    "use_tls": _email.get("EMAIL_USE_TLS"),
    "use_ssl": _email.get("EMAIL_USE_SSL"),
    # Bounded: a mail server that hangs never holds a review step up for long.
    "timeout": env.int("EMAIL_TIMEOUT", default=10),
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": (
            {key: value for key, value in _smtp_options.items() if value not in (None, "")}
            if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="careers@localhost")
# SITE_URL (set near ALLOWED_HOSTS) starts the links in those emails.

# Open data API: how many requests one client may make in each window of API_RATE_WINDOW
# seconds, and how long browsers and CDNs may keep an answer.
API_RATE_LIMIT = env.int("API_RATE_LIMIT", default=120)
API_RATE_WINDOW = env.int("API_RATE_WINDOW", default=60)
API_CACHE_SECONDS = env.int("API_CACHE_SECONDS", default=300)

# Security. HTTPS=true (the site is served over HTTPS) turns on the redirect, secure cookies and
# HSTS; each can still be set on its own. Behind a proxy that ends TLS, set
# SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https, and only if the proxy always sets that
# header: otherwise a visitor could claim a secure connection.
HTTPS = env.bool("HTTPS", default=False)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=HTTPS)
# Load balancers ask for /healthz over plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = env.tuple("SECURE_PROXY_SSL_HEADER", default=None)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=HTTPS)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=HTTPS)

# Django's own cookies, for the cookies page (lib/cookies.py); the apps declare theirs.
# Editors are signed out after SESSION_IDLE_MINUTES without a request (careers_site.middleware.
# IdleSignOutMiddleware), and after SESSION_HOURS however busy, so that a session left open on a
# shared computer does not stay signed in.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=120)
SESSION_COOKIE_AGE = env.int("SESSION_HOURS", default=12) * 3600
SESSION_COOKIE_NAME = cookies.declare(
    "sessionid",
    "Keeps an editor signed in.",
    f"{SESSION_IDLE_MINUTES} minutes after their last action, {SESSION_COOKIE_AGE // 3600} hours "
    "at most, or until they sign out",
    editors_only=True,
)
# Where signing in leads when the page asked for is not on this site (or none was).
LOGIN_REDIRECT_URL = "admin:index"
CSRF_COOKIE_NAME = cookies.declare(
    "csrftoken",
    "Stops other websites sending forms in your name. Set by the sign-in and editing pages.",
    "1 year",
    editors_only=True,
)
cookies.declare(
    "messages",
    "Carries a message, such as “The profile was saved”, to the next page.",
    "Until the message is shown",
    editors_only=True,
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600 if HTTPS else 0)
# Both commit every subdomain (and, once submitted to browsers' list, the domain for good) to
# HTTPS: a decision for whoever runs the domain, so off unless asked for.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "careers_site.views.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
# Scripts and styles come only from our own files, no 'unsafe-inline' and no nonces (a nonce
# would be frozen into every cached copy of a page, which defeats it). One exception, allowed by
# its hash, which stays true in cached pages: the line base.html puts in <head> to mark the page
# for GOV.UK Frontend before it is first drawn (docs/quality.md). The hash is of the very file
# the template includes, so the two cannot drift apart.
HEAD_SCRIPT = BASE_DIR / "templates" / "includes" / "head_script.js"
HEAD_SCRIPT_HASH = base64.b64encode(hashlib.sha256(HEAD_SCRIPT.read_bytes()).digest()).decode()
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, f"'sha256-{HEAD_SCRIPT_HASH}'"],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
# Browser features the site never uses, switched off for it and anything it might embed.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), "
    "browsing-topics=()"
)

# Logs: one JSON object a line on stdout (LOG_FORMAT=text for people reading a terminal).
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "careers_site.log.JSONFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": env.str("LOG_FORMAT", default="json"),
        },
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
        # django-axes announces itself at INFO on every start, management commands included.
        "axes.apps": {"level": "WARNING"},
    },
}

# How many proxies in front of the site append the client's address to X-Forwarded-For (0: take
# the address from the connection). Feedback, the API and sign-in lock-out all count clients so.
TRUSTED_PROXIES = env.int("TRUSTED_PROXIES", default=0)

# Feedback: how many messages and "Is this page useful?" answers one client may send in each
# window of FEEDBACK_RATE_WINDOW seconds.
FEEDBACK_RATE_LIMIT_MESSAGES = env.int("FEEDBACK_RATE_LIMIT_MESSAGES", default=10)
FEEDBACK_RATE_LIMIT_ANSWERS = env.int("FEEDBACK_RATE_LIMIT_ANSWERS", default=30)
FEEDBACK_RATE_WINDOW = env.int("FEEDBACK_RATE_WINDOW", default=600)
