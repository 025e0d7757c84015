#!/usr/bin/env python
"""Django's command-line utility for the testimony catalogue."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if sys.argv[1:2] != ["runserver"]:
        # Commands (migrations, loads, backups) run as long as they need; the
        # server's requests keep the configured statement timeout.
        os.environ.setdefault("DB_STATEMENT_TIMEOUT", "0")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
