import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from testimony.staff_groups import ADMINISTRATOR, CATALOGUER, REVIEWER

DEMO_ACCOUNTS = [
    ("demo-cataloguer", CATALOGUER),
    ("demo-reviewer", REVIEWER),
    ("demo-administrator", ADMINISTRATOR),
]


class Command(BaseCommand):
    help = (
        "Create one demo staff account per group (Cataloguer, Reviewer, Administrator), "
        "give each a fresh random password and print how to log in. For local demos only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/admin/")

    def handle(self, *args, url, **options):
        User = get_user_model()
        lines = []
        for username, group_name in DEMO_ACCOUNTS:
            user, _ = User.objects.get_or_create(username=username)
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.is_staff = True
            user.is_superuser = False
            user.save()
            user.groups.set([Group.objects.get(name=group_name)])
            lines.append(f"  {group_name:<14} user: {username:<20} password: {password}")
        self.stdout.write(f"Log in to the admin at {url} as one of these demo accounts:")
        self.stdout.write("\n".join(lines))
        self.stdout.write("(New passwords are made each time this command runs.)")
        self.stdout.write(
            "Staff accounts log in with a second factor; these demo accounts skip it while "
            "DEBUG and SECOND_FACTOR_DEMO_BYPASS are on, as `make run` sets them."
        )
