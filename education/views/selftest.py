"""The self-test wizard: start, one step per page, check your answers, result.

Answers live in the reader's session only until the result is shown; the result travels in a
signed token in its URL, so nothing a reader answered is stored on the server. Every step works
as a plain form; with htmx the step swaps in place (the "wizard" partial).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core import signing
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect, push_url

from education import selftest_engine as engine
from education.models import Choice, Outcome, RedFlag, SelfTest, SelfTestTally
from education.models.languages import by_slug
from education.views.htmx import page_or_partial
from education.views.languages import page_shows
from education.views.origin import same_origin_post
from education.views.reminders import reminders_url
from glutesite.page_cache import public_page

STATE_KEY = "selftest:{pk}"
RESULT_KEY = "selftest:{pk}:result"  # the last result's address, for a double submit
REACHED_KEY = "selftest:{pk}:reached"  # steps already counted, so reloads count once
IDLE_LIMIT = timedelta(hours=1)
TOKEN_SALT = "education.selftest.result"
TOKEN_MAX_LENGTH = 400
EXPIRED_QUERY = "expired"
EXPIRED_MESSAGE = _(
    "To keep your answers private we clear them after an hour without activity, or when "
    "cookies are blocked, so we could not find them. Please start again."
)
NO_ANSWER = {
    "question": _("Select one answer to continue"),
    "instruction": _("Use the Continue button to go on"),
}


# Finding the test and the reader's answers


def visible_test(request, slug: str) -> SelfTest:
    tests = SelfTest.objects.visible_to(request.user).with_steps()
    test = get_object_or_404(tests.filter(by_slug(slug)))
    page_shows(request, slug=test)
    return test


def load_answers(request, test: SelfTest) -> dict[int, int | str] | None:
    """The reader's answers so far, or None when there are none or they have expired."""
    state = request.session.get(STATE_KEY.format(pk=test.pk))
    if state is None:
        return None
    if timezone.now() - timezone.datetime.fromisoformat(state["touched"]) > IDLE_LIMIT:
        clear_answers(request, test)
        return None
    return {int(number): answer for number, answer in state["answers"].items()}


def save_answers(request, test: SelfTest, answers: dict[int, int | str]) -> None:
    # The session itself ends after the idle limit, so abandoned answers do not linger.
    request.session.set_expiry(IDLE_LIMIT)
    request.session[STATE_KEY.format(pk=test.pk)] = {
        "answers": {str(number): answer for number, answer in answers.items()},
        "touched": timezone.now().isoformat(),
    }


def session_reaching(test: SelfTest, number: int) -> dict:
    """A reader's session at step `number`, the steps before it answered without a red flag.

    Editors preview a step with it: the step view shows a step only to a reader who got there.
    """
    steps = test.step_specs()
    answers = {
        str(step.number): next(
            (c.id for c in step.choices if c.flag == engine.Flag.NONE), step.choices[0].id
        )
        if step.is_question
        else engine.DONE
        for step in steps[: number - 1]
        if step.choices or not step.is_question  # a question without choices is left out
    }
    state = {"answers": answers, "touched": timezone.now().isoformat()}
    return {STATE_KEY.format(pk=test.pk): state}


def clear_answers(request, test: SelfTest) -> None:
    for key in (STATE_KEY, REACHED_KEY):
        request.session.pop(key.format(pk=test.pk), None)


def follow_in_place(url: str):
    """A 303 to another page of the wizard; htmx follows it and swaps the step in place."""
    return HttpResponseRedirect(url, status=303)


def leave_wizard(request, url: str):
    """A 303 to a page outside the wizard; under htmx, a full page load instead of a swap."""
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url, status=303)


def restart(request, test: SelfTest):
    """Back to the start, which says why: a notice in the address, not in the session, so the
    start page stays one page for every reader."""
    return leave_wizard(request, f"{test.get_absolute_url()}?{EXPIRED_QUERY}")


def record_anonymously(request, test: SelfTest, event: str) -> None:
    """Count a reader's visit; editors trying the test are not readers."""
    if not request.user.is_staff:
        SelfTestTally.record(test, event)


def step_url(test: SelfTest, number: int | None) -> str:
    if number is None:
        return reverse("education:selftest-check", args=[test.slug])
    return reverse("education:selftest-step", args=[test.slug, number])


# Pages


@public_page
def selftest_index(request):
    test = SelfTest.objects.published().with_step_count().first()
    if test is None:
        raise Http404("No self-test is published yet.")
    page_shows(request, test)
    return start_page(request, test)


