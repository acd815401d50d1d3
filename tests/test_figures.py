"""The exercise figure renderer and the hip muscle map (no database, no Django needed)."""

import json
import math
import re
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from education import figures
from education.figures import (
    JOINT_LIMITS,
    MUSCLES,
    POSTURES,
    PROPS,
    Box,
    Pose,
    PoseError,
    draw_frames,
    feet_above_the_floor,
    parse_pose,
    pose_to_data,
    render_figure,
    render_muscle_map,
    shows_both_sides,
    supports,
)

SVG = "{http://www.w3.org/2000/svg}"
EXERCISE_FILES = Path(__file__).resolve().parent.parent / "education/content/exercises"
EXERCISES = [
    {**data, "primary": data["primary_muscles"], "secondary": data["secondary_muscles"]}
    for data in (
        tomllib.loads(path.read_text(encoding="utf-8"))
        for path in sorted(EXERCISE_FILES.glob("*.toml"))
    )
]
SLUGS = {
    "glute-taps",
    "marching-in-place",
    "hip-circles",
    "squat",
    "clamshell",
    "hip-thrust",
    "side-plank",
    "split-squat",
    "single-leg-glute-bridge",
    "glute-bridge",
    "hamstring-stretch",
}
HIP_MUSCLES = [
    "gluteus-maximus",
    "gluteus-medius",
    "gluteus-minimus",
    "tensor-fasciae-latae",
    "hamstrings",
    "hip-flexors",
    "adductors",
]
FRAMES = [
    pytest.param(exercise, number, id=f"{exercise['slug']}-{number + 1}")
    for exercise in EXERCISES
    for number in range(len(exercise["frame"]))
]
BY_EXERCISE = [pytest.param(exercise, id=exercise["slug"]) for exercise in EXERCISES]


def frame_pose(frame: dict) -> Pose:
    return parse_pose({key: frame[key] for key in ("posture", "angles", "props") if key in frame})


def layout(exercise: dict):
    """The exercise's frames laid out together, as its page shows them."""
    return draw_frames(
        [frame_pose(frame) for frame in exercise["frame"]],
        primary=exercise.get("primary", ()),
        secondary=exercise.get("secondary", ()),
    )


def render_frame(exercise: dict, number: int, **options) -> str:
    alt = exercise["frame"][number]["alt"]
    return layout(exercise).svg(number, alt=alt, id_prefix=f"f{number}", **options)


def view_box(svg: str) -> Box:
    left, top, width, height = map(float, ET.fromstring(svg).get("viewBox").split())
    return Box(left, top, left + width, top + height)


def standing(**angles) -> Pose:
    return parse_pose({"posture": "standing", "angles": angles})


def classes(element: ET.Element) -> set[str]:
    return set(element.get("class", "").split())


def muscles(root: ET.Element, kind: str) -> list[ET.Element]:
    return [el for el in root.iter() if f"muscle--{kind}" in classes(el)]


def title_of(element: ET.Element) -> str:
    title = element.find(f"{SVG}title")
    assert title is not None, "every muscle shape names itself in a <title>"
    return title.text


def assert_no_inline_style(svg: str) -> None:
    root = ET.fromstring(svg)
    assert not [el for el in root.iter() if el.tag == f"{SVG}style"]
    assert not [el for el in root.iter() if "style" in el.attrib]
    assert "style=" not in svg


# --- The frames file --------------------------------------------------------------------------


def test_frames_file_covers_every_exercise():
    assert {exercise["slug"] for exercise in EXERCISES} == SLUGS
    for exercise in EXERCISES:
        assert len(exercise["frame"]) >= 2, exercise["slug"]
        assert exercise["primary"], exercise["slug"]
        for key in (*exercise["primary"], *exercise.get("secondary", ())):
            assert key in MUSCLES, (exercise["slug"], key)
        for frame in exercise["frame"]:
            assert frame["caption"].strip() and frame["alt"].strip()


