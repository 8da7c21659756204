"""Settings for the test suite: the project's own settings, with test defaults in the environment.

Anything already set in the environment wins, so CI or a developer can point the suite at another
PostgreSQL server with DATABASE_URL.
"""

import os
import tempfile

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-any-real-site-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom")
os.environ.setdefault("CACHE_URL", "locmemcache://")
os.environ.setdefault("EMAIL_URL", "memorymail://")
os.environ.setdefault("SITE_URL", "https://news.example.org")
os.environ.setdefault("SERVE_MEDIA", "true")
# No monthly upgrade step unless a test turns it on (tests/donations/test_upgrade.py): a one-off
# gift goes straight to Checkout, as the tests written before it expect.
os.environ.setdefault("DONATION_UPGRADE_MAX", "{}")
# No impression budget, and the full banner always, so that tests of other things may visit as
# many pages as they need; tests/e2e/test_ask_budget.py sets the budget it tests.
os.environ.setdefault("DONATION_ASK_BUDGET", "0")
os.environ.setdefault("DONATION_FULL_BANNER_VIEWS", "1000")
# Each run collects static files into a directory of its own (see tests/conftest.py).
os.environ.setdefault("STATIC_ROOT", tempfile.mkdtemp(prefix="newsroom-static-"))

from newsroom.settings import *  # noqa: F403

# Sign-ins in tests need no protection against password cracking: a fast hasher saves seconds
# for every user a test makes (PBKDF2's iterations are the point of it in production).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
