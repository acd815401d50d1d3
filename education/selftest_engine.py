"""The self-test's rules as pure functions: which step comes next, and which outcome fits.

No database access: `SelfTest.spec()` turns the models into these plain values, so the rules are
tested on their own, exhaustively. Answers map a step number to the chosen choice id, or to DONE
for an instruction step the reader has read.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

DONE = "done"


class Flag(StrEnum):
    NONE = "none"
    URGENT = "urgent"
    EMERGENCY = "emergency"


@dataclass(frozen=True)
class ChoiceSpec:
    id: int
    score: int = 0
    flag: Flag = Flag.NONE


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


@dataclass(frozen=True)
class OutcomeSpec:
    id: int
    flag: Flag = Flag.NONE
    min_score: int = 0
    max_score: int = 0

    def covers(self, score: int) -> bool:
        return self.flag == Flag.NONE and self.min_score <= score <= self.max_score


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
    """An emergency flag always wins, then an urgent one, then the score range."""
    outcomes = list(outcomes)
    for flag in (Flag.EMERGENCY, Flag.URGENT):
        if flag in flags:
            return next((outcome for outcome in outcomes if outcome.flag == flag), None)
    return next((outcome for outcome in outcomes if outcome.covers(total)), None)


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
    for flag in (Flag.EMERGENCY, Flag.URGENT):
        if flag in used_flags and not any(outcome.flag == flag for outcome in outcomes):
            problems.append(f"A choice raises the {flag} flag, but there is no {flag} outcome.")
    return problems


def _listed(numbers: list[int]) -> str:
    return ", ".join(str(number) for number in numbers[:-1]) + (
        f" or {numbers[-1]}" if len(numbers) > 1 else str(numbers[-1])
    )