@pytest.mark.parametrize(("exercise", "number"), FRAMES)
def test_every_frame_renders_small_valid_accessible_svg(exercise, number):
    svg = render_frame(exercise, number)
    alt = exercise["frame"][number]["alt"]
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == alt
    assert root.find(f"{SVG}title").text == alt
    assert "figure" in classes(root)
    assert len(svg.encode()) < 8_000  # the budget for one frame
    assert svg == render_frame(exercise, number)  # deterministic
    assert_no_inline_style(svg)


@pytest.mark.parametrize("exercise", BY_EXERCISE)
def test_the_frames_of_an_exercise_share_one_crop(exercise):
    """One viewBox for all, so start and end positions are drawn at the same scale and the
    movement reads as a change, not a zoom; the figure's planted part stays put."""
    crops = {view_box(render_frame(exercise, n)) for n in range(len(exercise["frame"]))}
    assert len(crops) == 1


@pytest.mark.parametrize(("exercise", "number"), FRAMES)
def test_every_frame_fills_at_least_half_its_picture(exercise, number):
    frames = layout(exercise)
    drawing, crop = frames.drawing(number), frames.crop
    assert frames.fill(number) == pytest.approx(drawing.area / crop.area)
    assert frames.fill(number) >= 0.5
    # ... and the whole drawing is inside the picture
    assert crop.left <= drawing.left and drawing.right <= crop.right
    assert crop.top <= drawing.top and drawing.bottom <= crop.bottom


@pytest.mark.parametrize("exercise", BY_EXERCISE)
def test_lying_pictures_are_wide_and_standing_ones_tall(exercise):
    crop = layout(exercise).crop
    postures = {frame["posture"] for frame in exercise["frame"]}
    if postures <= {"lying-back", "lying-side", "side-plank"}:
        assert crop.width > 1.25 * crop.height
    elif postures <= {"standing", "sitting"} and exercise["slug"] != "split-squat":
        assert crop.height > 1.2 * crop.width


@pytest.mark.parametrize(("exercise", "number"), FRAMES)
def test_frames_are_mirrored_with_one_transform(exercise, number):
    plain = render_frame(exercise, number)
    mirrored = render_frame(exercise, number, mirrored=True)
    crop = view_box(plain)
    flip = f' transform="translate({crop.left + crop.right:g} 0) scale(-1 1)"'
    assert mirrored.count(flip) == 1
    assert mirrored.replace(flip, "") == plain  # the same drawing, not a second one
    assert view_box(mirrored) == crop
    group = ET.fromstring(mirrored).find(f"{SVG}g[@class='figure__drawing']")
    assert group.get("transform") == flip.split('"')[1]


@pytest.mark.parametrize("exercise", BY_EXERCISE)
def test_each_movement_has_an_arrow_on_the_frame_it_leads_to(exercise):
    arrows = [
        [
            el
            for el in ET.fromstring(render_frame(exercise, n)).iter()
            if "motion-arrow" in classes(el)
        ]
        for n in range(len(exercise["frame"]))
    ]
    assert arrows[0] == []  # the start: nothing has moved yet
    assert all(len(found) == 1 for found in arrows[1:])
    for found in arrows[1:]:
        head = found[0].findall(f"{SVG}path")[1]
        assert head.get("fill") == "currentColor"  # an arrowhead, not a line


def arrow_of(svg: str) -> tuple[tuple[float, float], tuple[float, float]]:
    """Where an arrow's line starts and where its head points."""
    arrow = next(el for el in ET.fromstring(svg).iter() if "motion-arrow" in classes(el))
    line, head = (path.get("d") for path in arrow.findall(f"{SVG}path"))
    start, tip = (re.match(r"M([-\d.]+) ([-\d.]+)", d).groups() for d in (line, head))
    return (float(start[0]), float(start[1])), (float(tip[0]), float(tip[1]))


