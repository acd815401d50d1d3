import json

from django import forms
from django.contrib import admin
from django.http import HttpResponse
from django.urls import path, reverse_lazy
from django.utils.html import format_html
from django.views.decorators.http import require_GET

from education import figures
from education.admin.content import REVIEW_FIELDSET, REVIEW_LIST_DISPLAY, ContentAdmin
from education.admin.publishing import PUBLISHING_FIELDSET, PublishingAdmin
from education.images import reencode
from education.models import Category, Equipment, Exercise, ExerciseStep, Frame, Mistake, Muscle

POSE_PREVIEW_URL = reverse_lazy("admin:education_exercise_pose_preview")


class PoseWidget(forms.Textarea):
    """The pose as JSON, with a drawing beside it that follows every change (htmx)."""

    template_name = "admin/education/exercise/pose_widget.html"

    class Media:
        js = ["django_htmx/htmx-2.min.js"]

    def __init__(self):
        super().__init__(attrs={"rows": 4, "cols": 60, "class": "pose-input"})

    def get_context(self, name, value, attrs):
        preview = {
            "hx-get": str(POSE_PREVIEW_URL),
            "hx-trigger": "load, input changed delay:400ms",
            "hx-target": "next .pose-preview",
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
        fields = ["order", "caption", "alt", "pose", "image", "credit", "licence"]
        widgets = {"pose": PoseWidget()}

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and hasattr(image, "content_type"):  # a new upload, not the stored file
            return reencode(image)
        return image


class FrameInline(admin.StackedInline):
    model = Frame
    form = FrameForm
    extra = 0
    fields = [("order", "caption"), "alt", "pose", "image", ("credit", "licence")]


class ExerciseStepInline(admin.TabularInline):
    model = ExerciseStep
    extra = 0
    verbose_name_plural = "Steps (in order)"


class MistakeInline(admin.TabularInline):
    model = Mistake
    extra = 0
    verbose_name_plural = "Common mistakes"


@admin.register(Exercise)
class ExerciseAdmin(PublishingAdmin):
    list_display = ["name", "order", "category", "difficulty", *REVIEW_LIST_DISPLAY]
    list_editable = ["order"]
    list_filter = ["status", "category", "difficulty", "equipment"]
    search_fields = ["name", "other_names", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["equipment", "primary_muscles", "secondary_muscles", "article_pages"]
    autocomplete_fields = ["easier"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "other_names", "summary", "category", "difficulty"]}),
        ("Muscles", {"fields": ["primary_muscles", "secondary_muscles", "feel_it", "not_feel_it"]}),
        ("Dose", {"fields": [("sets", "reps", "hold_seconds"), "per_side", "frequency"]}),
        ("Safety and links", {"fields": ["when_to_stop", "equipment", "easier", "article_pages"]}),
        PUBLISHING_FIELDSET,
        REVIEW_FIELDSET,
    ]
    inlines = [ExerciseStepInline, MistakeInline, FrameInline]

    def get_urls(self):
        preview = self.admin_site.admin_view(require_GET(pose_preview))
        return [
            path("pose-preview/", preview, name="education_exercise_pose_preview"),
            *super().get_urls(),
        ]


def pose_preview(request):
    """The figure for the pose being typed, or a plain message saying what is wrong with it."""
    raw = next((v for k, v in request.GET.items() if k.endswith("pose")), "").strip()
    if not raw:
        return HttpResponse("<p>No drawing: the pose is empty.</p>")
    try:
        pose = figures.parse_pose(json.loads(raw))
    except json.JSONDecodeError as error:
        return error_message(f"This is not valid JSON ({error.msg}, character {error.pos}).")
    except figures.PoseError as error:
        return error_message(str(error))
    return HttpResponse(
        figures.render_figure(pose, alt="Preview of this pose", id_prefix="preview")
    )


def error_message(text: str) -> HttpResponse:
    return HttpResponse(format_html('<p class="errornote">{}</p>', text))


@admin.register(Muscle)
class MuscleAdmin(ContentAdmin):
    list_display = ["name", "everyday_name", "map_region"]
    search_fields = ["name", "everyday_name"]


@admin.register(Category)
class CategoryAdmin(ContentAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Equipment)
class EquipmentAdmin(ContentAdmin):
    list_display = ["name"]
    prepopulated_fields = {"slug": ["name"]}
