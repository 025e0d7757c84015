from django.db import migrations


def create_groups(apps, schema_editor):
    from testimony.staff_groups import apply_policy

    apply_policy(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("testimony", "0001_initial"),
        ("catalog", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("pghistory", "0007_auto_20250421_0444"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