def test_the_arrow_points_the_way_the_part_moves():
    bridge = next(e for e in EXERCISES if e["slug"] == "glute-bridge")
    start, tip = arrow_of(render_frame(bridge, 1))
    assert tip[1] < start[1] - 8  # the hips rise: the arrow points up the page
    squat = next(e for e in EXERCISES if e["slug"] == "squat")
    start, tip = arrow_of(render_frame(squat, 1))
    assert tip[1] > start[1] + 8  # the hips go down


def test_the_moving_limb_has_a_heavier_outline_and_the_far_side_is_paler():
    marching = next(e for e in EXERCISES if e["slug"] == "marching-in-place")
    root = ET.fromstring(render_frame(marching, 1))  # the near knee lifts into this frame
    layers = [el for el in root.iter() if "silhouette" in classes(el)]
    moving = [layer for layer in layers if "moving" in classes(layer)]
    assert len(moving) == 1 and "near" in classes(moving[0])
    assert [classes(layer) & {"far", "near"} for layer in layers][:2] == [{"far"}, {"far"}]


def test_the_body_is_filled_in_one_tone_inside_its_outline():
    """Each layer of the body is drawn once as an outline and again, through <use>, filled
    on top, so its parts merge into one shape with volume."""
    root = ET.fromstring(render_figure(standing(), alt="A person."))
    layers = [el for el in root.iter() if "silhouette" in classes(el)]
    uses = [el for el in root.iter() if el.tag == f"{SVG}use"]
    assert len(layers) == len(uses) == 4  # far arm, far leg, body and near leg, near arm
    for layer, use in zip(layers, uses, strict=True):
        shapes = layer.find(f"{SVG}g")
        assert use.get("href") == f"#{shapes.get('id')}"
        assert "tone" in classes(use)
        assert not [el for el in shapes.iter() if "fill" in el.attrib or "class" in el.attrib]


def test_marching_shows_each_leg_so_needs_no_mirrored_picture():
    poses = {e["slug"]: [frame_pose(f) for f in e["frame"]] for e in EXERCISES}
    assert shows_both_sides(poses["marching-in-place"])
    assert not shows_both_sides(poses["clamshell"])
    assert not shows_both_sides(poses["split-squat"])


# --- Pictures and words agree ----------------------------------------------------------------

# How captions, alt text and steps name what the body rests on (see figures.supports()).
SUPPORT_WORDS = {
    "feet": r"feet|foot|heels?",
    "knees": r"knees?",
    "forearm": r"forearm|elbow",
    "back": r"back",
    "side": r"side",
    "seat": r"sit|sitting|seat|chair",
    **{prop: prop for prop in PROPS if prop != "floor"},
}
# "hold for 20 seconds", "Hold 30 seconds", "squeeze them for 3 seconds"
HOLD = re.compile(r"\b(?:hold|squeeze)\b[^.]*?\b(\d+) seconds?\b", re.IGNORECASE)


def named(text: str, support: str) -> bool:
    return bool(re.search(rf"\b({SUPPORT_WORDS[support]})\b", text, re.IGNORECASE))


@pytest.mark.parametrize(("exercise", "number"), FRAMES)
def test_each_frame_names_what_the_body_rests_on(exercise, number):
    """Feet or knees, forearm, back or side, and every prop drawn (towel, mat, chair...)."""
    frame = exercise["frame"][number]
    words = f"{frame['caption']} {frame['alt']}"
    for support in supports(frame_pose(frame)):
        assert named(words, support), f"the picture rests on {support}; its words do not say so"


@pytest.mark.parametrize(("exercise", "number"), FRAMES)
def test_each_frame_draws_the_props_its_words_name(exercise, number):
    """A caption that says "towel" has a towel in its picture. ("step" is left out: "take
    a big step" is not a stair.)"""
    frame = exercise["frame"][number]
    words = f"{frame['caption']} {frame['alt']}"
    for prop in set(PROPS) - {"floor", "step"}:
        if named(words, prop):
            assert prop in frame_pose(frame).props, f"the words name a {prop}; it is not drawn"


