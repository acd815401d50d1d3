"""Load the initial content from education/content/ into the database.

Idempotent: an object that already exists (found by its slug, DOI or URL) is left exactly as
editors made it; only missing ones are created, each with its parts (pages; steps, choices and
outcomes). The red flags are one list: loaded only while the list is empty. `--reset` overwrites
on purpose, after a confirmation, and records a revision so editors can revert it in the admin.
"""

import tomllib
from contextlib import contextmanager
from pathlib import Path

import reversion
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from education.models import (
    AboutPage,
    Article,
    ArticlePage,
    Category,
    Choice,
    Equipment,
    Exercise,
    ExerciseStep,
    Frame,
    Mistake,
    Muscle,
    Outcome,
    Question,
    RedFlag,
    Reference,
    ReferralPage,
    SelfTest,
    Step,
)

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"
FRONT_MATTER_FENCE = "+++"


def read_markdown_file(path: Path) -> tuple[dict, str]:
    """Split a file of `+++`-fenced TOML front matter and a markdown body."""
    text = path.read_text(encoding="utf-8")
    fence, front_matter, body = text.split(FRONT_MATTER_FENCE + "\n", 2)
    if fence:
        raise CommandError(f"{path} must start with a {FRONT_MATTER_FENCE} line")
    return tomllib.loads(front_matter), body.strip() + "\n"


@contextmanager
def revision():
    """One version per loaded piece of content, so that reverting one of them to the loaded
    version leaves everything else as it is."""
    with reversion.create_revision(atomic=False):
        reversion.set_comment("Loaded from education/content/")
        yield


