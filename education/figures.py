"""Line-art exercise figures and a hip muscle map, drawn as inline SVG.

One figure, one style: a calm, gender-neutral outline person in `currentColor`, posed
through a hierarchy of SVG groups (pelvis > thigh > shin > foot, pelvis > trunk > head,
trunk > upper arm > forearm), so changing one joint moves everything below it.

Nothing here uses inline styles (the site's Content-Security-Policy forbids them): muscle
colours come from the site stylesheet through classes; everything else is presentation
attributes. No Django imports, so content checks and tests can use this module alone.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from xml.sax.saxutils import escape

MUSCLES: dict[str, str] = {
    "gluteus-maximus": "Gluteus maximus",
    "gluteus-medius": "Gluteus medius",
    "gluteus-minimus": "Gluteus minimus",
    "tensor-fasciae-latae": "Tensor fasciae latae",
    "hamstrings": "Hamstrings",
    "hip-flexors": "Hip flexors",
    "adductors": "Adductors",
    "quadriceps": "Quadriceps",
    "core": "Core",
    "calves": "Calves",
}

PROPS: tuple[str, ...] = ("floor", "step", "chair", "band", "wall")

# Degrees. Conventions (figure facing right, as drawn without mirroring):
#   pelvis   whole-body rotation, positive = clockwise on the page
#   trunk    positive = lean forward (flexion) relative to the pelvis
#   neck     positive = nod forward
#   hip      positive = thigh forward/up (flexion), negative = thigh back (extension)
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


# --- Body measurements (viewBox units; a standing figure is about 138 tall) -------------

VIEW_W, VIEW_H = 240, 180
FLOOR_Y = 170
TRUNK = 41  # hip joint to the top of the spine (base of the neck)
SHOULDER = TRUNK - 3  # hip joint to shoulder joint: a little below the neck
THIGH = 35
SHIN = 33
UPPER_ARM = 26
FOREARM = 23
HEAD_R = 9
# Segment outline radii (at the proximal and distal joint) - tapering reads as a limb.
R_PELVIS, R_CHEST = 10.5, 9.5
R_HIP, R_KNEE, R_ANKLE = 7, 5, 3.2
R_SHOULDER, R_ELBOW, R_WRIST, R_HAND = 4, 3.2, 2.6, 3.2
SIDE_LYING_DEPTH = 0.6  # how far "towards the viewer" shows as down the page, lying on the side
CHAIR_H = 40  # seat height, a little above knee height
STEP_H = 18


@dataclass(frozen=True)
class _Posture:
    pelvis: float  # default whole-body rotation
    defaults: Mapping[str, float]
    anchor_x: float  # where the planted feet (or else the pelvis) go across the picture
    chair: str  # where a chair prop goes: "under-pelvis", "under-back" or "behind"
    floor: str = "line"  # "mat": a mat seen from above, for the side-lying picture
    flat_feet: bool = True  # ankles not given are set so the feet lie flat, when possible
    ground_gap: float = 0  # lowest point this far above the floor line
    head_and_arms_rest: bool = False  # on the floor, however the trunk tilts
    side_lying_legs: bool = False  # legs drawn by _side_lying_leg (hip angle opens the knee)
    near_offset: tuple[float, float] = (0, 0)  # near hip and shoulder, when lying on the side


def _both(**angles: float) -> dict[str, float]:
    """Expand hip=30 into hip_left=30, hip_right=30."""
    out = {}
    for name, value in angles.items():
        if name in JOINT_LIMITS:
            out[name] = value
        else:
            out[f"{name}_left"] = out[f"{name}_right"] = value
    return out


_POSTURE_TABLE: dict[str, _Posture] = {
    "standing": _Posture(0, _both(shoulder=4, elbow=12), 120, "behind"),
    # Right foot forward; the back heel is up and both feet touch the floor.
    "split-stance": _Posture(
        0,
        _both(hip_right=28, knee_right=4, hip_left=-31, knee_left=14, ankle_left=-35)
        | _both(shoulder=4, elbow=12),
        115,
        "behind",
    ),
    "sitting": _Posture(0, _both(hip=90, knee=90, shoulder=20, elbow=50), 140, "under-pelvis"),
    "kneeling": _Posture(
        0, _both(knee=90, ankle=-90, shoulder=4, elbow=12), 150, "behind", flat_feet=False
    ),
    # Head to the left, face up.
    # The arms lie on the floor beside the body: upper arm sloping down, forearm flat.
    "lying-back": _Posture(
        -90, _both(shoulder=-12, elbow=12), 180, "under-back", head_and_arms_rest=True
    ),
    # Lying on the left side, seen from the front and a little above: the body's front
    # faces down the page, so hip and knee bends show and the top knee opens upwards in
    # the picture plane. Head to the right.
    "lying-side": _Posture(
        90,
        _both(knee=90, shoulder_left=170, elbow_left=10, shoulder_right=60, elbow_right=20),
        115,
        "behind",
        floor="mat",
        flat_feet=False,
        ground_gap=8,
        side_lying_legs=True,
        near_offset=(-8, 0),
    ),
    # Drawn like lying-side (head to the right, front of the body down the page), up on the
    # left forearm with the body straight; the upper (right) leg lies just above the lower.
    "side-plank": _Posture(
        82,
        _both(shoulder_left=82, elbow_left=90, shoulder_right=0, elbow_right=10),
        45,
        "behind",
        flat_feet=False,
        near_offset=(-8, 0),
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
    Every problem raises PoseError with a sentence an editor can act on.
    """
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
    raw_angles = data.get("angles", {})
    if not isinstance(raw_angles, Mapping):
        raise PoseError('"angles" must be joint names with degrees, like {"hip_left": 30}.')
    angles = {}
    for joint, value in raw_angles.items():
        if not isinstance(joint, str) or joint not in JOINT_LIMITS:
            raise PoseError(f"Unknown joint {_show(joint)}; joints are: {_choices(JOINT_LIMITS)}.")
        angles[joint] = _angle(joint, value)
    raw_props = data.get("props", ())
    if not isinstance(raw_props, list | tuple):
        raise PoseError('"props" must be a list, like ["floor", "chair"].')
    props: list[str] = []
    for prop in raw_props:
        if not isinstance(prop, str) or prop not in PROPS:
            raise PoseError(f"Unknown prop {_show(prop)}; props are: {_choices(PROPS)}.")
        if prop not in props:  # a repeated prop is harmless; draw it once
            props.append(prop)
    # Canonical joint order keeps pose_to_data() and the drawing deterministic.
    ordered = {joint: angles[joint] for joint in JOINT_LIMITS if joint in angles}
    return Pose(posture=posture, angles=ordered, props=tuple(props))


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
    return parse_pose({"posture": pose.posture, "angles": pose.angles, "props": pose.props})


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
            ("trunk", 0, -TRUNK + 5, R_CHEST),
            ("head", 0, -15, HEAD_R),
        ]
        for side in ("left", "right"):
            local += [
                (f"thigh_{side}", 0, 0, R_HIP),
                (f"thigh_{side}", 0, self.lengths[f"thigh_{side}"], R_KNEE),
                (f"shin_{side}", 0, self.lengths[f"shin_{side}"], R_ANKLE),
                (f"foot_{side}", -1.5, 3, 2.5),  # heel
                (f"foot_{side}", 11, 3.4, 2.1),  # toes
                (f"forearm_{side}", 0, 0, R_ELBOW),
                (f"forearm_{side}", 0, FOREARM + 2, R_HAND),
            ]
        return [(bone, *self.world[bone](x, y), r) for bone, x, y, r in local]

    def point(self, bone: str, x: float = 0, y: float = 0) -> tuple[float, float]:
        return self.world[bone](x, y)


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


