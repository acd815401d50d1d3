"""The self-test rules on their own: no database, every possible set of answers."""

from itertools import pairwise, product

from hypothesis import given
from hypothesis import strategies as st

from education.selftest_engine import (
    DONE,
    ChoiceSpec,
    Flag,
    OutcomeSpec,
    StepSpec,
    choose_outcome,
    count_is_reliable,
    coverage_problems,
    first_unanswered,
    next_step,
    previous_step,
    raised_flags,
    reachable_scores,
    score,
)

SAFETY = StepSpec(1, (ChoiceSpec(11, 0, Flag.EMERGENCY), ChoiceSpec(12, 0)))
URGENT = StepSpec(2, (ChoiceSpec(21, 0, Flag.URGENT), ChoiceSpec(22, 0)))
READY = StepSpec(3, (), skip_if_flagged=True)
SQUEEZE = StepSpec(4, (ChoiceSpec(41, 0), ChoiceSpec(42, 2), ChoiceSpec(43, 3)), True)
SITTING = StepSpec(5, (ChoiceSpec(51, 0), ChoiceSpec(52, 2)))
STEPS = [SAFETY, URGENT, READY, SQUEEZE, SITTING]
OUTCOMES = [
    OutcomeSpec(1, Flag.NONE, 0, 1),
    OutcomeSpec(2, Flag.NONE, 2, 5),
    OutcomeSpec(3, Flag.URGENT),
    OutcomeSpec(4, Flag.EMERGENCY),
]


def test_steps_follow_in_order():
    answers = {1: 12, 2: 22}
    assert next_step(STEPS, answers, after=2) == 3
    assert next_step(STEPS, {**answers, 3: DONE, 4: 41}, after=4) == 5
    assert next_step(STEPS, {**answers, 3: DONE, 4: 41, 5: 51}, after=5) is None


def test_a_red_flag_skips_the_physical_checks():
    answers = {1: 12, 2: 21}
    assert next_step(STEPS, answers, after=2) == 5
    assert previous_step(STEPS, answers, before=5) == 2
    assert first_unanswered(STEPS, answers) == 5


def test_answers_to_skipped_steps_no_longer_count():
    answers = {1: 12, 2: 21, 3: DONE, 4: 43, 5: 52}
    assert score(STEPS, answers) == 2


def test_first_unanswered_ignores_invalid_answers():
    assert first_unanswered(STEPS, {}) == 1
    assert first_unanswered(STEPS, {1: 12, 2: 99}) == 2  # a choice of another step
    assert first_unanswered(STEPS, {1: 12, 2: 22, 3: "yes"}) == 3  # not DONE
    assert first_unanswered(STEPS, {1: 12, 2: 22, 3: DONE, 4: 42, 5: 51}) is None


def test_step_count_is_reliable_only_while_no_step_drops_out():
    assert count_is_reliable(STEPS, {1: 12, 2: 22})
    assert not count_is_reliable(STEPS, {1: 12, 2: 21})


def test_outcome_by_flag_then_score():
    assert choose_outcome(OUTCOMES, set(), 1).id == 1
    assert choose_outcome(OUTCOMES, set(), 5).id == 2
    assert choose_outcome(OUTCOMES, {Flag.URGENT}, 5).id == 3
    assert choose_outcome(OUTCOMES, {Flag.URGENT, Flag.EMERGENCY}, 0).id == 4
    assert choose_outcome(OUTCOMES, set(), 6) is None


def test_a_question_without_choices_is_left_out_and_reported():
    unfinished = StepSpec(6, (), question=True)
    steps = [*STEPS, unfinished]
    assert next_step(steps, {1: 12, 2: 22, 3: DONE, 4: 41, 5: 51}, after=5) is None
    assert (
        "Step 6 is a question with fewer than two choices" in coverage_problems(steps, OUTCOMES)[0]
    )


def test_reachable_scores_leave_out_flagged_choices():
    assert reachable_scores(STEPS) == {0, 2, 3, 4, 5}


def test_coverage_problems_name_gaps_overlaps_and_missing_flag_outcomes():
    assert coverage_problems(STEPS, OUTCOMES) == []
    gappy = [OutcomeSpec(1, Flag.NONE, 0, 2), OutcomeSpec(2, Flag.NONE, 2, 3)]
    assert coverage_problems(STEPS, gappy) == [
        "No outcome covers a total score of 4 or 5.",
        "More than one outcome covers a total score of 2.",
        "A choice raises the emergency flag, but there is no emergency outcome.",
        "A choice raises the urgent flag, but there is no urgent outcome.",
    ]
    backwards = [*OUTCOMES, OutcomeSpec(9, Flag.NONE, 9, 8)]
    assert "An outcome's lowest score (9) is above its highest (8)." in coverage_problems(
        STEPS, backwards
    )


# Property-based: random tests whose outcomes pass the admin's validation.


@st.composite
def valid_tests(draw):
    steps = []
    for number in range(1, draw(st.integers(1, 6)) + 1):
        if draw(st.booleans()):
            steps.append(StepSpec(number, (), skip_if_flagged=draw(st.booleans())))
            continue
        choices = tuple(
            ChoiceSpec(number * 100 + index, draw(st.integers(0, 4)), draw(st.sampled_from(Flag)))
            for index in range(draw(st.integers(2, 4)))
        )
        steps.append(StepSpec(number, choices, skip_if_flagged=draw(st.booleans())))
    reachable = sorted(reachable_scores(steps))
    cuts = sorted(draw(st.sets(st.integers(reachable[0] + 1, reachable[-1] + 1), max_size=3)))
    bounds = [reachable[0], *cuts, reachable[-1] + 1]
    outcomes = [
        OutcomeSpec(index, Flag.NONE, low, high - 1)
        for index, (low, high) in enumerate(pairwise(bounds))
        if low < high
    ]
    outcomes += [OutcomeSpec(90, Flag.URGENT), OutcomeSpec(91, Flag.EMERGENCY)]
    return steps, outcomes


def every_answer_set(steps):
    options = [[c.id for c in step.choices] if step.is_question else [DONE] for step in steps]
    for combination in product(*options):
        yield dict(zip((step.number for step in steps), combination, strict=True))


@given(valid_tests())
def test_every_possible_set_of_answers_yields_exactly_one_outcome(test):
    steps, outcomes = test
    assert coverage_problems(steps, outcomes) == []
    for answers in every_answer_set(steps):
        flags, total = raised_flags(steps, answers), score(steps, answers)
        matching = [o for o in outcomes if o.flag in flags or (not flags and o.covers(total))]
        chosen = choose_outcome(outcomes, flags, total)
        assert chosen is not None
        if Flag.EMERGENCY in flags:
            assert chosen.flag == Flag.EMERGENCY
        elif Flag.URGENT in flags:
            assert chosen.flag == Flag.URGENT
        else:
            assert matching == [chosen]


@given(valid_tests())
def test_walking_forward_from_the_start_reaches_the_end(test):
    steps, _ = test
    for answers in every_answer_set(steps):
        seen, current = [], first_unanswered(steps, {})
        while current is not None:
            seen.append(current)
            current = next_step(steps, answers, after=current)
        assert seen == sorted(set(seen))
        assert first_unanswered(steps, answers) is None