class Command(BaseCommand):
    help = "Create the initial content that is missing; with --reset, overwrite it."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="Overwrite existing content with the files."
        )
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="Do not ask to confirm."
        )

    def handle(self, *args, reset=False, interactive=True, verbosity=1, **options):
        if reset and interactive and not self.confirm_reset():
            raise CommandError("Reset cancelled; nothing changed.")
        self.reset = reset
        self.created = 0
        with transaction.atomic():
            with revision():
                references = self.load_references()
            for article_dir in sorted((CONTENT_DIR / "articles").iterdir()):
                with revision():
                    self.load_article(article_dir, references)
            with revision():
                self.load_about()
            with revision():
                muscles = self.load_muscles()
            exercise_files = sorted((CONTENT_DIR / "exercises").glob("*.toml"))
            loaded = [self.load_exercise(path, muscles) for path in exercise_files]
            self.link_ladder([item for item in loaded if item])
            with revision():
                self.load_red_flags()
            for selftest_file in sorted((CONTENT_DIR / "selftests").glob("*.toml")):
                with revision():
                    self.load_selftest(selftest_file)
            with revision():
                self.load_referral()
        if verbosity:
            self.stdout.write(f"Content loaded: {self.created} objects created or reset.")

    def confirm_reset(self) -> bool:
        answer = input(
            "--reset overwrites the articles, references, About page, red flags, self-tests, "
            "muscles, exercises and the referral page "
            "with the files in "
            "education/content/, losing editors' changes (they stay in the admin history). "
            "Type 'yes' to continue: "
        )
        return answer.strip().lower() == "yes"

    def should_write(self, instance) -> bool:
        return instance._state.adding or self.reset

    def load_references(self) -> dict[str, Reference]:
        entries = tomllib.loads((CONTENT_DIR / "references.toml").read_text(encoding="utf-8"))
        references = {}
        for entry in entries["reference"]:
            lookup = {"doi": entry["doi"]} if entry["doi"] else {"url": entry["url"]}
            reference = Reference.objects.filter(**lookup).first() or Reference(**lookup)
            if self.should_write(reference):
                reference.citation, reference.doi, reference.url = (
                    entry["citation"], entry["doi"], entry["url"]
                )  # fmt: skip
                reference.save()
                self.created += 1
            references[entry["key"]] = reference
        return references

    def load_article(self, article_dir: Path, references: dict[str, Reference]) -> None:
        fields = tomllib.loads((article_dir / "article.toml").read_text(encoding="utf-8"))
        slug = fields.pop("slug")
        article = Article.objects.filter(slug=slug).first() or Article(slug=slug)
        if not self.should_write(article):
            return
        for name, value in fields.items():
            setattr(article, name, value)
        article.save()
        article.pages.all().delete()
        for order, page_file in enumerate(sorted(article_dir.glob("*.md")), start=1):
            front_matter, body = read_markdown_file(page_file)
            cited = [references[key] for key in front_matter.pop("references", [])]
            page = ArticlePage.objects.create(
                article=article, order=order, body=body, **front_matter
            )
            page.references.set(cited)
        self.created += 1

    def load_about(self) -> None:
        front_matter, body = read_markdown_file(CONTENT_DIR / "about.md")
        about = AboutPage.objects.order_by("pk").first() or AboutPage()
        if not self.should_write(about):
            return
        for name, value in {**front_matter, "body": body}.items():
            setattr(about, name, value)
        about.save()
        self.created += 1

    def load_referral(self) -> None:
        fields, _ = read_markdown_file(CONTENT_DIR / "referral.md")
        questions = fields.pop("faq")
        page = ReferralPage.objects.order_by("pk").first() or ReferralPage()
        if not self.should_write(page):
            return
        for name, value in fields.items():
            setattr(page, name, value)
        page.save()
        page.questions.all().delete()
        for order, question in enumerate(questions, start=1):
            Question.objects.create(page=page, order=order, **question)
        self.created += 1

    def load_red_flags(self) -> None:
        if RedFlag.objects.exists() and not self.reset:
            return
        RedFlag.objects.all().delete()
        entries = tomllib.loads((CONTENT_DIR / "red_flags.toml").read_text(encoding="utf-8"))
        for order, entry in enumerate(entries["red_flag"], start=1):
            RedFlag.objects.create(order=order, **entry)
        self.created += 1

    def load_selftest(self, path: Path) -> None:
        fields = tomllib.loads(path.read_text(encoding="utf-8"))
        steps, outcomes = fields.pop("step"), fields.pop("outcome")
        slug = fields.pop("slug")
        test = SelfTest.objects.filter(slug=slug).first() or SelfTest(slug=slug)
        if not self.should_write(test):
            return
        for name, value in fields.items():
            setattr(test, name, value)
        test.save()
        test.steps.all().delete()
        test.outcomes.all().delete()
        for order, step_fields in enumerate(steps, start=1):
            choices = step_fields.pop("choice", [])
            step = Step.objects.create(self_test=test, order=order, **step_fields)
            for choice_order, choice_fields in enumerate(choices, start=1):
                Choice.objects.create(step=step, order=choice_order, **choice_fields)
        for order, outcome_fields in enumerate(outcomes, start=1):
            exercises = outcome_fields.pop("exercises", [])
            outcome = Outcome.objects.create(self_test=test, order=order, **outcome_fields)
            outcome.exercises.set(Exercise.objects.filter(slug__in=exercises))
        self.created += 1

    def load_muscles(self) -> dict[str, Muscle]:
        entries = tomllib.loads((CONTENT_DIR / "muscles.toml").read_text(encoding="utf-8"))
        muscles = {}
        for entry in entries["muscle"]:
            region = entry["map_region"]
            muscle = Muscle.objects.filter(map_region=region).first() or Muscle(map_region=region)
            if self.should_write(muscle):
                for name, value in entry.items():
                    setattr(muscle, name, value)
                muscle.save()
                self.created += 1
            muscles[region] = muscle
        return muscles

    def load_exercise(self, path: Path, muscles: dict[str, Muscle]):
        """Create the exercise of one file with its steps, mistakes and frames.

        Returns the exercise and the slug of its easier version, linked once all are loaded.
        """
        fields = tomllib.loads(path.read_text(encoding="utf-8"))
        slug = fields.pop("slug")
        exercise = Exercise.objects.filter(slug=slug).first() or Exercise(slug=slug)
        if not self.should_write(exercise):
            return None
        category = fields.pop("category")
        exercise.category, _ = Category.objects.get_or_create(
            slug=category, defaults={"name": category.title()}
        )
        many = {name: fields.pop(name) for name in ("equipment", "primary_muscles",
                "secondary_muscles", "article_pages")}  # fmt: skip
        parts = {name: fields.pop(name) for name in ("steps", "mistakes", "frame")}
        easier = fields.pop("easier")
        fields["other_names"] = ", ".join(fields["other_names"])
        for name, value in fields.items():
            setattr(exercise, name, value)
        exercise.save()
        exercise.equipment.set(
            Equipment.objects.get_or_create(slug=item, defaults={"name": item.title()})[0]
            for item in many["equipment"]
            if item != "none"
        )
        exercise.primary_muscles.set(muscles[key] for key in many["primary_muscles"])
        exercise.secondary_muscles.set(muscles[key] for key in many["secondary_muscles"])
        exercise.article_pages.set(ArticlePage.objects.filter(slug__in=many["article_pages"]))
        for model in (ExerciseStep, Mistake, Frame):
            model.objects.filter(exercise=exercise).delete()
        for order, text in enumerate(parts["steps"], start=1):
            ExerciseStep.objects.create(exercise=exercise, order=order, text=text)
        for order, text in enumerate(parts["mistakes"], start=1):
            Mistake.objects.create(exercise=exercise, order=order, text=text)
        for order, frame in enumerate(parts["frame"], start=1):
            pose = {key: frame[key] for key in ("posture", "angles", "props") if key in frame}
            Frame.objects.create(
                exercise=exercise, order=order, caption=frame["caption"], alt=frame["alt"],
                pose=pose,
            )  # fmt: skip
        self.created += 1
        return exercise, easier

    def link_ladder(self, loaded) -> None:
        """Each exercise's first version, once its easier version exists to link to."""
        for exercise, easier in loaded:
            exercise.easier = Exercise.objects.filter(slug=easier).first() if easier else None
            with revision():
                exercise.save(update_fields=["easier"])
