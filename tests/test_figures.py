"""The exercise figure renderer and the hip muscle map (no database, no Django needed)."""

import json
import math
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from education.figures import (
    JOINT_LIMITS,
    MUSCLES,
    POSTURES,
    PROPS,
    Pose,
    PoseError,
    parse_pose,
    pose_to_data,
    render_figure,
    render_muscle_map,
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
    pytest.param(exercise, frame, id=f"{exercise['slug']}-{number}")
    for exercise in EXERCISES
    for number, frame in enumerate(exercise["frame"], start=1)
]


def frame_pose(frame: dict) -> Pose:
    return parse_pose({key: frame[key] for key in ("posture", "angles", "props") if key in frame})


def render_frame(exercise: dict, frame: dict, **options) -> str:
    return render_figure(
        frame_pose(frame),
        alt=frame["alt"],
        primary=exercise.get("primary", ()),
        secondary=exercise.get("secondary", ()),
        **options,
    )


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


@pytest.mark.parametrize(("exercise", "frame"), FRAMES)
def test_every_frame_renders_valid_accessible_svg(exercise, frame):
    svg = render_frame(exercise, frame)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == frame["alt"]
    assert root.find(f"{SVG}title").text == frame["alt"]
    assert root.get("viewBox") == "0 0 240 180"  # one size, so frames line up
    assert "figure" in classes(root)
    assert len(svg.encode()) < 10_000
    assert svg == render_frame(exercise, frame)  # deterministic
    assert_no_inline_style(svg)


@pytest.mark.parametrize(("exercise", "frame"), FRAMES)
def test_frames_are_mirrored_with_one_transform(exercise, frame):
    plain = render_frame(exercise, frame)
    mirrored = render_frame(exercise, frame, mirrored=True)
    flip = ' transform="translate(240 0) scale(-1 1)"'
    assert mirrored.count(flip) == 1
    assert mirrored.replace(flip, "") == plain  # the same drawing, not a second one
    group = ET.fromstring(mirrored).find(f"{SVG}g")
    assert group.get("transform") == flip.split('"')[1]
    assert "body" in {c for el in group.iter() for c in classes(el)}


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
    assert ids == ["a-hatch", "b-hatch"]


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


def test_one_joint_moves_only_its_own_group():
    """Bending the near elbow changes one rotate(); the forearm and hand move with it."""
    before = ET.fromstring(render_figure(standing(elbow_right=10), alt="x"))
    after = ET.fromstring(render_figure(standing(elbow_right=60), alt="x"))
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
    body = next(
        el
        for el in ET.fromstring(render_figure(standing(), alt="x")).iter()
        if "body" in classes(el)
    )

    def depth_of_deepest_group(element, depth=0):
        groups = element.findall(f"{SVG}g")
        return max((depth_of_deepest_group(g, depth + 1) for g in groups), default=depth)

    # pelvis > thigh > shin > foot, and pelvis > trunk layer > upper arm > forearm
    assert depth_of_deepest_group(body) == 3


@pytest.mark.parametrize("posture", POSTURES)
@pytest.mark.parametrize("mirrored", [False, True])
def test_every_posture_and_prop_renders(posture, mirrored):
    pose = parse_pose({"posture": posture, "props": list(PROPS)})
    svg = render_figure(pose, alt=posture, mirrored=mirrored, primary=list(MUSCLES))
    root = ET.fromstring(svg)
    drawn = {c.removeprefix("prop--") for el in root.iter() for c in classes(el)}
    assert set(PROPS) <= drawn
    assert len(svg.encode()) < 10_000
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


@pytest.mark.parametrize("joint", JOINT_LIMITS)
def test_joint_limits_are_inclusive(joint):
    low, high = JOINT_LIMITS[joint]
    for value in (low, high):
        pose = parse_pose({"posture": "standing", "angles": {joint: value}})
        for posture in POSTURES:
            ET.fromstring(render_figure(Pose(posture, pose.angles), alt="x"))


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


@settings(max_examples=300, deadline=None)
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


@settings(max_examples=150, deadline=None)
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
def test_any_valid_pose_renders_small_valid_svg(posture, angles, props, mirrored):
    pose = parse_pose({"posture": posture, "angles": angles, "props": props})
    svg = render_figure(
        pose, alt="x", primary=HIP_MUSCLES[:3], secondary=HIP_MUSCLES[3:], mirrored=mirrored
    )
    ET.fromstring(svg)
    assert len(svg.encode()) < 10_000


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


def test_figures_module_does_not_need_django():
    code = "import sys, education.figures; assert 'django' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=EXERCISE_FILES.parents[2])
