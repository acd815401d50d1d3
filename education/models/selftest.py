"""The self-test: ordered steps with choices, outcomes chosen by score and red flags, anonymous
counts, and the one list of red flags the site shows wherever it warns readers."""

import reversion
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from education import figures
from education import selftest_engine as engine
from education.models.content import MARKDOWN_HELP, ORDER_HELP, RendersMarkdown, Reviewed
from education.models.languages import Translated
from education.models.publishing import Publishable, PublishedQuerySet
from education.selftest_engine import ChoiceSpec, Flag, OutcomeSpec, StepSpec

FLAG_CHOICES = [
    (Flag.NONE.value, "None"),
    (Flag.PAIN.value, "Pain: a check hurt; stop the checks, never reassure"),
    (Flag.URGENT.value, "Urgent: see a doctor soon"),
    (Flag.EMERGENCY.value, "Emergency: stop and get help now"),
]
WARNING_LEVELS = [
    (Flag.EMERGENCY.value, "Emergency: call 911 or go to an emergency department"),
    (Flag.URGENT.value, "Urgent: see a doctor soon, the same day if possible"),
]


class RedFlagQuerySet(models.QuerySet):
    def by_level(self) -> dict[str, list["RedFlag"]]:
        """Every flag, grouped by level (in one query), in the list's order."""
        levels = {level: [] for level in RedFlag.Level.values}
        for flag in self:
            levels[flag.level].append(flag)
        return levels


class RedFlag(models.Model):
    """A symptom that needs medical care rather than a self-test, or a reason to ask a
    professional before exercising (a caution); editors keep one list, shown wherever the site
    warns readers."""

    class Level(models.TextChoices):
        EMERGENCY = Flag.EMERGENCY.value, WARNING_LEVELS[0][1]
        URGENT = Flag.URGENT.value, WARNING_LEVELS[1][1]
        CAUTION = "caution", "Caution: ask a professional before starting exercises"

    level = models.CharField(max_length=10, choices=Level)
    text = models.CharField(
        max_length=200, help_text="In plain words, e.g. 'chest pain'. Shown in lists."
    )
    order = models.PositiveIntegerField(default=0, help_text=ORDER_HELP)

    objects = RedFlagQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text


class SelfTestQuerySet(PublishedQuerySet):
    def visible_to(self, user):
        """Readers see published tests; editors may also try drafts before publishing."""
        return self.all() if user.is_staff else self.published()

    def with_step_count(self):
        """For the start page, which says how many steps there are and shows none."""
        return self.annotate(step_count=models.Count("steps"))

    def with_steps(self):
        steps = Step.objects.prefetch_related("choices")
        return self.prefetch_related(
            models.Prefetch("steps", queryset=steps, to_attr="ordered_steps"),
            "outcomes",
        )


class SelfTest(Publishable, Reviewed, RendersMarkdown, Translated):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.TextField(help_text="One or two sentences: what the test checks.")
    minutes = models.PositiveSmallIntegerField(default=5, help_text="About how long it takes.")
    intro = models.TextField(help_text=MARKDOWN_HELP)
    intro_html = models.TextField(editable=False, default="")
    safety_note = models.TextField(help_text=MARKDOWN_HELP)
    safety_note_html = models.TextField(editable=False, default="")
    privacy_note = models.TextField(help_text=MARKDOWN_HELP)
    privacy_note_html = models.TextField(editable=False, default="")

    markdown_fields = {
        "intro": "intro_html",
        "safety_note": "safety_note_html",
        "privacy_note": "privacy_note_html",
    }
    objects = SelfTestQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = "self-test"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("education:selftest-start", args=[self.slug])

    def translation_parts(self):
        steps = self.steps.prefetch_related("choices")
        choices = [choice for step in steps for choice in step.choices.all()]
        return [self, *steps, *choices, *self.outcomes.all()]

    def numbered_steps(self) -> dict[int, "Step"]:
        """Steps by their number in the flow (1, 2, 3…), whatever order values editors used."""
        steps = getattr(self, "ordered_steps", None) or self.steps.all()
        return {number: step for number, step in enumerate(steps, start=1)}

    def step_specs(self) -> list[StepSpec]:
        return [step.spec(number) for number, step in self.numbered_steps().items()]

    def outcome_specs(self) -> list[OutcomeSpec]:
        return [outcome.spec() for outcome in self.outcomes.prefetch_related("exercises")]


