"""Remove what nothing uses any more: waiting changes whose object is gone, and stored uploads
that no row, no waiting changes and no version in the history refers to.

`make run` runs it at each start. Deleting an object deletes its waiting changes and their new
pictures already; this finds what an interrupted request or an older version of the site left.
"""

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import models
from reversion.models import Version

from education.models import WaitingChanges

LEFT_BY_EARLIER_VERSIONS = ["pending"]  # the stored forms' uploads, before waiting changes


class Command(BaseCommand):
    help = "Remove waiting changes of deleted objects, and uploads nothing refers to."

    def handle(self, *args, **options):
        gone = [changes for changes in WaitingChanges.objects.all() if not changes.content_object]
        for changes in gone:
            changes.delete()
        unused = uploads() - used_uploads()
        for name in unused:
            default_storage.delete(name)
        self.stdout.write(
            f"Removed {len(gone)} waiting changes of deleted objects, {len(unused)} unused uploads."
            if gone or unused
            else "No orphaned waiting changes or uploads."
        )


def file_fields() -> list[tuple[type[models.Model], models.FileField]]:
    return [
        (model, field)
        for model in apps.get_app_config("education").get_models()
        for field in model._meta.fields
        if isinstance(field, models.FileField)
    ]


def uploads() -> set[str]:
    folders = {field.upload_to for _, field in file_fields()} | set(LEFT_BY_EARLIER_VERSIONS)
    return {
        f"{folder.rstrip('/')}/{name}"
        for folder in folders
        if default_storage.exists(folder)
        for name in default_storage.listdir(folder)[1]
    }


def used_uploads() -> set[str]:
    used = {name for changes in WaitingChanges.objects.all() for *_, name in changes.files()}
    for model, field in file_fields():
        rows = model._base_manager.exclude(**{field.name: ""})
        used |= set(rows.values_list(field.name, flat=True))
        for version in Version.objects.get_for_model(model).iterator():
            used.add(str(version.field_dict[field.name] or ""))  # a restore may bring it back
    return used
