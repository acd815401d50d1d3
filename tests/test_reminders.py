"""Stand-up reminders: a GET form whose answer is an RFC 5545 calendar, checked with icalendar
and recurring-ical-events; bad input re-shows the form with a 400."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from django.core.management import call_command

from education.calendar import Reminders, calendar_file

pytestmark = pytest.mark.django_db
PAGE = "/reminders/"
CALENDAR = "/reminders/stand-up-reminders.ics"
WORKDAY = {"start": "09:00", "end": "17:00", "every": "45", "zone": "America/Chicago",
           "days": ["MO", "TU", "WE", "TH", "FR"], "reminder": "glute-taps"}  # fmt: skip
TIMES = ["09:45", "10:30", "11:15", "12:00", "12:45", "13:30", "14:15", "15:00", "15:45", "16:30"]


@pytest.fixture
def loaded(db):
    call_command("load_content", verbosity=0)


def download(client, **changes):
    return client.get(CALENDAR, {**WORKDAY, **changes})


def test_the_form_starts_with_a_working_day(client):
    html = client.get(PAGE).content.decode()
    assert 'value="09:00"' in html and 'value="17:00"' in html and 'value="45"' in html
    for day in ("MO", "TU", "WE", "TH", "FR"):
        assert f'value="{day}" checked' in html
    assert 'value="SA" checked' not in html
    assert '<option value="America/New_York">' in html  # no zone chosen without JavaScript
    assert 'value="glute-taps" checked' in html
    assert 'action="/reminders/stand-up-reminders.ics"' in html and 'method="get"' in html


def test_a_plan_or_an_exercise_can_choose_the_reminder(client):
    html = client.get(PAGE, {"reminder": "march"}).content.decode()
    assert 'value="march" checked' in html and "There is a problem" not in html


def test_the_calendar_file_downloads_with_a_time_zone(client, loaded):
    response = download(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="stand-up-reminders.ics"'
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [zone["TZID"] for zone in calendar.walk("VTIMEZONE")] == ["America/Chicago"]
    events = calendar.walk("VEVENT")
    assert [event.decoded("dtstart").strftime("%H:%M") for event in events] == TIMES
    for event in events:
        assert event.decoded("dtstart").tzinfo.key == "America/Chicago"
        assert event["RRULE"]["FREQ"] == ["WEEKLY"]
        assert event["RRULE"]["BYDAY"] == ["MO", "TU", "WE", "TH", "FR"]
        alarm = event.walk("VALARM")[0]
        assert alarm["ACTION"] == "DISPLAY" and alarm.decoded("trigger").total_seconds() == 0
        assert event["SUMMARY"] == "Stand up and tap your glutes"
        description = str(event["DESCRIPTION"])
        assert "1. " in description and "Stop if anything hurts." in description
        assert "http://testserver/reminders/?" in description


def test_downloading_again_gives_the_same_reminders_the_same_ids(client, loaded):
    first = icalendar.Calendar.from_ical(download(client).content).walk("VEVENT")
    again = icalendar.Calendar.from_ical(download(client).content).walk("VEVENT")
    assert [str(event["UID"]) for event in first] == [str(event["UID"]) for event in again]
    assert len({str(event["UID"]) for event in first}) == len(TIMES)


def test_the_next_seven_days_expand_to_the_chosen_times():
    reminders = Reminders(time(9), time(17), 45, ("MO", "TU", "WE", "TH", "FR"),
                          "America/New_York", "Stand up", "Steps.")  # fmt: skip
    # From a Wednesday, across the weekend and the start of daylight saving time (14 March).
    today = date(2027, 3, 10)
    calendar = icalendar.Calendar.from_ical(calendar_file(reminders, today, "example.org"))
    zone = ZoneInfo("America/New_York")
    week = recurring_ical_events.of(calendar).between(
        datetime(2027, 3, 10, tzinfo=zone), datetime(2027, 3, 17, tzinfo=zone)
    )
    starts = sorted(event.decoded("dtstart").astimezone(zone) for event in week)
    assert {start.date() for start in starts} == {
        date(2027, 3, day) for day in (10, 11, 12, 15, 16)
    }
    assert all(start.strftime("%H:%M") in TIMES for start in starts)  # local time, DST or not
    assert len(starts) == 5 * len(TIMES)


def test_a_calendar_can_start_on_a_leap_day():
    reminders = Reminders(time(9), time(17), 60, ("TU",), "Europe/Madrid", "Stand up", "Steps.")
    calendar = icalendar.Calendar.from_ical(calendar_file(reminders, date(2028, 2, 29), "x.org"))
    assert calendar.walk("VEVENT")[0].decoded("dtstart").date() == date(2028, 2, 29)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"every": "1"}, "Choose 30 minutes or more"),
        ({"every": "500"}, "Choose 50 minutes or fewer"),
        ({"every": "forty"}, "Enter how often as a number of minutes"),
        ({"end": "08:00"}, "The end of your working day must be after its start"),
        ({"start": "9 o'clock"}, "Enter the start as a time"),
        ({"zone": "Mars/Olympus_Mons"}, "Choose your time zone from the list"),
        ({"zone": ""}, "Choose your time zone"),
        ({"zone": "x" * 30_000}, "Choose your time zone from the list"),
        ({"days": []}, "Choose at least one day"),
        ({"days": ["XX"]}, "Choose days from the list"),
        ({"reminder": "dance"}, "Choose what the reminder says from the list"),
    ],
)
def test_bad_choices_show_the_form_again_with_a_400(client, changes, message):
    response = download(client, **changes)
    html = response.content.decode()
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "<title>Error: " in html and "There is a problem" in html
    assert message in html and 'class="error-message"' in html
    assert "BEGIN:VCALENDAR" not in html


def test_the_preview_follows_the_form_with_htmx(client):
    response = client.get(PAGE, {**WORKDAY, "every": "50"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "09:50, 10:40" in html and "(9)" in html
    assert response["Vary"] and "hx-request" in response["Vary"].lower()


def test_nothing_about_the_reader_is_stored(client, loaded, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # the chosen exercise and its steps, read
        response = download(client)
    assert not response.cookies
    assert "public" in response["Cache-Control"]  # the address alone makes the file