@public_page
def selftest_start(request, slug):
    tests = SelfTest.objects.visible_to(request.user).with_step_count()
    test = get_object_or_404(tests.filter(by_slug(slug)))
    page_shows(request, slug=test)
    return start_page(request, test)


def start_page(request, test: SelfTest):
    context = {"test": test, "expired": EXPIRED_MESSAGE if EXPIRED_QUERY in request.GET else ""}
    return render(request, "education/selftest/start.html", context)


@require_POST
@same_origin_post
def selftest_begin(request, slug):
    test = visible_test(request, slug)
    clear_answers(request, test)
    request.session.pop(RESULT_KEY.format(pk=test.pk), None)
    save_answers(request, test, {})
    record_anonymously(request, test, "start")
    return follow_in_place(step_url(test, 1))


@never_cache  # it shows the reader's answers: not for the back-forward cache of a shared device
@vary_on_headers("HX-Request")
@require_http_methods(["GET", "HEAD", "POST"])
def selftest_step(request, slug, number):
    test = visible_test(request, slug)
    steps_by_number = test.numbered_steps()
    if number not in steps_by_number:
        raise Http404("No such step.")
    answers = load_answers(request, test)
    if answers is None:
        return restart(request, test)
    steps = test.step_specs()
    place = where_to_be(steps, answers, number)
    if place != number:
        return follow_in_place(step_url(test, place))

    error = None
    if request.method == "POST":
        answer = parse_answer(steps[number - 1], request.POST.get("answer", ""))
        if answer is None:
            error = NO_ANSWER[steps_by_number[number].kind]
        else:
            return record_answer(request, test, steps, answers, number, answer)
    else:
        record_reached(request, test, number)

    return render_step(request, test, steps, answers, number, error)


def where_to_be(steps, answers, number) -> int | None:
    """The step the reader should see when asking for step `number` (None: the check page).

    A step that no longer applies, or one beyond the first unanswered step (skipping ahead by
    URL), sends the reader to the first unanswered step.
    """
    active = [step.number for step in engine.walk(steps, answers)[0]]
    first_open = engine.first_unanswered(steps, answers)
    if number in active and (first_open is None or number <= first_open):
        return number
    return first_open


def parse_answer(step: engine.StepSpec, raw: str) -> int | str | None:
    """The posted answer if it belongs to this step, else None (missing, tampered, malformed)."""
    if not step.is_question:
        return engine.DONE if raw == engine.DONE else None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        return None
    return int(raw) if step.choice(int(raw)) else None


def record_answer(request, test, steps, answers, number, answer):
    answers[number] = answer
    if engine.must_stop(steps, answers):
        return finish(request, test, steps, answers)
    save_answers(request, test, answers)
    if request.GET.get("return") == "check":
        target = engine.first_unanswered(steps, answers)
    else:
        target = engine.next_step(steps, answers, after=number)
    return follow_in_place(step_url(test, target))


def record_reached(request, test, number):
    reached_key = REACHED_KEY.format(pk=test.pk)
    reached = request.session.get(reached_key, [])
    if number not in reached:
        record_anonymously(request, test, f"step:{number}")
        request.session[reached_key] = [*reached, number]


def render_step(request, test, steps, answers, number, error):
    step = test.numbered_steps()[number]
    previous = engine.previous_step(steps, answers, before=number)
    context = {
        "test": test,
        "step": step,
        "number": number,
        "total": len(steps) if engine.count_is_reliable(steps, answers) else None,
        "selected": answers.get(number),
        "error": error,
        "red_flags": RedFlag.objects.filter(level=step.red_flag_level)
        if step.red_flag_level
        else [],
        "back_url": step_url(test, previous) if previous else test.get_absolute_url(),
        "action": request.get_full_path(),
    }
    response = render(
        request,
        page_or_partial(request, "education/selftest/step.html", "wizard-response"),
        context,
    )
    # A form shown again with its error stays at the same address: no new history entry.
    return push_url(response, False) if error and request.htmx else response


@never_cache
@vary_on_headers("HX-Request")
@require_http_methods(["GET", "HEAD", "POST"])
def selftest_check(request, slug):
    test = visible_test(request, slug)
    answers = load_answers(request, test)
    if answers is None:
        result_url = request.session.get(RESULT_KEY.format(pk=test.pk))
        return leave_wizard(request, result_url) if result_url else restart(request, test)
    steps = test.step_specs()
    first_open = engine.first_unanswered(steps, answers)
    if first_open is not None:
        return follow_in_place(step_url(test, first_open))
    if request.method == "POST":
        return finish(request, test, steps, answers)

    steps_by_number = test.numbered_steps()
    active = engine.walk(steps, answers)[0]
    summary = [(spec.number, steps_by_number[spec.number], answers[spec.number]) for spec in active]
    context = {
        "test": test,
        "summary": [(n, step, answer_label(step, answer)) for n, step, answer in summary],
        "back_url": step_url(test, active[-1].number),
    }
    return render(
        request,
        page_or_partial(request, "education/selftest/check.html", "wizard-response"),
        context,
    )


