"""Stand-up reminders for the reader's own calendar: a GET form whose answer is an .ics file.

Nothing about the reader is stored: the choices travel in the address, which they can
bookmark to download the file again. With htmx the form shows the first day's times as the
reader changes it.
"""

import zoneinfo
from datetime import time

from django import forms
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.vary import vary_on_headers

from education.calendar import WEEKDAYS, Reminders, calendar_file
from education.models import Exercise
from education.models.languages import reading_language
from education.views.htmx import page_or_partial
from glutesite.page_cache import public_page

DAY_NAMES = (
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
)
WORKING_DAYS = WEEKDAYS[:5]
# What the reminder says, and the exercise whose steps it carries, by its English slug (none:
# stand up and walk).
REMINDERS = {
    "walk": (_("Stand up and walk for a minute"), None),
    "glute-taps": (_("Stand up and tap your glutes"), "glute-taps"),
    "march": (_("Stand up and march in place"), "marching-in-place"),
}
# Most readers are in the United States or Canada: their zones come first.
NORTH_AMERICA = [
    ("America/New_York", _("Eastern time (New York, Toronto)")),
    ("America/Chicago", _("Central time (Chicago, Winnipeg)")),
    ("America/Denver", _("Mountain time (Denver, Edmonton)")),
    ("America/Phoenix", _("Mountain time without daylight saving (Phoenix)")),
    ("America/Los_Angeles", _("Pacific time (Los Angeles, Vancouver)")),
    ("America/Anchorage", _("Alaska time (Anchorage)")),
    ("Pacific/Honolulu", _("Hawaii time (Honolulu)")),
    ("America/Halifax", _("Atlantic time (Halifax)")),
    ("America/St_Johns", _("Newfoundland time (St. John's)")),
]


def zone_choices() -> list:
    known = {zone for zone, _ in NORTH_AMERICA}
    others = sorted(
        zone
        for zone in zoneinfo.available_timezones()
        if "/" in zone and not zone.startswith(("Etc/", "SystemV/")) and zone not in known
    )
    return [
        ("", gettext("Choose your time zone")),
        (gettext("United States and Canada"), NORTH_AMERICA),
        (
            gettext("All time zones"),
            [("UTC", "UTC"), *((zone, zone.replace("_", " ")) for zone in others)],
        ),
    ]


def time_input():
    return forms.TimeInput(attrs={"type": "time", "class": "input input--short"}, format="%H:%M")


class ReminderForm(forms.Form):
    start = forms.TimeField(
        label=_("Start of your working day"),
        help_text=_("For example, 09:00"),
        widget=time_input(),
        error_messages={
            "required": _("Enter the start of your working day, like 09:00"),
            "invalid": _("Enter the start as a time, like 09:00"),
        },
    )
    end = forms.TimeField(
        label=_("End of your working day"),
        help_text=_("For example, 17:00"),
        widget=time_input(),
        error_messages={
            "required": _("Enter the end of your working day, like 17:00"),
            "invalid": _("Enter the end as a time, like 17:00"),
        },
    )
    every = forms.IntegerField(
        label=_("Remind me every (minutes)"),
        help_text=_("From 30 to 50 minutes"),
        min_value=30,
        max_value=50,
        widget=forms.NumberInput(attrs={"class": "input input--short"}),
        error_messages={
            "required": _("Enter how often, from 30 to 50 minutes"),
            "invalid": _("Enter how often as a number of minutes, like 45"),
            "min_value": _("Choose 30 minutes or more"),
            "max_value": _("Choose 50 minutes or fewer"),
        },
    )
    days = forms.MultipleChoiceField(
        label=_("On these days"),
        choices=list(zip(WEEKDAYS, DAY_NAMES, strict=True)),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one day"),
            "invalid_choice": _("Choose days from the list"),
        },
    )
    zone = forms.ChoiceField(
        label=_("Your time zone"),
        choices=zone_choices,
        widget=forms.Select(attrs={"class": "input"}),
        error_messages={
            "required": _("Choose your time zone"),
            "invalid_choice": _("Choose your time zone from the list"),
        },
    )
    reminder = forms.ChoiceField(
        label=_("What the reminder says"),
        choices=[(key, summary) for key, (summary, _) in REMINDERS.items()],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what the reminder says"),
            "invalid_choice": _("Choose what the reminder says from the list"),
        },
    )

    DEFAULTS = {
        "start": time(9),
        "end": time(17),
        "every": 45,
        "days": WORKING_DAYS,
        "reminder": "glute-taps",
    }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", gettext("The end of your working day must be after its start"))
        return cleaned

    def reminders(self, link: str = "") -> Reminders:
        """The reminders chosen; with a link back, the note each one carries (with the steps
        of its exercise)."""
        data = self.cleaned_data
        summary, slug = REMINDERS[data["reminder"]]
        return Reminders(
            start=data["start"],
            end=data["end"],
            every=data["every"],
            days=tuple(day for day in WEEKDAYS if day in data["days"]),
            zone=data["zone"],
            summary=str(summary),
            description=description(slug, link) if link else "",
        )


def reminders_url(reminder: str | None = None) -> str:
    """The reminders page, with a reminder chosen (one of REMINDERS) or the default."""
    url = reverse("education:reminders")
    return f"{url}?{urlencode({'reminder': reminder})}" if reminder else url


def reminder_of(exercise: Exercise) -> str | None:
    """The reminder that carries this exercise's steps, if there is one."""
    return next((key for key, (_, slug) in REMINDERS.items() if slug == exercise.slug_en), None)


def description(slug: str | None, link: str) -> str:
    """What each reminder's note says: the exercise's steps, and where to read more."""
    exercise = Exercise.objects.published().filter(slug_en=slug).first() if slug else None
    if exercise is None:
        steps = [
            gettext("Stand up."),
            gettext("Walk around for a minute or two."),
            gettext("Then sit down again."),
        ]
    else:
        steps = exercise_steps(exercise)
    numbered = "\n".join(f"{number}. {text}" for number, text in enumerate(steps, start=1))
    stop = gettext("Stop if anything hurts.")
    more = gettext("More: %(link)s") % {"link": link}
    return f"{numbered}\n\n{stop}\n\n{more}"


def exercise_steps(exercise: Exercise) -> list[str]:
    """The exercise's steps as its own page gives them: in English where its translation is
    missing or out of date."""
    language = reading_language()
    if exercise.shown_in_english(language):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        return [step.text for step in exercise.steps.all()]


def reminders_page(request, form: ReminderForm, status: int = 200):
    valid = form.is_bound and form.is_valid()
    context = {"form": form, "times": form.reminders().times() if valid else []}
    template = page_or_partial(request, "education/tools/reminders.html", "preview")
    return render(request, template, context, status=status)


@public_page
@vary_on_headers("HX-Request")
def reminders(request):
    """The form. The browser always sends the time zone with it, so without one the address
    only preselects choices (a link from a plan: `?reminder=march`)."""
    if "zone" in request.GET:
        return reminders_page(request, ReminderForm(request.GET))
    preselected = {name: value for name, value in request.GET.items() if name == "reminder"}
    return reminders_page(request, ReminderForm(initial={**ReminderForm.DEFAULTS, **preselected}))


@public_page
def reminders_calendar(request):
    form = ReminderForm(request.GET)
    if not form.is_valid():
        return reminders_page(request, form, status=400)
    page = reverse("education:reminders") + "?" + urlencode(form.data, doseq=True)
    reminders = form.reminders(request.build_absolute_uri(page))
    response = HttpResponse(
        calendar_file(reminders, timezone.localdate(), request.get_host()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="stand-up-reminders.ics"'
    return response