@pytest.mark.parametrize("exercise", BY_EXERCISE)
def test_the_steps_name_every_support_the_pictures_show_or_name(exercise):
    steps = " ".join(exercise["steps"])
    shown = {support for frame in exercise["frame"] for support in supports(frame_pose(frame))}
    captions = " ".join(frame["caption"] for frame in exercise["frame"])
    said = {support for support in SUPPORT_WORDS if named(captions, support)}
    for support in shown | said:
        assert named(steps, support), f"the pictures show {support}; the steps do not say so"


@pytest.mark.parametrize("exercise", BY_EXERCISE)
def test_every_hold_in_the_words_is_the_dose(exercise):
    texts = [*exercise["steps"], *(f"{f['caption']} {f['alt']}" for f in exercise["frame"])]
    holds = {int(seconds) for text in texts for seconds in HOLD.findall(text)}
    assert holds <= {exercise["hold_seconds"]}
    if exercise["hold_seconds"]:
        assert holds == {exercise["hold_seconds"]}  # a hold in the dose is in the steps too


def test_the_pictures_show_the_version_the_words_describe():
    """The knee side plank (not the one on the feet), the hip thrust on a sofa, the towel for
    the hamstring stretch, and the lifted leg of the single-leg bridge kept bent."""
    by_slug = {exercise["slug"]: exercise for exercise in EXERCISES}
    plank = [supports(frame_pose(f)) for f in by_slug["side-plank"]["frame"]]
    assert all("knees" in found and "forearm" in found for found in plank[1:])
    assert all("feet" not in found for found in plank)
    assert all("sofa" in f["props"] for f in by_slug["hip-thrust"]["frame"])
    assert all("towel" in f["props"] for f in by_slug["hamstring-stretch"]["frame"])
    bridge = [f["angles"] for f in by_slug["single-leg-glute-bridge"]["frame"]]
    assert all(angles["knee_left"] >= 90 for angles in bridge)


def test_the_single_leg_bridge_lifts_its_foot_a_few_inches():
    """ "Lift that foot a few inches off the floor" (5 to 10 cm); it stays off the floor as
    the hips rise, and the other foot stays on it."""
    by_slug = {exercise["slug"]: exercise for exercise in EXERCISES}
    start, lifted = [frame_pose(f) for f in by_slug["single-leg-glute-bridge"]["frame"]]
    assert 5 <= feet_above_the_floor(start)["left"] <= 10
    assert feet_above_the_floor(lifted)["left"] >= 5
    assert all(abs(feet_above_the_floor(pose)["right"]) < 2 for pose in (start, lifted))


# --- Props and the floor ----------------------------------------------------------------------


def test_props_are_drawn_to_the_figures_scale():
    """A chair seat a little below the knee, a step about half that, a counter at hip
    height, a sofa seat a little lower than a chair, a thin mat (a standing figure is about
    140 units: 1 unit is about 1.2 cm)."""
    lower_leg = figures.SHIN + 6.2  # knee joint to sole
    hip = figures.THIGH + lower_leg
    assert 0.85 * lower_leg <= figures.CHAIR_H <= 1.0 * lower_leg
    assert 0.75 * lower_leg <= figures.SOFA_H < figures.CHAIR_H
    assert 0.4 * lower_leg <= figures.STEP_H <= 0.6 * lower_leg
    assert 0.9 * hip <= figures.COUNTER_H <= 1.15 * hip
    assert figures.MAT_H <= 3
    sitting = parse_pose({"posture": "sitting", "props": ["floor", "chair"]})
    chair = next(
        el
        for el in ET.fromstring(render_figure(sitting, alt="x")).iter()
        if "prop--chair" in classes(el)
    )
    seat = float(re.match(r"M[-\d.]+ ([-\d.]+)", chair.get("d")).group(1))
    assert seat == -figures.CHAIR_H


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"posture": "lying-back", "angles": {"hip_right": -30}},
            "The right knee would go through the floor.",
        ),
        (
            {"posture": "sitting", "props": ["chair"], "angles": {"hip_left": 45, "knee_left": 0}},
            "The left lower leg would go through the floor.",
        ),
        (
            {"posture": "standing", "angles": {"hip_left": 120, "trunk": 100, "hip_right": 120}},
            "would go through the floor.",
        ),
        (
            {
                "posture": "lying-back",
                "props": ["floor", "sofa"],
                "angles": {"pelvis": -100, "knee_left": 90, "knee_right": 90, "neck": -40},
            },
            "The head would go through the sofa.",
        ),
    ],
)
def test_a_pose_through_the_floor_or_a_prop_is_refused_with_a_plain_message(data, message):
    with pytest.raises(PoseError) as caught:
        parse_pose(data)
    assert message in str(caught.value)
    assert "Change the angles" in str(caught.value)


