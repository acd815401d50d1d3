"""Exercise figures and a hip muscle map, drawn as inline SVG from poses.

One figure, one style: a gender-neutral person with volume (limbs and torso filled in one
neutral tone inside a darker outline), posed through a hierarchy of SVG groups (pelvis > thigh
> shin > foot, pelvis > trunk > head, trunk > upper arm > forearm), so changing one joint
moves everything below it. The far limbs are paler, the limb that moves has a heavier outline,
and the worked muscles sit on the near side: solid for primary, hatched for secondary.

The figure stands, sits or lies on the floor or on its props (mat, step, chair, sofa,
counter), which are drawn to the figure's scale. A pose that would put part of the body
through the floor or a prop is refused with a sentence an editor can act on.

Each picture is cropped to its drawing. The frames of one exercise share one crop, so start
and end positions have the same scale and the movement reads as a change, not a zoom; each
frame carries an arrow for the movement to the next one (the last one's goes back to the
start).

The words readers see (muscle names, the map's labels and descriptions) are marked with
gettext_noop or gettext for makemessages; `translation` turns them into the reader's language,
and the education app points it at Django's gettext (apps.py). Alone, the module draws in English.

Nothing here uses inline styles (the site's Content-Security-Policy forbids them): colours
come from the stylesheets through classes; everything else is presentation attributes. No
Django imports, so content checks and tests can use this module alone.
"""

from __future__ import annotations

import itertools
import math
import re
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from xml.sax.saxutils import escape

# Translates the words below into the reader's language (see the module's docstring).
translation: Callable[[str], str] = str


def gettext(text: str) -> str:
    """`text` in the reader's language."""
    return translation(text)


def gettext_noop(text: str) -> str:
    """Marks `text` for translation where it is defined; gettext() translates it when shown."""
    return text


# The muscles' names in English (editors' choices and messages); gettext(name) for readers.
MUSCLES: dict[str, str] = {
    "gluteus-maximus": gettext_noop("Gluteus maximus"),
    "gluteus-medius": gettext_noop("Gluteus medius"),
    "gluteus-minimus": gettext_noop("Gluteus minimus"),
    "tensor-fasciae-latae": gettext_noop("Tensor fasciae latae"),
    "hamstrings": gettext_noop("Hamstrings"),
    "hip-flexors": gettext_noop("Hip flexors"),
    "adductors": gettext_noop("Adductors"),
    "quadriceps": gettext_noop("Quadriceps"),
    "core": gettext_noop("Core"),
    "calves": gettext_noop("Calves"),
}
# A worked muscle's name on a figure, by how hard it works.
MUSCLE_TITLES = {
    "primary": gettext_noop("%(muscle)s (primary)"),
    "secondary": gettext_noop("%(muscle)s (secondary)"),
}

PROPS: tuple[str, ...] = (
    "floor", "mat", "step", "chair", "sofa", "counter", "wall", "band", "towel"
)  # fmt: skip

# Degrees. Conventions (figure facing right, as drawn without mirroring):
#   pelvis   whole-body rotation, positive = clockwise on the page
#   trunk    positive = lean forward (flexion) relative to the pelvis
#   neck     positive = nod forward
#   hip      positive = thigh forward/up (flexion), negative = thigh back (extension);
#            lying on the side, how far the top knee opens upwards
#   knee     positive = bend (heel towards buttock); 0 = straight
#   ankle    positive = toes up towards the shin, negative = toes pointed
#   shoulder positive = arm forward/up (flexion), negative = arm back
#   elbow    positive = bend (hand towards shoulder); 0 = straight
JOINT_LIMITS: dict[str, tuple[float, float]] = {
    "pelvis": (-180, 180),
    "trunk": (-40, 100),
    "neck": (-40, 60),
    "hip_left": (-40, 140),
    "hip_right": (-40, 140),
    "knee_left": (0, 150),
    "knee_right": (0, 150),
    "ankle_left": (-90, 40),
    "ankle_right": (-90, 40),
    "shoulder_left": (-60, 180),
    "shoulder_right": (-60, 180),
    "elbow_left": (0, 150),
    "elbow_right": (0, 150),
}

_JOINT_NAMES = {
    "pelvis": "Pelvis (whole body)",
    "trunk": "Trunk",
    "neck": "Neck",
    **{
        f"{part}_{side}": f"{part.capitalize()} ({side})"
        for part in ("hip", "knee", "ankle", "shoulder", "elbow")
        for side in ("left", "right")
    },
}


class PoseError(ValueError):
    """A pose or figure request that cannot be drawn; the message is meant for editors."""


# --- Body and props, in drawing units (a standing figure is about 140 tall, 1 unit ~ 1.2 cm) --

CM_PER_UNIT = 1.2
TRUNK = 41  # hip joint to the base of the neck
SHOULDER = TRUNK - 3  # hip joint to shoulder joint: a little below the neck
THIGH = 35
SHIN = 33
UPPER_ARM = 26
FOREARM = 23
HEAD_R = 9.5
HEAD_Y = -14  # the head's centre above the top of the neck
# Outline radii at each joint: tapering reads as a limb.
R_PELVIS, R_CHEST = 11, 10.5
R_HIP, R_KNEE, R_ANKLE = 8.6, 5.6, 3.8
R_SHOULDER, R_ELBOW, R_WRIST, R_HAND = 5, 4, 3.2, 3.6
SITTING_BONES = 7  # below the hip joints: what rests on a seat (the buttocks give a little)
DEPTH = 0.6  # lying on the side, how far "towards the viewer" shows as down the page
PLANK_DEPTH = 0.35  # the same in a side plank, seen more from the front
FLOOR_Y = 0
MAT_H = 2.5  # an exercise mat, about 3 cm
STEP_H = 18  # a stair step, about 22 cm
CHAIR_H = 36  # seat height, about 44 cm
CHAIR_DEPTH = 36
SOFA_H = 33  # sofa seat or a low bench, about 40 cm
SOFA_DEPTH = 62
COUNTER_H = 74  # kitchen counter, about 90 cm
TOUCH = 2.5  # how far a part may sink into a surface before it counts as going through it
MARGIN = 5  # around the drawing, inside the crop


@dataclass(frozen=True)
class _Posture:
    pelvis: float  # default whole-body rotation
    defaults: Mapping[str, float]
    rests_on: str  # what carries the weight: "feet", "seat", "back", "knees", "side", "lowest"
    anchor: str  # what stays put from frame to frame: "feet", "front-foot", "knees", "pelvis"
    legs: str = "side"  # "side": in the picture plane; "clamshell"; "oblique" (bends behind)
    flat_feet: bool = True  # ankles not given are set so the feet lie flat, when possible
    head_and_arms_rest: bool = False  # on the floor, however the trunk tilts
    near_offset: tuple[float, float] = (0, 0)  # near hip and shoulder, lying on the side
    floor_patch: bool = False  # the floor seen from above (a patch), not edge-on (a line)
    pale_far_side: bool = True  # paler far limbs; not when they carry the weight
    moving_parts: tuple[str, ...] = ()  # what an arrow may follow, if not any part


def _both(**angles: float) -> dict[str, float]:
    """Expand hip=30 into hip_left=30, hip_right=30."""
    out = {}
    for name, value in angles.items():
        if name in JOINT_LIMITS:
            out[name] = value
        else:
            out[f"{name}_left"] = out[f"{name}_right"] = value
    return out


_ARMS_DOWN = _both(shoulder=4, elbow=12)
_POSTURE_TABLE: dict[str, _Posture] = {
    "standing": _Posture(0, _ARMS_DOWN, "feet", "feet"),
    # Right foot forward; the back heel is up and both feet touch the floor.
    "split-stance": _Posture(
        0,
        _both(hip_right=28, knee_right=4, hip_left=-31, knee_left=14, ankle_left=-35) | _ARMS_DOWN,
        "feet",
        "front-foot",
    ),
    "sitting": _Posture(0, _both(hip=80, knee=80, shoulder=20, elbow=50), "seat", "pelvis"),
    "kneeling": _Posture(
        0, _both(knee=90, ankle=-90) | _ARMS_DOWN, "knees", "knees", flat_feet=False
    ),
    # Head to the left, face up. The arms lie on the floor beside the body.
    "lying-back": _Posture(
        -90, _both(shoulder=-12, elbow=12), "back", "feet", head_and_arms_rest=True
    ),
    # Lying on the left side, seen from the front and a little above: the body's front
    # faces down the page, so hip and knee bends show and the top knee opens upwards in
    # the picture plane. Head to the right, resting on the lower arm.
    "lying-side": _Posture(
        90,
        _both(knee=90, shoulder_left=170, elbow_left=10, shoulder_right=60, elbow_right=20),
        "side",
        "pelvis",
        legs="clamshell",
        flat_feet=False,
        near_offset=(-8, 0),
        floor_patch=True,
    ),
    # Seen like lying-side (head to the right, front of the body down the page), up on the
    # left forearm; knees bent behind the body show as shins rising behind the knees.
    "side-plank": _Posture(
        82,
        _both(shoulder_left=82, elbow_left=90, shoulder_right=0, elbow_right=10),
        "lowest",
        "knees",
        legs="oblique",
        flat_feet=False,
        near_offset=(-8, 0),
        pale_far_side=False,
        # The lower legs rest on the floor behind; only the hips lift.
        moving_parts=("hips",),
    ),
}
POSTURES: tuple[str, ...] = tuple(_POSTURE_TABLE)


# --- Validation -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Pose:
    posture: str
    angles: Mapping[str, float]
    props: tuple[str, ...] = ()


