"""Check docker-compose.yml and the Dockerfile for what a deployment relies on.

`python -m config.compose_check` runs `docker compose config` when Docker's
compose plugin is present (the file is valid for Docker itself), and always
checks what the file must contain: PostgreSQL of CI's major version, Redis with
persistence, migrations as a one-off service the app waits for, gunicorn as
PID 1 (the Dockerfile's exec-form CMD, no shell wrapper) and a health check for
every long-running service. Prints each problem; exits non-zero if any.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_MAJOR = "15"  # CI's server (.ci/run starts the machine's PostgreSQL 15)
ONE_OFF = {"migrate"}


def docker_compose_config(path: Path) -> list[str]:
    if not shutil.which("docker"):
        return []
    probe = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True)
    if probe.returncode != 0:
        return []  # no compose plugin: the checks below stand alone
    env = {"POSTGRES_PASSWORD": "check", "SECRET_KEY": "check", **os.environ}
    result = subprocess.run(
        ["docker", "compose", "-f", str(path), "config", "--quiet"],
        capture_output=True,
        text=True,
        env=env,
    )
    return [f"docker compose config: {result.stderr.strip()}"] if result.returncode else []


def problems(compose: dict, dockerfile: str) -> list[str]:
    found = []
    services = compose.get("services") or {}
    for name in ("db", "redis", "migrate", "app"):
        if name not in services:
            found.append(f"no `{name}` service")
    if found:
        return found
    db, redis, migrate, app = (services[n] for n in ("db", "redis", "migrate", "app"))
    if db.get("image", "").split(":")[-1].split(".")[0] != POSTGRES_MAJOR:
        found.append(f"db: image must be postgres:{POSTGRES_MAJOR}, as in CI")
    redis_command = " ".join(map(str, redis.get("command") or []))
    if "--appendonly yes" not in redis_command or not redis.get("volumes"):
        found.append("redis: needs --appendonly yes and a volume (the fetch queue must persist)")
    if "migrate" not in " ".join(map(str, migrate.get("command") or [])):
        found.append("migrate: must run `manage.py migrate`")
    if str(migrate.get("restart", "no")) != "no":
        found.append("migrate: a one-off service must not restart")
    waits = (app.get("depends_on") or {}).get("migrate", {})
    if not isinstance(waits, dict) or waits.get("condition") != "service_completed_successfully":
        found.append("app: must wait for migrate (condition: service_completed_successfully)")
    command = app.get("command")
    if command and ("sh -c" in json.dumps(command) or "migrate" in json.dumps(command)):
        found.append("app: no shell wrapper or migration in its command (gunicorn as PID 1)")
    if not command and not any(
        line.startswith("CMD [") and "gunicorn" in line for line in dockerfile.splitlines()
    ):
        found.append("Dockerfile: needs an exec-form CMD that runs gunicorn")
    for name, service in services.items():
        if name not in ONE_OFF and not service.get("healthcheck"):
            found.append(f"{name}: no healthcheck")
    if "healthz/ready" not in json.dumps(app.get("healthcheck")) and "config.healthcheck" not in (
        json.dumps(app.get("healthcheck"))
    ):
        found.append("app: its healthcheck must ask the readiness view")
    return found


def main(path: Path = ROOT / "docker-compose.yml") -> int:
    compose = yaml.safe_load(path.read_text())
    dockerfile = (path.parent / "Dockerfile").read_text()
    found = docker_compose_config(path) + problems(compose, dockerfile)
    for problem in found:
        print(f"{path.name}: {problem}")
    if not found:
        print(f"{path.name}: ok")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
