"""The self-test rules on their own: no database, every possible set of answers."""

import tomllib
from itertools import pairwise, product
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from education.selftest_engine import (
    DONE,
    FLAGS_BY_PRIORITY,
    ChoiceSpec,
    Flag,
    OutcomeSpec,
    Result,
    StepSpec,
    choose_outcome,
    count_is_reliable,
    coverage_problems,
    first_unanswered,
    must_stop,
    next_step,
    previous_step,
    raised_flags,
    reachable_scores,
    result,
    safety_problems,
    score,
    walk,
)

SAFETY = StepSpec(1, (ChoiceSpec(11, 0, Flag.EMERGENCY), ChoiceSpec(12, 0)))
URGENT = StepSpec(2, (ChoiceSpec(21, 0, Flag.URGENT), ChoiceSpec(22, 0)))
READY = StepSpec(3, (), skip_if_flagged=True)
SQUEEZE = StepSpec(
    4,
    (ChoiceSpec(41, 0), ChoiceSpec(42, 2), ChoiceSpec(43, 3), ChoiceSpec(44, 0, Flag.PAIN)),
    skip_if_flagged=True,
)
SITTING = StepSpec(5, (ChoiceSpec(51, 0), ChoiceSpec(52, 2, has_advice=True)))
STEPS = [SAFETY, URGENT, READY, SQUEEZE, SITTING]
OUTCOMES = [
    OutcomeSpec(1, Flag.NONE, 0, 1, gives_advice=True),
    OutcomeSpec(2, Flag.NONE, 2, 5, gives_advice=True),
    OutcomeSpec(3, Flag.URGENT),
    OutcomeSpec(4, Flag.EMERGENCY),
    OutcomeSpec(5, Flag.PAIN),
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
    assert choose_outcome(OUTCOMES, {Flag.PAIN}, 1).id == 5
    assert choose_outcome(OUTCOMES, {Flag.PAIN, Flag.URGENT}, 1).id == 3
    assert choose_outcome(OUTCOMES, set(), 6) is None


def test_pain_skips_the_checks_after_it_and_the_result_gives_no_advice():
    answers = {1: 12, 2: 22, 3: DONE, 4: 44}
    assert next_step(STEPS, answers, after=4) == 5
    outcome = result(STEPS, OUTCOMES, {**answers, 5: 52})
    assert outcome == Result(OUTCOMES[4], notes=())


def test_a_score_result_shows_the_advice_of_the_chosen_answers():
    answers = {1: 12, 2: 22, 3: DONE, 4: 42, 5: 52}
    assert result(STEPS, OUTCOMES, answers) == Result(OUTCOMES[1], notes=(52,))


def test_an_emergency_answer_stops_the_test():
    assert must_stop(STEPS, {1: 11})
    assert not must_stop(STEPS, {1: 12, 2: 21})


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
        "A choice raises the pain flag, but there is no pain outcome.",
    ]
    backwards = [*OUTCOMES, OutcomeSpec(9, Flag.NONE, 9, 8)]
    assert "An outcome's lowest score (9) is above its highest (8)." in coverage_problems(
        STEPS, backwards
    )


# Safety rules an editor cannot break: each edit below is refused with a plain sentence.


def test_an_answer_that_says_it_hurt_must_raise_a_flag():
    hurt = StepSpec(4, (ChoiceSpec(41, 0, label="Fine"), ChoiceSpec(44, 0, label="It hurt")), True)
    problems = safety_problems([SAFETY, URGENT, hurt], OUTCOMES)
    assert 'On step 4, the answer "It hurt" says something hurt' in problems[0]
    denial = ChoiceSpec(45, 0, label="It did not hurt")
    assert not denial.says_it_hurt


def test_a_physical_check_needs_a_pain_answer():
    no_pain = StepSpec(4, (ChoiceSpec(41, 0), ChoiceSpec(42, 2)), skip_if_flagged=True)
    assert safety_problems([SAFETY, URGENT, no_pain], OUTCOMES) == [
        'Step 4 is a physical check: give it an answer such as "I could not do it: it hurt" '
        "that raises the Pain flag, so that a reader who was hurt is not asked to do more checks."
    ]