def _show(value: object) -> str:
    """A short, readable rendering of an editor's value for an error message."""
    if isinstance(value, str):
        text = f'"{value}"'
    elif isinstance(value, float | int) and not isinstance(value, bool):
        text = _deg(value)
    else:
        text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _deg(value: float) -> str:
    """Degrees as an editor would type them: 30, -12.5, 1e+300, 1234567890123..."""
    if isinstance(value, float):
        return f"{value:g}"
    text = str(value)  # an int: maybe huge, so never through float()
    return text if len(text) <= 12 else text[:12] + "..."


def _choices(names: Iterable[str]) -> str:
    return ", ".join(names)


def _angle(joint: str, value: object) -> float:
    name = _JOINT_NAMES[joint]
    # bool is an int in Python, but "true" is never a sensible angle.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PoseError(f"{name} must be a number of degrees; you gave {_show(value)}.")
    if isinstance(value, float) and not math.isfinite(value):
        raise PoseError(f"{name} must be an ordinary number of degrees; you gave {_show(value)}.")
    low, high = JOINT_LIMITS[joint]
    if not low <= value <= high:  # compared before float(): huge ints would overflow
        raise PoseError(
            f"{name} must be between {_deg(low)}° and {_deg(high)}°; you gave {_deg(value)}°."
        )
    return float(value)


def parse_pose(data) -> Pose:
    """Validate untrusted data (a dict decoded from JSON typed by an editor) into a Pose.

    Accepted shape: {"posture": "standing", "angles": {"hip_left": 30}, "props": ["step"]}.
    Every problem raises PoseError with a sentence an editor can act on, including a body
    part that would go through the floor or a prop.
    """
    pose = _validated(data)
    _place(pose)  # refuses a body part through the floor or a prop
    return pose


def _validated(data) -> Pose:
    """The pose's shape and values checked, without drawing it."""
    if not isinstance(data, Mapping):
        raise PoseError(
            'A pose must be a set of named values, like {"posture": "standing"}; '
            f"you gave {_show(data)}."
        )
    for key in data:
        if key not in ("posture", "angles", "props"):
            raise PoseError(
                f'Unexpected setting {_show(key)} in the pose; only "posture", "angles" and '
                '"props" are allowed.'
            )
    posture = data.get("posture")
    if not isinstance(posture, str) or posture not in _POSTURE_TABLE:
        raise PoseError(
            f"Unknown posture {_show(posture)}; choose one of: {_choices(POSTURES)}."
            if "posture" in data
            else f'The pose needs a "posture", one of: {_choices(POSTURES)}.'
        )
    return Pose(posture=posture, angles=_parse_angles(data), props=_parse_props(data))


def _parse_angles(data: Mapping) -> dict[str, float]:
    raw_angles = data.get("angles", {})
    if not isinstance(raw_angles, Mapping):
        raise PoseError('"angles" must be joint names with degrees, like {"hip_left": 30}.')
    angles = {}
    for joint, value in raw_angles.items():
        if not isinstance(joint, str) or joint not in JOINT_LIMITS:
            raise PoseError(f"Unknown joint {_show(joint)}; joints are: {_choices(JOINT_LIMITS)}.")
        angles[joint] = _angle(joint, value)
    # Canonical joint order keeps pose_to_data() and the drawing deterministic.
    return {joint: angles[joint] for joint in JOINT_LIMITS if joint in angles}


def _parse_props(data: Mapping) -> tuple[str, ...]:
    raw_props = data.get("props", ())
    if not isinstance(raw_props, list | tuple):
        raise PoseError('"props" must be a list, like ["floor", "chair"].')
    props: list[str] = []
    for prop in raw_props:
        if not isinstance(prop, str) or prop not in PROPS:
            raise PoseError(f"Unknown prop {_show(prop)}; props are: {_choices(PROPS)}.")
        if prop not in props:  # a repeated prop is harmless; draw it once
            props.append(prop)
    return tuple(props)


def pose_to_data(pose: Pose) -> dict:
    """The inverse of parse_pose: JSON-serialisable, in a stable key order."""
    angles = {j: pose.angles[j] for j in JOINT_LIMITS if j in pose.angles}
    return {
        "posture": pose.posture,
        "angles": {j: int(v) if float(v).is_integer() else v for j, v in angles.items()},
        "props": list(pose.props),
    }


def _checked(pose: object) -> Pose:
    """Re-validate a Pose built in code rather than through parse_pose."""
    if not isinstance(pose, Pose):
        raise PoseError(f"Expected a Pose; got {_show(pose)}.")
    return _validated({"posture": pose.posture, "angles": pose.angles, "props": pose.props})


def _muscle_keys(primary: object, secondary: object) -> tuple[tuple[str, ...], tuple[str, ...]]:
    lists = []
    for label, keys in (("primary", primary), ("secondary", secondary)):
        if isinstance(keys, str):
            keys = (keys,)
        if not isinstance(keys, Iterable):
            raise PoseError(f"The {label} muscles must be a list; you gave {_show(keys)}.")
        checked = []
        for key in keys:
            if not isinstance(key, str) or key not in MUSCLES:
                raise PoseError(f"Unknown muscle {_show(key)}; muscles are: {_choices(MUSCLES)}.")
            if key not in checked:
                checked.append(key)
        lists.append(tuple(checked))
    both = [key for key in lists[0] if key in lists[1]]
    if both:
        raise PoseError(f"{MUSCLES[both[0]]} is listed as both primary and secondary.")
    return lists[0], lists[1]


# --- Geometry ---------------------------------------------------------------------------------


def _n(value: float) -> str:
    """Numbers for SVG: one decimal, no trailing zero, no "-0" (keeps output byte-stable)."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass(frozen=True)
class _Affine:
    """A 2-D affine map (SVG matrix a b c d e f), for finding where joints land."""

    a: float = 1
    b: float = 0
    c: float = 0
    d: float = 1
    e: float = 0
    f: float = 0

    def then(self, other: _Affine) -> _Affine:
        """self applied after other: self(other(p))."""
        return _Affine(
            self.a * other.a + self.c * other.b,
            self.b * other.a + self.d * other.b,
            self.a * other.c + self.c * other.d,
            self.b * other.c + self.d * other.d,
            self.a * other.e + self.c * other.f + self.e,
            self.b * other.e + self.d * other.f + self.f,
        )

    def __call__(self, x: float, y: float) -> tuple[float, float]:
        return (self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f)

    @staticmethod
    def joint(x: float, y: float, degrees: float) -> _Affine:
        rad = math.radians(degrees)
        cos, sin = math.cos(rad), math.sin(rad)
        return _Affine(cos, sin, -sin, cos, x, y)


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle on the page."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def area(self) -> float:
        return self.width * self.height

    def union(self, other: Box) -> Box:
        return Box(
            min(self.left, other.left),
            min(self.top, other.top),
            max(self.right, other.right),
            max(self.bottom, other.bottom),
        )

    def grown(self, by: float) -> Box:
        return Box(self.left - by, self.top - by, self.right + by, self.bottom + by)

    @staticmethod
    def around(points: Iterable[tuple[float, float, float]]) -> Box:
        """The box around circles given as (x, y, radius)."""
        circles = list(points)
        return Box(
            min(x - r for x, _, r in circles),
            min(y - r for _, y, r in circles),
            max(x + r for x, _, r in circles),
            max(y + r for _, y, r in circles),
        )


def _capsule(length: float, r1: float, r2: float, *, up: bool = False, start: float = 0) -> str:
    """Outline of a tapered limb from (0, start), radius r1, to `length` further down (or up).

    Two circles joined by their outer tangents; sin(phi) = (r1 - r2) / length tilts the
    tangent lines so they meet each circle at a right angle.
    """
    s = (r1 - r2) / length
    c = math.sqrt(1 - s * s)
    k = -1 if up else 1  # flipping y also flips the direction the arcs sweep
    x1, y1, x2, y2 = r1 * c, start + k * r1 * s, r2 * c, start + k * (length + r2 * s)
    big = 1 if s > 0 else 0  # the wider end's arc is the larger one
    sweep = 1 if up else 0
    return (
        f"M{_n(-x1)} {_n(y1)}L{_n(-x2)} {_n(y2)}"
        f"A{_n(r2)} {_n(r2)} 0 {1 - big} {sweep} {_n(x2)} {_n(y2)}"
        f"L{_n(x1)} {_n(y1)}A{_n(r1)} {_n(r1)} 0 {big} {sweep} {_n(-x1)} {_n(y1)}Z"
    )


# --- The skeleton -----------------------------------------------------------------------------

# Each bone's parent bone; parents come first.
_PARENT: dict[str, str | None] = {"pelvis": None, "trunk": "pelvis", "head": "trunk"}
for _side in ("left", "right"):
    _PARENT |= {
        f"upper_arm_{_side}": "trunk",
        f"forearm_{_side}": f"upper_arm_{_side}",
        f"thigh_{_side}": "pelvis",
        f"shin_{_side}": f"thigh_{_side}",
        f"foot_{_side}": f"shin_{_side}",
    }

# Plain names for the parts, for editors' messages.
_PART_NAMES = {
    "trunk": "body",
    "head": "head",
    **{
        f"{bone}_{side}": f"{side} {name}"
        for side in ("left", "right")
        for bone, name in (
            ("thigh", "knee"),
            ("shin", "lower leg"),
            ("foot", "foot"),
            ("forearm", "hand"),
        )
    },
}


@dataclass(frozen=True)
class _Skeleton:
    """A settled pose: each bone's joint (x, y, rotation) in its parent's frame, the drawn
    length of thighs and shins, and each bone's transform to the page."""

    joints: dict[str, tuple[float, float, float]]
    lengths: dict[str, float]
    world: dict[str, _Affine]

    def ends(self) -> list[tuple[str, float, float, float]]:
        """Round ends of every part on the page, as (bone, x, y, radius). The outline lies
        inside their hull, so they tell where the lowest point and the edges are."""
        local = [
            ("trunk", 0, 0, R_PELVIS),
            ("trunk", 0, -TRUNK + 8, R_CHEST),
            ("head", 0, HEAD_Y, HEAD_R),
        ]
        for side in ("left", "right"):
            local += [
                (f"thigh_{side}", 0, 0, R_HIP),
                (f"thigh_{side}", 0, self.lengths[f"thigh_{side}"], R_KNEE),
                (f"shin_{side}", 0, self.lengths[f"shin_{side}"], R_ANKLE),
                (f"foot_{side}", -2.5, 3.7, 2.5),  # heel
                (f"foot_{side}", 11.5, 4.2, 2),  # toes
                (f"forearm_{side}", 0, 0, R_ELBOW),
                (f"forearm_{side}", 0, FOREARM + 2, R_HAND),
            ]
        return [(bone, *self.world[bone](x, y), r) for bone, x, y, r in local]

    def point(self, bone: str, x: float = 0, y: float = 0) -> tuple[float, float]:
        return self.world[bone](x, y)

    def box(self) -> Box:
        return Box.around((x, y, r) for _, x, y, r in self.ends())

    def capsules(self) -> list[tuple[tuple[float, float], tuple[float, float], float]]:
        """The body as rounded segments (start, end, radius), for keeping arrows off it."""
        p = self.point
        out = [
            (p("trunk"), p("trunk", 0, -TRUNK + 8), R_PELVIS),
            (p("head", 0, HEAD_Y),) * 2 + (HEAD_R,),
        ]
        for side in ("left", "right"):
            thigh, shin, foot = f"thigh_{side}", f"shin_{side}", f"foot_{side}"
            arm, forearm = f"upper_arm_{side}", f"forearm_{side}"
            out += [
                (p(thigh), p(shin), R_HIP - 1),
                (p(shin), p(foot), R_KNEE - 1),
                (p(foot, -2, 3), p(foot, 11, 4), 3),
                (p(arm), p(forearm), R_SHOULDER - 0.5),
                (p(forearm), p(forearm, 0, FOREARM + 2), R_HAND),
            ]
        return out

    def moved(self, dx: float, dy: float) -> _Skeleton:
        x, y, degrees = self.joints["pelvis"]
        world = {bone: replace(t, e=t.e + dx, f=t.f + dy) for bone, t in self.world.items()}
        return _Skeleton({**self.joints, "pelvis": (x + dx, y + dy, degrees)}, self.lengths, world)