def _side_lying_leg(opening: float, knee: float) -> tuple[float, float, float, float]:
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
        return ((SIDE_LYING_DEPTH * v[1] - v[2]) * length, v[0] * length)

    kx, ky = flat(turned(thigh), THIGH)
    sx, sy = flat(turned(shin), SHIN)
    thigh_rot = math.degrees(math.atan2(-kx, ky))
    shin_rot = math.degrees(math.atan2(-sx, sy))
    return thigh_rot, math.hypot(kx, ky), shin_rot - thigh_rot, math.hypot(sx, sy)


def _skeleton(pose: Pose) -> _Skeleton:
    """Settle the angles, then place the body: lowest point on the floor, planted feet (or
    else the pelvis) at the posture's spot, and everything inside the picture."""
    posture = _POSTURE_TABLE[pose.posture]
    a = _settle_angles(pose)
    joints: dict[str, tuple[float, float, float]] = {
        "pelvis": (0, 0, a["pelvis"]),
        "trunk": (0, 0, a["trunk"]),
        "head": (0, -TRUNK - 1, a["neck"]),
    }
    lengths = {}
    for side in ("left", "right"):
        # The near (right) limbs sit a little up the page when lying on the side.
        ox, oy = posture.near_offset if side == "right" else (0, 0)
        if posture.side_lying_legs:
            thigh, lengths[f"thigh_{side}"], knee, lengths[f"shin_{side}"] = _side_lying_leg(
                a[f"hip_{side}"], a[f"knee_{side}"]
            )
        else:
            thigh, knee = -a[f"hip_{side}"], a[f"knee_{side}"]
            lengths[f"thigh_{side}"], lengths[f"shin_{side}"] = THIGH, SHIN
        joints |= {
            # Anatomical angles to SVG rotations (clockwise, figure facing right): flexing
            # the hip, shoulder or elbow, or pulling the toes up, turns anticlockwise.
            f"upper_arm_{side}": (ox, oy - SHOULDER, -a[f"shoulder_{side}"]),
            f"forearm_{side}": (0, UPPER_ARM, -a[f"elbow_{side}"]),
            f"thigh_{side}": (ox, oy, thigh),
            f"shin_{side}": (0, lengths[f"thigh_{side}"], knee),
            f"foot_{side}": (0, lengths[f"shin_{side}"], -a[f"ankle_{side}"]),
        }

    def page() -> dict[str, _Affine]:
        world: dict[str, _Affine] = {}
        for bone, parent in _PARENT.items():
            local = _Affine.joint(*joints[bone])
            world[bone] = world[parent].then(local) if parent else local
        return world

    first = _Skeleton(joints, lengths, page())  # with the pelvis at (0, 0)
    ends = first.ends()
    lowest = max(y + r for _, _, y, r in ends)
    # Frames of one exercise line up when the planted feet stay put.
    planted = [
        first.point(f"foot_{side}")[0]
        for side in ("left", "right")
        if any(b == f"foot_{side}" and y + r >= lowest - 1.5 for b, _, y, r in ends)
    ]
    anchor = sum(planted) / len(planted) if planted else 0.0
    dx = posture.anchor_x - anchor
    dy = FLOOR_Y - posture.ground_gap - lowest
    left = min(x - r for _, x, _, r in ends) + dx
    right = max(x + r for _, x, _, r in ends) + dx
    margin = 4
    if right - left > VIEW_W - 2 * margin:
        dx += (VIEW_W - left - right) / 2
    elif left < margin:
        dx += margin - left
    elif right > VIEW_W - margin:
        dx -= right - (VIEW_W - margin)
    joints["pelvis"] = (dx, dy, a["pelvis"])
    return _Skeleton(joints, lengths, page())


