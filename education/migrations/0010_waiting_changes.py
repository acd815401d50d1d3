"""Waiting changes become data (WaitingChanges) instead of the posted form (PendingChanges).

Each stored form is saved once more through the admin form it came from, inside a transaction
that is rolled back, and what that saved is kept as waiting changes, exactly as the admin keeps
them now. A form that no longer validates is kept readable, as text, in the waiting changes'
note, which the change form shows. The raw uploads it kept (with their EXIF data) are deleted:
a picture that converts is stored again, re-encoded.

This uses the current models and admin, so it must run after every schema change before it;
once every deployment has migrated it can be squashed away.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def convert_pending_changes(apps, schema_editor):
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.storage import default_storage

    for pending in apps.get_model("education", "PendingChanges").objects.all():
        model = ContentType.objects.get_for_id(pending.content_type_id).model_class()
        obj = model._base_manager.filter(pk=pending.object_id).first()
        if obj is not None:  # else deleted since, with its waiting changes
            convert(obj, pending)
        for path in [upload["path"] for upload in pending.files.values()] + pending.preview_files:
            default_storage.delete(path)


def convert(obj, pending):
    from django.contrib import admin
    from django.contrib.auth import get_user_model
    from django.forms.formsets import all_valid
    from django.test import RequestFactory

    from education.admin.publishing import EDIT_TOKEN, edit_token, newest_version
    from education.models import WaitingChanges
    from education.models.publishing import rolled_back, serialised

    model_admin = admin.site.get_model_admin(type(obj))
    request = RequestFactory().post("/")
    request.user = get_user_model()(is_active=True, is_staff=True, is_superuser=True)
    data, files = posted(pending)
    data[EDIT_TOKEN] = edit_token(newest_version(obj, model_admin.parts_edited_elsewhere), None)
    form = model_admin.get_form(request, obj, change=True)(data, files, instance=obj)
    formsets = [
        formset(data, files, instance=obj, prefix=prefix, queryset=inline.get_queryset(request))
        for formset, inline in model_admin.get_formsets_with_inlines(request, obj)
        if f"{(prefix := formset.get_default_prefix())}-TOTAL_FORMS" in data
    ]
    saved_by = get_user_model().objects.filter(pk=pending.saved_by_id).first()
    with rolled_back():
        valid = form.is_valid() and all_valid(formsets)
        if valid:
            form.save()
            for each in formsets:
                each.save()
            saved = serialised(obj)
    if valid:
        WaitingChanges.keep(obj, saved, saved_by, based_on=pending.based_on)
        return
    errors = [str(form.errors), *(str(each.errors) for each in formsets if any(each.errors))]
    WaitingChanges.objects.create(
        content_object=obj,
        saved_by=saved_by,
        based_on=pending.based_on,
        note="These unpublished changes were saved by an earlier version of the site and "
        "could not be carried over, so the form shows the published version. What they said "
        "is below: copy what you need into the form, then save (or discard them).\n\n"
        + "\n".join(f"{name}: {values[0]}" for name, values in typed(pending))
        + "\n\nWhy they could not be carried over: " + " ".join(errors),
    )


def posted(pending):
    """The form as it was posted, with the uploads it kept."""
    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.http import QueryDict
    from django.utils.datastructures import MultiValueDict

    data, files = QueryDict(mutable=True), MultiValueDict()
    for name, values in pending.form_data.items():
        data.setlist(name, values)
    for name, upload in pending.files.items():
        if default_storage.exists(upload["path"]):
            with default_storage.open(upload["path"]) as stored:
                files[name] = SimpleUploadedFile(upload["name"], stored.read(), upload["type"])
    return data, files


def typed(pending):
    """The fields an editor typed words into (not ids, numbers or the form's bookkeeping)."""
    return [
        (name, values)
        for name, values in pending.form_data.items()
        if values and any(character.isalpha() for character in values[0])
        and not name.endswith(("-id", "TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"))
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("education", "0009_reader_tools"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="WaitingChanges",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("object_id", models.CharField(max_length=64)),
                ("versions", models.JSONField(default=list, help_text="Each part added or changed, serialised.")),
                ("changed", models.JSONField(default=dict, help_text='Fields changed in published parts: {"app.model:id": [...]}.')),
                ("deleted", models.JSONField(default=list, help_text='Parts deleted: ["app.model", id] each.')),
                ("based_on", models.PositiveBigIntegerField(default=0, help_text="The latest version of the object when the changes were saved.")),
                ("note", models.TextField(blank=True, help_text="Shown with the changes, e.g. text that could not be kept in them.")),
                ("saved_at", models.DateTimeField(auto_now=True)),
                ("content_type", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="contenttypes.contenttype")),
                ("saved_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={"verbose_name": "waiting changes", "verbose_name_plural": "waiting changes"},
        ),
        migrations.AddConstraint(
            model_name="waitingchanges",
            constraint=models.UniqueConstraint(fields=("content_type", "object_id"), name="one_set_of_waiting_changes_per_object"),
        ),
        migrations.RunPython(convert_pending_changes, migrations.RunPython.noop),
        migrations.DeleteModel(name="PendingChanges"),
    ]
