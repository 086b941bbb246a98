"""Settings come from the environment; production refuses the development secret key."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def start(**env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_it_refuses_to_start_without_debug_on_the_development_key():
    result = start()

    assert result.returncode != 0
    assert "SECRET_KEY is the development key" in result.stderr


def test_it_starts_with_a_real_secret_key():
    result = start(SECRET_KEY="a-real-secret-key-for-this-test", ALLOWED_HOSTS="letters.example.org")

    assert result.returncode == 0


def test_it_starts_in_development_with_debug_on():
    assert start(DEBUG="1").returncode == 0


def test_a_postgres_url_uses_psycopg_with_a_pool():
    code = (
        "from django.conf import settings as s; d = s.DATABASES['default'];"
        "print(d['ENGINE'], d['NAME'], sorted(d['OPTIONS']['pool']), d['CONN_MAX_AGE'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "r2p_letters.settings",
            "DEBUG": "1",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/letters",
        },
    )

    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "letters",
        "['max_size',",
        "'min_size',",
        "'timeout']",
        "0",
    ]
