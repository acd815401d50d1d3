import json
import math
import re
from urllib.parse import urlparse

from django import forms
from django.contrib import admin
from django.http import HttpResponse
from django.urls import Resolver404, path, resolve, reverse_lazy
from django.utils.html import format_html
from django.views.decorators.http import require_GET

from education import figures
from education.admin.content import REVIEW_FIELDSET, REVIEW_LIST_DISPLAY, ContentAdmin
from education.admin.languages import TRANSLATION_FIELDSET, TranslatedAdmin
from education.admin.publishing import PUBLISHING_FIELDSET, PublishingAdmin
from education.images import reencode
from education.models import Category, Equipment, Exercise, ExerciseStep, Frame, Mistake, Muscle

POSE_PREVIEW_URL = reverse_lazy("admin:education_exercise_pose_preview")


class PoseWidget(forms.Textarea):
    """The pose as JSON, with a drawing beside it that follows every change (htmx): the
    frame as readers will see it, laid out with the exercise's other frames. A frame added
    with "Add another" is wired up too (static/js/admin-pose-preview.js)."""

    template_name = "admin/education/exercise/pose_widget.html"

    class Media:
        js = ["django_htmx/htmx-2.min.js", "js/admin-pose-preview.js"]

    def __init__(self):
        super().__init__(attrs={"rows": 4, "cols": 60, "class": "pose-input"})

    def get_context(self, name, value, attrs):
        preview = {
            "hx-get": str(POSE_PREVIEW_URL),
            "hx-trigger": "load, input changed delay:400ms",
            "hx-target": "next .pose-preview",
            # Every pose on the page and the frames' order numbers: they are drawn together.
            "hx-include": ".pose-input, .frame-order",
        }
        return super().get_context(name, value, {**(attrs or {}), **preview})

    def format_value(self, value):
        """The pose in one key order (PostgreSQL's jsonb does not keep the typed order).

        A pose that does not parse is shown exactly as typed, so the editor can mend it.
        """
        try:
            return json.dumps(figures.pose_to_data(figures.parse_pose(json.loads(value))))
        except (TypeError, ValueError):  # not JSON, or not a valid pose (PoseError)
            return super().format_value(value)


class FrameForm(forms.ModelForm):
    class Meta:
        model = Frame
        fields = ["order", "caption", "caption_es", "alt", "alt_es", "pose", "image", "credit",
                  "licence"]  # fmt: skip
        widgets = {
            "pose": PoseWidget(),
            "order": forms.NumberInput(attrs={"class": "frame-order"}),
        }

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and hasattr(image, "content_type"):  # a new upload, not the stored file
            return reencode(image)
        return image


class FrameInline(admin.StackedInline):
    model = Frame
    form = FrameForm
    extra = 0
    fields = [("order", "caption", "caption_es"), ("alt", "alt_es"), "pose", "image",
              ("credit", "licence")]  # fmt: skip


class ExerciseStepInline(admin.TabularInline):
    model = ExerciseStep
    extra = 0
    fields = ["order", "text", "text_es"]
    verbose_name_plural = "Steps (in order)"


class MistakeInline(admin.TabularInline):
    model = Mistake
    extra = 0
    fields = ["order", "text", "text_es"]
    verbose_name_plural = "Common mistakes"


@admin.register(Exercise)
class ExerciseAdmin(TranslatedAdmin, PublishingAdmin):
    list_display = ["name", "order", "category", "difficulty", *REVIEW_LIST_DISPLAY]
    list_editable = ["order"]
    list_filter = ["status", "category", "difficulty", "equipment"]
    search_fields = ["name", "other_names", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["equipment", "primary_muscles", "secondary_muscles", "article_pages"]
    autocomplete_fields = ["easier"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("name", "name_es"),
                    ("slug", "slug_es"),
                    ("other_names", "other_names_es"),
                    ("summary", "summary_es"),
                    "category",
                    "difficulty",
                ]
            },
        ),
        (
            "Muscles",
            {
                "fields": [
                    "primary_muscles",
                    "secondary_muscles",
                    ("feel_it", "feel_it_es"),
                    ("not_feel_it", "not_feel_it_es"),
                ]
            },
        ),
        (
            "Dose",
            {
                "fields": [
                    ("sets", "reps", "hold_seconds"),
                    "per_side",
                    ("frequency", "frequency_es"),
                ]
            },
        ),
        (
            "A 4-week home plan (empty weeks use the dose above)",
            {
                "fields": [
                    ("week_1", "week_1_es"),
                    ("week_2", "week_2_es"),
                    ("week_3", "week_3_es"),
                    ("week_4", "week_4_es"),
                    "links_reminders",
                ]
            },
        ),
        (
            "Safety and links",
            {"fields": ["when_to_stop", "when_to_stop_es", "equipment", "easier", "article_pages"]},
        ),
        PUBLISHING_FIELDSET,
        REVIEW_FIELDSET,
        TRANSLATION_FIELDSET,
    ]
    inlines = [ExerciseStepInline, MistakeInline, FrameInline]

    def get_urls(self):
        preview = self.admin_site.admin_view(require_GET(pose_preview))
        return [
            path("pose-preview/", preview, name="education_exercise_pose_preview"),
            *super().get_urls(),
        ]