def test_emergency_questions_are_never_skipped_and_come_before_the_checks():
    skippable = StepSpec(3, SAFETY.choices, skip_if_flagged=True)
    problems = safety_problems([URGENT, skippable], OUTCOMES)
    assert any(
        "Step 3 asks about emergency signs, so it must never be left out" in p for p in problems
    )
    check_first = [StepSpec(1, (), skip_if_flagged=True), StepSpec(2, SAFETY.choices)]
    assert safety_problems(check_first, OUTCOMES) == [
        "Step 1 is a physical check, but the warning signs are only asked at step 2: "
        "ask about warning signs first."
    ]


def test_flagged_outcomes_cannot_suggest_exercises():
    advising = OutcomeSpec(3, Flag.URGENT, title="See a doctor soon", gives_advice=True)
    assert safety_problems(STEPS, [*OUTCOMES[:2], advising, *OUTCOMES[3:]]) == [
        'The outcome "See a doctor soon" is for urgent answers, so it must not suggest exercises '
        'or a chiropractic visit: remove its exercises and untick "show referral".'
    ]


# Property-based: the safety rules hold for every set of answers to every test that passes the
# admin's validation.

LABELS = ["Fine", "Soft", "Several squeezes", "It hurt", "Sore", "No pain", "I could not do it"]


@st.composite
def any_tests(draw, *, safe_by_design):
    """Random tests. With safe_by_design the generator keeps the safety rules itself (so the
    properties are checked on many tests); without, validation has to catch what it breaks."""
    steps = []
    flags = [Flag.NONE, Flag.NONE, Flag.PAIN, Flag.URGENT, Flag.EMERGENCY]
    for number in range(1, draw(st.integers(1, 6)) + 1):
        physical = draw(st.booleans())
        if draw(st.booleans()):
            steps.append(StepSpec(number, (), skip_if_flagged=physical))
            continue
        choices = [
            ChoiceSpec(
                number * 100 + index,
                draw(st.integers(0, 4)),
                draw(st.sampled_from(flags)),
                draw(st.sampled_from(LABELS)),
                has_advice=draw(st.booleans()),
            )
            for index in range(draw(st.integers(2, 4)))
        ]
        if safe_by_design:
            choices = [safe_choice(choice, physical) for choice in choices]
            if physical:
                choices.append(ChoiceSpec(number * 100 + 9, 0, Flag.PAIN, "It hurt"))
        steps.append(StepSpec(number, tuple(choices), skip_if_flagged=physical))
    if safe_by_design:
        warnings = [step for step in steps if not step.skip_if_flagged]
        steps = [
            StepSpec(number, step.choices, step.skip_if_flagged, step.question)
            for number, step in enumerate(
                warnings + [step for step in steps if step.skip_if_flagged], start=1
            )
        ]
    reachable = sorted(reachable_scores(steps))
    cuts = sorted(draw(st.sets(st.integers(reachable[0] + 1, reachable[-1] + 1), max_size=3)))
    bounds = [reachable[0], *cuts, reachable[-1] + 1]
    outcomes = [
        OutcomeSpec(index, Flag.NONE, low, high - 1, gives_advice=draw(st.booleans()))
        for index, (low, high) in enumerate(pairwise(bounds))
        if low < high
    ]
    outcomes += [
        OutcomeSpec(90 + index, flag, gives_advice=not safe_by_design and draw(st.booleans()))
        for index, flag in enumerate((Flag.PAIN, Flag.URGENT, Flag.EMERGENCY))
    ]
    return steps, outcomes


def safe_choice(choice, physical):
    """The choice as an editor following the rules would set it."""
    flag = choice.flag
    if physical and flag in (Flag.URGENT, Flag.EMERGENCY):
        flag = Flag.NONE  # warning-sign answers belong to the warning questions
    if choice.says_it_hurt and flag == Flag.NONE:
        flag = Flag.PAIN
    return ChoiceSpec(choice.id, choice.score, flag, choice.label, choice.has_advice)


def every_answer_set(steps):
    options = [[c.id for c in step.choices] if step.is_question else [DONE] for step in steps]
    for combination in product(*options):
        yield dict(zip((step.number for step in steps), combination, strict=True))


def answered(steps, answers):
    """The choices a reader really made: those of the steps that applied."""
    active, _ = walk(steps, answers)
    return [choice for step in active if (choice := step.choice(answers.get(step.number)))]


