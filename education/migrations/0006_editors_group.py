from django.contrib.auth.management import create_permissions
from django.db import migrations

from education.editors import EDITORS, editors_group


def create_editors_group(apps, schema_editor):
    # On a new database the permissions are only made after all migrations; make them now.
    app_config = apps.get_app_config("education")
    app_config.models_module = True  # the migration state's app has none; the real app does
    create_permissions(app_config, apps=apps, verbosity=0)
    editors_group(apps)


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("education", "0005_editing"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
