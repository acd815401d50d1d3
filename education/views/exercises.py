"""The exercise library: a filterable list (a plain GET form, swapped in place by htmx) and
one page per exercise."""

from django import forms
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy
from django.views.decorators.vary import vary_on_headers

from education import structured_data
from education.models import Category, Equipment, Exercise, Muscle
from education.models.exercises import number, text
from education.models.languages import by_slug, values_in_language
from education.views.htmx import page_or_partial
from education.views.languages import page_shows
from education.views.reminders import reminder_of, reminders_url
from glutesite.page_cache import public_page

NO_EQUIPMENT = "none"


class ExerciseFilters(forms.Form):
    """The list's filters. Unknown or malformed values are dropped, and the reader is told."""

    category = forms.ChoiceField(label=gettext_lazy("Category"), required=False)
    difficulty = forms.TypedChoiceField(
        label=gettext_lazy("Difficulty"),
        required=False,
        coerce=int,
        choices=[("", gettext_lazy("Any")), *Exercise.Difficulty.choices],
    )
    muscle = forms.ChoiceField(label=gettext_lazy("Muscle"), required=False)
    equipment = forms.ChoiceField(label=gettext_lazy("Equipment"), required=False)

    def __init__(self, data, choices: dict[str, list[tuple[str, str]]]):
        super().__init__(data)
        self.fields["category"].choices = [("", gettext_lazy("Any")), *choices["category"]]
        self.fields["muscle"].choices = [("", gettext_lazy("Any")), *choices["muscle"]]
        self.fields["equipment"].choices = [
            ("", gettext_lazy("Any")),
            (NO_EQUIPMENT, gettext_lazy("No equipment")),
            *choices["equipment"],
        ]

    def applied(self) -> dict:
        """The valid, chosen filters; invalid ones are dropped rather than failing the page."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}

    def dropped(self) -> list[str]:
        return [str(self.fields[name].label or name.title()) for name in self.errors]


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
    return ExerciseFilters(data, filter_choices())


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    """The categories, muscles and equipment to filter by, as (value, label), in one query."""
    categories = values_in_language(Category.objects, text("category"), "order", "name", "slug")
    muscles = values_in_language(Muscle.objects, text("muscle"), number(), "name", "map_region")
    equipment = values_in_language(Equipment.objects, text("equipment"), number(), "name", "slug")
    rows = categories.order_by().union(muscles.order_by(), equipment.order_by(), all=True)
    choices = {"category": [], "muscle": [], "equipment": []}
    for kind, _, label, value in sorted(rows):
        choices[kind].append((value, label))
    return choices


def filters_query(form: ExerciseFilters) -> str:
    """The applied filters as a query string: what "back to results" returns to."""
    return urlencode(form.applied())


@public_page
@vary_on_headers("HX-Request")
def exercise_list(request):
    form = filters_form(request.GET)
    applied = form.applied()
    exercises = filter_exercises(Exercise.objects.published(), applied).for_cards()
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


@public_page
def exercise_detail(request, slug):
    exercises = Exercise.objects.published().select_related("category", "easier")
    exercise = get_object_or_404(exercises.filter(by_slug(slug)))
    page_shows(request, slug=exercise)
    details = exercise.details()
    back = filters_form(request.GET) if request.GET else None
    return render(
        request,
        "education/exercises/detail.html",
        {
            "exercise": exercise,
            "details": details,
            "structured_data": structured_data.exercise(request, exercise, details),
            "pictures": exercise.pictures(),
            "back_query": filters_query(back) if back else "",
            "easier": exercise.easier if exercise.easier and exercise.easier.is_published else None,
            "reminders_url": reminders_url(reminder_of(exercise))
            if exercise.links_reminders
            else "",
        },
    )