def assert_safety_rules_hold(steps, outcomes):
    for answers in every_answer_set(steps):
        made = answered(steps, answers)
        outcome_and_notes = result(steps, outcomes, answers)
        assert outcome_and_notes is not None
        outcome = outcome_and_notes.outcome
        # (a) an answer that reports pain never leads to a reassuring (score) outcome
        if any(c.flag == Flag.PAIN or c.says_it_hurt for c in made):
            assert outcome.flag != Flag.NONE
        # (b) an emergency answer ends the test at the emergency outcome
        if any(c.flag == Flag.EMERGENCY for c in made):
            assert must_stop(steps, answers)
            assert outcome.flag == Flag.EMERGENCY
        # (c) a pain, urgent or emergency outcome carries no exercise or movement advice
        if outcome.flag != Flag.NONE:
            assert outcome_and_notes.notes == ()
            assert not outcome.gives_advice


@given(any_tests(safe_by_design=True))
def test_tests_built_by_the_rules_pass_validation_and_keep_them(test):
    steps, outcomes = test
    assert coverage_problems(steps, outcomes) == []
    assert_safety_rules_hold(steps, outcomes)


@given(any_tests(safe_by_design=False))
def test_validation_refuses_every_test_that_would_break_a_safety_rule(test):
    steps, outcomes = test
    if coverage_problems(steps, outcomes) == []:
        assert_safety_rules_hold(steps, outcomes)


@given(any_tests(safe_by_design=True))
def test_every_possible_set_of_answers_yields_exactly_one_outcome(test):
    steps, outcomes = test
    for answers in every_answer_set(steps):
        flags, total = raised_flags(steps, answers), score(steps, answers)
        chosen = choose_outcome(outcomes, flags, total)
        assert chosen is not None
        strongest = next((flag for flag in FLAGS_BY_PRIORITY if flag in flags), None)
        if strongest:
            assert chosen.flag == strongest
        else:
            assert [o for o in outcomes if o.covers(total)] == [chosen]


@given(any_tests(safe_by_design=True))
def test_walking_forward_from_the_start_reaches_the_end(test):
    steps, _ = test
    for answers in every_answer_set(steps):
        seen, current = [], first_unanswered(steps, {})
        while current is not None:
            seen.append(current)
            current = next_step(steps, answers, after=current)
        assert seen == sorted(set(seen))
        assert first_unanswered(steps, answers) is None


# The self-test the site ships, read from its content file: every combination of answers.


def shipped_test():
    path = Path(__file__).parents[1] / "education/content/selftests/glute-activation-check.toml"
    content = tomllib.loads(path.read_text(encoding="utf-8"))
    steps = [
        StepSpec(
            number,
            tuple(
                ChoiceSpec(
                    number * 100 + index,
                    c["score"],
                    Flag(c["flag"]),
                    c["label"],
                    has_advice=bool(c["result_note"]),
                )
                for index, c in enumerate(step.get("choice", []))
            ),
            step["skip_if_flagged"],
            step["kind"] == "question",
        )
        for number, step in enumerate(content["step"], start=1)
    ]
    outcomes = [
        OutcomeSpec(
            index,
            Flag(o["flag"]),
            o["min_score"],
            o["max_score"],
            o["title"],
            gives_advice=o["show_referral"] or bool(o.get("exercises")),
        )
        for index, o in enumerate(content["outcome"])
    ]
    return steps, outcomes


def test_the_shipped_self_test_keeps_the_safety_rules_for_every_combination_of_answers():
    steps, outcomes = shipped_test()
    assert coverage_problems(steps, outcomes) == []
    assert_safety_rules_hold(steps, outcomes)


def test_the_shipped_self_test_judges_glutes_by_the_physical_checks_alone():
    """Sitting and aches add advice, never a verdict: without a physical finding, every reader
    gets the outcome that found nothing (item 6 of the clinical read)."""
    steps, outcomes = shipped_test()
    lowest = min((o for o in outcomes if o.flag == Flag.NONE), key=lambda o: o.min_score)
    for answers in every_answer_set(steps):
        made = answered(steps, answers)
        if not any(c.score for c in made) and not raised_flags(steps, answers):
            assert result(steps, outcomes, answers).outcome == lowest
    lifestyle = [step for step in steps if not step.skip_if_flagged and step.number > 2]
    assert lifestyle and all(c.score == 0 for step in lifestyle for c in step.choices)
