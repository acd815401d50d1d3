"""The "Editors" group: every content permission, and nothing over users, groups or logins.

One definition, used by the migration that first makes the group and by `create_editor`, which
puts it right again if an administrator has changed or deleted it.
"""

from django.apps import apps as installed_apps

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
RECORDS = {
    "selftesttally": ["view"],
    "oldaddress": ["view", "delete"],
    "feedback": ["view", "delete"],
}


def editors_group(apps=installed_apps):
    """The group, created if missing, with exactly the editors' permissions."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = {model: ["add", "change", "delete", "view"] for model in CONTENT_MODELS} | RECORDS
    codenames = [f"{action}_{model}" for model, actions in wanted.items() for action in actions]
    group, _ = Group.objects.get_or_create(name=EDITORS)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="education", codename__in=codenames)
    )
    return group
