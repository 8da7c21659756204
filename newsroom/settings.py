"""Settings for Newsroom.

Every setting that differs between machines is read from the environment (or a `.env` file at the
project root) here and nowhere else. `.env.example` and the README list them all.
"""

from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

# A development-only key. With DEBUG off the app refuses to start while it is still in use.
INSECURE_DEV_SECRET_KEY = "django-insecure-newsroom-development-key-do-not-use-in-production"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="") or INSECURE_DEV_SECRET_KEY
# Where `make run` serves the site (runserver's address); the defaults below follow them.
HOST = env.str("HOST", default="127.0.0.1")
PORT = env.int("PORT", default=8000)
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=list(dict.fromkeys([HOST, "127.0.0.1", "localhost"])) if DEBUG else []
)

if not DEBUG:
    if len(SECRET_KEY) < 32 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set, or is the development key or too short (under 32 characters). "
            "With DEBUG off, Newsroom needs a long random SECRET_KEY in the "
            "environment, for example the output of: python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'. Set DEBUG=true for local development instead."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is empty. With DEBUG off, set ALLOWED_HOSTS to the comma-separated host "
            "names this site answers to, for example ALLOWED_HOSTS=news.example.org."
        )

# The public address of the site, used for absolute links (feeds, emails, canonical URLs).
SITE_URL = env.str("SITE_URL", default=f"http://{HOST}:{PORT}").rstrip("/")
SITE_NAME = env.str("SITE_NAME", default="The Riverside Ledger")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # The body editor's JavaScript, CSS and icon font, served from our own static files.
    "django_prose_editor",
    "articles",
    "donations",
    # The roof, for its management commands (backup, restore, worker) and to connect its layers
    # to the apps' signals (newsroom/apps.py); it has no models.
    "newsroom",
    # Background work (the TASKS block below): Django 6's django.tasks, backported. The database
    # backend's table is kept with either backend, so switching leaves the schema alone.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # Outermost: it answers a reader page from the page cache before any other layer runs,
    # with the headers every layer gave it the first time, and stores what they all answered.
    "newsroom.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outside everything else that answers (WhiteNoise, every view), so that every response
    # carries both policies; a page from the page cache carries those it was stored with.
    "newsroom.security_headers.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "newsroom.middleware.StaffAddressesWithoutNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the reader pages' middleware, so its ETag and 304 come from the final page and
    # headers: a browser asks again before reusing a reader page, and mostly hears "unchanged".
    "django.middleware.http.ConditionalGetMiddleware",
    # Outside the session, CSRF and support state middleware, so it sees every cookie and Vary
    # they add.
    "newsroom.middleware.ReaderPagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.support. After the user (a signed-in reader's state is stored); inside
    # ReaderPagesMiddleware, which sees the cookies it writes and keeps those pages private.
    "donations.support.SupportMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

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
                "articles.context_processors.site",
            ],
        },
    },
]

# SQLite is the zero-setup default for `make run`; production and the tests use PostgreSQL.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Keep connections open between requests in production (seconds; 0 closes after each request).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG else 600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The page cache, navigation, asks and rate limits. A cache is never a single point of failure:
# on Redis, django-redis turns an unreachable or failing server into a miss (IGNORE_EXCEPTIONS),
# after a short wait (the timeouts, in seconds), and reconnects by itself once Redis is back.
_cache_url = env.str("CACHE_URL", default="locmemcache://")
_cache_on_redis = urlsplit(_cache_url).scheme in ("redis", "rediss", "rediscache")
CACHES = {
    "default": env.cache_url_config(
        _cache_url, backend="django_redis.cache.RedisCache" if _cache_on_redis else None
    ),
    # This process's own memory: where rate limits count while the shared cache cannot.
    "local": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "newsroom-local",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    },
}
if _cache_on_redis:
    CACHES["default"]["OPTIONS"] = {
        "IGNORE_EXCEPTIONS": True,
        "SOCKET_CONNECT_TIMEOUT": env.float("CACHE_SOCKET_CONNECT_TIMEOUT", default=0.25),
        "SOCKET_TIMEOUT": env.float("CACHE_SOCKET_TIMEOUT", default=0.5),
        # After a failed connection, a few seconds without waiting on Redis at all.
        "CONNECTION_POOL_CLASS": "newsroom.redis_pool.PausingConnectionPool",
        **CACHES["default"].get("OPTIONS", {}),  # options in the URL's query string win
    }
