"""What every content admin shares: saving safely (a save made after someone else's is refused,
nothing typed is lost), the review fields, links checked on save, and comparing versions.

Content that readers see as a whole (drafts, waiting changes, preview, publishing) adds
publishing.PublishingAdmin on top.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets
from django.db import models
from django.db.models.functions import Cast
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin
from reversion_compare.helpers import html_diff

from education.admin import links
from education.admin.markdown import MarkdownFields
from education.models import WaitingChanges
from education.models.content import Reviewed

REVIEW_FIELDSET = (
    "Authorship and review",
    {
        "description": "Name real people only. Until a clinician has reviewed the content, "
        "leave the reviewer empty: the page then says that clinical review is pending.",
        "fields": [
            ("author", "author_credentials"),
            ("reviewer", "reviewer_credentials"),
            "mark_reviewed",
            ("last_reviewed", "next_review"),
        ],
    },
)
REVIEW_LIST_DISPLAY = ["status", "last_reviewed", "next_review"]
EDIT_TOKEN = "edit_token"  # the change form's own field, not content
ROWS_AT_MOST = 100  # pages, steps, frames... of one object
CONFLICT = (
    "{who} saved this {what} at {when}, after you opened it. Your changes are not saved, so "
    "that theirs are not lost, but nothing you typed is lost either: it is all still below. "
    "Open the latest version in a new tab, copy your changes across there, and save."
)


def newest_version(obj, parts: str | None = None) -> int:
    """The newest version of obj, or of one of its `parts` (a related name, e.g. a test's
    "steps", which are also edited on pages of their own)."""
    versions = Version.objects.get_for_object(obj)
    if parts:
        related = getattr(obj, parts).annotate(text_id=Cast("pk", models.CharField()))
        versions |= Version.objects.get_for_model(related.model).filter(
            object_id__in=related.values("text_id")
        )
    return versions.aggregate(newest=models.Max("pk"))["newest"] or 0


def edit_token(newest: int, changes: WaitingChanges | None) -> str:
    """What a page was made from: it changes when anyone saves the object or its changes."""
    return f"{newest}.{changes.saved_at.timestamp() if changes else 0}"


def last_saved(obj, changes: WaitingChanges | None) -> tuple[str, str]:
    """Who last saved obj or its waiting changes, and when."""
    if changes is not None:
        who, when = changes.saved_by, changes.saved_at
    else:
        version = Version.objects.get_for_object(obj).select_related("revision__user").first()
        who, when = (version.revision.user, version.revision.date_created) if version else (
            None, timezone.now())  # fmt: skip
    return str(who or "Someone"), timezone.localtime(when).strftime("%H:%M on %d %B")


def lock(model, pk) -> None:
    """Hold the object's row until the transaction ends, so a second save waits for this one
    (PostgreSQL; SQLite's transactions already hold the whole database)."""
    list(model._base_manager.select_for_update().filter(pk=pk).values_list("pk"))


class ContentForm(forms.ModelForm):
    """Refuses a save when someone else has saved the object since the form was opened."""

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)
    parts: str | None = None  # see newest_version; set by ContentAdmin.get_form

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        lock(type(self.instance), self.instance.pk)
        changes = WaitingChanges.of(self.instance)
        newest = newest_version(self.instance, self.parts)
        if cleaned.get(EDIT_TOKEN) != edit_token(newest, changes):
            who, when = last_saved(self.instance, changes)
            what = self.instance._meta.verbose_name
            raise forms.ValidationError(CONFLICT.format(who=who, what=what, when=when))
        return cleaned


class ReviewedContentForm(ContentForm):
    """For content with a review record, which can be marked reviewed in passing."""

    mark_reviewed = forms.BooleanField(
        label="Mark as reviewed today",
        required=False,
        help_text="Sets the last-reviewed date to today and the next review to a year from now.",
    )

    def save(self, commit=True):
        if self.cleaned_data.get("mark_reviewed"):
            self.instance.mark_reviewed()
        return super().save(commit)


class ContentAdmin(MarkdownFields, CompareVersionAdmin):
    """Every content model's admin: history and compare, live markdown previews, safe saving."""

    form = ContentForm
    parts_edited_elsewhere: str | None = None  # e.g. a test's "steps": see newest_version

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self.form is ContentForm and issubclass(self.model, Reviewed):
            kwargs.setdefault("form", ReviewedContentForm)
        form = super().get_form(request, obj, change, **kwargs)
        form.parts = self.parts_edited_elsewhere
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if EDIT_TOKEN in flatten_fieldsets(fieldsets):  # listed already: no fieldsets given
            return fieldsets
        return [*fieldsets, (None, {"fields": [EDIT_TOKEN], "classes": ["hidden"]})]

    def get_changelist_form(self, request, **kwargs):
        # Editable list columns are small, separate forms: no edit token or review box there.
        return super().get_changelist_form(request, form=forms.ModelForm, **kwargs)

    def get_formsets_with_inlines(self, request, obj=None):
        # A form claiming more rows gets an error, not a page of thousands: Django's own limit,
        # 1,000 rows an inline, takes the server many seconds to draw.
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            formset.max_num = formset.absolute_max = min(formset.max_num, ROWS_AT_MOST)
            yield formset, inline

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:  # the token of what the form shows (its waiting changes too)
            newest = newest_version(obj, self.parts_edited_elsewhere)
            token = edit_token(newest, context.get("changes"))
            context["adminform"].form.fields[EDIT_TOKEN].initial = token
            context["newest_version"] = newest
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        broken = links.broken_in_forms(request, [form, *(f for fs in formsets for f in fs.forms)])
        if broken:
            messages.warning(
                request,
                format_html(
                    "These links to pages of this site lead nowhere a reader can go (a page "
                    "that does not exist, or is not published). Saved anyway; please fix them "
                    "before publishing: <ul>{}</ul>",
                    format_html_join("", "<li>{} (in {})</li>", broken),
                ),
            )

    def compare_ManyToOneRel(self, obj_compare):
        """Inlines (pages, steps, frames...): what changed in each, field by field."""
        info = obj_compare.get_m2o_change_info()
        changed = [(new, field_changes(old, new)) for old, new in info["changed_items"]]
        context = {
            "changed": [(version, rows) for version, rows in changed if rows],
            "change_info": {**info, "changed_items": []},
        }
        return render_to_string("admin/education/compare_inline.html", context)


def field_changes(old: Version, new: Version) -> list[tuple[str, str]]:
    """(field, html diff) for each field the editor can change that differs between versions."""
    rows = []
    old_values, new_values = old.field_dict, new.field_dict
    for field in new._model._meta.get_fields():
        if not getattr(field, "editable", False) or field.name not in new_values:
            continue
        before, after = old_values.get(field.name), new_values[field.name]
        if isinstance(after, list):  # many-to-many: the same items in any order are no change
            before, after = sorted(before or []), sorted(after)
        if before != after:
            rows.append((field.verbose_name, html_diff(str(before or ""), str(after or ""))))
    return rows


class SingleInstanceAdmin:
    """For a page the site has exactly one of (About, referral): edit it, never add another."""

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not self.model.objects.exists()

    def get_model_perms(self, request):
        # The menu on every admin page offers no "Add" for it (that would cost a query a page);
        # its list offers one while there is none.
        kinds = ("change", "delete", "view")
        perms = {kind: getattr(self, f"has_{kind}_permission")(request) for kind in kinds}
        return {**perms, "add": False}
