"""A reference's citation gets a Spanish column, for citations with words of ours (papers are
cited as published): the citation on a site becomes its English, and its Spanish is empty.
References are listed by their English citation, in the same order in both languages."""

from django.db import migrations, models
from django.db.models import F


def copy_to_english(apps, schema_editor):
    apps.get_model("education", "reference").objects.update(citation_en=F("citation"), citation_es="")


class Migration(migrations.Migration):
    dependencies = [("education", "0012_english_columns")]

    operations = [
        migrations.AddField(
            model_name="reference",
            name="citation_en",
            field=models.TextField(help_text="The full citation, e.g. in Vancouver style.", null=True),
        ),
        migrations.AddField(
            model_name="reference",
            name="citation_es",
            field=models.TextField(help_text="The full citation, e.g. in Vancouver style.", null=True),
        ),
        migrations.RunPython(copy_to_english, migrations.RunPython.noop),
        migrations.AlterModelOptions(name="reference", options={"ordering": ["citation_en"]}),
    ]