def answer_label(step, answer) -> str:
    if not step.is_question:
        return gettext("Done")
    return next(choice.label for choice in step.choices.all() if choice.pk == answer)


def finish(request, test, steps, answers):
    """Choose the outcome, count it, forget the answers, and show the result."""
    outcomes = test.outcome_specs()
    result = engine.result(steps, outcomes, answers)
    if result is None:
        if request.htmx:  # htmx would not swap in a 503: load the page in full instead
            return HttpResponseClientRedirect(request.path)
        return render(request, "education/selftest/unavailable.html", {"test": test}, status=503)
    record_anonymously(request, test, f"outcome:{result.outcome.id}")
    clear_answers(request, test)
    if result.outcome.flag == engine.Flag.EMERGENCY:
        return leave_wizard(request, reverse("education:selftest-emergency", args=[test.slug]))
    data = {"o": result.outcome.id, "c": list(result.notes), "d": timezone.localdate().isoformat()}
    token = signing.dumps(data, salt=TOKEN_SALT, compress=True)
    result_url = reverse("education:selftest-result", args=[test.slug, token])
    request.session[RESULT_KEY.format(pk=test.pk)] = result_url
    return leave_wizard(request, result_url)


@never_cache
@require_safe
def selftest_emergency(request, slug):
    test = visible_test(request, slug)
    outcome = test.outcomes.filter(flag=engine.Flag.EMERGENCY).first()
    if outcome is None:
        raise Http404("This self-test has no emergency advice.")
    return render(request, "education/selftest/emergency.html", {"test": test, "outcome": outcome})


@dataclass
class ResultFromToken:
    """What a result's address says: the outcome, the advice to show, and the result's day."""

    outcome: Outcome
    notes: list[Choice]
    day: date | None  # results before the plan existed carry no date

    @property
    def exercises(self):
        return self.outcome.exercises.published() if self.outcome.may_advise else []

    @property
    def offers_reminders(self) -> bool:
        return any(choice.links_reminders for choice in self.notes)


def read_token(test: SelfTest, token: str) -> ResultFromToken | None:
    """The result a signed token names, or None for a forged, broken or foreign one."""
    try:
        if len(token) > TOKEN_MAX_LENGTH:
            raise signing.BadSignature("too long")
        data = signing.loads(token, salt=TOKEN_SALT)
        outcome = test.outcomes.get(pk=data["o"])
        chosen = [int(choice_id) for choice_id in data["c"]]
        day = date.fromisoformat(data["d"]) if "d" in data else None
    except (signing.BadSignature, KeyError, TypeError, ValueError, Outcome.DoesNotExist):
        return None
    advised = chosen if outcome.may_advise else []  # whatever a token says, rule (c) holds
    # The English says which answers carry a note (a Spanish one not yet written falls back).
    notes = (
        Choice.objects.filter(pk__in=advised, step__self_test=test)
        .exclude(result_note_en="")
        .order_by("step__order", "step__pk", "order", "pk")
    )
    return ResultFromToken(outcome, list(notes), day)


@never_cache
@require_safe
def selftest_result(request, slug, token):
    test = visible_test(request, slug)
    result = read_token(test, token)
    if result is None:
        return render(request, "education/selftest/bad_token.html", {"test": test}, status=400)
    context = {"test": test, "result": result, "outcome": result.outcome, "token": token}
    return render(request, "education/selftest/result.html", context)


@never_cache
@require_safe
def selftest_plan(request, slug, token):
    """A 4-week home plan from a result that suggests exercises, to print and keep."""
    test = visible_test(request, slug)
    result = read_token(test, token)
    if result is None:
        return render(request, "education/selftest/bad_token.html", {"test": test}, status=400)
    if not result.outcome.may_advise:
        raise Http404("This result comes with no exercise plan.")
    exercises = (
        result.outcome.exercises.published()
        .select_related("easier")
        .prefetch_related("harder_versions")
        .for_cards()
    )
    context = {
        "test": test,
        "result": result,
        "exercises": exercises,
        "weeks": range(1, 5),
        "days": range(7),
        "reminders_url": reminders_url("glute-taps"),  # as the advice on sitting says
    }
    return render(request, "education/selftest/plan.html", context)