def _settle_angles(pose: Pose) -> dict[str, float]:
    posture = _POSTURE_TABLE[pose.posture]
    angles = {joint: 0.0 for joint in JOINT_LIMITS}
    angles["pelvis"] = posture.pelvis
    angles |= posture.defaults
    angles |= pose.angles
    if posture.head_and_arms_rest:
        # Lifting the hips tips the trunk; unless told otherwise, the head and the arms stay
        # resting on the floor, as they do in a bridge.
        tilt = angles["pelvis"] + angles["trunk"] - posture.pelvis
        for joint, value in (("neck", -tilt), ("shoulder_left", tilt), ("shoulder_right", tilt)):
            if joint not in pose.angles:
                low, high = JOINT_LIMITS[joint]
                angles[joint] = min(high, max(low, angles[joint] + value))
    if posture.flat_feet:
        # Unless told otherwise, turn each ankle so the sole is level with the floor, when
        # that is a comfortable ankle angle (not for a leg raised in the air).
        for side in ("left", "right"):
            joint = f"ankle_{side}"
            if joint not in pose.angles:
                level = angles["pelvis"] - angles[f"hip_{side}"] + angles[f"knee_{side}"]
                level = (level + 180) % 360 - 180
                angles[joint] = level if -45 <= level <= 35 else 0.0
    return angles


def _clamshell_leg(opening: float, knee: float) -> tuple[float, float, float, float]:
    """Thigh and shin of a leg lying on its side, as (thigh rotation, thigh length, knee
    rotation, shin length) in the pelvis frame.

    The hip bends forward half as far as the knee (the clamshell position). Opening turns the
    leg about the line from hip to ankle, so the knee lifts while the foot stays put; with a
    straight knee it becomes a plain side leg raise. Worked in 3-D (inferior, anterior, up)
    and drawn with "up" towards the back of the body, which is up the page.
    """
    flex, bend, turn = (math.radians(a) for a in (knee / 2, knee, opening))
    thigh = (math.cos(flex), math.sin(flex), 0.0)
    shin = (math.cos(flex - bend), math.sin(flex - bend), 0.0)
    reach = [THIGH * t + SHIN * s for t, s in zip(thigh, shin, strict=True)]
    size = math.hypot(*reach)
    blend = math.sin(bend)
    axis = [blend * r / size for r in reach]
    axis[1] -= 1 - blend
    size = math.hypot(*axis)
    axis = [a / size for a in axis]

    def turned(v):  # Rodrigues' rotation of v about axis
        cos, sin = math.cos(turn), math.sin(turn)
        cross = (
            axis[1] * v[2] - axis[2] * v[1],
            axis[2] * v[0] - axis[0] * v[2],
            axis[0] * v[1] - axis[1] * v[0],
        )
        dot = sum(a * b for a, b in zip(axis, v, strict=True))
        return [v[i] * cos + cross[i] * sin + axis[i] * dot * (1 - cos) for i in range(3)]

    def flat(v, length):  # to the pelvis frame: x = anterior - up, y = inferior
        return ((DEPTH * v[1] - v[2]) * length, v[0] * length)

    return _as_rotations(flat(turned(thigh), THIGH), flat(turned(shin), SHIN))


def _oblique_leg(hip: float, knee: float) -> tuple[float, float, float, float]:
    """A leg bending in the body's own plane, seen from the front and a little above (the
    side plank): forwards and backwards show foreshortened, up and down the page."""
    thigh, shin = math.radians(hip), math.radians(hip - knee)
    return _as_rotations(
        (PLANK_DEPTH * math.sin(thigh) * THIGH, math.cos(thigh) * THIGH),
        (PLANK_DEPTH * math.sin(shin) * SHIN, math.cos(shin) * SHIN),
    )


def _as_rotations(thigh, shin) -> tuple[float, float, float, float]:
    """Thigh and shin vectors in the pelvis frame as (thigh rotation, length, knee rotation,
    length): a bone drawn down its own y axis, turned clockwise by its rotation."""
    thigh_rot = math.degrees(math.atan2(-thigh[0], thigh[1]))
    shin_rot = math.degrees(math.atan2(-shin[0], shin[1]))
    return thigh_rot, math.hypot(*thigh), shin_rot - thigh_rot, math.hypot(*shin)


def _leg_rotations(posture: _Posture, hip: float, knee: float):
    if posture.legs == "clamshell":
        return _clamshell_leg(hip, knee)
    if posture.legs == "oblique":
        return _oblique_leg(hip, knee)
    # Anatomical angles to SVG rotations (clockwise, figure facing right): flexing the hip
    # turns the thigh anticlockwise.
    return -hip, THIGH, knee, SHIN


def _skeleton_from(joints, lengths) -> _Skeleton:
    world: dict[str, _Affine] = {}
    for bone, parent in _PARENT.items():
        local = _Affine.joint(*joints[bone])
        world[bone] = world[parent].then(local) if parent else local
    return _Skeleton(joints, lengths, world)


def _skeleton(angles: Mapping[str, float], posture: _Posture) -> _Skeleton:
    """The body from settled angles, with the pelvis at (0, 0)."""
    a = angles
    joints: dict[str, tuple[float, float, float]] = {
        "pelvis": (0, 0, a["pelvis"]),
        "trunk": (0, 0, a["trunk"]),
        "head": (0, -TRUNK - 1, a["neck"]),
    }
    lengths = {}
    for side in ("left", "right"):
        # The near (right) limbs sit a little up the page when lying on the side.
        ox, oy = posture.near_offset if side == "right" else (0, 0)
        thigh, lengths[f"thigh_{side}"], knee, lengths[f"shin_{side}"] = _leg_rotations(
            posture, a[f"hip_{side}"], a[f"knee_{side}"]
        )
        joints |= {
            # Flexing the shoulder or elbow, or pulling the toes up, turns anticlockwise.
            # The shoulder joint sits towards the back of the chest.
            f"upper_arm_{side}": (ox - 2, oy - SHOULDER, -a[f"shoulder_{side}"]),
            f"forearm_{side}": (0, UPPER_ARM, -a[f"elbow_{side}"]),
            f"thigh_{side}": (ox, oy, thigh),
            f"shin_{side}": (0, lengths[f"thigh_{side}"], knee),
            f"foot_{side}": (0, lengths[f"shin_{side}"], -a[f"ankle_{side}"]),
        }
    return _skeleton_from(joints, lengths)


# --- Placing the body on the floor and its props ----------------------------------------------


@dataclass(frozen=True)
class _Scene:
    """A pose placed on the page: the body, and where its props stand. A chair's seat and a
    sofa's seat end at x = 0, their front edge; the body is placed against them."""

    pose: Pose
    skeleton: _Skeleton
    step: tuple[float, float] = (0, 0)  # left and right of the stair step
    support_y: float = FLOOR_Y  # the surface the weight rests on

    @property
    def posture(self) -> _Posture:
        return _POSTURE_TABLE[self.pose.posture]

    def floor_y(self) -> float:
        """The top of what lies on the floor under the body: the mat, or the floor itself."""
        return FLOOR_Y - MAT_H if "mat" in self.pose.props else FLOOR_Y


