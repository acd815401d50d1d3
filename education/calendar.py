"""Stand-up reminders as an iCalendar file (RFC 5545), made with the icalendar package.

One weekly recurring event for each reminder time of the working day, on the chosen days, each
with an alarm at its start. A reminder's UID is its time of day, so importing the file again
(with the same hours) replaces the reminders instead of adding them twice. Nothing about the
reader is kept: the file is made from the address's query and sent.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext
from icalendar import Alarm, Calendar, Event, vRecur

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # date.weekday() order
REMINDER_MINUTES = 2  # how long each reminder sits in the calendar
PRODUCT = "-//GluteSite//Stand-up reminders//EN"
TIME_ZONE_RULES_FOR = timedelta(days=2 * 366)  # the zone's clock changes this far ahead


@dataclass(frozen=True)
class Reminders:
    """What the reader chose: when, how often, on which days, where, and what to do."""

    start: time
    end: time
    every: int  # minutes
    days: tuple[str, ...]  # from WEEKDAYS
    zone: str  # an IANA time zone, e.g. "America/Chicago"
    summary: str  # what the reminder says
    description: str  # the steps, and a link back

    def times(self) -> list[time]:
        """The reminders of one day: every `every` minutes after the start, before the end."""
        day = date(2000, 1, 3)  # any date: only the times matter
        moment, end = datetime.combine(day, self.start), datetime.combine(day, self.end)
        found = []
        while (moment := moment + timedelta(minutes=self.every)) <= end:
            found.append(moment.time())
        return found


def first_day(reminders: Reminders, today: date) -> date:
    """The first of the chosen days from today on: where each reminder's series starts."""
    return next(
        today + timedelta(days=offset)
        for offset in range(7)
        if WEEKDAYS[(today + timedelta(days=offset)).weekday()] in reminders.days
    )


def calendar_file(reminders: Reminders, today: date, host: str) -> bytes:
    zone = ZoneInfo(reminders.zone)
    starts_on = first_day(reminders, today)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", gettext("Stand-up reminders"))
    for moment in reminders.times():
        calendar.add_component(event(reminders, datetime.combine(starts_on, moment, zone), host))
    calendar.add_missing_timezones(first_date=starts_on, last_date=starts_on + TIME_ZONE_RULES_FOR)
    return calendar.to_ical()


def event(reminders: Reminders, start: datetime, host: str) -> Event:
    event = Event()
    event.add("uid", f"stand-up-{start:%H%M}@{host}")
    event.add("dtstamp", datetime(2026, 1, 1, tzinfo=ZoneInfo("UTC")))
    event.add("dtstart", start)
    event.add("duration", timedelta(minutes=REMINDER_MINUTES))
    event.add("rrule", vRecur(freq="WEEKLY", byday=list(reminders.days)))
    event.add("summary", reminders.summary)
    event.add("description", reminders.description)
    event.add("transp", "TRANSPARENT")  # a reminder, not a meeting: the time stays free
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", reminders.summary)
    alarm.add("trigger", timedelta(0))
    event.add_component(alarm)
    return event
