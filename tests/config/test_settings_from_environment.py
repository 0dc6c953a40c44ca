"""Settings are read from the environment once, at import: each case runs in a fresh process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'engine': settings.DATABASES['default']['ENGINE'], "
    "'name': str(settings.DATABASES['default']['NAME']), "
    "'channels': settings.CHANNEL_LAYERS['default']['BACKEND'], "
    "'eager': settings.CELERY_TASK_ALWAYS_EAGER, 'broker': settings.CELERY_BROKER_URL, "
    "'debug': settings.DEBUG, 'language': settings.LANGUAGE_CODE, "
    "'tz': settings.TIME_ZONE}))"
)
CONFIG_VARIABLES = ("DATABASE_URL", "REDIS_URL", "DJANGO_ENV", "DEBUG", "SECRET_KEY")


def run_settings(**variables: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in CONFIG_VARIABLES}
    env.update(variables, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )


def read_settings(**variables: str) -> dict:
    result = run_settings(**variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_database_url_the_project_runs_on_a_sqlite_file():
    values = read_settings()
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"].endswith("db.sqlite3")


def test_a_postgres_database_url_selects_postgresql():
    values = read_settings(DATABASE_URL="postgres://dn:secret@db.example:5433/dan_nguyen")
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["name"] == "dan_nguyen"


def test_without_redis_url_channels_are_in_memory_and_jobs_run_eagerly():
    values = read_settings()
    assert values["channels"] == "channels.layers.InMemoryChannelLayer"
    assert values["eager"] is True


def test_a_redis_url_selects_the_redis_channel_layer_and_broker():
    values = read_settings(REDIS_URL="redis://cache.example:6379/3")
    assert values["channels"] == "channels_redis.core.RedisChannelLayer"
    assert values["eager"] is False
    assert values["broker"] == "redis://cache.example:6379/3"


def test_vietnamese_and_hanoi_time_are_the_defaults():
    values = read_settings()
    assert values["language"] == "vi"
    assert values["tz"] == "Asia/Ho_Chi_Minh"


@pytest.mark.parametrize(
    "variables, complaint",
    [
        ({"DEBUG": "true", "SECRET_KEY": "x" * 50}, "DEBUG"),
        ({}, "SECRET_KEY"),
        ({"SECRET_KEY": "too-short"}, "SECRET_KEY"),
    ],
    ids=["debug-on", "default-key", "short-key"],
)
def test_production_settings_refuse_to_start_when_unsafe(variables, complaint):
    result = run_settings(DJANGO_ENV="production", **variables)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert complaint in result.stderr


def test_production_settings_start_with_a_real_key_and_debug_off():
    values = read_settings(DJANGO_ENV="production", SECRET_KEY="k" * 50)
    assert values["debug"] is False