# --- Drawing --------------------------------------------------------------------------------


def _group(joint: tuple[float, float, float], *children: str, attrs: str = "") -> str:
    x, y, degrees = joint
    transform = f"translate({_n(x)} {_n(y)}) rotate({_n(degrees)})"
    return f'<g transform="{transform}"{attrs}>{"".join(children)}</g>'


_FOOT = "M-2 0.5A2.5 2.5 0 0 0 -1.5 5.5L11 5.5A2.1 2.1 0 0 0 11 1.3L3 0Z"
_TORSO = _capsule(TRUNK - 5, R_PELVIS, R_CHEST, up=True)
_NECK = _capsule(10, 3.4, 3.4, up=True, start=-TRUNK)
_UPPER_ARM = _capsule(UPPER_ARM, R_SHOULDER, R_ELBOW)
_FOREARM = _capsule(FOREARM, R_ELBOW - 0.2, R_WRIST)

# Muscle shapes in the frame of the bone they sit on, drawn on the near side only (the side
# the reader sees). Front of the body is +x, up is -y; thigh shapes assume the full THIGH
# length and are squeezed to fit a foreshortened thigh.
_MUSCLE_SHAPES: dict[str, tuple[str, str]] = {
    "gluteus-medius": (
        "pelvis",
        "M-9 -6C-10 -12-5 -16.5 0 -16C4 -15.5 5 -10 3 -6C-1 -3.5-6 -3.5-9 -6Z",
    ),
    "gluteus-minimus": (
        "pelvis",
        "M-5.5 -8C-6 -11-3 -13.5 0 -13C2.5 -12.5 3 -9.5 1.5 -7.5C-1 -6-4 -6-5.5 -8Z",
    ),
    "hip-flexors": ("pelvis", "M2.5 -19C6 -15 9 -9 8.5 -2C8 3 5 5 3.5 2C3.5 -5 2 -12 2.5 -19Z"),
    "gluteus-maximus": (
        "glute",
        "M-9.5 -4C-11 2-9.5 8.5-4.5 10C-1 11 1.5 8 0 5C-2 2-2.5 -2-2.5 -6C-5 -7.5-8 -7.5-9.5 -4Z",
    ),
    "tensor-fasciae-latae": ("thigh", "M2.5 -5C5 -5 6.5 -2 6 3L4.5 10C3 8 2 2 2.5 -5Z"),
    "quadriceps": ("thigh", "M2 9C3.5 6 6 7 6.2 11C6.5 18 5.5 26 4.2 31L2 31C1.3 24 1.2 15 2 9Z"),
    "hamstrings": (
        "thigh",
        "M-6 9C-6.8 16-6.3 25-4.3 31L-1.8 31C-2.5 24-2.5 16-2 8C-3.5 6.5-5 7-6 9Z",
    ),
    "adductors": ("thigh", "M-1.5 5C0 3.5 1.5 4 1.5 6L1.2 20C0.5 22-1 22-1.4 20Z"),
    "calves": ("shin", "M-4.2 3C-5.2 8-4.6 14-2 20C-0.8 15-0.6 8-1 3Z"),
    "core": (
        "trunk",
        "M-1 -8C-3 -14-3 -24-1 -30C2 -32 6 -32 8 -30C9.5 -24 9.5 -14 8 -8C5 -6 1 -6-1 -8Z",
    ),
}