# --- Muscles on the figure ------------------------------------------------------------------


def test_primary_muscles_are_solid_and_titled():
    root = ET.fromstring(render_figure(standing(), alt="A person.", primary=["gluteus-maximus"]))
    (shape,) = muscles(root, "primary")
    assert classes(shape) == {"muscle", "muscle--primary"}
    assert "fill" not in shape.attrib  # the site stylesheet colours it
    assert title_of(shape) == "Gluteus maximus (primary)"
    assert not muscles(root, "secondary")


def test_secondary_muscles_are_hatched_and_titled():
    svg = render_figure(
        standing(), alt="A person.", secondary=["hamstrings", "core"], id_prefix="ex3"
    )
    root = ET.fromstring(svg)
    pattern = root.find(f"{SVG}defs/{SVG}pattern")
    assert pattern.get("id") == "ex3-hatch"
    assert all(line.get("stroke") == "currentColor" for line in pattern)
    shapes = muscles(root, "secondary")
    assert {title_of(shape) for shape in shapes} == {"Hamstrings (secondary)", "Core (secondary)"}
    assert all(shape.get("fill") == "url(#ex3-hatch)" for shape in shapes)


def test_every_muscle_can_be_drawn_on_the_figure():
    keys = list(MUSCLES)
    root = ET.fromstring(
        render_figure(standing(), alt="All.", primary=keys[:5], secondary=keys[5:])
    )
    titles = [title_of(el) for el in muscles(root, "primary") + muscles(root, "secondary")]
    assert sorted(titles) == sorted(
        [f"{MUSCLES[k]} (primary)" for k in keys[:5]]
        + [f"{MUSCLES[k]} (secondary)" for k in keys[5:]]
    )


def test_figures_on_one_page_get_distinct_ids():
    ids = [
        el.get("id")
        for prefix in ("a", "b")
        for el in ET.fromstring(
            render_figure(standing(), alt="x", secondary=["core"], id_prefix=prefix)
        ).iter()
        if el.get("id")
    ]
    assert len(ids) == len(set(ids))
    assert {i.split("-")[0] for i in ids} == {"a", "b"}
    assert "a-hatch" in ids and "b-hatch" in ids


@pytest.mark.parametrize(
    ("primary", "secondary"),
    [
        (["glutes"], []),
        ([], ["core", "abs"]),
        ([3], []),
        ([None], []),
        (["core"], ["core"]),
        (42, []),
    ],
)
def test_unknown_or_conflicting_muscles_are_refused(primary, secondary):
    with pytest.raises(PoseError):
        render_figure(standing(), alt="x", primary=primary, secondary=secondary)
    with pytest.raises(PoseError):
        render_muscle_map(primary=primary, secondary=secondary)


@pytest.mark.parametrize("alt", ["", "   ", None, 5])
def test_a_figure_needs_alt_text(alt):
    with pytest.raises(PoseError):
        render_figure(standing(), alt=alt)


def test_alt_text_is_escaped():
    alt = 'Knees "bent" <90° & feet\x00 flat'
    root = ET.fromstring(render_figure(standing(), alt=alt))
    assert root.get("aria-label") == 'Knees "bent" <90° & feet flat'


# --- The skeleton -----------------------------------------------------------------------------