@reversion.register(follow=["choices"])  # a test's revision holds every step and its choices
class Step(RendersMarkdown):
    class Kind(models.TextChoices):
        INSTRUCTION = "instruction", "Instruction: something to do, then Continue"
        QUESTION = "question", "Question: choose one answer"

    self_test = models.ForeignKey(SelfTest, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveIntegerField(default=0, help_text=ORDER_HELP)
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.QUESTION)
    title = models.CharField(
        max_length=200, help_text="The question, or what to do: the page's main heading."
    )
    body = models.TextField(blank=True, help_text="Instructions or a hint. " + MARKDOWN_HELP)
    body_html = models.TextField(editable=False, default="")
    safety_note = models.CharField(max_length=300, blank=True)
    red_flag_level = models.CharField(
        max_length=10,
        choices=WARNING_LEVELS,
        blank=True,
        help_text="List the red flags of this level on the step (for the safety questions).",
    )
    skip_if_flagged = models.BooleanField(
        default=False,
        help_text="Leave this step out once an answer has raised a red flag (physical checks).",
    )
    pose = models.JSONField(
        "illustration pose",
        null=True,
        blank=True,
        help_text="Optional drawing of what to do, as for exercise frames. Leave empty for none.",
    )
    pose_alt = models.CharField(
        "illustration alt text", max_length=300, blank=True, help_text="Required with a drawing."
    )
    # A step of a published test has waiting changes of its own (edited on its own page).
    waiting_changes = GenericRelation("education.WaitingChanges")

    markdown_fields = {"body": "body_html"}

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    def clean(self):
        if self.pose:
            try:
                figures.parse_pose(self.pose)
            except figures.PoseError as error:
                raise ValidationError({"pose": str(error)}) from error
            if not self.pose_alt:
                raise ValidationError(
                    {"pose_alt": "Describe the drawing for people who cannot see it."}
                )

    def illustration(self) -> str:
        if not self.pose:
            return ""
        return figures.render_figure(
            figures.parse_pose(self.pose), alt=self.pose_alt, id_prefix=f"step-{self.pk}"
        )

    def spec(self, number: int) -> StepSpec:
        # A step not saved yet (added on the test's page) has no choices so far.
        choices = tuple(choice.spec() for choice in self.choices.all()) if self.pk else ()
        if not self.is_question:
            return StepSpec(number, (), self.skip_if_flagged)
        return StepSpec(number, choices, self.skip_if_flagged, question=True)

    @property
    def is_question(self) -> bool:
        return self.kind == self.Kind.QUESTION


@reversion.register()
class Choice(models.Model):
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveIntegerField(default=0, help_text=ORDER_HELP)
    label = models.CharField(max_length=200)
    hint = models.CharField(max_length=300, blank=True)
    score = models.IntegerField(default=0)
    flag = models.CharField(max_length=10, choices=FLAG_CHOICES, default=Flag.NONE.value)
    result_note = models.TextField(
        blank=True, help_text="Advice shown on the result when this answer was chosen (plain text)."
    )
    links_reminders = models.BooleanField(
        "offer stand-up reminders",
        default=False,
        help_text="With its advice, offer the stand-up reminders (for answers about sitting).",
    )

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label

    def spec(self) -> ChoiceSpec:
        return ChoiceSpec(
            self.pk, self.score, Flag(self.flag), self.label, has_advice=bool(self.result_note)
        )


class Outcome(RendersMarkdown):
    self_test = models.ForeignKey(SelfTest, on_delete=models.CASCADE, related_name="outcomes")
    order = models.PositiveIntegerField(default=0, help_text=ORDER_HELP)
    title = models.CharField(max_length=200)
    flag = models.CharField(
        max_length=10,
        choices=FLAG_CHOICES,
        default=Flag.NONE.value,
        help_text="Emergency, urgent and pain outcomes are chosen whenever an answer raises that "
        "flag (the strongest wins); the others by total score. Only score outcomes may suggest "
        "exercises or a chiropractic visit.",
    )
    min_score = models.IntegerField(default=0)
    max_score = models.IntegerField(default=0)
    body = models.TextField(help_text="What this means and what to do next. " + MARKDOWN_HELP)
    body_html = models.TextField(editable=False, default="")
    show_referral = models.BooleanField(
        default=False, help_text="Show when to see a doctor of chiropractic on the result."
    )
    exercises = models.ManyToManyField(
        "education.Exercise",
        blank=True,
        related_name="outcomes",
        help_text="Exercises to suggest on this result.",
    )

    markdown_fields = {"body": "body_html"}

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    @property
    def may_advise(self) -> bool:
        return engine.advice_allowed(Flag(self.flag))

    def spec(self) -> OutcomeSpec:
        gives_advice = self.show_referral or bool(self.exercises.all())
        return OutcomeSpec(
            self.pk, Flag(self.flag), self.min_score, self.max_score, self.title, gives_advice
        )


class SelfTestTally(models.Model):
    """Anonymous daily counts: how many started, reached each step, got each outcome.

    Nothing here identifies a reader: no answers, no IP addresses, no session keys.
    """

    self_test = models.ForeignKey(SelfTest, on_delete=models.CASCADE, related_name="tallies")
    day = models.DateField()
    event = models.CharField(max_length=40, help_text="start, step:<number> or outcome:<id>")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "self-test count"
        verbose_name_plural = "self-test counts"
        constraints = [
            models.UniqueConstraint(fields=["self_test", "day", "event"], name="one_tally_a_day")
        ]

    def __str__(self):
        return f"{self.day} {self.event}: {self.count}"

    @classmethod
    def record(cls, self_test: SelfTest, event: str) -> None:
        key = {"self_test": self_test, "day": timezone.localdate(), "event": event}
        if cls.objects.filter(**key).update(count=F("count") + 1):
            return
        try:
            with transaction.atomic():
                cls.objects.create(**key, count=1)
        except IntegrityError:  # another request created today's row first
            cls.objects.filter(**key).update(count=F("count") + 1)