def _muscles_on(frame: str, worked: dict[str, str], hatch: str) -> str:
    out = []
    for key, (where, path) in _MUSCLE_SHAPES.items():
        if where != frame or key not in worked:
            continue
        kind = worked[key]
        fill = f' fill="url(#{hatch})"' if kind == "secondary" else ""
        # The deep muscle is dashed: it lies under gluteus medius.
        dash = ' stroke-dasharray="2 1.5"' if key == "gluteus-minimus" else ""
        out.append(
            f'<path class="muscle muscle--{kind}" d="{path}"{fill}{dash} stroke-width="0.8">'
            f"<title>{MUSCLES[key]} ({kind})</title></path>"
        )
    return "".join(out)


def _path(d: str) -> str:
    return f'<path class="limb" d="{d}"/>'


def _arm(side: str, sk: _Skeleton) -> str:
    hand = f'<circle class="limb" cy="{_n(FOREARM + 2)}" r="{R_HAND}"/>'
    forearm = _group(sk.joints[f"forearm_{side}"], _path(_FOREARM), hand)
    return _group(sk.joints[f"upper_arm_{side}"], _path(_UPPER_ARM), forearm)


def _leg(side: str, sk: _Skeleton, muscles: Callable[[str], str], attrs: str = "") -> str:
    thigh_len, shin_len = sk.lengths[f"thigh_{side}"], sk.lengths[f"shin_{side}"]
    thigh_muscles = muscles("thigh")
    if thigh_muscles and abs(thigh_len - THIGH) > 0.05:
        thigh_muscles = f'<g transform="scale(1 {_n(thigh_len / THIGH)})">{thigh_muscles}</g>'
    foot = _group(sk.joints[f"foot_{side}"], _path(_FOOT))
    shin_outline = _path(_capsule(shin_len, R_KNEE - 0.4, R_ANKLE))
    shin = _group(sk.joints[f"shin_{side}"], shin_outline, muscles("shin"), foot)
    thigh_outline = _path(_capsule(thigh_len, R_HIP, R_KNEE))
    return _group(sk.joints[f"thigh_{side}"], thigh_outline, thigh_muscles, shin, attrs=attrs)