def body_of(svg: str) -> ET.Element:
    return next(el for el in ET.fromstring(svg).iter() if "body" in classes(el))


def test_one_joint_moves_only_its_own_group():
    """Bending the near elbow changes one rotate(); the forearm and hand move with it."""
    before = body_of(render_figure(standing(elbow_right=10), alt="x"))
    after = body_of(render_figure(standing(elbow_right=60), alt="x"))
    changed = [
        (a.attrib, b.attrib)
        for a, b in zip(before.iter(), after.iter(), strict=True)
        if a.attrib != b.attrib
    ]
    assert len(changed) == 1
    old, new = changed[0]
    assert old["transform"].endswith("rotate(-10)") and new["transform"].endswith("rotate(-60)")
    forearm = next(el for el in after.iter() if el.get("transform") == new["transform"])
    assert len(forearm.findall(f"{SVG}path")) == 1 and forearm.find(f"{SVG}circle") is not None


def test_limbs_nest_from_the_pelvis_down():
    """Within each layer of the body: pelvis > thigh > shin > foot, and pelvis > trunk >
    upper arm > forearm."""
    layers = [
        el.find(f"{SVG}g")
        for el in ET.fromstring(render_figure(standing(), alt="x")).iter()
        if "silhouette" in classes(el)
    ]

    def depth_of_deepest_group(element, depth=0):
        groups = element.findall(f"{SVG}g")
        return max((depth_of_deepest_group(g, depth + 1) for g in groups), default=depth)

    assert [depth_of_deepest_group(layer) for layer in layers] == [4, 4, 4, 4]


@pytest.mark.parametrize("posture", POSTURES)
@pytest.mark.parametrize("prop", PROPS)
def test_every_posture_and_prop_renders_or_is_refused_plainly(posture, prop):
    try:
        pose = parse_pose({"posture": posture, "props": [prop]})
    except PoseError as error:  # lying flat with a sofa at the shoulders: the head in it
        assert (posture, prop) == ("lying-back", "sofa")
        assert "would go through the sofa" in str(error)
        return
    for mirrored in (False, True):
        svg = render_figure(pose, alt=posture, mirrored=mirrored, primary=list(MUSCLES))
        root = ET.fromstring(svg)
        drawn = {c.removeprefix("prop--") for el in root.iter() for c in classes(el)}
        assert prop in drawn or (prop == "floor" and posture == "lying-side")
        assert len(svg.encode()) < 8_000
        assert_no_inline_style(svg)


# --- Validating poses -------------------------------------------------------------------------


def test_pose_round_trips_through_data():
    data = {"posture": "lying-back", "angles": {"knee_left": 100, "hip_left": 45.5}, "props": []}
    pose = parse_pose(data)
    out = pose_to_data(pose)
    assert out == {
        "posture": "lying-back",
        "angles": {"hip_left": 45.5, "knee_left": 100},  # joints in JOINT_LIMITS order
        "props": [],
    }
    assert list(out) == ["posture", "angles", "props"]
    assert parse_pose(json.loads(json.dumps(out))) == pose


def test_missing_angles_and_props_use_defaults():
    assert parse_pose({"posture": "sitting"}) == Pose("sitting", {}, ())


def drawn_or_refused_plainly(data) -> Pose | None:
    """parse_pose(data), or None when the pose would put part of the body through the floor
    or a prop, which is the only drawing problem a valid set of angles may have."""
    try:
        return parse_pose(data)
    except PoseError as error:
        assert re.fullmatch(
            r"The [a-z ]+ would go through the [a-z]+\. Change the angles .*\.", str(error)
        )
        return None


@pytest.mark.parametrize("joint", JOINT_LIMITS)
def test_joint_limits_are_inclusive(joint):
    low, high = JOINT_LIMITS[joint]
    drawn = 0
    for value in (low, high):
        for posture in POSTURES:
            pose = drawn_or_refused_plainly({"posture": posture, "angles": {joint: value}})
            if pose:
                ET.fromstring(render_figure(pose, alt="x"))
                drawn += 1
    assert drawn  # some posture takes each extreme (upside down, most go through the floor)