def _place(pose: Pose, angles: Mapping[str, float] | None = None, *, check=True) -> _Scene:
    """Put the body on what carries its weight, line it up with its props, and (unless told
    not to, for the in-between poses of a movement) refuse a part that would go through the
    floor or a prop."""
    posture = _POSTURE_TABLE[pose.posture]
    body = _skeleton(angles or _settle_angles(pose), posture)
    ends = body.ends()
    floor = FLOOR_Y - MAT_H if "mat" in pose.props else FLOOR_Y
    resting = _resting_parts(posture, pose.props, ends)
    if posture.rests_on == "seat":  # on a chair's seat, whether or not the chair is drawn
        surface, lowest = floor - CHAIR_H, body.point("trunk")[1] + SITTING_BONES
    else:
        on_step = "step" in pose.props and posture.rests_on == "feet"
        surface = floor - STEP_H if on_step else floor
        lowest = max(y + r for bone, _, y, r in ends if bone in resting)
    scene = _Scene(pose, body.moved(0, surface - lowest), support_y=surface)
    scene = _line_up(scene, posture)
    if check:
        _refuse_collisions(scene, resting)
    return scene


def _resting_parts(posture: _Posture, props: tuple[str, ...], ends) -> set[str]:
    """The bones that carry the weight (the others must stay above the floor)."""
    all_bones = {bone for bone, *_ in ends}
    if posture.rests_on in ("side", "lowest") or (posture.rests_on == "back" and "sofa" in props):
        return all_bones
    return {
        "feet": {"foot_left", "foot_right"},
        "seat": {"trunk"},
        "back": {"trunk", "head"},
        "knees": {"thigh_left", "thigh_right"},
    }[posture.rests_on]


def _line_up(scene: _Scene, posture: _Posture) -> _Scene:
    """Move the body across the page so what stays put from frame to frame (the feet, the
    knees, or the pelvis) is at x = 0, or so it meets its chair, sofa or step."""
    body, props = scene.skeleton, scene.pose.props
    ends = body.ends()
    if "chair" in props and posture.rests_on in ("seat", "feet"):
        # The chair stays put; the seated pelvis is on it, the standing heels just in front.
        if posture.rests_on == "seat":
            target = body.point("trunk")[0] + R_PELVIS + 3
        else:
            target = min(x - r for bone, x, _, r in ends if bone.startswith("foot_")) - 3
        return replace(scene, skeleton=body.moved(-target, 0))
    if "sofa" in props and posture.rests_on == "back":
        return replace(scene, skeleton=body.moved(-_upper_back_on_sofa(body), 0))
    anchor = _anchor_x(body, posture, scene.support_y)
    body = body.moved(-anchor, 0)
    if "step" in props and posture.rests_on == "feet":
        heel, toes = _planted_foot(body)
        return replace(scene, skeleton=body, step=(heel - 4, toes + 32))
    return replace(scene, skeleton=body)


def _anchor_x(body: _Skeleton, posture: _Posture, support_y: float) -> float:
    """Where on the page the part that stays put is: the knees, the planted feet (or the
    front one), else the pelvis."""
    ends = body.ends()
    if posture.anchor == "knees":
        return sum(body.point(f"shin_{side}")[0] for side in ("left", "right")) / 2
    if posture.anchor in ("feet", "front-foot"):
        planted = sorted(
            {bone for bone, _, y, r in ends if bone.startswith("foot_") and y + r >= support_y - 2}
        )
        if planted and posture.anchor == "front-foot":
            return max(body.point(bone)[0] for bone in planted)
        if planted:
            return sum(body.point(bone)[0] for bone in planted) / len(planted)
    return body.point("trunk")[0]


def _planted_foot(body: _Skeleton) -> tuple[float, float]:
    """Heel and toe x of the lowest foot."""
    feet = [(x, y + r) for bone, x, y, r in body.ends() if bone.startswith("foot_")]
    lowest = max(bottom for _, bottom in feet)
    planted = [x for x, bottom in feet if bottom >= lowest - 2]
    return min(planted), max(planted)


def _upper_back_on_sofa(body: _Skeleton) -> float:
    """How far the sofa's front edge is from the origin so that the upper back (the chest end
    of the trunk) touches its front top corner: leaning on its front when low, resting on
    the edge when level with it."""
    cx, cy = body.point("trunk", 0, -TRUNK + 8)
    below_edge = cy - (FLOOR_Y - SOFA_H)
    if below_edge >= R_CHEST:  # lower than the seat: against its front
        return cx - R_CHEST
    # Level with the edge: on it. (Higher, it would float over the edge; the preview shows it.)
    return cx - math.sqrt(max(0.0, R_CHEST**2 - below_edge**2))


def _refuse_collisions(scene: _Scene, resting: set[str]) -> None:
    floor = scene.floor_y()
    solid = _solid_props(scene)
    for bone, x, y, r in scene.skeleton.ends():
        part = _PART_NAMES.get(bone)
        if part is None:
            continue
        if bone not in resting and y + r > floor + TOUCH:
            raise PoseError(
                f"The {part} would go through the floor. Change the angles so it stays "
                "above the floor, or choose a posture that rests on it."
            )
        for prop, (box, touching) in solid.items():
            inside = min(x + r - box.left, box.right - x + r, y + r - box.top)
            if bone not in touching and inside > TOUCH:
                raise PoseError(
                    f"The {part} would go through the {prop}. Change the angles so it rests "
                    f"on the {prop} or stays clear of it."
                )


def _solid_props(scene: _Scene) -> dict[str, tuple[Box, set[str]]]:
    """Props a body part cannot pass through, as boxes, with the parts that rest on them."""
    props, floor = scene.pose.props, scene.floor_y()
    solid = {}
    if "sofa" in props and scene.posture.rests_on == "back":
        box = Box(-SOFA_DEPTH, floor - SOFA_H, 0, floor)
        solid["sofa"] = (box, {"trunk", "forearm_left", "forearm_right"})
    if "step" in props and scene.posture.rests_on == "feet":
        left, right = scene.step
        on_top = {
            bone
            for bone, _, y, r in scene.skeleton.ends()
            if bone.startswith("foot_") and y + r <= scene.support_y + TOUCH
        }
        solid["step"] = (Box(left, scene.support_y, right, floor), on_top)
    return solid


# --- The body ---------------------------------------------------------------------------------

_CHILDREN: dict[str, list[str]] = {bone: [] for bone in _PARENT}
for _bone, _parent in _PARENT.items():
    if _parent:
        _CHILDREN[_parent].append(_bone)

# Shapes in the frame of their bone (front of the body is +x, down the limb is +y).
_TORSO = (
    "M-11 0C-11.4 -10-9.6 -17-9.8 -24C-10 -30-11 -35-9.6 -39C-7.6 -43.6 7.6 -43.6 9.6 -39"
    "C11 -35 11.2 -30 10.6 -24C10 -17 11.6 -10 11 0A11 11 0 0 1-11 0Z"
)
_NECK = _capsule(9, 4, 4, up=True, start=-TRUNK + 3)
_HEAD = (
    f'<circle cy="{HEAD_Y}" r="{HEAD_R}"/>'
    # A nose, so the reader sees which way the figure faces.
    f'<path d="M8.6 {HEAD_Y - 3}L10.8 {HEAD_Y + 1}L8.2 {HEAD_Y + 2.2}Z"/>'
)
_UPPER_ARM = _capsule(UPPER_ARM, R_SHOULDER, R_ELBOW)
_FOREARM = _capsule(FOREARM, R_ELBOW - 0.2, R_WRIST)
_FOOT = "M-4.2 1C-5.6 3.4-5.2 6.2-2.5 6.2L11.5 6.2C14 6.2 14 2.6 11 2.2L3 -0.6Z"

_ARM_BONES = {"upper_arm", "forearm"}
_LEG_BONES = {"thigh", "shin", "foot"}


def _bone_shape(bone: str, sk: _Skeleton) -> str:
    """The outline of one bone's part of the body, as SVG shapes without paint."""
    kind = bone.rsplit("_", 1)[0]
    if bone == "trunk":
        return f'<path d="{_NECK}"/><path d="{_TORSO}"/>'
    if bone == "head":
        return _HEAD
    if kind == "thigh":
        return f'<path d="{_capsule(sk.lengths[bone], R_HIP, R_KNEE)}"/>'
    if kind == "shin":
        return f'<path d="{_capsule(sk.lengths[bone], R_KNEE - 0.3, R_ANKLE)}"/>'
    if kind == "foot":
        return f'<path d="{_FOOT}"/>'
    if kind == "upper_arm":
        return f'<path d="{_UPPER_ARM}"/>'
    if kind == "forearm":
        return f'<path d="{_FOREARM}"/><circle cy="{FOREARM + 2}" r="{R_HAND}"/>'
    return ""


def _group(joint: tuple[float, float, float], *children: str, attrs: str = "") -> str:
    x, y, degrees = joint
    transform = f"translate({_n(x)} {_n(y)})" + (f" rotate({_n(degrees)})" if degrees else "")
    return f'<g transform="{transform}"{attrs}>{"".join(children)}</g>'


def _nested(sk: _Skeleton, draw, bone: str = "pelvis") -> str:
    """`bone`'s group holding what draw(bone) gives and its children's groups; groups with
    nothing to draw are left out."""
    inner = draw(bone) + "".join(_nested(sk, draw, child) for child in _CHILDREN[bone])
    return _group(sk.joints[bone], inner) if inner else ""


def _limb_bones(limb: str) -> set[str]:
    """The bones of a limb: the thigh, shin and foot of leg_right, say."""
    kind, side = limb.split("_")
    return {f"{bone}_{side}" for bone in (_LEG_BONES if kind == "leg" else _ARM_BONES)}


def _layers(moving: str | None, pale_far_side: bool) -> list[tuple[set[str], str]]:
    """The body in drawing order, back to front, as (bones, class): the far arm and leg
    (paler), the torso and head with the near leg, the near arm. A moving limb is a layer
    of its own, with a heavier outline."""
    far = "far" if pale_far_side else "near"
    layers = [
        (_limb_bones("arm_left"), far),
        (_limb_bones("leg_left"), far),
        ({"trunk", "head"} | _limb_bones("leg_right"), "near"),
        (_limb_bones("arm_right"), "near"),
    ]
    if moving:
        bones = _limb_bones(moving)
        layers = [(group - bones, kind) for group, kind in layers]
        slot = {"arm_left": 1, "leg_left": 2, "leg_right": 3, "arm_right": 4}[moving]
        side = far if moving.endswith("left") else "near"
        layers.insert(slot, (bones, f"{side} moving"))
    return layers


