import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def convert_pending_changes(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("education", "0006_editors_group"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="WaitingChanges",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("object_id", models.CharField(max_length=64)),
                ("versions", models.JSONField(default=list, help_text="Each part the changes add or change, serialised as a version.")),
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
