from django.db import migrations


def apply_policy(apps, schema_editor):
    from testimony.staff_groups import apply_policy

    apply_policy(apps)


class Migration(migrations.Migration):
    """Administrators see and lift login lockouts and manage staff second factors."""

    dependencies = [
        ("testimony", "0018_access_copies"),
        ("axes", "0010_accessattemptexpiration"),
        ("otp_totp", "0003_add_timestamps"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(apply_policy, migrations.RunPython.noop)]
