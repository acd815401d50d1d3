"""The "Editors" group: every content permission, and nothing over users, groups or logins."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
CONTENT_MODELS = [
    "aboutpage",
    "article",
    "articlepage",
    "category",
    "choice",
    "equipment",
    "exercise",
    "exercisestep",
    "frame",
    "mistake",
    "muscle",
    "outcome",
    "question",
    "redflag",
    "reference",
    "referralpage",
    "selftest",
    "step",
]
# Made by readers' visits or by the site itself: editors may look, and remove a stale redirect.
RECORDS = {"selftesttally": ["view"], "oldaddress": ["view", "delete"]}


def create_editors_group(apps, schema_editor):
    # On a new database the permissions are only made after all migrations; make them now.
    app_config = apps.get_app_config("education")
    app_config.models_module = True  # the migration state's app has none; the real app does
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = {model: ["add", "change", "delete", "view"] for model in CONTENT_MODELS} | RECORDS
    codenames = [f"{action}_{model}" for model, actions in wanted.items() for action in actions]
    permissions = Permission.objects.filter(
        content_type__app_label="education", codename__in=codenames
    )
    group, _ = Group.objects.get_or_create(name=EDITORS)
    group.permissions.set(permissions)


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("education", "0005_editing"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