def _body(scene: _Scene, worked: dict[str, str], hatch: str, ids: str, moving: str | None) -> str:
    """The figure: each layer an outline (the shapes drawn wide in the line colour) with the
    same shapes filled on top, so a layer's parts merge into one silhouette; then the worked
    muscles, on the near side only, under the near arm."""
    sk = scene.skeleton
    out = []
    for number, (bones, kind) in enumerate(_layers(moving, scene.posture.pale_far_side)):
        if not bones:
            continue
        if "upper_arm_right" in bones:
            out.append(_muscles(sk, worked, hatch))
        shapes = _nested(
            sk, lambda bone, bones=bones: _bone_shape(bone, sk) if bone in bones else ""
        )
        layer_id = f"{ids}-{number}"
        out.append(
            f'<g class="silhouette {kind}"><g id="{layer_id}">{shapes}</g></g>'
            f'<use href="#{layer_id}" class="tone tone--{kind.split()[0]}"/>'
        )
    return f'<g class="body">{"".join(out)}</g>'


# Muscle shapes in the frame of the bone they sit on, drawn on the near side only (the side
# the reader sees). Front of the body is +x, up is -y; thigh shapes assume the full THIGH
# length and are squeezed to fit a foreshortened thigh. "glute" is the buttock, which follows
# the thigh halfway, as soft tissue does.
_MUSCLE_SHAPES: dict[str, tuple[str, str]] = {
    "gluteus-medius": (
        "pelvis",
        "M-10 -6C-11 -13-5.5 -18 0 -17.5C4.4 -17 5.5 -11 3.3 -6.6C-1 -4-6.6 -4-10 -6Z",
    ),
    "gluteus-minimus": (
        "pelvis",
        "M-6 -8.8C-6.6 -12-3.3 -14.8 0 -14.3C2.8 -13.8 3.3 -10.5 1.6 -8.2C-1 -6.6-4.4 -6.6-6 -8.8Z",
    ),
    "hip-flexors": (
        "pelvis",
        "M2.8 -21C6.6 -16.5 9.9 -10 9.4 -2.2C8.8 3.3 5.5 5.5 3.8 2.2C3.8 -5.5 2.2 -13 2.8 -21Z",
    ),
    "gluteus-maximus": (
        "glute",
        "M-11 -4C-12.6 2.5-10.8 9.7-5.2 11.3C-1 12.5 1.8 9 0 5.5C-2.3 2-2.8 -2.3-2.8 -7"
        "C-5.7 -8.6-9.2 -8.6-11 -4Z",
    ),
    "tensor-fasciae-latae": ("thigh", "M3 -5C6 -5 7.8 -2 7.2 3.6L5.4 12C3.6 9.6 2.4 2.4 3 -5Z"),
    "quadriceps": (
        "thigh",
        "M2.4 9C4.2 6 7.2 7 7.4 11C7.6 18 6.4 26 5 31L2.4 31C1.6 24 1.4 15 2.4 9Z",
    ),
    "hamstrings": (
        "thigh",
        "M-7.2 9C-8 16-7.6 25-5 31L-2.2 31C-3 24-3 16-2.4 8C-4.2 6.5-6 7-7.2 9Z",
    ),
    "adductors": ("thigh", "M-1.8 5C0 3.5 1.8 4 1.8 6L1.4 20C0.6 22-1.2 22-1.7 20Z"),
    "calves": ("shin", "M-4.6 3C-5.6 8-5 14-2.2 20C-0.9 15-0.7 8-1.1 3Z"),
    "core": (
        "trunk",
        "M-1 -8C-3 -14-3 -24-1 -30C2.2 -32 6.6 -32 8.8 -30C10.4 -24 10.4 -14 8.8 -8"
        "C5.5 -6 1.1 -6-1 -8Z",
    ),
}


def _muscle_shapes(frame: str, worked: dict[str, str], hatch: str) -> str:
    out = []
    for key, (where, path) in _MUSCLE_SHAPES.items():
        if where != frame or key not in worked:
            continue
        kind = worked[key]
        fill = f' fill="url(#{hatch})"' if kind == "secondary" else ""
        # The deep muscle is dashed: it lies under gluteus medius.
        dash = ' stroke-dasharray="2 1.5"' if key == "gluteus-minimus" else ""
        title = gettext(MUSCLE_TITLES[kind]) % {"muscle": gettext(MUSCLES[key])}
        out.append(
            f'<path class="muscle muscle--{kind}" d="{path}"{fill}{dash}>'
            f"<title>{escape(title)}</title></path>"
        )
    return "".join(out)


def _muscles(sk: _Skeleton, worked: dict[str, str], hatch: str) -> str:
    """The worked muscles on the near side, each in the frame of the bone it sits on."""
    if not worked:
        return ""
    thigh = sk.joints["thigh_right"]
    squeeze = sk.lengths["thigh_right"] / THIGH

    def draw(bone: str) -> str:
        if bone == "pelvis":
            glute = _muscle_shapes("glute", worked, hatch)
            own = _muscle_shapes("pelvis", worked, hatch)
            # Placed at the near hip, which lies a little up the page when lying on the side.
            return (_group((thigh[0], thigh[1], 0), own) if own else "") + (
                _group((thigh[0], thigh[1], thigh[2] / 2), glute) if glute else ""
            )
        if bone == "trunk":
            return _muscle_shapes("trunk", worked, hatch)
        if bone == "thigh_right":
            shapes = _muscle_shapes("thigh", worked, hatch)
            if shapes and abs(squeeze - 1) > 0.01:
                return f'<g transform="scale(1 {_n(squeeze)})">{shapes}</g>'
            return shapes
        return _muscle_shapes("shin", worked, hatch) if bone == "shin_right" else ""

    # The pelvis frame holds the glutes; draw() is asked for it before its children.
    return f'<g class="figure__muscles" stroke-width="0.9">{_nested(sk, draw)}</g>'


# --- Props ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Drawn:
    """Part of a picture: its SVG and the box it covers."""

    svg: str
    box: Box


def _prop(name: str, d: str, box: Box, extra: str = "") -> _Drawn:
    return _Drawn(f'<path class="prop prop--{name}" d="{d}"{extra}/>', box)


def _props(scene: _Scene, bodies: Box) -> tuple[list[_Drawn], list[_Drawn]]:
    """The props behind the figure and those in front of it. `bodies` is the box around the
    body in every frame of the exercise, so a mat or a wall keeps its place as it moves."""
    props, posture = scene.pose.props, scene.posture
    behind, in_front = [], []
    if "wall" in props:
        behind.append(_wall(bodies))
    if "counter" in props:
        behind.append(_counter(scene))
    if ("floor" in props and posture.floor_patch) or ("mat" in props and posture.floor_patch):
        behind.append(_floor_patch(bodies))
    elif "mat" in props:
        behind.append(_mat(bodies))
    if "step" in props:
        behind.append(_step(scene))
    if "chair" in props:
        behind.append(_chair(scene, bodies))
    if "sofa" in props:
        behind.append(_sofa(scene, bodies))
    if "band" in props:
        in_front.append(_band(scene.skeleton))
    if "towel" in props:
        in_front.append(_towel(scene.skeleton))
    return behind, in_front


def _wall(bodies: Box) -> _Drawn:
    """A wall behind the figure's back, hatched on its far side."""
    x, top = bodies.left - 2, bodies.top - 8
    ticks = "".join(f"M{_n(x)} {_n(y)}l-5 5" for y in range(int(top) + 4, FLOOR_Y - 4, 10))
    return _prop("wall", f"M{_n(x)} {FLOOR_Y}V{_n(top)}{ticks}", Box(x - 5, top, x, FLOOR_Y))


def _counter(scene: _Scene) -> _Drawn:
    """A kitchen counter beside the figure (behind it in the picture), to hold for balance."""
    floor = scene.floor_y()
    top = floor - COUNTER_H
    d = (
        f"M-46 {_n(top)}H46V{_n(top + 4)}H-46Z"  # the worktop
        f"M-43 {_n(top + 4)}V{_n(floor - 4)}H43V{_n(top + 4)}M0 {_n(top + 8)}V{_n(floor - 8)}"
    )
    return _prop("counter", d, Box(-46, top, 46, floor))


def _floor_patch(bodies: Box) -> _Drawn:
    """The mat seen from above and in front, for a figure lying on its side."""
    top, bottom = bodies.top - 4, bodies.bottom + 6
    left, right = bodies.left - 8, bodies.right + 8
    d = f"M{_n(left)} {_n(top)}H{_n(right)}L{_n(right + 8)} {_n(bottom)}H{_n(left - 8)}Z"
    return _prop("mat", d, Box(left - 8, top, right + 8, bottom))


def _mat(bodies: Box) -> _Drawn:
    left, right, top = bodies.left - 6, bodies.right + 6, FLOOR_Y - MAT_H
    d = f"M{_n(left)} {FLOOR_Y}V{_n(top)}H{_n(right)}V{FLOOR_Y}Z"
    return _prop("mat", d, Box(left, top, right, FLOOR_Y))


def _step(scene: _Scene) -> _Drawn:
    """A stair step under the standing foot, with a railing to hold."""
    left, right = scene.step
    top, floor = scene.support_y, scene.floor_y()
    post = right - 4
    d = (
        f"M{_n(left)} {_n(floor)}V{_n(top)}H{_n(right)}V{_n(floor)}Z"
        f"M{_n(post)} {_n(top)}V{_n(top - 66)}M{_n(post)} {_n(top - 60)}H{_n(left - 6)}"
    )
    return _prop("step", d, Box(left - 6, top - 66, right, floor))