@pytest.mark.parametrize("joint", JOINT_LIMITS)
def test_joint_limits_refuse_just_outside(joint):
    low, high = JOINT_LIMITS[joint]
    part, _, side = joint.partition("_")
    for value in (low - 0.5, high + 0.5):
        with pytest.raises(PoseError) as caught:
            parse_pose({"posture": "standing", "angles": {joint: value}})
        message = str(caught.value)
        assert part.capitalize() in message and side in message
        assert f"{low:g}°" in message and f"{high:g}°" in message


def test_error_messages_read_as_sentences():
    with pytest.raises(PoseError) as caught:
        parse_pose({"posture": "standing", "angles": {"knee_left": 200}})
    assert str(caught.value) == "Knee (left) must be between 0° and 150°; you gave 200°."


@pytest.mark.parametrize(
    "data",
    [
        None,
        "standing",
        ["standing"],
        42,
        {},
        {"posture": "flying"},
        {"posture": None},
        {"posture": ["standing"]},
        {"posture": "standing", "colour": "red"},
        {"posture": "standing", "angles": {"hip": 10}},
        {"posture": "standing", "angles": {"HIP_LEFT": 10}},
        {"posture": "standing", "angles": {1: 10}},
        {"posture": "standing", "angles": {"hip_left": "10"}},
        {"posture": "standing", "angles": {"hip_left": None}},
        {"posture": "standing", "angles": {"hip_left": True}},
        {"posture": "standing", "angles": {"hip_left": False}},
        {"posture": "standing", "angles": {"hip_left": math.nan}},
        {"posture": "standing", "angles": {"hip_left": math.inf}},
        {"posture": "standing", "angles": {"hip_left": -math.inf}},
        {"posture": "standing", "angles": {"hip_left": 10**400}},
        {"posture": "standing", "angles": {"hip_left": -(10**400)}},
        {"posture": "standing", "angles": {"hip_left": 1e308}},
        {"posture": "standing", "angles": {"hip_left": [10]}},
        {"posture": "standing", "angles": {"hip_left": {"deg": 10}}},
        {"posture": "standing", "angles": [["hip_left", 10]]},
        {"posture": "standing", "angles": "hip_left=10"},
        {"posture": "standing", "props": "floor"},
        {"posture": "standing", "props": ["trampoline"]},
        {"posture": "standing", "props": [["floor"]]},
        {"posture": "standing", "props": [None]},
        {"posture": "standing", "props": {"floor": True}},
    ],
)
def test_bad_pose_data_raises_pose_error(data):
    with pytest.raises(PoseError) as caught:
        parse_pose(data)
    assert str(caught.value).endswith(".")
    assert len(str(caught.value)) < 400


JSON = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=12,
)


@settings(max_examples=300)
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "posture": st.sampled_from(POSTURES) | JSON,
            "angles": st.dictionaries(st.sampled_from(list(JOINT_LIMITS)) | st.text(), JSON) | JSON,
            "props": st.lists(st.sampled_from(PROPS) | JSON) | JSON,
        },
    )
    | JSON
)
def test_garbage_never_raises_anything_but_pose_error(data):
    try:
        pose = parse_pose(data)
    except PoseError:
        return
    ET.fromstring(render_figure(pose, alt="fuzz"))


@settings(max_examples=150)
@given(
    st.sampled_from(POSTURES),
    st.fixed_dictionaries(
        {},
        optional={
            joint: st.floats(low, high, allow_nan=False)
            for joint, (low, high) in JOINT_LIMITS.items()
        },
    ),
    st.lists(st.sampled_from(PROPS), unique=True),
    st.booleans(),
)
def test_any_valid_pose_renders_small_valid_svg_inside_its_crop(posture, angles, props, mirrored):
    pose = drawn_or_refused_plainly({"posture": posture, "angles": angles, "props": props})
    if pose is None:
        return
    svg = render_figure(
        pose, alt="x", primary=HIP_MUSCLES[:3], secondary=HIP_MUSCLES[3:], mirrored=mirrored
    )
    ET.fromstring(svg)
    assert len(svg.encode()) < 8_000
    frames = draw_frames([pose])
    drawing, crop = frames.drawing(0), frames.crop
    assert crop.left <= drawing.left and drawing.right <= crop.right
    assert crop.top <= drawing.top and drawing.bottom <= crop.bottom