def _body(sk: _Skeleton, worked: dict[str, str], hatch: str) -> str:
    def near(frame: str) -> str:  # muscles are drawn on the near side only
        return _muscles_on(frame, worked, hatch)

    def far(frame: str) -> str:
        return ""

    trunk = sk.joints["trunk"]
    head = _group(sk.joints["head"], f'<circle class="limb" cy="-15" r="{HEAD_R}"/>')
    far_look = ' stroke-opacity="0.5"'  # lighter, so two legs read in a side view
    x, y, thigh = sk.joints["thigh_right"]
    # Drawing order gives depth: far arm, far leg, trunk and head, near leg, near arm. The
    # trunk's transform is repeated on three layers so each limb keeps its real parent.
    layers = [
        _group(trunk, _arm("left", sk), attrs=far_look),
        _leg("left", sk, far, attrs=far_look),
        _group(trunk, _path(_NECK), _path(_TORSO), near("trunk"), head),
        _leg("right", sk, near),
        # The buttock follows the thigh halfway, as soft tissue does.
        _group((x, y, thigh / 2), near("glute")),
        _group((x, y, 0), near("pelvis")),
        _group(trunk, _arm("right", sk)),
    ]
    return _group(sk.joints["pelvis"], *layers, attrs=' class="body" fill="Canvas"')


# --- Props ----------------------------------------------------------------------------------


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


def _feet(sk: _Skeleton) -> list[tuple[float, float, float]]:
    """Heel and toe circles of both feet on the page: (x, y, radius)."""
    return [(x, y, r) for bone, x, y, r in sk.ends() if bone.startswith("foot_")]


def _props(pose: Pose, sk: _Skeleton) -> tuple[str, str]:
    """SVG for the props behind the figure, and for those in front of it."""
    posture = _POSTURE_TABLE[pose.posture]
    ends = sk.ends()
    behind, in_front = [], []
    for prop in PROPS:  # a fixed order keeps the output stable
        if prop not in pose.props:
            continue
        extra = ""
        if prop == "floor" and posture.floor == "mat":
            # Seen from above, the mat is a band the whole body lies on.
            top = min(y - r for _, _, y, r in ends) - 6
            left = min(x - r for _, x, _, r in ends) - 10
            right = max(x + r for _, x, _, r in ends) + 10
            d = f"M{_n(left)} {_n(top)}H{_n(right)}L{_n(right + 8)} {FLOOR_Y}H{_n(left - 8)}Z"
            extra = ' fill="currentColor" fill-opacity="0.05" stroke-opacity="0.45"'
        elif prop == "floor":
            d = f"M6 {FLOOR_Y}H234"
        elif prop == "wall":
            x = min(x - r for _, x, _, r in ends) - 1.5
            ticks = "".join(f"M{_n(x)} {y}l-5 5" for y in range(26, FLOOR_Y, 12))
            d = f"M{_n(x)} {FLOOR_Y}V20{ticks}"
        elif prop == "step":
            d = _step(sk)
        elif prop == "chair":
            d = _chair(posture.chair, sk)
        else:  # band: a loop just above both knees
            knees = [
                sk.point(f"thigh_{side}", 0, sk.lengths[f"thigh_{side}"] - 5)
                for side in ("left", "right")
            ]
            in_front.append(
                f'<path class="prop prop--band" d="{_loop(*knees, R_KNEE + 1.8)}" '
                'stroke-width="2.2"/>'
            )
            continue
        behind.append(f'<path class="prop prop--{prop}" d="{d}"{extra}/>')
    group = '<g class="props" stroke-width="1.3">{}</g>'
    return (group.format("".join(behind)) if behind else "", "".join(in_front))


def _step(sk: _Skeleton) -> str:
    """A stair step under a raised flat foot, else just in front of the figure; a railing."""
    raised = []
    for side in ("left", "right"):
        (hx, hy, hr), (_, ty, tr) = [(x, y, r) for b, x, y, r in sk.ends() if b == f"foot_{side}"]
        if FLOOR_Y - (hy + hr) > 6 and abs(hy + hr - ty - tr) < 2:
            raised.append((hx - 8, hy + hr))
    if raised:
        x0, top = raised[0]
    else:
        top = FLOOR_Y - STEP_H
        x0 = max(x + r for x, _, r in _feet(sk)) + 8
    x1 = x0 + 40
    return (
        f"M{_n(x0)} {FLOOR_Y}V{_n(top)}H{_n(x1)}V{FLOOR_Y}"
        f"M{_n(x1 - 4)} {_n(top)}V{_n(top - 52)}M{_n(x1 - 4)} {_n(top - 46)}H{_n(x0 - 6)}"
    )