def _behind_the_body(scene: _Scene, bodies: Box) -> float:
    """The x of a seat's front edge: at 0 when the body is placed against it, else behind
    the body."""
    rests = scene.posture.rests_on
    if rests in ("seat", "feet") or ("sofa" in scene.pose.props and rests == "back"):
        return 0.0
    return bodies.left - 4


def _chair(scene: _Scene, bodies: Box) -> _Drawn:
    """A side-on chair, its back on the left."""
    front = _behind_the_body(scene, bodies)
    back, floor = front - CHAIR_DEPTH, scene.floor_y()
    seat = floor - CHAIR_H
    top = seat - 36
    d = (
        f"M{_n(back)} {_n(seat)}H{_n(front)}V{_n(seat + 4)}H{_n(back)}Z"
        f"M{_n(front - 3)} {_n(seat + 4)}V{_n(floor)}M{_n(back + 3)} {_n(floor)}V{_n(seat + 4)}"
        f"M{_n(back)} {_n(seat)}V{_n(top)}h4V{_n(seat)}"
    )
    return _prop("chair", d, Box(back, top, front, floor))


def _sofa(scene: _Scene, bodies: Box) -> _Drawn:
    """A side-on sofa (or a padded bench of the same height): seat cushion, backrest, feet."""
    front = _behind_the_body(scene, bodies)
    back, floor = front - SOFA_DEPTH, scene.floor_y()
    seat, top = floor - SOFA_H, floor - SOFA_H - 30
    d = (
        f"M{_n(front)} {_n(floor - 4)}V{_n(seat + 4)}Q{_n(front)} {_n(seat)} {_n(front - 4)} "
        f"{_n(seat)}H{_n(back + 14)}V{_n(top + 5)}Q{_n(back + 14)} {_n(top)} {_n(back + 9)} "
        f"{_n(top)}H{_n(back + 5)}Q{_n(back)} {_n(top)} {_n(back)} {_n(top + 5)}V{_n(floor - 4)}Z"
        f"M{_n(front - 5)} {_n(floor - 4)}V{_n(floor)}M{_n(back + 5)} {_n(floor - 4)}V{_n(floor)}"
    )
    return _prop("sofa", d, Box(back, top, front, floor))


def _loop(p: tuple[float, float], q: tuple[float, float], r: float) -> str:
    """A rounded loop of radius r around the points p and q (an exercise band)."""
    dx, dy = q[0] - p[0], q[1] - p[1]
    length = math.hypot(dx, dy)
    if length < 0.5:
        arc = f"a{_n(r)} {_n(r)} 0 1 0"
        return f"M{_n(p[0] - r)} {_n(p[1])}{arc} {_n(2 * r)} 0{arc} {_n(-2 * r)} 0Z"
    nx, ny = -dy / length * r, dx / length * r
    return (
        f"M{_n(p[0] + nx)} {_n(p[1] + ny)}L{_n(q[0] + nx)} {_n(q[1] + ny)}"
        f"A{_n(r)} {_n(r)} 0 0 0 {_n(q[0] - nx)} {_n(q[1] - ny)}"
        f"L{_n(p[0] - nx)} {_n(p[1] - ny)}A{_n(r)} {_n(r)} 0 0 0 {_n(p[0] + nx)} {_n(p[1] + ny)}Z"
    )


def _band(sk: _Skeleton) -> _Drawn:
    """An exercise band looped just above both knees."""
    knees = [
        sk.point(f"thigh_{side}", 0, sk.lengths[f"thigh_{side}"] - 5) for side in ("left", "right")
    ]
    r = R_KNEE + 2.4
    box = Box.around((x, y, r) for x, y in knees)
    return _Drawn(f'<path class="prop prop--band" d="{_loop(*knees, r)}"/>', box)


def _towel(sk: _Skeleton) -> _Drawn:
    """A towel (or strap) round the sole of the higher foot, its ends in both hands."""
    side = min(("left", "right"), key=lambda s: sk.point(f"foot_{s}")[1])
    heel, ball = sk.point(f"foot_{side}", -2, 7), sk.point(f"foot_{side}", 9, 7)
    hands = [sk.point(f"forearm_{s}", 0, FOREARM + 2) for s in ("left", "right")]
    points = [hands[0], ball, heel, hands[1]]
    d = "M" + "L".join(f"{_n(x)} {_n(y)}" for x, y in points)
    return _Drawn(
        f'<path class="prop prop--towel" d="{d}"/>', Box.around((x, y, 1.5) for x, y in points)
    )


# --- Motion arrows ----------------------------------------------------------------------------

# Points whose movement an arrow can show: (bone, x, y in its frame, radius, weight). The
# weight prefers the hips and knees to the hands when several parts move.
_TRACKED: dict[str, tuple[str, float, float, float, float]] = {
    "hips": ("trunk", 0, 0, R_PELVIS, 1.3),
    "knee_right": ("shin_right", 0, 0, R_KNEE, 1.0),
    "knee_left": ("shin_left", 0, 0, R_KNEE, 1.0),
    "foot_right": ("foot_right", 4, 3, 4, 0.9),
    "foot_left": ("foot_left", 4, 3, 4, 0.9),
    "head": ("head", 0, HEAD_Y, HEAD_R, 0.7),
    "hand_right": ("forearm_right", 0, FOREARM + 2, R_HAND, 0.4),
    "hand_left": ("forearm_left", 0, FOREARM + 2, R_HAND, 0.4),
}
_MIN_MOVE = 6  # smaller movements get no arrow
_ARROW_GAP = 3  # between the arrowhead and the part it points at
_MIN_ARROW = 11  # the shortest arrow that still reads as one
_SAMPLES = 7


@dataclass(frozen=True)
class _Motion:
    """What moves from one frame to the next: the part, the limb it belongs to (or None for
    the hips and head), and its path on the page."""

    part: str
    limb: str | None
    path: list[tuple[float, float]]


def _tracked(sk: _Skeleton, part: str) -> tuple[float, float]:
    bone, x, y, _, _ = _TRACKED[part]
    return sk.point(bone, x, y)


def _motion(before: _Scene, after: _Scene) -> _Motion | None:
    """The part that moves most from `before` to `after`, with its path. The in-between
    poses are the angles blended; across two postures the path is a straight line."""

    def moved(part):  # weighted; an upward move wins a tie (lifting is the action)
        (x0, y0), (x1, y1) = _tracked(before.skeleton, part), _tracked(after.skeleton, part)
        return _TRACKED[part][4] * math.hypot(x1 - x0, y1 - y0), y0 - y1

    part = max(after.posture.moving_parts or _TRACKED, key=moved)
    if moved(part)[0] < _MIN_MOVE:
        return None
    kind, _, side = part.partition("_")
    limb = {"knee": "leg", "foot": "leg", "hand": "arm"}.get(kind)
    return _Motion(part, f"{limb}_{side}" if limb else None, _path(before, after, part))


def _path(before: _Scene, after: _Scene, part: str) -> list[tuple[float, float]]:
    """Where `part` goes between two frames: through the in-between poses (the angles
    blended), or in a straight line from one posture to another."""
    steps = [t / (_SAMPLES - 1) for t in range(_SAMPLES)]
    if before.pose.posture != after.pose.posture or before.pose.props != after.pose.props:
        (x0, y0), (x1, y1) = _tracked(before.skeleton, part), _tracked(after.skeleton, part)
        return [(_lerp(x0, x1, t), _lerp(y0, y1, t)) for t in steps]
    start, end = _settle_angles(before.pose), _settle_angles(after.pose)
    return [
        _tracked(
            _place(
                after.pose, {j: _lerp(start[j], end[j], t) for j in start}, check=False
            ).skeleton,
            part,
        )
        for t in steps
    ]


def _lerp(a: float, b: float, t: float) -> float:
    return a + (b - a) * t


def _arrow(motion: _Motion, scene: _Scene) -> _Drawn:
    """An arrow for the movement into this frame, where it clashes least with the body and
    the floor: along the part's path up to just short of it, or beside the path, or (for a
    short movement) pointing straight at the part."""
    radius = _TRACKED[motion.part][3]
    path = motion.path
    beside = radius + 4
    (x0, y0), (x1, y1) = path[0], path[-1]
    length = math.hypot(x1 - x0, y1 - y0)
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    short = radius + _ARROW_GAP
    candidates = [
        _trimmed(path, short),
        _beside(path, beside),
        _beside(path, -beside),
        [
            (x1 - ux * (short + _MIN_ARROW), y1 - uy * (short + _MIN_ARROW)),
            (x1 - ux * short, y1 - uy * short),
        ],
    ]
    candidates = [points for points in candidates if _length(points) >= _MIN_ARROW - 0.5]
    best = min(candidates, key=lambda points: _arrow_clash(points, scene))
    return _arrow_drawing(best)


def _length(points: list[tuple[float, float]]) -> float:
    return sum(math.dist(a, b) for a, b in itertools.pairwise(points))


def _trimmed(path: list[tuple[float, float]], short: float) -> list[tuple[float, float]]:
    """The path, stopping `short` before its end point."""
    end = path[-1]
    kept = [point for point in path if math.dist(point, end) > short]
    if not kept:
        return path[:1]
    last = kept[-1]
    following = path[len(kept)]
    # Walk along the segment from `last` to the first point inside the circle.
    for step in range(10, 0, -1):
        point = (_lerp(last[0], following[0], step / 10), _lerp(last[1], following[1], step / 10))
        if math.dist(point, end) >= short:
            return [*kept, point]
    return kept


def _beside(path: list[tuple[float, float]], by: float) -> list[tuple[float, float]]:
    """The path moved sideways by `by`, square to its direction at each point."""
    out = []
    for i, (x, y) in enumerate(path):
        (ax, ay), (bx, by_) = path[max(i - 1, 0)], path[min(i + 1, len(path) - 1)]
        length = math.hypot(bx - ax, by_ - ay) or 1
        out.append((x - (by_ - ay) / length * by, y + (bx - ax) / length * by))
    return out


