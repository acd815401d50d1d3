import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from education.models import Article, ArticlePage, Reference

# Properties are tested for what they hold, not how fast: a slow example on a busy CI machine
# must not fail a run (speed is measured by `make bench`).
hypothesis_settings.register_profile("glutesite", deadline=None)
hypothesis_settings.load_profile("glutesite")


@pytest.fixture(scope="session", autouse=True)
def compiled_messages():
    """The interface's translations compiled (git keeps only the .po files), so that `pytest`
    alone works as `make test` does, which compiles them first."""
    for folder in settings.LOCALE_PATHS:
        for source in folder.glob("*/LC_MESSAGES/django.po"):
            compiled = source.with_suffix(".mo")
            if not compiled.exists() or compiled.stat().st_mtime < source.stat().st_mtime:
                call_command(
                    "compilemessages",
                    locale=[source.parent.parent.name],
                    ignore_patterns=[".venv"],
                    verbosity=0,
                )


@pytest.fixture
def make_article(db):
    """Build a small article: `pages` pages, each citing one reference."""

    def make(*, pages=3, slug="guide", status=Article.Status.PUBLISHED):
        article = Article.objects.create(
            title=f"Guide {slug}", slug=slug, summary="A short guide.", status=status
        )
        reference = Reference.objects.create(citation=f"Doe J. A study for {slug}.", doi="10.1/x")
        for number in range(1, pages + 1):
            page = ArticlePage.objects.create(
                article=article,
                order=number,
                title=f"Part {number} title",
                slug=f"part-{number}",
                body=f"## Section {number}\n\nText of part {number}.",
            )
            page.references.add(reference)
        return article

    return make


@pytest.fixture(autouse=True)
def empty_caches():
    """Each test starts with no cached pages (a test's database changes are rolled back, so
    the pages an earlier test cached would show content that no longer exists)."""
    for alias in ("default", "pages"):
        caches[alias].clear()


@pytest.fixture(autouse=True)
def english_by_default():
    """Each test starts in English, as a management command or a shell does. (A request to a
    Spanish page leaves Spanish active in the thread that served it: each request sets its own
    language, so the site is not affected, but a test's next ORM call would be.)"""
    with translation.override(settings.LANGUAGE_CODE):
        yield


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"


@pytest.fixture
def make_selftest(db):
    """A small self-test: two safety questions, a physical instruction and check, a habit."""
    from education.models import Choice, Outcome, RedFlag, SelfTest, Step

    def make(*, slug="check", status=SelfTest.Status.PUBLISHED):
        RedFlag.objects.get_or_create(level="emergency", text="chest pain")
        RedFlag.objects.get_or_create(level="urgent", text="a fever")
        test = SelfTest.objects.create(
            title=f"Check {slug}",
            slug=slug,
            summary="A short check.",
            intro="What it checks.",
            safety_note="Hold a rail.",
            privacy_note="We keep nothing.",
            status=status,
        )

        def step(order, title, kind="question", **fields):
            return Step.objects.create(
                self_test=test, order=order, title=title, kind=kind, **fields
            )

        def choices(of, *specs):
            for order, (label, score, flag, note) in enumerate(specs, start=1):
                Choice.objects.create(
                    step=of, order=order, label=label, score=score, flag=flag, result_note=note
                )

        choices(
            step(1, "Any emergency signs?", red_flag_level="emergency"),
            ("Yes", 0, "emergency", ""),
            ("No", 0, "none", ""),
        )
        choices(
            step(2, "Any urgent signs?", red_flag_level="urgent"),
            ("Yes", 0, "urgent", "See a doctor today."),
            ("No", 0, "none", ""),
        )
        step(3, "Get ready", kind="instruction", skip_if_flagged=True, safety_note="Hold on.")
        choices(
            step(4, "How many squeezes?", skip_if_flagged=True),
            ("One", 0, "none", ""),
            ("Several", 2, "none", "Try the activation exercises."),
            ("It hurt", 0, "pain", ""),
        )
        choices(
            step(5, "How long do you sit?"),
            ("Short", 0, "none", ""),
            ("Long", 1, "none", "March in place every hour."),
        )
        for order, (title, flag, low, high) in enumerate(
            [("All fine", "none", 0, 1), ("Under-active", "none", 2, 3),
             ("A check hurt", "pain", 0, 0), ("See a doctor soon", "urgent", 0, 0),
             ("Get help now", "emergency", 0, 0)],
            start=1,
        ):  # fmt: skip
            Outcome.objects.create(
                self_test=test, order=order, title=title, flag=flag, min_score=low,
                max_score=high, body=f"About {title}.", show_referral=title == "Under-active",
            )  # fmt: skip
        return test

    return make


@pytest.fixture
def make_exercise(db):
    """An exercise with two drawn frames, steps and a mistake; muscles made as needed."""
    from education.models import Category, Equipment, Exercise, Frame, Muscle

    def muscle(region):
        return Muscle.objects.get_or_create(
            map_region=region,
            defaults={"name": region.title(), "everyday_name": "here", "what_it_does": "moves"},
        )[0]

    def make(slug="bridge", *, category="strength", difficulty=1, equipment=(), primary=(
        "gluteus-maximus",), secondary=("hamstrings",), status=Exercise.Status.PUBLISHED,
        per_side=False):  # fmt: skip
        exercise = Exercise.objects.create(
            name=slug.replace("-", " ").title(),
            slug=slug,
            other_names="Hip lift",
            summary="A short summary.",
            category=Category.objects.get_or_create(slug=category, defaults={"name": category})[0],
            difficulty=difficulty,
            feel_it="In your buttocks.",
            not_feel_it="Not in your low back.",
            sets=2,
            reps=10,
            per_side=per_side,
            frequency="once a day",
            when_to_stop="Stop if it **hurts**.",
            status=status,
        )
        exercise.equipment.set(
            Equipment.objects.get_or_create(slug=item, defaults={"name": item.title()})[0]
            for item in equipment
        )
        exercise.primary_muscles.set(muscle(region) for region in primary)
        exercise.secondary_muscles.set(muscle(region) for region in secondary)
        exercise.steps.create(order=1, text="Lie on your back.")
        exercise.steps.create(order=2, text="Lift your hips.")
        exercise.mistakes.create(order=1, text="Arching your back: squeeze first.")
        for order, caption in enumerate(["Start", "End"], start=1):
            Frame.objects.create(
                exercise=exercise, order=order, caption=caption, alt=f"{caption} position",
                pose={"posture": "standing", "angles": {}, "props": []},
            )  # fmt: skip
        return exercise

    return make
