"""The exercise library: exercises with ordered steps, mistakes and illustration frames, the
muscles they work, and the categories and equipment readers filter by."""

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy, ngettext

from education import figures
from education.images import validate_image_upload
from education.models.articles import ArticlePage
from education.models.content import MARKDOWN_HELP, ORDER_HELP, RendersMarkdown, Reviewed
from education.models.languages import Translated, values_in_language
from education.models.publishing import Publishable, PublishedQuerySet


class Category(models.Model):
    name = models.CharField(max_length=60)
    slug = models.SlugField(max_length=60, unique=True)
    order = models.PositiveIntegerField(default=0, help_text=ORDER_HELP)

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name


class Equipment(models.Model):
    name = models.CharField(max_length=60)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "equipment"

    def __str__(self):
        return self.name


class Muscle(models.Model):
    name = models.CharField(max_length=80, help_text="e.g. Gluteus medius")
    everyday_name = models.CharField(max_length=120, help_text="e.g. the side of your hip")
    what_it_does = models.TextField()
    map_region = models.CharField(
        max_length=40,
        unique=True,
        choices=list(figures.MUSCLES.items()),
        help_text="Where the muscle is drawn on the figures and the muscle map.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


def text(value: str = "") -> models.Value:
    return models.Value(value, output_field=models.CharField())


def number(value: int = 0) -> models.Value:
    return models.Value(value, output_field=models.IntegerField())


class ExerciseQuerySet(PublishedQuerySet):
    def for_cards(self) -> list["Exercise"]:
        """The exercises with everything a result card shows (its category, first frame,
        muscles and whether it needs equipment), in three queries however many there are."""
        equipment = Exercise.equipment.through.objects.filter(exercise=models.OuterRef("pk"))
        exercises = list(
            self.select_related("category")
            .annotate(needs_equipment=models.Exists(equipment))
            .prefetch_related("frames")
        )
        keys = muscle_keys_of([exercise.pk for exercise in exercises])
        for exercise in exercises:
            exercise.muscle_keys = keys.get(exercise.pk, ([], []))
        return exercises


class Exercise(Publishable, Reviewed, RendersMarkdown, Translated):
    class Difficulty(models.IntegerChoices):
        # Readers see these (on the cards and in the filters), so they are translated.
        EASY = 1, gettext_lazy("Easy")
        MODERATE = 2, gettext_lazy("Moderate")
        HARDER = 3, gettext_lazy("Harder")

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=100, unique=True)
    other_names = models.CharField(
        max_length=300, blank=True, help_text="Other names readers may search for, comma-separated."
    )
    summary = models.TextField()
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="exercises")
    difficulty = models.PositiveSmallIntegerField(choices=Difficulty, default=Difficulty.EASY)
    equipment = models.ManyToManyField(
        Equipment, blank=True, help_text="Leave empty when no equipment is needed."
    )
    primary_muscles = models.ManyToManyField(Muscle, related_name="primary_for")
    secondary_muscles = models.ManyToManyField(Muscle, blank=True, related_name="secondary_for")
    feel_it = models.CharField("where you should feel it", max_length=300)
    not_feel_it = models.CharField("where you should not feel it", max_length=300)
    sets = models.PositiveSmallIntegerField(default=0, help_text="0 when not done in sets.")
    reps = models.PositiveSmallIntegerField(default=0, help_text="0 when the dose is a hold.")
    hold_seconds = models.PositiveSmallIntegerField(default=0)
    per_side = models.BooleanField(default=False)
    frequency = models.CharField(max_length=120, help_text="e.g. once a day")
    when_to_stop = models.TextField(help_text=MARKDOWN_HELP)
    when_to_stop_html = models.TextField(editable=False, default="")
    links_reminders = models.BooleanField(
        "offer stand-up reminders",
        default=False,
        help_text="Link its page to the stand-up reminders (for habits of a day spent sitting).",
    )
    week_1 = models.CharField(
        "week 1 of a home plan",
        max_length=120,
        blank=True,
        help_text="The dose in each week of a reader's 4-week plan, starting easy, e.g. "
        "“1 set of 8”. Leave a week empty to use the dose above.",
    )
    week_2 = models.CharField("week 2", max_length=120, blank=True)
    week_3 = models.CharField("week 3", max_length=120, blank=True)
    week_4 = models.CharField("week 4", max_length=120, blank=True)
    easier = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="harder_versions",
        help_text="The easier version, one step down the ladder.",
    )
    article_pages = models.ManyToManyField(ArticlePage, blank=True, related_name="exercises")

    order = models.PositiveIntegerField(
        default=0,
        help_text="The library lists exercises from the lowest number up; those with the same "
        "number go from easiest to hardest, then by name.",
    )

    markdown_fields = {"when_to_stop": "when_to_stop_html"}
    objects = ExerciseQuerySet.as_manager()

    class Meta:
        ordering = ["order", "difficulty", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("education:exercise-detail", args=[self.slug])

    def clean(self):
        if not self.reps and not self.hold_seconds:
            raise ValidationError("Give the dose as repetitions or as a hold in seconds.")
        if self.easier_id and self.easier_id == self.pk:
            raise ValidationError({"easier": "An exercise cannot be its own easier version."})

    @property
    def dose(self) -> str:
        """The dose in plain words, e.g. "2 sets of 10 on each side, once a day"; a hold at
        the top of each repetition is said too ("holding each for 2 seconds")."""
        numbers = {"sets": self.sets, "reps": self.reps, "seconds": self.hold_seconds}
        if self.reps and self.sets > 1:
            amount = gettext("%(sets)d sets of %(reps)d") % numbers
        elif self.reps:
            amount = ngettext("%(reps)d repetition", "%(reps)d repetitions", self.reps) % numbers
        elif self.sets > 1:
            amount = (
                ngettext(
                    "Hold for %(seconds)d second, %(sets)d times",
                    "Hold for %(seconds)d seconds, %(sets)d times",
                    self.hold_seconds,
                )
                % numbers
            )
        else:
            amount = (
                ngettext(
                    "Hold for %(seconds)d second", "Hold for %(seconds)d seconds", self.hold_seconds
                )
                % numbers
            )
        if self.per_side:
            # Translators: a dose (e.g. "2 sets of 10") done on each side of the body.
            amount = gettext("%(amount)s on each side") % {"amount": amount}
        if self.reps and self.hold_seconds:
            # Translators: a hold at the top of each repetition of a dose.
            amount = ngettext(
                "%(amount)s, holding each for %(seconds)d second",
                "%(amount)s, holding each for %(seconds)d seconds",
                self.hold_seconds,
            ) % {"amount": amount, "seconds": self.hold_seconds}
        # Translators: a dose, then how often (an editor's words, e.g. "once a day").
        dose = gettext("%(amount)s, %(frequency)s") % {
            "amount": amount,
            "frequency": self.frequency,
        }
        return capfirst(dose)

    def translation_parts(self):
        return [self, *self.steps.all(), *self.mistakes.all(), *self.frames.all()]

    def plan_weeks(self) -> list[str]:
        """The dose for each week of a 4-week home plan."""
        return [week or self.dose for week in (self.week_1, self.week_2, self.week_3, self.week_4)]

    @cached_property
    def muscle_keys(self) -> tuple[list[str], list[str]]:
        """Where its primary and secondary muscles are drawn (for a card or a page, they are
        read with the rest: see `ExerciseQuerySet.for_cards` and `details`)."""
        return (
            [muscle.map_region for muscle in self.primary_muscles.all()],
            [muscle.map_region for muscle in self.secondary_muscles.all()],
        )

    def details(self) -> "Details":
        """What its page lists besides the frames, in one query: a union of one row for each
        step, mistake, muscle, piece of equipment, harder version and page of the guide, each
        as (kind, order, then up to four texts)."""
        linked = {name: getattr(Exercise, name).through.objects.filter(exercise=self)
                  for name in ("primary_muscles", "secondary_muscles", "equipment",
                               "article_pages")}  # fmt: skip
        guide_pages = linked["article_pages"].filter(articlepage__article__status="published")
        branches = {
            "steps": (self.steps.all(), "order", ["text"]),
            "mistakes": (self.mistakes.all(), "order", ["text"]),
            "primary_muscles": (linked["primary_muscles"], number(), MUSCLE_TEXTS),
            "secondary_muscles": (linked["secondary_muscles"], number(), MUSCLE_TEXTS),
            "equipment": (linked["equipment"], number(), ["equipment__name"]),
            "harder_versions": (self.harder_versions.published(), "order", ["name", "slug"]),
            "article_pages": (guide_pages, "articlepage__order", PAGE_TEXTS),
        }
        first, *others = (
            values_in_language(
                queryset.order_by(), text(kind), order, *texts, *[text()] * (4 - len(texts))
            )
            for kind, (queryset, order, texts) in branches.items()
        )
        rows = defaultdict(list)
        for kind, _, *texts in sorted(first.union(*others, all=True), key=lambda row: row[1:]):
            rows[kind].append(texts)
        details = Details.from_rows(rows)
        self.muscle_keys = details.muscle_keys
        return details

    def muscle_map(self) -> str:
        primary, secondary = self.muscle_keys
        return figures.render_muscle_map(
            primary=primary, secondary=secondary, id_prefix=f"map-{self.slug}"
        )

    @property
    def first_frame(self):
        frames = self.frames.all()
        return frames[0] if frames else None

    def pictures(self) -> "Pictures":
        """Every frame's picture for the exercise's page. The drawn frames are laid out
        together (one crop, so they share a scale; an arrow for each movement), drawn again
        for the animation, and the start mirrored for the other side when each side is done
        in turn and the frames do not already show both."""
        frames = list(self.frames.all())
        drawn = [frame for frame in frames if frame.pose]
        if not drawn:
            return Pictures([(frame, "") for frame in frames], "", [])
        poses = [figures.parse_pose(frame.pose) for frame in drawn]
        primary, secondary = self.muscle_keys
        layout = figures.draw_frames(poses, primary=primary, secondary=secondary)

        def svg(frame, copy="", **options):
            number = drawn.index(frame)
            return layout.svg(number, alt=frame.alt, id_prefix=f"frame-{frame.pk}{copy}", **options)

        other_side = ""
        if self.per_side and not figures.shows_both_sides(poses):
            other_side = svg(drawn[0], "-mirrored", mirrored=True)
        return Pictures(
            [(frame, svg(frame) if frame.pose else "") for frame in frames],
            other_side,
            [svg(frame, "-motion") for frame in drawn[:MOTION_FRAMES]],
        )


class ExerciseStep(models.Model):
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveIntegerField(default=0, help_text=ORDER_HELP)
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text


class Mistake(models.Model):
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="mistakes")
    order = models.PositiveIntegerField(default=0, help_text=ORDER_HELP)
    text = models.CharField(max_length=300, help_text="The mistake and its fix in one sentence.")

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text