def _arrow_clash(points: list[tuple[float, float]], scene: _Scene) -> int:
    """How many points along an arrow lie on the body or under the floor."""
    capsules = scene.skeleton.capsules()
    floor = scene.floor_y()
    clashes = 0
    for point in _dense(points):
        if point[1] > floor - 2 or any(
            _distance_to_segment(point, a, b) < r + 1.5 for a, b, r in capsules
        ):
            clashes += 1
    return clashes


def _dense(points: list[tuple[float, float]], step: float = 3) -> list[tuple[float, float]]:
    """The points, with more in between so none are more than `step` apart."""
    out = [points[0]]
    for a, b in itertools.pairwise(points):
        count = max(1, math.ceil(math.dist(a, b) / step))
        out += [
            (_lerp(a[0], b[0], i / count), _lerp(a[1], b[1], i / count))
            for i in range(1, count + 1)
        ]
    return out


def _distance_to_segment(p, a, b) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    t = 0 if not length2 else max(0, min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2))
    return math.dist(p, (a[0] + t * dx, a[1] + t * dy))


def _arrow_drawing(points: list[tuple[float, float]]) -> _Drawn:
    """A line along the points and a head at the end, pointing the way it goes."""
    (ax, ay), (tx, ty) = points[-2] if len(points) > 1 else points[0], points[-1]
    length = math.hypot(tx - ax, ty - ay) or 1
    ux, uy = (tx - ax) / length, (ty - ay) / length
    base = (tx - 6 * ux, ty - 6 * uy)
    left, right = (base[0] - 3.6 * uy, base[1] + 3.6 * ux), (base[0] + 3.6 * uy, base[1] - 3.6 * ux)
    line = "M" + "L".join(f"{_n(x)} {_n(y)}" for x, y in [*points[:-1], base])
    head = f"M{_n(tx)} {_n(ty)}L{_n(left[0])} {_n(left[1])}L{_n(right[0])} {_n(right[1])}Z"
    svg = (
        f'<g class="motion-arrow"><path d="{line}" stroke-width="2.4"/>'
        f'<path d="{head}" fill="currentColor"/></g>'
    )
    return _Drawn(svg, Box.around((x, y, 3.6) for x, y in points))


# --- Pictures ---------------------------------------------------------------------------------

_MIN_WIDTH = 0.5  # of the height: a standing figure's frame is tall, but not a thin strip
_MIN_HEIGHT = 0.3  # of the width: a lying figure's frame is wide


@dataclass(frozen=True)
class _Composed:
    """One frame, laid out: its scene, props, arrow and the limb that moves into it."""

    scene: _Scene
    behind: tuple[_Drawn, ...]
    in_front: tuple[_Drawn, ...]
    arrow: _Drawn | None
    moving: str | None

    def box(self) -> Box:
        box = self.scene.skeleton.box()
        for part in (*self.behind, *self.in_front, *([self.arrow] if self.arrow else [])):
            box = box.union(part.box)
        return box


@dataclass(frozen=True)
class Frames:
    """The frames of one exercise, laid out together: one crop for all, so they share a
    scale and line up; each frame after the first has an arrow for the movement into it."""

    crop: Box
    frames: tuple[_Composed, ...]
    primary: tuple[str, ...]
    secondary: tuple[str, ...]

    def drawing(self, number: int) -> Box:
        """The box around frame `number`'s figure, props and arrow."""
        return self.frames[number].box()

    def fill(self, number: int) -> float:
        """How much of the picture frame `number`'s drawing fills (its box over the crop)."""
        return self.drawing(number).area / self.crop.area

    def svg(self, number: int, *, alt: str, id_prefix: str = "fig", mirrored=False) -> str:
        """Frame `number` as an <svg>. Same input, same bytes. `mirrored` flips it left to
        right with one transform; `id_prefix` keeps its ids unique when several figures
        share a page."""
        label = _text(alt, "figure")
        prefix = _check_id(id_prefix)
        frame = self.frames[number]
        worked = {key: "primary" for key in self.primary} | {
            key: "secondary" for key in self.secondary
        }
        hatch = f"{prefix}-hatch"
        body = _body(frame.scene, worked, hatch, prefix, frame.moving)
        crop = self.crop
        flip = (
            f' transform="translate({_n(2 * crop.left + crop.width)} 0) scale(-1 1)"'
            if mirrored
            else ""
        )
        content = (
            "".join(part.svg for part in frame.behind)
            + body
            + "".join(part.svg for part in frame.in_front)
            + (frame.arrow.svg if frame.arrow else "")
        )
        return (
            _svg_open(crop, "figure", label)
            + (_hatch(hatch) if self.secondary else "")
            + f'<g class="figure__drawing"{flip}>{_floor_line(frame.scene, crop)}'
            + f'<g class="figure__content">{content}</g></g></svg>'
        )


def draw_frames(poses: Sequence[Pose], *, primary=(), secondary=()) -> Frames:
    """Lay out the frames of one exercise (see Frames). Raises PoseError for a pose that
    cannot be drawn, or unknown muscles."""
    primary, secondary = _muscle_keys(primary, secondary)
    scenes = [_place(_checked(pose)) for pose in poses]
    if not scenes:
        raise PoseError("There are no poses to draw.")
    bodies = _union(scene.skeleton.box() for scene in scenes)
    composed = []
    for number, scene in enumerate(scenes):
        motion = _motion(scenes[number - 1], scene) if number else None
        behind, in_front = _props(scene, bodies)
        arrow = _arrow(motion, scene) if motion else None
        limb = motion.limb if motion else None
        composed.append(_Composed(scene, tuple(behind), tuple(in_front), arrow, limb))
    crop = _crop([frame.box() for frame in composed], scenes)
    return Frames(crop, tuple(composed), primary, secondary)


def shows_both_sides(poses: Sequence[Pose]) -> bool:
    """Whether the frames already show the movement with each leg in turn (marching in
    place), so a mirrored "other side" picture would repeat them."""

    def legs(angles: Mapping[str, float], side: str) -> tuple[int, ...]:
        return tuple(round(angles[f"{joint}_{side}"]) for joint in ("hip", "knee", "ankle"))

    settled = [_settle_angles(_checked(pose)) for pose in poses]
    return any(
        legs(a, "left") == legs(b, "right") != legs(a, "right") == legs(b, "left")
        for a in settled
        for b in settled
    )


def supports(pose: Pose) -> tuple[str, ...]:
    """What the body rests on in this pose, in plain words: parts of the body ("feet",
    "knees", "forearm", "back", "side", "seat") and the props it uses ("mat", "towel"...).
    Tests hold captions and steps to them."""
    scene = _place(_checked(pose))
    rests_on = scene.posture.rests_on
    words = (set(pose.props) - {"floor"}) | {rests_on} - {"lowest"}
    on_floor = {
        name
        for name, (_, _, y, r) in zip(_END_NAMES, scene.skeleton.ends(), strict=True)
        if y + r >= scene.floor_y() - TOUCH
    }
    if rests_on in ("back", "seat") and on_floor & {"heel", "toes"}:
        words.add("feet")
    if rests_on == "lowest":
        words |= {_RESTING_END_WORDS[name] for name in on_floor & set(_RESTING_END_WORDS)}
    return tuple(sorted(words))


def feet_above_the_floor(pose: Pose) -> dict[str, float]:
    """How high each foot's lowest point is above the floor or mat it lies on, in cm ("left"
    and "right"). Tests hold words such as "a few inches off the floor" to it."""
    scene = _place(_checked(pose))
    ends = scene.skeleton.ends()
    return {
        side: (scene.floor_y() - max(y + r for bone, _, y, r in ends if bone == f"foot_{side}"))
        * CM_PER_UNIT
        for side in ("left", "right")
    }


# The names of Skeleton.ends(), in order, and the words for the ends a body can rest on.
_END_NAMES = ["pelvis", "chest", "head"] + [
    "hip",
    "knee",
    "ankle",
    "heel",
    "toes",
    "elbow",
    "hand",
] * 2
_RESTING_END_WORDS = {
    "elbow": "forearm",
    "knee": "knees",
    "heel": "feet",
    "toes": "feet",
    "pelvis": "side",
}


def _union(boxes: Iterable[Box]) -> Box:
    boxes = list(boxes)
    out = boxes[0]
    for box in boxes[1:]:
        out = out.union(box)
    return out


def _crop(drawings: list[Box], scenes: list[_Scene]) -> Box:
    """The picture around every frame's drawing, with a margin, the floor line inside it,
    and not so narrow or so flat that it reads as a strip."""
    box = _union(drawings).grown(MARGIN)
    if any(_has_floor_line(scene) for scene in scenes):
        box = box.union(Box(box.left, box.top, box.right, FLOOR_Y + MARGIN))
    if box.width < _MIN_WIDTH * box.height:
        extra = (_MIN_WIDTH * box.height - box.width) / 2
        box = Box(box.left - extra, box.top, box.right + extra, box.bottom)
    if box.height < _MIN_HEIGHT * box.width:  # the extra room goes above: the floor stays
        box = Box(box.left, box.bottom - _MIN_HEIGHT * box.width, box.right, box.bottom)
    return Box(*(round(value, 1) for value in (box.left, box.top, box.right, box.bottom)))


def _has_floor_line(scene: _Scene) -> bool:
    return "floor" in scene.pose.props and not scene.posture.floor_patch


def _floor_line(scene: _Scene, crop: Box) -> str:
    if not _has_floor_line(scene):
        return ""
    return f'<path class="floor" d="M{_n(crop.left)} {FLOOR_Y}H{_n(crop.right)}"/>'