def pose_preview(request):
    """The pose being typed, drawn as readers will see it: laid out with the other frames
    on the page (one crop for all, the arrow from the frame before) and with the exercise's
    muscles; or a plain message saying what is wrong with it."""
    typed = _typed_poses(request)
    name = request.headers.get("HX-Trigger-Name") or next(iter(typed), "")
    raw = typed.get(name, "")
    if not raw:
        return HttpResponse("<p>No drawing: the pose is empty.</p>")
    try:
        pose = figures.parse_pose(json.loads(raw))
    except json.JSONDecodeError as error:
        return error_message(f"This is not valid JSON ({error.msg}, character {error.pos}).")
    except figures.PoseError as error:
        return error_message(str(error))
    poses = [pose if field == name else _pose_or_none(text) for field, text in typed.items()]
    drawn = [other for other in poses if other is not None]
    primary, secondary = _muscles_of_page(request)
    layout = figures.draw_frames(drawn, primary=primary, secondary=secondary)
    # Ids unique to the field: several previews share the editor's page.
    prefix = "preview-" + re.sub(r"[^A-Za-z0-9_-]", "-", name)
    return HttpResponse(layout.svg(drawn.index(pose), alt="Preview of this pose", id_prefix=prefix))


def _typed_poses(request) -> dict[str, str]:
    """The pose fields sent, in the frames' order (their order numbers, then their place on
    the page), without the blank form that "Add another" copies."""
    poses = {
        name: value.strip()
        for name, value in request.GET.items()
        if name.endswith("pose") and "__prefix__" not in name
    }

    def place(name: str) -> tuple[float, int]:
        prefix = name.removesuffix("pose")  # "frames-2-"
        order = request.GET.get(f"{prefix}order", "")
        number = prefix.strip("-").rpartition("-")[2]
        return (
            float(order) if order.strip().isdigit() else math.inf,
            int(number) if number.isdigit() else 0,
        )

    return {name: poses[name] for name in sorted(poses, key=place)}


def _pose_or_none(text: str):
    """Another frame's pose, if it can be drawn (its own preview says what is wrong)."""
    try:
        return figures.parse_pose(json.loads(text))
    except (ValueError, figures.PoseError):  # JSONDecodeError is a ValueError
        return None


def _muscles_of_page(request) -> tuple[list[str], list[str]]:
    """The muscles of the exercise whose change form asked for the preview (none for a new
    exercise or a self-test step): htmx sends the page's address."""
    try:
        match = resolve(urlparse(request.headers.get("HX-Current-URL", "")).path)
    except Resolver404:
        return [], []
    object_id = str(match.kwargs.get("object_id", ""))
    if match.url_name != "education_exercise_change" or not object_id.isdigit():
        return [], []
    exercise = Exercise.objects.filter(pk=object_id).first()
    return exercise.muscle_keys if exercise else ([], [])


def error_message(text: str) -> HttpResponse:
    return HttpResponse(format_html('<p class="errornote">{}</p>', text))


@admin.register(Muscle)
class MuscleAdmin(ContentAdmin):
    list_display = ["name", "everyday_name", "map_region"]
    search_fields = ["name", "everyday_name"]
    fields = [("name", "name_es"), ("everyday_name", "everyday_name_es"),
              ("what_it_does", "what_it_does_es"), "map_region"]  # fmt: skip


@admin.register(Category)
class CategoryAdmin(ContentAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    fields = [("name", "name_es"), "slug", "order"]


@admin.register(Equipment)
class EquipmentAdmin(ContentAdmin):
    list_display = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fields = [("name", "name_es"), "slug"]