def test_pose_built_in_code_is_checked_when_rendered():
    with pytest.raises(PoseError):
        render_figure(Pose("standing", {"knee_left": -5}), alt="x")
    with pytest.raises(PoseError):
        render_figure({"posture": "standing"}, alt="x")


# --- The muscle map ---------------------------------------------------------------------------


def regions(svg: str, prefix: str = "map") -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    return {
        el.get("id").removeprefix(f"{prefix}-"): el
        for el in root.iter()
        if "map-region" in classes(el)
    }


def test_muscle_map_has_a_titled_region_per_hip_muscle():
    svg = render_muscle_map()
    found = regions(svg)
    assert sorted(found) == sorted(HIP_MUSCLES)
    for key, region in found.items():
        assert classes(region) == {"map-region"}
        assert title_of(region) == MUSCLES[key]
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.get("aria-label")
    assert len(svg.encode()) < 10_000
    assert svg == render_muscle_map()
    assert_no_inline_style(svg)


def test_muscle_map_highlights_the_right_regions():
    svg = render_muscle_map(
        primary=["gluteus-medius"],
        secondary=["gluteus-minimus", "gluteus-maximus"],
        id_prefix="m2",
    )
    found = regions(svg, "m2")
    assert classes(found["gluteus-medius"]) == {"map-region", "muscle", "muscle--primary"}
    assert title_of(found["gluteus-medius"]) == "Gluteus medius (worked hard)"
    for key in ("gluteus-minimus", "gluteus-maximus"):
        assert "muscle--secondary" in classes(found[key])
        assert title_of(found[key]).endswith("(also worked)")
        # Hatched on the shapes themselves, which a .map-region { fill } rule cannot override.
        shapes = found[key].findall(f"{SVG}path")
        assert len(shapes) == 2  # left and right
        assert all(shape.get("fill") == "url(#m2-hatch)" for shape in shapes)
        assert found[key].get("fill") == "url(#m2-hatch)"
    for key in ("hamstrings", "adductors", "hip-flexors", "tensor-fasciae-latae"):
        assert classes(found[key]) == {"map-region"}
        assert "fill" not in found[key].attrib
        assert all("fill" not in shape.attrib for shape in found[key])
    assert found["gluteus-minimus"].get("stroke-dasharray")  # deep: drawn dashed
    label = ET.fromstring(svg).get("aria-label")
    assert "Worked hard: gluteus medius." in label
    assert "Also worked: gluteus minimus, gluteus maximus." in label
    assert ET.fromstring(svg).find(f"{SVG}defs/{SVG}pattern").get("id") == "m2-hatch"


def test_muscle_map_labels_are_12_px_or_more_where_the_map_is_300_px_wide():
    """The stylesheet never shows the map narrower than 300 px (tests/browser measure it)."""
    root = ET.fromstring(render_muscle_map())
    width = float(root.get("viewBox").split()[2])
    sizes = [float(el.get("font-size")) for el in root.iter() if el.get("font-size")]
    texts = [el for el in root.iter() if el.tag == f"{SVG}text"]
    assert sizes and all(text.get("font-size") is None for text in texts)  # one size for all
    assert min(sizes) * 300 / width >= 12
    labels = ["".join(text.itertext()) for text in texts]
    assert "Gluteus minimus(deep)" in labels  # still shown as deep, under gluteus medius


def test_figures_module_does_not_need_django():
    code = "import sys, education.figures; assert 'django' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=EXERCISE_FILES.parents[2])