def _chair(where: str, sk: _Skeleton) -> str:
    """A side-on chair: under the seated pelvis, under the upper back, or behind the heels."""
    if where == "under-pelvis":
        x, y = sk.point("trunk")
        seat, front, back = y + R_PELVIS, x + 14, x - 18
    elif where == "under-back":
        x, y = sk.point("trunk", 0, -TRUNK + 5)
        seat, front, back = y + R_CHEST, x + 8, x - 40  # deep, so the head clears the back
    else:
        heel = min(x - r for x, _, r in _feet(sk))
        seat, front, back = FLOOR_Y - CHAIR_H, heel - 4, heel - 34
    top = seat - 34
    return (
        f"M{_n(back)} {_n(seat)}H{_n(front)}V{_n(seat + 3.5)}H{_n(back)}Z"
        f"M{_n(front - 2.5)} {_n(seat + 3.5)}V{FLOOR_Y}M{_n(back + 2)} {FLOOR_Y}V{_n(seat + 3.5)}"
        f"M{_n(back)} {_n(seat)}V{_n(top)}h4V{_n(seat)}"
    )


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


def _svg_open(view_w: int, view_h: int, css_class: str, label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {view_w} {view_h}" '
        f'class="{css_class}" role="img" aria-label="{escape(label, {chr(34): "&quot;"})}" '
        'fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" '
        f'stroke-linejoin="round"><title>{escape(label)}</title>'
    )


def render_figure(
    pose: Pose, *, alt: str, primary=(), secondary=(), mirrored=False, id_prefix="fig"
) -> str:
    """An <svg> of the posed figure, with the worked muscles drawn on it.

    Same input, same bytes. `mirrored` flips the drawing left to right with one transform;
    `id_prefix` keeps the hatch pattern's id unique when several figures share a page.
    """
    pose = _checked(pose)
    primary, secondary = _muscle_keys(primary, secondary)
    label = _text(alt, "figure")
    hatch = f"{_check_id(id_prefix)}-hatch"
    sk = _skeleton(pose)
    behind, in_front = _props(pose, sk)
    worked = {key: "primary" for key in primary} | {key: "secondary" for key in secondary}
    body = _body(sk, worked, hatch)
    flip = f' transform="translate({VIEW_W} 0) scale(-1 1)"' if mirrored else ""
    return (
        _svg_open(VIEW_W, VIEW_H, "figure", label)
        + _hatch(hatch)
        + f'<g class="figure__drawing"{flip}>{behind}{body}{in_front}</g></svg>'
    )


# The muscle map: the hips and thighs from behind (left and right halves mirror about
# x = 120), and a small side view of the hip facing right for the muscles at the front.
_MAP_W, _MAP_H = 360, 192
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
# key: (path, mirrored too?, label lines, label anchor (x, y), leader end (x, y))
_MAP_REGIONS: dict[
    str, tuple[str, bool, tuple[str, ...], tuple[float, float], tuple[float, float]]
] = {
    "gluteus-medius": (
        "M77 56C80 44 94 37 112 38C114 46 108 52 98 56C90 59 82 62 77 66Z",
        True,
        ("Gluteus medius",),
        (68, 40),
        (84, 48),
    ),
    "gluteus-minimus": (
        "M84 56C88 47 98 42 108 43C106 50 97 54 88 58Z",
        True,
        ("Gluteus minimus", "(deep)"),
        (68, 58),
        (90, 52),
    ),
    "gluteus-maximus": (
        "M78 70C86 58 102 50 118 46C120 62 120 84 119 100C108 106 92 104 80 96C77 88 76 78 78 70Z",
        True,
        ("Gluteus maximus",),
        (68, 84),
        (88, 82),
    ),
    "hamstrings": (
        "M84 110C92 104 104 104 111 108C110 130 106 150 101 170C96 173 91 173 88 170"
        "C84 150 82 128 84 110Z",
        True,
        ("Hamstrings",),
        (68, 140),
        (88, 140),
    ),
    "adductors": (
        "M113 108C116 106 118 106 119 107C118 124 117 138 116 152C113 142 111 124 113 108Z",
        True,
        ("Adductors",),
        (172, 124),
        (124, 124),
    ),
    "hip-flexors": (
        "M271 26C278 42 286 60 287 80C287 92 284 102 279 110C277 100 279 88 277 78"
        "C275 60 268 44 266 30Z",
        False,
        ("Hip flexors",),
        (300, 34),
        (272, 36),
    ),
    "tensor-fasciae-latae": (
        "M283 58C287 64 287 80 281 102C277 94 276 78 279 64Z",
        False,
        ("Tensor", "fasciae latae"),
        (300, 76),
        (284, 76),
    ),
}


