from django.db import migrations


def apply_policy(apps, schema_editor):
    from testimony.staff_groups import apply_policy

    apply_policy(apps)


class Migration(migrations.Migration):
    """Reviewers see which partners fetched what; administrators manage tokens."""

    dependencies = [("testimony", "0003_partner_tokens_and_fetches")]

    operations = [migrations.RunPython(apply_policy, migrations.RunPython.noop)]
