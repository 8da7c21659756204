"""Production safety: with DEBUG off the app will not start on settings that are unsafe."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _start_django(code="print('started')", **env):
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DATABASE_URL": "sqlite:///:memory:",
        "SECRET_KEY": "a-perfectly-long-random-production-secret-key-0123456789",
        "ALLOWED_HOSTS": "news.example.org",
        "DEBUG": "false",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_start():
    result = _start_django()

    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


@pytest.mark.parametrize(
    "secret_key",
    ["", "short", "django-insecure-newsroom-development-key-do-not-use-in-production"],
)
def test_debug_off_refuses_a_missing_or_development_secret_key(secret_key):
    result = _start_django(SECRET_KEY=secret_key)

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr


def test_debug_off_refuses_empty_allowed_hosts():
    result = _start_django(ALLOWED_HOSTS="")

    assert result.returncode != 0
    assert "ImproperlyConfigured: ALLOWED_HOSTS is empty" in result.stderr


def test_debug_on_starts_with_no_configuration_at_all():
    result = _start_django(DEBUG="true", SECRET_KEY="", ALLOWED_HOSTS="")

    assert result.returncode == 0, result.stderr


def test_production_keeps_database_connections_open():
    result = _start_django(
        code="from django.conf import settings; "
        "print(settings.DATABASES['default']['CONN_MAX_AGE'])",
        DATABASE_URL="postgres://newsroom@db.internal:5432/newsroom",
    )

    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 0


def test_media_in_a_bucket_needs_the_buckets_name():
    result = _start_django(MEDIA_STORAGE="s3", AWS_S3_ENDPOINT_URL="https://s3.example.org")

    assert result.returncode != 0
    assert "ImproperlyConfigured: MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME" in result.stderr


def test_an_unknown_media_storage_is_refused():
    result = _start_django(MEDIA_STORAGE="S3 bucket")

    assert result.returncode != 0
    assert "MEDIA_STORAGE='S3 bucket': use filesystem (MEDIA_ROOT) or s3" in result.stderr


@pytest.mark.parametrize(
    "environment",
    [
        {},  # Amazon S3 itself
        {"AWS_S3_ENDPOINT_URL": "https://acct.r2.cloudflarestorage.com"},
        {"AWS_S3_ENDPOINT_URL": "http://minio:9000", "AWS_S3_ADDRESSING_STYLE": "virtual"},
        {"AWS_S3_CUSTOM_DOMAIN": "media.example.org/newsroom", "AWS_S3_URL_PROTOCOL": "http:"},
    ],
)
def test_the_media_origin_is_where_the_bucket_storage_sends_readers(environment):
    """The origin the Content-Security-Policy allows for photos is the one django-storages
    actually puts in their addresses."""
    code = (
        "from django.conf import settings; from django.core.files.storage import default_storage;"
        " print(settings.MEDIA_STORAGE_ORIGIN); print(default_storage.url('renditions/a.jpg'));"
        " print(*settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'], sep=',')"
    )
    result = _start_django(
        code,
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="newsroom-media",
        AWS_ACCESS_KEY_ID="key",
        AWS_SECRET_ACCESS_KEY="secret",
        **environment,
    )

    assert result.returncode == 0, result.stderr
    origin, url, img_src = result.stdout.split()
    assert url.startswith(origin + "/")
    assert origin in img_src.split(",")


def test_admins_are_read_with_or_without_names():
    result = _start_django(
        code="from django.conf import settings; print(settings.ADMINS)",
        ADMINS="Ada Reyes <ada@example.org>, ops@example.org",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[('Ada Reyes', 'ada@example.org'), ('', 'ops@example.org')]"


def test_an_admin_that_is_not_an_address_is_refused_with_a_clear_message():
    result = _start_django(ADMINS="Ada Reyes")

    assert result.returncode != 0
    assert "ImproperlyConfigured: ADMINS: 'Ada Reyes' is not an email address" in result.stderr


def test_a_mistake_in_the_giving_settings_is_named_by_the_check_with_every_other():
    """The environment's JSON reaches donations.checks as written: the settings load, and
    `manage.py check` (which `migrate` runs on every release) stops with each reason."""
    result = _start_django(
        code="from django.core.management import call_command; call_command('check')",
        DONATION_LIMITS='{"gbp": {"montly": {"min": 3}}}',
        DONATION_PRESETS='{"anual": [20, 40]}',
    )

    assert result.returncode != 0
    assert "(donations.E004) DONATION_LIMITS, under 'gbp': 'montly' is not a frequency" in (
        result.stderr
    )
    assert "(donations.E005) DONATION_PRESETS: 'anual' is neither a frequency" in result.stderr


def test_the_task_queue_is_in_the_database_unless_told_otherwise():
    result = _start_django(
        code="from django.conf import settings; print(settings.TASKS['default']['BACKEND'])"
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django_tasks_db.DatabaseBackend"


def test_the_task_queue_on_redis_needs_its_address():
    result = _start_django(TASKS_BACKEND="rq")

    assert result.returncode != 0
    assert "ImproperlyConfigured: TASKS_BACKEND=rq needs TASKS_REDIS_URL" in result.stderr


def test_the_task_queue_on_redis_starts_with_its_address():
    result = _start_django(
        code=(
            "from django_rq.queues import get_queue; "
            "print(get_queue('default').connection.connection_pool.connection_kwargs['host'])"
        ),
        TASKS_BACKEND="rq",
        TASKS_REDIS_URL="redis://queue.internal:6379/1",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "queue.internal"  # not connected to until used


def test_an_unknown_task_backend_is_refused():
    result = _start_django(TASKS_BACKEND="celery")

    assert result.returncode != 0
    assert "TASKS_BACKEND='celery': use database" in result.stderr


def test_site_url_follows_the_port_make_run_serves_on():
    """`make run PORT=8010`: canonical links, feeds, Stripe's return addresses and the emailed
    manage link all point at port 8010, and the demo payment server sits beside it."""
    result = _start_django(
        code="from django.conf import settings; "
        "print(settings.SITE_URL, settings.STRIPE_API_BASE, settings.STRIPE_CHECKOUT_ORIGIN)",
        DEBUG="true",
        PORT="8010",
        STRIPE_DEMO="true",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "http://127.0.0.1:8010",
        "http://127.0.0.1:8011",
        "http://127.0.0.1:8011",
    ]


def test_site_url_set_wins_over_host_and_port():
    result = _start_django(
        code="from django.conf import settings; print(settings.SITE_URL)",
        HOST="0.0.0.0",
        PORT="8010",
        SITE_URL="https://news.example.org/",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://news.example.org"


def test_a_stripe_key_wins_over_demo_payments():
    """A key in the environment (or .env) means real Stripe, even under `make run`."""
    result = _start_django(
        code="from django.conf import settings; "
        "print(settings.STRIPE_DEMO, settings.STRIPE_SECRET_KEY, settings.STRIPE_API_BASE)",
        DEBUG="true",
        STRIPE_DEMO="true",
        STRIPE_SECRET_KEY="sk_test_a_real_account",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "sk_test_a_real_account", "https://api.stripe.com"]


@pytest.mark.parametrize("command", [["check"], ["check", "--deploy"], ["demo_payments"]])
def test_demo_payments_are_refused_with_debug_off(command):
    """Production never takes gifts through the demo payment server, nor starts it."""
    result = _start_django(
        code="from django.core.management import execute_from_command_line; "
        f"execute_from_command_line(['manage.py', *{command!r}])",
        STRIPE_DEMO="true",
    )

    assert result.returncode != 0
    assert "(donations.E006) STRIPE_DEMO is on with DEBUG off" in result.stderr
