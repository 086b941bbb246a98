"""With the production variables the README lists, Django's deployment check finds nothing to warn about."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def production_variables() -> dict[str, str]:
    """The ```env block of the README's "In production" section, with a real secret key."""
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"### In production\n.*?```env\n(.*?)```", readme, re.S).group(1)
    variables = dict(line.split("=", 1) for line in block.splitlines() if line.strip() and not line.startswith("#"))
    variables["SECRET_KEY"] = secrets.token_urlsafe(50)
    return variables


def deploy_check(variables: dict[str, str]) -> subprocess.CompletedProcess:
    # Only what the README gives: nothing from the test run's own environment (DEBUG, databases, caches).
    environment = {
        name: value
        for name, value in os.environ.items()
        if name in {"PATH", "HOME", "LANG", "LC_ALL", "VIRTUAL_ENV", "TMPDIR"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**environment, **variables},
        capture_output=True,
        text=True,
    )


def test_the_documented_production_settings_pass_the_deployment_check():
    result = deploy_check(production_variables())

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_without_them_the_check_warns_about_https():
    variables = {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "letters.example.org"}

    result = deploy_check(variables)

    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr
