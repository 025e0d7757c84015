"""The container's health check: exit 0 when the app's readiness view says 200.

Run inside the app container (`python -m config.healthcheck`); it asks under the
first of ALLOWED_HOSTS, as the app accepts no other host name.
"""

import os
import sys
import urllib.request


def main() -> int:
    host = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip().lstrip(".")
    port = os.environ.get("PORT", "8000")
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz/ready/", headers={"Host": host or "localhost"}
    )
    try:
        with urllib.request.urlopen(request, timeout=3) as response:
            return 0 if response.status == 200 else 1
    except OSError as exc:
        print(f"not ready: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
