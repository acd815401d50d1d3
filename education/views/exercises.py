"""The exercise library: a filterable list (a plain GET form, swapped in place by htmx) and
one page per exercise."""

from django import forms
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from education import structured_data
from education.models import Category, Equipment, Exercise, Muscle
from education.views.htmx import page_or_partial

NO_EQUIPMENT = "none"
MOTION_FRAMES = 3  # the stylesheet animates two or three frames


class ExerciseFilters(forms.Form):
    """The list's filters. Unknown or malformed values are dropped, and the reader is told."""

    category = forms.ChoiceField(required=False)
    difficulty = forms.TypedChoiceField(
        required=False, coerce=int, choices=[("", "Any"), *Exercise.Difficulty.choices]
    )
    muscle = forms.ChoiceField(required=False)
    equipment = forms.ChoiceField(required=False)

    def __init__(self, data, *, categories, muscles, equipment):
        super().__init__(data)
        self.fields["category"].choices = [("", "Any")] + [(c.slug, c.name) for c in categories]
        self.fields["muscle"].choices = [("", "Any")] + [(m.map_region, m.name) for m in muscles]
        self.fields["equipment"].choices = [
            ("", "Any"),
            (NO_EQUIPMENT, "No equipment"),
            *((e.slug, e.name) for e in equipment),
        ]

    def applied(self) -> dict:
        """The valid, chosen filters; invalid ones are dropped rather than failing the page."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}

    def dropped(self) -> list[str]:
        return [self.fields[name].label or name.title() for name in self.errors]


def filter_exercises(exercises, applied: dict):
    if "category" in applied:
        exercises = exercises.filter(category__slug=applied["category"])
    if "difficulty" in applied:
        exercises = exercises.filter(difficulty=applied["difficulty"])
    if "muscle" in applied:
        region = applied["muscle"]
        exercises = exercises.filter(
            Q(primary_muscles__map_region=region) | Q(secondary_muscles__map_region=region)
        ).distinct()
    if applied.get("equipment") == NO_EQUIPMENT:
        exercises = exercises.filter(equipment__isnull=True)
    elif "equipment" in applied:
        exercises = exercises.filter(equipment__slug=applied["equipment"])
    return exercises


def filters_form(data) -> ExerciseFilters:
    return ExerciseFilters(
        data,
        categories=Category.objects.all(),
        muscles=Muscle.objects.all(),
        equipment=Equipment.objects.all(),
    )


def filters_query(form: ExerciseFilters) -> str:
    """The applied filters as a query string: what "back to results" returns to."""
    return urlencode(form.applied())


@vary_on_headers("HX-Request")
@require_safe
def exercise_list(request):
    form = filters_form(request.GET)
    applied = form.applied()
    exercises = list(filter_exercises(Exercise.objects.published().for_cards(), applied))
    context = {
        "form": form,
        "exercises": exercises,
        "filtered": bool(applied),
        "dropped": form.dropped(),
        "query": filters_query(form),
    }
    return render(
        request,
        page_or_partial(request, "education/exercises/list.html", "results-response"),
        context,
    )


@require_safe
def exercise_detail(request, slug):
    exercises = (
        Exercise.objects.published()
        .for_cards()
        .prefetch_related("steps", "mistakes", "harder_versions", "article_pages__article")
    )
    exercise = get_object_or_404(exercises.select_related("easier"), slug=slug)
    back = filters_form(request.GET) if request.GET else None
    frames = exercise.frames.all()
    drawn = [frame for frame in frames if frame.pose]
    return render(
        request,
        "education/exercises/detail.html",
        {
            "exercise": exercise,
            "structured_data": structured_data.exercise(request, exercise),
            "frames": [{"frame": frame, "svg": frame.svg()} for frame in frames],
            # The other side comes from mirroring the start, not from a second drawing.
            "mirrored_start": drawn[0].svg(mirrored=True) if exercise.per_side and drawn else "",
            "motion_frames": [frame.svg(copy="-motion") for frame in drawn[:MOTION_FRAMES]],
            "back_query": filters_query(back) if back else "",
            "harder_versions": [e for e in exercise.harder_versions.all() if e.is_published],
            "easier": exercise.easier if exercise.easier and exercise.easier.is_published else None,
            "article_pages": [
                page for page in exercise.article_pages.all() if page.article.is_published
            ],
        },
    )