def render_muscle_map(*, primary=(), secondary=(), id_prefix="map") -> str:
    """The hip muscles from behind (and the front ones from the side), as inline SVG.

    Each region has id f"{id_prefix}-{key}", class "map-region", and the muscle classes
    when highlighted; gluteus minimus is dashed because it lies under gluteus medius.
    """
    primary, secondary = _muscle_keys(primary, secondary)
    prefix = _check_id(id_prefix)
    hatch = f"{prefix}-hatch"
    views: dict[bool, list[str]] = {True: [], False: []}  # back view?, its SVG parts
    for key, (path, mirrored, lines, (lx, ly), (ex, ey)) in _MAP_REGIONS.items():
        css, title, extra, hatched = "map-region", MUSCLES[key], "", ""
        if key in primary:
            css, title = "map-region muscle muscle--primary", f"{title} (worked hard)"
        elif key in secondary:
            css, title = "map-region muscle muscle--secondary", f"{title} (also worked)"
            # On the shapes too: a stylesheet rule giving .map-region a fill would beat the
            # group's attribute, but not an attribute on the shapes themselves.
            extra = hatched = f' fill="url(#{hatch})"'
        if key == "gluteus-minimus":
            extra += ' stroke-dasharray="3 2"'
        shapes = f'<path d="{path}"{hatched}/>'
        if mirrored:
            shapes += f'<path d="{path}"{hatched} transform="{_MAP_MIRROR}"/>'
        views[mirrored].append(
            f'<g id="{prefix}-{key}" class="{css}"{extra}><title>{title}</title>{shapes}</g>'
        )
        # Labels say which region is which; bold marks the highlighted ones.
        anchor = "end" if lx < ex else "start"
        weight = ' font-weight="bold"' if key in primary or key in secondary else ""
        spans = "".join(
            f'<tspan x="{lx}" dy="{0 if i == 0 else 9}">{line}</tspan>'
            for i, line in enumerate(lines)
        )
        views[mirrored].append(
            f'<text{_LABEL} x="{lx}" y="{ly + 3}" text-anchor="{anchor}"{weight}>{spans}</text>'
            f'<path class="map-leader" d="M{lx + (3 if anchor == "end" else -3)} {ly}L{ex} {ey}" '
            'stroke-width="0.6" stroke-opacity="0.6"/>'
        )
    summary = ["Hip muscles seen from behind, and the front of the hip from the side."]
    for keys, words in ((primary, "Worked hard"), (secondary, "Also worked")):
        if keys:
            summary.append(f"{words}: {', '.join(MUSCLES[k].lower() for k in keys)}.")
    # Text takes no stroke; the regions and leader lines set their own.
    text = ' font-size="8" stroke-width="1"'
    return (
        _svg_open(_MAP_W, _MAP_H, "figure muscle-map", " ".join(summary))
        + _hatch(hatch)
        + f'<g transform="translate(20 0)"{text}><path class="map-outline" d="{_MAP_BACK}" '
        + f'stroke-width="1.5"/>{"".join(views[True])}'
        + f'<text{_LABEL} x="120" y="190" text-anchor="middle">From behind</text></g>'
        + f'<g{text}><path class="map-outline" d="{_MAP_SIDE}" stroke-width="1.5"/>'
        + "".join(views[False])
        + f'<text{_LABEL} x="270" y="190" text-anchor="middle">From the side, facing right</text>'
        + "</g></svg>"
    )