class FrameQuerySet(models.QuerySet):
    def shown_to_readers(self):
        return self.filter(exercise__status=Publishable.Status.PUBLISHED)


class Frame(models.Model):
    """One illustration of an exercise: drawn from a pose, or an uploaded image."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="frames")
    order = models.PositiveIntegerField(default=0, help_text=ORDER_HELP)
    caption = models.CharField(max_length=200, help_text="e.g. Start: lie on your back.")
    alt = models.CharField(
        "alt text",
        max_length=300,
        help_text="What the picture shows, for people who cannot see it. Required.",
    )
    pose = models.JSONField(
        null=True,
        blank=True,
        help_text='A drawn figure, e.g. {"posture": "lying-back", "angles": {"hip_left": 60}, '
        '"props": ["floor"]}. Leave empty to upload an image instead.',
    )
    image = models.ImageField(
        upload_to="frames/",
        blank=True,
        validators=[validate_image_upload],
        help_text="PNG, JPEG or WebP; re-encoded and stripped of metadata on upload.",
    )
    credit = models.CharField(max_length=200, blank=True, help_text="Who made the image.")
    licence = models.CharField(max_length=200, blank=True, help_text="e.g. CC BY 4.0")

    objects = FrameQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.caption

    def clean(self):
        if bool(self.pose) == bool(self.image):
            raise ValidationError("Give each frame either a pose or an uploaded image, not both.")
        if self.pose:
            try:
                figures.parse_pose(self.pose)
            except figures.PoseError as error:
                raise ValidationError({"pose": str(error)}) from error
        if self.image and not (self.credit and self.licence):
            raise ValidationError("Give the image's credit and licence.")

    def svg(self) -> str:
        """The drawn figure alone, cropped to itself, with the exercise's muscles on it (the
        exercise list's cards); "" for an uploaded image. The exercise's page lays its frames
        out together instead: see Exercise.pictures()."""
        if not self.pose:
            return ""
        primary, secondary = self.exercise.muscle_keys
        return figures.render_figure(
            figures.parse_pose(self.pose),
            alt=self.alt,
            primary=primary,
            secondary=secondary,
            id_prefix=f"frame-{self.pk}",
        )


MOTION_FRAMES = 8  # the stylesheet animates up to this many frames


def muscle_keys_of(exercise_ids: list[int]) -> dict[int, tuple[list[str], list[str]]]:
    """Each exercise's primary and secondary muscle keys, in one query for them all."""
    first, second = (
        getattr(Exercise, name)
        .through.objects.filter(exercise_id__in=exercise_ids)
        .order_by()
        .values_list("exercise_id", number(role), "muscle__map_region")
        for role, name in enumerate(("primary_muscles", "secondary_muscles"))
    )
    keys = {}
    for exercise_id, role, key in sorted(first.union(second, all=True)):
        keys.setdefault(exercise_id, ([], []))[role].append(key)
    return keys


