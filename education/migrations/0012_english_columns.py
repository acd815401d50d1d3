"""The text already on a site becomes its English: each translated field's original column is
copied into its `_en` column (modeltranslation reads the language columns from now on), and its
Spanish is empty text (not NULL; a slug stays NULL, as it must be unique). And on PostgreSQL,
the unaccent extension, with which Spanish search ignores accents."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations
from django.db.models import F

COPIED = {
    "article": ["title", "slug", "summary"],
    "articlepage": ["title", "slug", "body", "body_html"],
    "exercise": ["name", "slug", "other_names", "summary", "feel_it", "not_feel_it", "frequency",
                 "when_to_stop", "when_to_stop_html", "week_1", "week_2", "week_3", "week_4"],
    "exercisestep": ["text"],
    "mistake": ["text"],
    "frame": ["caption", "alt"],
    "muscle": ["name", "everyday_name", "what_it_does"],
    "category": ["name"],
    "equipment": ["name"],
    "redflag": ["text"],
    "selftest": ["title", "slug", "summary", "intro", "intro_html", "safety_note",
                 "safety_note_html", "privacy_note", "privacy_note_html"],
    "step": ["title", "body", "body_html", "safety_note", "pose_alt"],
    "choice": ["label", "hint", "result_note"],
    "outcome": ["title", "body", "body_html"],
    "referralpage": ["title", "summary", "when_to_go", "when_to_go_html", "what_to_expect",
                     "what_to_expect_html", "pledge_intro", "pledge_intro_html",
                     "pledge_translation", "how_to_find", "how_to_find_html", "disclosure",
                     "disclosure_html"],
    "question": ["question", "answer", "answer_html"],
    "aboutpage": ["title", "summary", "body", "body_html"],
}  # fmt: skip


def copy_to_english(apps, schema_editor):
    for model_name, fields in COPIED.items():
        model = apps.get_model("education", model_name)
        model.objects.update(**{f"{field}_en": F(field) for field in fields})
        model.objects.update(**{f"{field}_es": "" for field in fields if field != "slug"})


class Migration(migrations.Migration):
    dependencies = [("education", "0011_spanish")]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(copy_to_english, migrations.RunPython.noop),
    ]
