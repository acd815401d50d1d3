from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Sum
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from reversion.models import Version

from education import selftest_engine as engine
from education.admin.content import REVIEW_FIELDSET, REVIEW_LIST_DISPLAY, ContentAdmin, ContentForm
from education.admin.exercises import PoseWidget
from education.admin.languages import TRANSLATION_FIELDSET, TranslatedAdmin
from education.admin.markdown import MarkdownFields
from education.admin.preview import PreviewPage
from education.admin.publishing import PUBLISHING_FIELDSET, PublishingAdmin
from education.models import Choice, Outcome, RedFlag, SelfTest, SelfTestTally, Step
from education.views.selftest import session_reaching

FUNNEL_DAYS = 14


COVERAGE_HINT = (
    "Change the outcomes' score ranges or the choices' scores so that every total a reader can "
    "reach leads to exactly one outcome."
)


def raise_coverage_problems(steps, outcomes) -> None:
    problems = engine.coverage_problems(steps, outcomes)
    if problems:
        raise ValidationError([*problems, COVERAGE_HINT])


def live_forms(formset):
    """The inline forms that will be saved: filled in and not marked for deletion.

    An untouched extra form has empty cleaned_data, so it is left out too.
    """
    return [
        form for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class OutcomeFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors) or self.instance.pk is None:
            return
        steps = SelfTest.objects.with_steps().get(pk=self.instance.pk).step_specs()
        outcomes = [
            engine.OutcomeSpec(
                index,
                engine.Flag(form.cleaned_data["flag"]),
                form.cleaned_data["min_score"],
                form.cleaned_data["max_score"],
                form.cleaned_data["title"],
                gives_advice=bool(form.cleaned_data["show_referral"])
                or bool(form.cleaned_data["exercises"]),
            )
            for index, form in enumerate(live_forms(self))
        ]
        raise_coverage_problems(steps, outcomes)


class StepFormSet(forms.BaseInlineFormSet):
    """The steps listed on the test's page: reordering them, or changing which are physical
    checks, must keep the safety rules (warning signs first, no check after pain)."""

    def clean(self):
        super().clean()
        if any(self.errors) or self.instance.pk is None:
            return
        forms_in_flow_order = sorted(
            live_forms(self),
            key=lambda form: (form.cleaned_data["order"], form.instance.pk or float("inf")),
        )
        steps = [form.instance.spec(n) for n, form in enumerate(forms_in_flow_order, start=1)]
        outcomes = self.instance.outcome_specs()
        problems = engine.safety_problems(steps, outcomes)
        if problems:
            raise ValidationError(problems)


class ChoiceFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        step, choices = self.instance, live_forms(self)
        if step.is_question and len(choices) < 2:
            raise ValidationError("A question needs at least two choices.")
        if not step.is_question and choices:
            raise ValidationError(
                "An instruction step has no choices: delete them, or make the step a question."
            )
        if step.self_test_id:
            self.check_coverage(step, choices)

    def check_coverage(self, step, choice_forms):
        """The outcomes must still cover every total once these choices are saved."""
        test = SelfTest.objects.with_steps().get(pk=step.self_test_id)
        new_choices = tuple(
            engine.ChoiceSpec(
                -n,
                form.cleaned_data["score"],
                engine.Flag(form.cleaned_data["flag"]),
                form.cleaned_data["label"],
            )
            for n, form in enumerate(choice_forms, start=1)
        )
        steps = [
            existing.spec(number)
            if existing.pk != step.pk
            else engine.StepSpec(number, new_choices, step.skip_if_flagged, step.is_question)
            for number, existing in test.numbered_steps().items()
        ]
        if step.pk is None:
            steps.append(
                engine.StepSpec(len(steps) + 1, new_choices, step.skip_if_flagged, step.is_question)
            )
        raise_coverage_problems(steps, test.outcome_specs())


class StepInline(admin.TabularInline):
    model = Step
    formset = StepFormSet
    extra = 0
    fields = ["order", "kind", "title", "title_es", "skip_if_flagged"]
    show_change_link = True
    verbose_name_plural = "Steps (open a step to edit its choices and text)"


class OutcomeInline(MarkdownFields, admin.StackedInline):
    model = Outcome
    formset = OutcomeFormSet
    extra = 0
    fields = [
        ("order", "title", "title_es"),
        ("flag", "min_score", "max_score"),
        "show_referral",
        "exercises",
        "body",
        "body_es",
    ]
    autocomplete_fields = ["exercises"]