MUSCLE_FIELDS = ("name", "everyday_name", "what_it_does", "map_region")
MUSCLE_TEXTS = [f"muscle__{name}" for name in MUSCLE_FIELDS]
PAGE_TEXTS = ["articlepage__title", "articlepage__slug", "articlepage__article__slug",
              "articlepage__article__title"]  # fmt: skip


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    part_of: str = ""


@dataclass
class Details:
    """What an exercise's page lists besides its frames (see Exercise.details)."""

    steps: list[str]
    mistakes: list[str]
    primary_muscles: list[Muscle]
    secondary_muscles: list[Muscle]
    equipment: list[str]
    harder_versions: list[Link]
    article_pages: list[Link]

    @classmethod
    def from_rows(cls, rows: dict[str, list[list[str]]]) -> "Details":
        def muscles(kind):
            return [Muscle(**dict(zip(MUSCLE_FIELDS, texts, strict=True))) for texts in rows[kind]]

        return cls(
            steps=[texts[0] for texts in rows["steps"]],
            mistakes=[texts[0] for texts in rows["mistakes"]],
            primary_muscles=muscles("primary_muscles"),
            secondary_muscles=muscles("secondary_muscles"),
            equipment=[texts[0] for texts in rows["equipment"]],
            harder_versions=[
                Link(name, reverse("education:exercise-detail", args=[slug]))
                for name, slug, *_ in rows["harder_versions"]
            ],
            article_pages=[
                Link(title, reverse("education:article-page", args=[article, slug]), part_of)
                for title, slug, article, part_of in rows["article_pages"]
            ],
        )

    @property
    def muscle_keys(self) -> tuple[list[str], list[str]]:
        return (
            [muscle.map_region for muscle in self.primary_muscles],
            [muscle.map_region for muscle in self.secondary_muscles],
        )


@dataclass(frozen=True)
class Pictures:
    frames: list[tuple[Frame, str]]  # each frame, with its drawing ("" for an uploaded image)
    other_side: str  # the start, mirrored ("" when not needed)
    motion: list[str]  # the drawn frames again, in order, for the animation