# --- Public renderers -------------------------------------------------------------------------

_XML_UNSAFE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")


def _text(value: object, what: str) -> str:
    """Alt text, checked and with characters XML cannot hold removed."""
    if not isinstance(value, str) or not value.strip():
        raise PoseError(f"The {what} needs a short description for people who cannot see it.")
    return _XML_UNSAFE.sub("", value.strip())


def _check_id(id_prefix: object) -> str:
    if not isinstance(id_prefix, str) or not _ID.match(id_prefix):
        raise PoseError(f"The id prefix must be letters, digits, - or _; got {_show(id_prefix)}.")
    return id_prefix


def _hatch(hatch_id: str) -> str:
    return (
        f'<defs><pattern id="{hatch_id}" width="3" height="3" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><path d="M1.5 0V3" stroke="currentColor" '
        'stroke-width="1.1"/></pattern></defs>'
    )


def _svg_open(view: Box, css_class: str, label: str) -> str:
    box = " ".join(_n(value) for value in (view.left, view.top, view.width, view.height))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{box}" '
        f'class="{css_class}" role="img" aria-label="{escape(label, {chr(34): "&quot;"})}" '
        'fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" '
        f'stroke-linejoin="round"><title>{escape(label)}</title>'
    )


def render_figure(
    pose: Pose, *, alt: str, primary=(), secondary=(), mirrored=False, id_prefix="fig"
) -> str:
    """One posed figure as an <svg>, cropped to itself, with the worked muscles on it."""
    frames = draw_frames([pose], primary=primary, secondary=secondary)
    return frames.svg(0, alt=alt, id_prefix=id_prefix, mirrored=mirrored)


# --- The muscle map ---------------------------------------------------------------------------

# The hips and thighs from behind (left and right halves mirror about x = 120 in the drawing's
# own units), and below it a side view of the hip facing right for the muscles at the front.
# Labels are 14 units high in a 340-unit-wide picture, so they stay at least 12 px where the
# map is shown 300 px wide or more.
_MAP_W, _MAP_H = 340, 404
_MAP_FONT = 14
_MAP_CHAR_WIDTH = 0.6  # a label character's width, on average, in font sizes
_BACK_VIEW = (74, 0)  # where the back view's own coordinates land in the picture
_SIDE_VIEW = (-120, 204)
_LABEL = ' fill="currentColor" stroke="none"'
_MAP_MIRROR = "matrix(-1 0 0 1 240 0)"
_MAP_BACK = (
    "M92 12C86 30 76 46 75 66C74 90 80 130 86 178M116 178C117 150 118 124 120 106"
    "C122 124 123 150 124 178M154 178C160 130 166 90 165 66C164 46 154 30 148 12"
    "M80 44C92 36 108 34 118 40M160 44C148 36 132 34 122 40M120 46V100"
)
_MAP_SIDE = (
    "M252 12C247 32 244 52 246 70C248 90 252 98 256 108C256 140 256 160 258 178"
    "M290 12C293 34 295 54 292 68C288 82 286 92 286 104C284 130 282 156 280 178"
)


@dataclass(frozen=True)
class _Region:
    path: str  # in its view's own coordinates
    back_view: bool  # from behind (drawn on both sides), or the side view
    label: str  # marked for translation; its lines separated by "\n"
    at: tuple[float, float]  # where the label's first line sits in the picture
    points_to: tuple[float, float]  # the leader line's end, in the view's own coordinates


_MAP_REGIONS: dict[str, _Region] = {
    "gluteus-medius": _Region(
        "M77 56C80 44 94 37 112 38C114 46 108 52 98 56C90 59 82 62 77 66Z",
        True, gettext_noop("Gluteus medius"), (141, 28), (86, 47),
    ),
    "gluteus-minimus": _Region(
        "M84 56C88 47 98 42 108 43C106 50 97 54 88 58Z",
        True, gettext_noop("Gluteus minimus\n(deep)"), (141, 58), (92, 52),
    ),
    "gluteus-maximus": _Region(
        "M78 70C86 58 102 50 118 46C120 62 120 84 119 100C108 106 92 104 80 96C77 88 76 78 78 70Z",
        True, gettext_noop("Gluteus maximus"), (141, 104), (90, 84),
    ),
    "hamstrings": _Region(
        "M84 110C92 104 104 104 111 108C110 130 106 150 101 170C96 173 91 173 88 170"
        "C84 150 82 128 84 110Z",
        True, gettext_noop("Hamstrings"), (141, 146), (90, 140),
    ),
    "adductors": _Region(
        "M113 108C116 106 118 106 119 107C118 124 117 138 116 152C113 142 111 124 113 108Z",
        True, gettext_noop("Adductors"), (246, 150), (125, 130),
    ),
    "hip-flexors": _Region(
        "M271 26C278 42 286 60 287 80C287 92 284 102 279 110C277 100 279 88 277 78"
        "C275 60 268 44 266 30Z",
        False, gettext_noop("Hip flexors"), (192, 244), (280, 44),
    ),
    "tensor-fasciae-latae": _Region(
        "M283 58C287 64 287 80 281 102C277 94 276 78 279 64Z",
        False, gettext_noop("Tensor fasciae\nlatae"), (192, 286), (284, 80),
    ),
}  # fmt: skip


def _map_region(key: str, region: _Region, primary, secondary, prefix: str, hatch: str) -> str:
    name = gettext(MUSCLES[key])
    css, title, extra, hatched = "map-region", name, "", ""
    if key in primary:
        css = "map-region muscle muscle--primary"
        title = gettext("%(muscle)s (worked hard)") % {"muscle": name}
    elif key in secondary:
        css = "map-region muscle muscle--secondary"
        title = gettext("%(muscle)s (also worked)") % {"muscle": name}
        # On the shapes too: a stylesheet rule giving .map-region a fill would beat the
        # group's attribute, but not an attribute on the shapes themselves.
        extra = hatched = f' fill="url(#{hatch})"'
    if key == "gluteus-minimus":  # deep: drawn dashed, under gluteus medius
        extra += ' stroke-dasharray="3 2"'
    shapes = f'<path d="{region.path}"{hatched}/>'
    if region.back_view:
        shapes += f'<path d="{region.path}"{hatched} transform="{_MAP_MIRROR}"/>'
    return f'<g id="{prefix}-{key}" class="{css}"{extra}><title>{escape(title)}</title>{shapes}</g>'


def _map_label(key: str, region: _Region, worked: bool) -> str:
    """The region's name beside the drawing, bold when worked, with a leader line to it."""
    (lx, ly), (px, py) = region.at, region.points_to
    ox, oy = _BACK_VIEW if region.back_view else _SIDE_VIEW
    anchor = "end" if lx < px + ox else "start"
    weight = ' font-weight="bold"' if worked else ""
    # A line too long for the room beside the drawing (a translation, say) is wrapped.
    room = lx if anchor == "end" else _MAP_W - lx
    fits = int(room / (_MAP_FONT * _MAP_CHAR_WIDTH))
    lines = [
        wrapped
        for line in gettext(region.label).split("\n")
        for wrapped in textwrap.wrap(line, fits, break_long_words=False)
    ]
    spans = "".join(
        f'<tspan x="{lx}" dy="{0 if i == 0 else _MAP_FONT + 1}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    start = lx + (4 if anchor == "end" else -4)
    return (
        f'<text{_LABEL} x="{lx}" y="{ly + 5}" text-anchor="{anchor}"{weight}>{spans}</text>'
        f'<path class="map-leader" d="M{start} {ly}L{px + ox} {py + oy}" stroke-width="0.8"/>'
    )


def render_muscle_map(*, primary=(), secondary=(), id_prefix="map") -> str:
    """The hip muscles from behind (and the front ones from the side), as inline SVG.

    Each region has id f"{id_prefix}-{key}", class "map-region", and the muscle classes
    when highlighted; gluteus minimus is dashed because it lies under gluteus medius.
    """
    primary, secondary = _muscle_keys(primary, secondary)
    prefix = _check_id(id_prefix)
    hatch = f"{prefix}-hatch"
    views: dict[bool, list[str]] = {True: [], False: []}  # back view?, its regions
    labels = []
    for key, region in _MAP_REGIONS.items():
        views[region.back_view].append(_map_region(key, region, primary, secondary, prefix, hatch))
        labels.append(_map_label(key, region, key in primary or key in secondary))
    summary = [gettext("Hip muscles seen from behind, and the front of the hip from the side.")]
    worked = (
        (primary, gettext_noop("Worked hard: %(muscles)s.")),
        (secondary, gettext_noop("Also worked: %(muscles)s.")),
    )
    for keys, words in worked:
        if keys:
            muscles = ", ".join(gettext(MUSCLES[k]).lower() for k in keys)
            summary.append(gettext(words) % {"muscles": muscles})
    bx, by = _BACK_VIEW
    sx, sy = _SIDE_VIEW
    behind, side = escape(gettext("From behind")), escape(gettext("From the side, facing right"))
    return (
        _svg_open(Box(0, 0, _MAP_W, _MAP_H), "figure muscle-map", " ".join(summary))
        + _hatch(hatch)
        + f'<g font-size="{_MAP_FONT}" stroke-width="1">'
        + f'<g transform="translate({bx} {by})"><path class="map-outline" d="{_MAP_BACK}" '
        + f'stroke-width="1.5"/>{"".join(views[True])}</g>'
        + f'<g transform="translate({sx} {sy})"><path class="map-outline" d="{_MAP_SIDE}" '
        + f'stroke-width="1.5"/>{"".join(views[False])}</g>'
        + "".join(labels)
        + f'<text{_LABEL} x="{bx + 120}" y="{by + 198}" text-anchor="middle">{behind}</text>'
        + f'<text{_LABEL} x="{sx + 270}" y="{sy + 198}" text-anchor="middle">{side}</text>'
        + "</g></svg>"
    )