@admin.register(SelfTest)
class SelfTestAdmin(TranslatedAdmin, PublishingAdmin):
    list_display = ["title", *REVIEW_LIST_DISPLAY]
    list_filter = ["status"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("title", "title_es"),
                    ("slug", "slug_es"),
                    ("summary", "summary_es"),
                    "minutes",
                ]
            },
        ),
        (
            "Start page",
            {
                "fields": [
                    "intro",
                    "intro_es",
                    "safety_note",
                    "safety_note_es",
                    "privacy_note",
                    "privacy_note_es",
                ]
            },
        ),
        PUBLISHING_FIELDSET,
        REVIEW_FIELDSET,
        TRANSLATION_FIELDSET,
    ]
    inlines = [StepInline, OutcomeInline]
    parts_edited_elsewhere = "steps"

    def preview_pages(self, obj):
        test = SelfTest.objects.with_steps().get(pk=obj.pk)
        steps = [step_preview(test, number) for number in test.numbered_steps()]
        return [PreviewPage("Start page", test.get_absolute_url()), *steps]

    def get_urls(self):
        funnel = self.admin_site.admin_view(self.funnel_view)
        return [
            path("<int:object_id>/funnel/", funnel, name="education_selftest_funnel"),
            *super().get_urls(),
        ]

    def funnel_view(self, request, object_id):
        """Anonymous counts: how many started, reached each step and got each outcome."""
        test = get_object_or_404(SelfTest.objects.with_steps(), pk=object_id)
        if not self.has_view_permission(request, test):
            raise PermissionDenied
        since = timezone.localdate() - timezone.timedelta(days=FUNNEL_DAYS - 1)
        tallies = test.tallies.filter(day__gte=since)
        totals = dict(tallies.values_list("event").annotate(total=Sum("count")))
        events = [("start", "Started")]
        events += [(f"step:{n}", f"Step {n}: {s.title}") for n, s in test.numbered_steps().items()]
        events += [(f"outcome:{o.pk}", f"Result: {o.title}") for o in test.outcomes.all()]
        started = totals.get("start", 0)
        days = [since + timezone.timedelta(days=offset) for offset in range(FUNNEL_DAYS)]
        by_day = {(tally.event, tally.day): tally.count for tally in tallies}
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": test,
            "title": f"Funnel: {test.title}",
            "days": days,
            "started": started,
            "rows": [
                {
                    "label": label,
                    "total": totals.get(event, 0),
                    "daily": [by_day.get((event, day), 0) for day in days],
                }
                for event, label in events
            ],
        }
        return render(request, "admin/education/selftest/funnel.html", context)


class ChoiceInline(admin.TabularInline):
    model = Choice
    formset = ChoiceFormSet
    extra = 0
    fields = ["order", "label", "label_es", "hint", "hint_es", "score", "flag", "result_note",
              "result_note_es"]  # fmt: skip


class StepForm(ContentForm):
    def clean(self):
        cleaned = super().clean()
        test = cleaned.get("self_test")
        if test is not None and test.is_published and self.instance.self_test_id != test.pk:
            raise ValidationError(
                f"“{test}” is published, so a step added here would reach readers at once. Add "
                "it on the test's own page instead: there it waits, with the test's other "
                "changes, until you publish them."
            )
        return cleaned


@admin.register(Step)
class StepAdmin(PublishingAdmin):
    form = StepForm
    list_display = ["title", "self_test", "order", "kind"]
    list_filter = ["self_test", "kind"]
    search_fields = ["title", "body"]
    fields = [
        "self_test",
        ("order", "kind"),
        ("title", "title_es"),
        "body",
        "body_es",
        ("safety_note", "safety_note_es"),
        ("red_flag_level", "skip_if_flagged"),
        "pose",
        ("pose_alt", "pose_alt_es"),
    ]
    formfield_overrides = {models.JSONField: {"widget": PoseWidget}}
    inlines = [ChoiceInline]

    # A step is published with its test: changes to a published test's step wait for "Publish".
    published_with = "self_test"
    actions = []  # a test is withdrawn from its own list

    def get_readonly_fields(self, request, obj=None):
        # Moving a step would publish or unpublish it with another test: add a new one instead.
        readonly = super().get_readonly_fields(request, obj)
        return [*readonly, "self_test"] if obj is not None else readonly

    def has_delete_permission(self, request, obj=None):
        """A step of a published test is deleted on the test's page, where that waits for
        "Publish" like any other change."""
        return not self.is_published(obj) and super().has_delete_permission(request, obj)

    def restore_warnings(self, request, changes):
        warnings = super().restore_warnings(request, changes)
        version = Version.objects.filter(pk=request.resolver_match.args[-1]).first()
        if version and version.revision.version_set.filter(content_type__model="selftest").exists():
            warnings.append(
                "This version was saved on the test's page, with the whole test: restoring it "
                "restores the test's other steps and outcomes as they were then, too."
            )
        return warnings

    def preview_pages(self, obj):
        test = SelfTest.objects.with_steps().get(pk=obj.self_test_id)
        number = next(n for n, step in test.numbered_steps().items() if step.pk == obj.pk)
        return [step_preview(test, number)]


def step_preview(test: SelfTest, number: int) -> PreviewPage:
    """Step `number` as a reader sees it, having answered the steps before it."""
    path = reverse("education:selftest-step", args=[test.slug, number])
    return PreviewPage(f"Step {number}", path, session=session_reaching(test, number))


@admin.register(RedFlag)
class RedFlagAdmin(ContentAdmin):
    list_display = ["text", "level", "order"]
    list_editable = ["level", "order"]
    list_filter = ["level"]
    search_fields = ["text"]
    fields = [("text", "text_es"), "level", "order"]


@admin.register(SelfTestTally)
class SelfTestTallyAdmin(admin.ModelAdmin):
    """Read-only: the counts are made by readers' visits, never typed in."""

    list_display = ["day", "self_test", "event", "count"]
    list_filter = ["self_test", "day"]
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
