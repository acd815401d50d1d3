"""The self-test's rules as pure functions: which step comes next, which outcome fits, and
which advice the result may carry.

No database access: `SelfTest.step_specs()` and `outcome_specs()` turn the models into these
plain values, so the rules are tested on their own, exhaustively. Answers map a step number to
the chosen choice id, or to DONE for an instruction step the reader has read.

The safety rules, which `coverage_problems` makes every edited test keep:
(a) an answer that reports pain never leads to a reassuring (score) outcome;
(b) an emergency answer ends the test at once, at the emergency outcome;
(c) a pain, urgent or emergency outcome carries no exercise or movement advice.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

DONE = "done"


class Flag(StrEnum):
    NONE = "none"
    PAIN = "pain"  # a check hurt: no further checks, and never a reassuring result
    URGENT = "urgent"
    EMERGENCY = "emergency"


# The strongest flag raised decides the outcome.
FLAGS_BY_PRIORITY = (Flag.EMERGENCY, Flag.URGENT, Flag.PAIN)
# Words with which an answer says that something hurt, and the same words denied ("no pain",
# "it did not hurt", "without any pain").
PAIN = r"(hurt|hurts|hurting|pain|painful|sore)"
PAIN_WORDS = re.compile(rf"\b{PAIN}\b", re.IGNORECASE)
DENIED_PAIN = re.compile(
    rf"\b(no|not|never|without|didn't|doesn't|don't|isn't|wasn't)\s+(\w+\s+)?{PAIN}\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ChoiceSpec:
    id: int
    score: int = 0
    flag: Flag = Flag.NONE
    label: str = ""
    has_advice: bool = False  # a note for the result page

    @property
    def says_it_hurt(self) -> bool:
        return len(PAIN_WORDS.findall(self.label)) > len(DENIED_PAIN.findall(self.label))


@dataclass(frozen=True)
class StepSpec:
    number: int
    choices: tuple[ChoiceSpec, ...] = ()  # none for an instruction step
    skip_if_flagged: bool = False
    question: bool = False  # a question still waiting for its choices has none yet

    @property
    def is_question(self) -> bool:
        return self.question or bool(self.choices)

    @property
    def is_unfinished(self) -> bool:
        """A question without choices: no reader could answer it, so it is left out."""
        return self.is_question and not self.choices

    def choice(self, choice_id) -> ChoiceSpec | None:
        return next((choice for choice in self.choices if choice.id == choice_id), None)

    def accepts(self, answer) -> bool:
        return self.choice(answer) is not None if self.is_question else answer == DONE

    @property
    def is_physical_check(self) -> bool:
        """A question the reader answers by doing something: left out after any flag."""
        return self.is_question and self.skip_if_flagged

    @property
    def asks_about_warning_signs(self) -> bool:
        return any(choice.flag in (Flag.URGENT, Flag.EMERGENCY) for choice in self.choices)


@dataclass(frozen=True)
class OutcomeSpec:
    id: int
    flag: Flag = Flag.NONE
    min_score: int = 0
    max_score: int = 0
    title: str = ""
    gives_advice: bool = False  # suggests exercises or a chiropractic visit

    def covers(self, score: int) -> bool:
        return self.flag == Flag.NONE and self.min_score <= score <= self.max_score

    @property
    def may_advise(self) -> bool:
        return advice_allowed(self.flag)


def advice_allowed(flag: Flag) -> bool:
    """Only a score outcome may carry exercise or movement advice (rule c)."""
    return flag == Flag.NONE


@dataclass(frozen=True)
class Result:
    outcome: OutcomeSpec
    notes: tuple[int, ...]  # the chosen answers whose advice the result shows, in step order


Answers = Mapping[int, int | str]


def walk(steps: Sequence[StepSpec], answers: Answers) -> tuple[list[StepSpec], set[Flag]]:
    """The steps that apply, in order, and the red flags their answers raised.

    A step marked skip_if_flagged (a physical check, say) is left out once an earlier answer has
    raised a red flag; answers to steps that no longer apply count for nothing.
    """
    active, flags = [], set()
    for step in steps:
        if step.is_unfinished or (step.skip_if_flagged and flags):
            continue
        active.append(step)
        choice = step.choice(answers.get(step.number))
        if choice and choice.flag != Flag.NONE:
            flags.add(choice.flag)
    return active, flags


def raised_flags(steps: Sequence[StepSpec], answers: Answers) -> set[Flag]:
    return walk(steps, answers)[1]


def must_stop(steps: Sequence[StepSpec], answers: Answers) -> bool:
    """An emergency answer ends the test there and then (rule b)."""
    return Flag.EMERGENCY in raised_flags(steps, answers)


def next_step(steps: Sequence[StepSpec], answers: Answers, after: int) -> int | None:
    """The number of the step after `after`, or None when the next page is "check answers"."""
    return next((step.number for step in walk(steps, answers)[0] if step.number > after), None)


def previous_step(steps: Sequence[StepSpec], answers: Answers, before: int) -> int | None:
    earlier = [step.number for step in walk(steps, answers)[0] if step.number < before]
    return earlier[-1] if earlier else None


def first_unanswered(steps: Sequence[StepSpec], answers: Answers) -> int | None:
    """The first step that applies and has no valid answer; None when all are answered."""
    active = walk(steps, answers)[0]
    return next((s.number for s in active if not s.accepts(answers.get(s.number))), None)


def count_is_reliable(steps: Sequence[StepSpec], answers: Answers) -> bool:
    """Whether "step N of M" is true: no answer so far has made any step drop out."""
    return not raised_flags(steps, answers)


def score(steps: Sequence[StepSpec], answers: Answers) -> int:
    chosen = (step.choice(answers.get(step.number)) for step in walk(steps, answers)[0])
    return sum(choice.score for choice in chosen if choice)


def choose_outcome(
    outcomes: Iterable[OutcomeSpec], flags: set[Flag], total: int
) -> OutcomeSpec | None:
    """An emergency flag always wins, then an urgent one, then pain, then the score range."""
    outcomes = list(outcomes)
    for flag in FLAGS_BY_PRIORITY:
        if flag in flags:
            return next((outcome for outcome in outcomes if outcome.flag == flag), None)
    return next((outcome for outcome in outcomes if outcome.covers(total)), None)


def result(
    steps: Sequence[StepSpec], outcomes: Iterable[OutcomeSpec], answers: Answers
) -> Result | None:
    """The outcome for these answers and the advice it shows; None when no outcome fits."""
    active, flags = walk(steps, answers)
    outcome = choose_outcome(outcomes, flags, score(steps, answers))
    if outcome is None:
        return None
    chosen = (step.choice(answers.get(step.number)) for step in active)
    advice = tuple(choice.id for choice in chosen if choice and choice.has_advice)
    return Result(outcome, advice if outcome.may_advise else ())


def reachable_scores(steps: Sequence[StepSpec]) -> set[int]:
    """Every total a reader can reach without raising a red flag (flagged totals never count)."""
    totals = {0}
    for step in steps:
        scores = {choice.score for choice in step.choices if choice.flag == Flag.NONE}
        if scores:
            totals = {total + extra for total in totals for extra in scores}
    return totals


def coverage_problems(steps: Sequence[StepSpec], outcomes: Sequence[OutcomeSpec]) -> list[str]:
    """Plain sentences for an editor: gaps, overlaps and missing flagged outcomes."""
    problems = [
        f"Step {step.number} is a question with fewer than two choices: open it to add them."
        for step in steps
        if step.is_question and len(step.choices) < 2
    ]
    for outcome in outcomes:
        if outcome.min_score > outcome.max_score:
            problems.append(
                f"An outcome's lowest score ({outcome.min_score}) is above its highest "
                f"({outcome.max_score})."
            )
    uncovered, overlapping = [], []
    for total in sorted(reachable_scores(steps)):
        matches = sum(outcome.covers(total) for outcome in outcomes)
        if matches == 0:
            uncovered.append(total)
        elif matches > 1:
            overlapping.append(total)
    if uncovered:
        problems.append(f"No outcome covers a total score of {_listed(uncovered)}.")
    if overlapping:
        problems.append(f"More than one outcome covers a total score of {_listed(overlapping)}.")
    used_flags = {choice.flag for step in steps for choice in step.choices}
    for flag in FLAGS_BY_PRIORITY:
        if flag in used_flags and not any(outcome.flag == flag for outcome in outcomes):
            problems.append(f"A choice raises the {flag} flag, but there is no {flag} outcome.")
    return problems + safety_problems(steps, outcomes)


def safety_problems(steps: Sequence[StepSpec], outcomes: Sequence[OutcomeSpec]) -> list[str]:
    """Plain sentences for an editor: where an edited test would break safety rules (a)-(c)."""
    problems = []
    for step in (step for step in steps if not step.is_unfinished):
        problems += [
            f'On step {step.number}, the answer "{choice.label}" says something hurt, so it must '
            "raise the Pain flag (or a stronger one): a reader in pain is never told all is well."
            for choice in step.choices
            if choice.says_it_hurt and choice.flag == Flag.NONE
        ]
        if step.is_physical_check and not any(c.flag == Flag.PAIN for c in step.choices):
            problems.append(
                f"Step {step.number} is a physical check: give it an answer such as "
                '"I could not do it: it hurt" that raises the Pain flag, so that a reader who '
                "was hurt is not asked to do more checks."
            )
        if step.skip_if_flagged and any(c.flag == Flag.EMERGENCY for c in step.choices):
            problems.append(
                f"Step {step.number} asks about emergency signs, so it must never be left out: "
                'untick "skip if flagged".'
            )
    first_warning = next((s.number for s in steps if s.asks_about_warning_signs), None)
    if first_warning is not None:
        problems += [
            f"Step {step.number} is a physical check, but the warning signs are only asked at "
            f"step {first_warning}: ask about warning signs first."
            for step in steps
            if step.skip_if_flagged and step.number < first_warning
        ]
    problems += [
        f'The outcome "{outcome.title}" is for {outcome.flag} answers, so it must not suggest '
        'exercises or a chiropractic visit: remove its exercises and untick "show referral".'
        for outcome in outcomes
        if not outcome.may_advise and outcome.gives_advice
    ]
    return problems


def _listed(numbers: list[int]) -> str:
    return ", ".join(str(number) for number in numbers[:-1]) + (
        f" or {numbers[-1]}" if len(numbers) > 1 else str(numbers[-1])
    )
