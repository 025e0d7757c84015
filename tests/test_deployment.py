"""A TLS deployment passes `check --deploy`; the compose file has what it must."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import yaml

from config import compose_check

ROOT = Path(__file__).resolve().parent.parent

# The environment README.md documents for a deployment behind a TLS proxy.
TLS_ENVIRONMENT = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "catalogue.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://catalogue.example.org",
    "BEHIND_TLS_PROXY": "1",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
}


def check_deploy(**extra) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    env.update(TLS_ENVIRONMENT, **extra)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_check_deploy_is_clean_with_the_documented_tls_settings():
    result = check_deploy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_flags_the_demo_bypass_and_missing_tls_settings():
    bypass = check_deploy(SECOND_FACTOR_DEMO_BYPASS="1")
    assert bypass.returncode != 0 and "accounts.W001" in bypass.stderr + bypass.stdout
    plain = check_deploy(SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0")
    assert "security.W004" in plain.stderr + plain.stdout
    assert "security.W008" in plain.stderr + plain.stdout


def test_the_compose_file_and_dockerfile_pass_their_check():
    assert compose_check.main() == 0


def test_the_compose_check_refuses_what_the_old_file_did():
    old = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    old["services"]["db"]["image"] = "postgres:18"
    old["services"]["redis"]["command"] = ["redis-server", "--save", "", "--appendonly", "no"]
    del old["services"]["redis"]["healthcheck"]
    old["services"]["app"]["command"] = "sh -c 'python manage.py migrate && gunicorn x'"
    old["services"]["app"]["depends_on"] = {"db": {"condition": "service_healthy"}}
    found = "\n".join(compose_check.problems(old, "FROM python:3.11-slim\n"))
    for expected in ["postgres:15", "appendonly", "redis: no healthcheck", "wait for migrate"]:
        assert expected in found
    assert "PID 1" in found