# Each ignored error is logged by django-redis; LOGGING lets one through a minute.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="newsroom@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The people told when something needs a hand (a Stripe event that failed, one that only
# reconcile_stripe found, a server error): "Name <address>" or plain addresses, comma-separated.
_admins = env.list("ADMINS", default=[])
ADMINS = [parseaddr(entry) for entry in _admins]
for _entry, (_, _address) in zip(_admins, ADMINS, strict=True):
    if "@" not in _address:
        raise ImproperlyConfigured(
            f"ADMINS: {_entry!r} is not an email address. Use 'Name <address>' or plain "
            "addresses, separated by commas."
        )
EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Staff sign in through the admin. When the login refuses a ?next= (another site), Django
# sends them here instead: the admin's index, not an /accounts/profile/ that does not exist.
LOGIN_REDIRECT_URL = "admin:index"

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en-us")
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Let Django itself serve uploaded media. Right for development and small sites; a busy site
# serves MEDIA_ROOT from the web server or object storage instead (see the README).
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG)

# Media: uploads, their renditions and body photos, always read and written through Django's
# storage API. "filesystem" keeps them in MEDIA_ROOT, which suits one server; "s3" keeps them in
# a bucket of any S3-compatible service (AWS, MinIO, Cloudflare R2, DigitalOcean Spaces...)
# through django-storages, so any number of app servers share them. The variables carry
# django-storages' own setting names.
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="filesystem")
# The origin (scheme://host) readers' browsers fetch media from when it is not this site's:
# a Content-Security-Policy's img-src must allow it.
MEDIA_STORAGE_ORIGIN = None
if MEDIA_STORAGE == "filesystem":
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    _bucket = env.str("AWS_STORAGE_BUCKET_NAME", default="")
    if not _bucket:
        raise ImproperlyConfigured(
            "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME, the bucket that keeps the uploads "
            "(and AWS_S3_ENDPOINT_URL for a service other than Amazon S3)."
        )
    # Unset: Amazon S3 itself, and boto3's own search for credentials (an IAM role...).
    _endpoint = env.str("AWS_S3_ENDPOINT_URL", default="") or None
    _addressing = env.str("AWS_S3_ADDRESSING_STYLE", default="") or None
    # Where readers fetch media from (a CDN or the bucket's public domain).
    _custom_domain = env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None
    _url_protocol = env.str("AWS_S3_URL_PROTOCOL", default="https:")
    if _custom_domain:
        MEDIA_STORAGE_ORIGIN = f"{_url_protocol}//{_custom_domain.split('/')[0]}"
    elif _endpoint:  # botocore's addresses: path style on an endpoint of one's own
        _api = urlsplit(_endpoint)
        _host = f"{_bucket}.{_api.netloc}" if _addressing == "virtual" else _api.netloc
        MEDIA_STORAGE_ORIGIN = f"{_api.scheme}://{_host}"
    else:
        MEDIA_STORAGE_ORIGIN = f"https://{_bucket}.s3.amazonaws.com"
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _bucket,
            "endpoint_url": _endpoint,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "addressing_style": _addressing,
            "custom_domain": _custom_domain,
            "url_protocol": _url_protocol,
            # Off, unlike django-storages: pages are kept by the page cache, Varnish and CDNs
            # (stale ones too, while the app is down), and a signed address in a kept page
            # stops working when its signature expires. Public-read media is the norm here.
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=False),
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=3600),
            # botocore may still sign addresses the old way (v2), which R2, newer AWS regions
            # and others refuse; every S3-compatible service takes v4.
            "signature_version": "s3v4",
            "location": env.str("AWS_LOCATION", default=""),
            # Never replace a stored object: two photos uploaded under one name in one month
            # would otherwise share a key, and the first article would show the second photo
            # (and keep the first one's renditions, found under the same names).
            "file_overwrite": False,
            # So every stored name holds one content for good: browsers and CDNs may keep it.
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
else:
    raise ImproperlyConfigured(
        f"MEDIA_STORAGE={MEDIA_STORAGE!r}: use filesystem (MEDIA_ROOT) or s3 (a bucket)."
    )

STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        # Compressed, content-hashed file names: cacheable forever. Plain storage while
        # developing so that `runserver` needs no collectstatic.
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}

# Behind a TLS-terminating proxy, set SECURE_PROXY_SSL_HEADER_ENABLED=true so Django trusts
# X-Forwarded-Proto, and HTTPS=true to send secure cookies and HSTS.
if env.bool("SECURE_PROXY_SSL_HEADER_ENABLED", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
HTTPS = env.bool("HTTPS", default=False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

# Reader pages
ARTICLES_PER_PAGE = env.int("ARTICLES_PER_PAGE", default=12)
# Seconds a shared cache (CDN, proxy) may keep a page for readers without a cookie
# (`s-maxage`); browsers always ask again (newsroom/middleware.py says why).
PUBLIC_PAGE_MAX_AGE = env.int("PUBLIC_PAGE_MAX_AGE", default=60)
# Seconds this server keeps a rendered reader page (newsroom/page_cache.py); 0 turns it off.
# Off by default with DEBUG, so template changes show at once while developing.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0 if DEBUG else 60)

# The edge cache (deploy/varnish, newsroom/edge_cache.py): the addresses the app sends a PURGE to
# when content changes, one per Varnish (http://10.0.0.5:6081/), comma-separated; empty: none.
EDGE_PURGE_URLS = env.list("EDGE_PURGE_URLS", default=[])

# Giving (Stripe). Without STRIPE_SECRET_KEY the support page explains that giving is not set
# up on this server. Keys come from the Stripe dashboard (Developers > API keys / Webhooks).
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
# Where the stripe client sends API calls: Stripe itself, or a local fake/stripe-mock.
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="https://api.stripe.com")
# Pinned: webhook handlers read objects as this version shapes them. It must match the
# installed `stripe` package (a test checks), so upgrading the package is a deliberate change.
STRIPE_API_VERSION = env.str("STRIPE_API_VERSION", default="2026-10-28.endive")
# A reader waits on these calls: give up quickly and say "try again" instead of hanging.
STRIPE_TIMEOUT = env.float("STRIPE_TIMEOUT", default=5.0)
STRIPE_MAX_NETWORK_RETRIES = env.int("STRIPE_MAX_NETWORK_RETRIES", default=0)
# Demo payments: the project's own test-mode payment server (fakestripe, `manage.py
# demo_payments`) stands in for Stripe, so the demo's giving works with no Stripe account and no
# money moving. `make run` sets STRIPE_DEMO=true; a STRIPE_SECRET_KEY (in the environment or
# .env) wins, and real Stripe is used. Its pages and ours say "Demo payments: no money moves".
# Never in production: with DEBUG off, `manage.py check` refuses it (donations.E006).
STRIPE_DEMO = env.bool("STRIPE_DEMO", default=False) and not STRIPE_SECRET_KEY
STRIPE_DEMO_PORT = env.int("STRIPE_DEMO_PORT", default=PORT + 1)
if STRIPE_DEMO:
    STRIPE_SECRET_KEY = "sk_test_demo_payments"
    STRIPE_WEBHOOK_SECRET = "whsec_demo_payments"
    # Its API and its Checkout page are one server.
    STRIPE_API_BASE = f"http://{HOST}:{STRIPE_DEMO_PORT}"

# What the site takes and suggests: read here, parsed by donations.giving and checked by
# `manage.py check` (donations.checks), which names any mistake with its reason.
DONATION_CURRENCIES = env.list("DONATION_CURRENCIES", default=["usd", "eur", "gbp"])
DONATION_DEFAULT_CURRENCY = env.str("DONATION_DEFAULT_CURRENCY", default="usd")
# Limits in major units (dollars, euros, pounds), for every currency unless DONATION_LIMITS
# says otherwise for one: JSON keyed by currency, then frequency, then "min" and/or "max", e.g.
# {"gbp": {"monthly": {"min": 3}}, "eur": {"once": {"min": 2, "max": 5000}}}.
DONATION_MIN_ONCE = env.int("DONATION_MIN_ONCE", default=1)
DONATION_MIN_MONTHLY = env.int("DONATION_MIN_MONTHLY", default=2)
DONATION_MIN_ANNUAL = env.int("DONATION_MIN_ANNUAL", default=10)
DONATION_MAX = env.int("DONATION_MAX", default=10_000)
DONATION_LIMITS = env.json("DONATION_LIMITS", default={})
# Preset amounts (major units; defaults in donations.giving). DONATION_PRESETS, as JSON,
# replaces them per frequency for every currency ({"monthly": [3, 6, 12, 25]}) and, under a
# currency code, for that currency only ({"gbp": {"monthly": [2, 4, 8, 16]}}); the two kinds of
# key can be mixed.
DONATION_PRESETS = env.json("DONATION_PRESETS", default={})
# Covering the card fee: a donor may add what the card processor takes, so their whole gift
# reaches the newsroom. Per currency, the processor's rate as a percentage and a fixed amount in
# major units, as JSON; a currency without a rate is not offered the option (parsed by
# donations.giving, checked by donations.checks). The defaults are Stripe's standard card rates.
DONATION_FEE_RATES = env.json(
    "DONATION_FEE_RATES",
    default={
        "usd": {"percent": 2.9, "fixed": 0.30},
        "eur": {"percent": 1.5, "fixed": 0.25},
        "gbp": {"percent": 1.5, "fixed": 0.20},
    },
)
# The monthly upgrade (issue #12): after a reader picks a one-off gift, one step offers a
# smaller monthly gift instead. JSON per currency: the largest one-off (major units) for which it
# is offered; a currency not named, or {}, skips the step (parsed by donations.giving, checked by
# donations.checks).
DONATION_UPGRADE_MAX = env.json(
    "DONATION_UPGRADE_MAX", default={"usd": 100, "eur": 100, "gbp": 100}
)
# Who the yearly giving statements come from: the organisation's legal name and postal address
# (lines separated by "\n"), and the text printed under the gifts (whether gifts are tax
# deductible, a charity number): yours to write with your adviser.
ORGANISATION_NAME = env.str("ORGANISATION_NAME", default=SITE_NAME)
ORGANISATION_ADDRESS = env.str(
    "ORGANISATION_ADDRESS", default="1 Mill Lane\nRiverside RV1 2AB\nUnited Kingdom"
).replace("\\n", "\n")
STATEMENT_LEGAL_TEXT = env.str(
    "STATEMENT_LEGAL_TEXT",
    default=(
        "No goods or services were provided in exchange for these gifts. Keep this statement "
        "for your records."
    ),
)
# Card-testing defence: checkouts one address may start per window (seconds).
CHECKOUT_RATE_LIMIT = env.int("CHECKOUT_RATE_LIMIT", default=10)
CHECKOUT_RATE_WINDOW = env.int("CHECKOUT_RATE_WINDOW", default=600)
# Requests for a manage-my-gift email one address may make per window (seconds).
MANAGE_RATE_LIMIT = env.int("MANAGE_RATE_LIMIT", default=5)
MANAGE_RATE_WINDOW = env.int("MANAGE_RATE_WINDOW", default=3600)
# "Email me a reminder" requests one address may make per window (seconds).
REMINDER_RATE_LIMIT = env.int("REMINDER_RATE_LIMIT", default=5)
REMINDER_RATE_WINDOW = env.int("REMINDER_RATE_WINDOW", default=3600)
MANAGE_LINK_MAX_AGE = env.int("MANAGE_LINK_MAX_AGE", default=24 * 3600)
# Seconds the card-update link in a failed payment's email works: as long as Stripe's retries.
CARD_LINK_MAX_AGE = env.int("CARD_LINK_MAX_AGE", default=14 * 24 * 3600)
# Changes one manage link may make to gifts (each is a call to Stripe) per MANAGE_RATE_WINDOW.
MANAGE_CHANGE_RATE_LIMIT = env.int("MANAGE_CHANGE_RATE_LIMIT", default=20)
# The impression budget (donations.budget), counted in each reader's browser: at most
# DONATION_ASK_BUDGET asks (0: no limit) in DONATION_ASK_BUDGET_DAYS days, across placements, and
# the full banner DONATION_FULL_BANNER_VIEWS times before the compact one. Read as written and
# checked by donations.checks, which names a value that is not a number in range.
DONATION_ASK_BUDGET = env.str("DONATION_ASK_BUDGET", default="5")
DONATION_ASK_BUDGET_DAYS = env.str("DONATION_ASK_BUDGET_DAYS", default="7")
DONATION_FULL_BANNER_VIEWS = env.str("DONATION_FULL_BANNER_VIEWS", default="1")
# Prompt impressions one address may add per hour (the beacon is open to everyone).
PROMPT_BEACON_RATE_LIMIT = env.int("PROMPT_BEACON_RATE_LIMIT", default=300)
# How many proxies in front of the app append to X-Forwarded-For (0: use the socket address).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Background work: Django's Tasks API (README "Background work"). Webhook processing, donors'
# emails and photo renditions are queued and run by `manage.py worker`. "database" keeps the
# queue in DATABASE_URL (one worker beside the site, nothing else to run: `make run`); "rq" keeps
# it in Redis at TASKS_REDIS_URL, for workers on as many machines as needed.
TASKS_BACKEND = env.str("TASKS_BACKEND", default="database")
if TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif TASKS_BACKEND == "rq":
    _tasks_redis_url = env.str("TASKS_REDIS_URL", default="")
    if not _tasks_redis_url:
        raise ImproperlyConfigured(
            "TASKS_BACKEND=rq needs TASKS_REDIS_URL, the Redis that keeps the queue, for "
            "example redis://127.0.0.1:6379/1 (not the cache's database: a cache may be flushed "
            "or evict keys, and queued work with them)."
        )
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    # DEFAULT_TIMEOUT: seconds a task may run before its worker stops it (a webhook's Stripe
    # calls time out long before; a large photo's renditions take a few seconds).
    # Not a cache: how django-rq shares one pooled connection (USE_REDIS_CACHE, through
    # django-redis). Given a URL it opens a new connection for every enqueue (a connect, and
    # redis-py's lookup of its own version to identify itself): about 3 ms of CPU for each
    # webhook delivery, twice what storing the event costs. Nothing is ever cached in it.
    CACHES["tasks-queue"] = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": _tasks_redis_url,
    }
    RQ_QUEUES = {"default": {"USE_REDIS_CACHE": "tasks-queue", "DEFAULT_TIMEOUT": 300}}
else:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND={TASKS_BACKEND!r}: use database (the queue in DATABASE_URL) or rq "
        "(the queue in Redis at TASKS_REDIS_URL)."
    )
# Seconds before each retry of a Stripe event whose processing failed: seven attempts over about
# 20 hours by default, enough for an event that came before the one it needs (a refund before
# its payment) and for Stripe or the database to come back. Then it is left failed, ADMINS are
# told, and staff replay it.
WEBHOOK_RETRY_DELAYS = env.list(
    "WEBHOOK_RETRY_DELAYS", cast=int, default=[60, 5 * 60, 30 * 60, 2 * 3600, 6 * 3600, 12 * 3600]
)
# Seconds a queued webhook event may be overdue before a worker presumes its task lost (with a
# worker that died, or a Redis that lost it) and queues it again.
WEBHOOK_REQUEUE_AFTER = env.int("WEBHOOK_REQUEUE_AFTER", default=300)

# Security headers (newsroom/security_headers.py, README "Security headers").
# Stripe Checkout's origin: the support form's POST answers with a redirect there, and browsers
# hold that redirect to the page's form-action, so it is added to form-action on every response.
# Change it only for a custom Checkout domain.
STRIPE_CHECKOUT_ORIGIN = env.str("STRIPE_CHECKOUT_ORIGIN", default="https://checkout.stripe.com")
if STRIPE_DEMO:
    STRIPE_CHECKOUT_ORIGIN = STRIPE_API_BASE
# Uploaded photos may come from another origin (object storage, a CDN): MEDIA_URL's, if any.
_media = urlsplit(MEDIA_URL)
_MEDIA_ORIGINS = []
if _media.netloc:  # "//cdn.example.org/media/" has no scheme: the host alone matches it
    _MEDIA_ORIGINS.append(f"{_media.scheme}://{_media.netloc}" if _media.scheme else _media.netloc)
if MEDIA_STORAGE_ORIGIN:  # photos in a bucket: readers are sent to the bucket's addresses
    _MEDIA_ORIGINS.append(MEDIA_STORAGE_ORIGIN)
# No 'unsafe-inline' anywhere: reader pages have no inline script or style at all (they may be
# served from the page cache to many readers, so they cannot carry a per-response nonce). The
# nonce is for the admin's body editor, whose import map has to be inline; the article form
# also allows the editor's own inline stylesheet by its hash (articles/admin.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, *_MEDIA_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "upgrade-insecure-requests": HTTPS,
    },
}
# Powerful browser features no page of ours uses, denied to every page and frame. Stripe
# Checkout is a redirect to Stripe's own page, not a frame here, so `payment` is denied too.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
}

# Staff accounts: lockout after failed sign-ins, a second factor, sessions that end when idle.
# Kept in one block (see README, "Staff accounts"); it adds its apps and layers to the lists above.
INSTALLED_APPS += [
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "staff",
]
_after_auth = MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1
MIDDLEWARE[_after_auth:_after_auth] = [
    # Puts the verifying device (if any) on request.user, then holds staff at the second factor.
    "django_otp.middleware.OTPMiddleware",
    "staff.middleware.SecondFactorMiddleware",
]
# Last, as django-axes requires: it turns a lockout noticed while signing in into the lockout page.
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out username and address is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed sign-ins are counted per username and address together: per username alone would let
# anyone lock an editor out from anywhere, and per address alone would lock a whole office out
# over one person's typos. Attackers spread over many addresses meet the second factor instead.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env.int("STAFF_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("STAFF_LOCKOUT_MINUTES", default=15))
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "staff.lockout.client_address"
AXES_LOCKOUT_CALLABLE = "staff.views.locked_out"
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = SITE_NAME
# A session ends after this many seconds without a request; each request starts the count again.
SESSION_COOKIE_AGE = env.int("STAFF_SESSION_IDLE_SECONDS", default=2 * 3600)
SESSION_SAVE_EVERY_REQUEST = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "once_a_minute": {"()": "newsroom.log_filters.OncePerInterval", "seconds": 60},
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # The stripe client logs every request at INFO; our gateway logs what matters.
        "stripe": {"level": "WARNING"},
        # With Redis down every request would log the same error, several times.
        "django_redis.cache": {"filters": ["once_a_minute"]},
        "newsroom.page_cache.outage": {"filters": ["once_a_minute"]},
    },
}
