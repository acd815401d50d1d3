"""Content loaded before load_content kept a record: a database that has content was loaded
from the release of 2026-11-25, so those pieces are recorded as loaded. Then one that an editor
has deleted or renamed since is not made again by the next load_content."""

from django.db import migrations

RELEASE_2026_11_25 = {
    "reference": [
        "cooper-2016", "sadler-2019", "sadler-2017", "marshall-2011", "de-jesus-2020",
        "verhagen-2016", "nice-ng59",
    ],
    "article": ["glute-weakness-and-low-back-pain"],
    "page": [
        f"glute-weakness-and-low-back-pain/{slug}"
        for slug in (
            "when-back-pain-starts-somewhere-else", "meet-your-glutes",
            "gluteal-amnesia-and-dead-butt-syndrome", "a-simple-check-you-can-try",
            "waking-up-your-glutes", "when-to-see-a-doctor-of-chiropractic",
        )
    ],
    "muscle": [
        "gluteus-maximus", "gluteus-medius", "gluteus-minimus", "tensor-fasciae-latae",
        "hamstrings", "hip-flexors", "adductors", "quadriceps", "core", "calves",
    ],
    "exercise": [
        "clamshell", "glute-bridge", "glute-taps", "hamstring-stretch", "hip-circles",
        "hip-thrust", "marching-in-place", "side-plank", "single-leg-glute-bridge",
        "split-squat", "squat",
    ],
    "red-flag": [
        "saddle-numbness", "bladder-bowel", "both-legs", "chest-pain", "serious-fall", "fever",
        "weight-loss", "cancer", "night-pain", "lump", "osteoporosis-steroids",
    ],
    "selftest": ["glute-activation-check"],
}


def record_release(apps, schema_editor):
    if not apps.get_model("education", "Article").objects.exists():
        return  # a new database: load_content records what it creates
    keys = [f"{kind}:{name}" for kind, names in RELEASE_2026_11_25.items() for name in names]
    keys += ["about", "referral"]
    LoadedContent = apps.get_model("education", "LoadedContent")
    LoadedContent.objects.bulk_create(
        [LoadedContent(key=key) for key in keys], ignore_conflicts=True
    )


class Migration(migrations.Migration):
    dependencies = [("education", "0007_content_safety")]

    operations = [migrations.RunPython(record_release, migrations.RunPython.noop)]
