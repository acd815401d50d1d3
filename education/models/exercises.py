"""The exercise library: exercises with ordered steps, mistakes and illustration frames, the
muscles they work, and the categories and equipment readers filter by."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property

from education import figures
from education.images import validate_image_upload
from education.models.articles import ArticlePage
from education.models.content import MARKDOWN_HELP, ORDER_HELP, RendersMarkdown, Reviewed
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


class ExerciseQuerySet(PublishedQuerySet):
    def for_cards(self):
        """Everything a result card shows, in a fixed number of queries."""
        return self.select_related("category").prefetch_related(
            "primary_muscles", "secondary_muscles", "equipment", "frames"
        )


class Exercise(Publishable, Reviewed, RendersMarkdown):
    class Difficulty(models.IntegerChoices):
        EASY = 1, "Easy"
        MODERATE = 2, "Moderate"
        HARDER = 3, "Harder"

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
        """The dose in plain words, e.g. "2 sets of 10 on each side, once a day"."""
        side = " on each side" if self.per_side else ""
        if self.reps:
            amount = f"{self.reps} repetitions" if self.sets <= 1 else f"{self.reps}"
        else:
            amount = f"hold for {self.hold_seconds} seconds"
        if self.sets > 1:
            amount = (
                f"{self.sets} sets of {amount}" if self.reps else f"{amount}, {self.sets} times"
            )
        return f"{amount[0].upper()}{amount[1:]}{side}, {self.frequency}"

    @cached_property
    def muscle_keys(self) -> tuple[list[str], list[str]]:
        return (
            [muscle.map_region for muscle in self.primary_muscles.all()],
            [muscle.map_region for muscle in self.secondary_muscles.all()],
        )

    def muscle_map(self) -> str:
        primary, secondary = self.muscle_keys
        return figures.render_muscle_map(
            primary=primary, secondary=secondary, id_prefix=f"map-{self.slug}"
        )

    @property
    def first_frame(self):
        frames = self.frames.all()
        return frames[0] if frames else None


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

    def svg(self, *, mirrored=False, copy="") -> str:
        """The drawn figure as inline SVG, with the exercise's muscles on it ("" for an image).

        `copy` names a second copy on the same page, so the SVGs' internal ids stay unique.
        """
        if not self.pose:
            return ""
        primary, secondary = self.exercise.muscle_keys
        return figures.render_figure(
            figures.parse_pose(self.pose),
            alt=self.alt,
            primary=primary,
            secondary=secondary,
            mirrored=mirrored,
            id_prefix=f"frame-{self.pk}{'-mirrored' if mirrored else ''}{copy}",
        )
