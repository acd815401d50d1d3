"""The editors' workflow, shared by every content admin.

Drafts and publishing: a draft is saved as it is; changes to something published are kept as
`PendingChanges` (the posted form) until an editor publishes them, so the public keeps seeing the
published version. Previews render the real public page with the changes applied inside a
transaction that is always rolled back. Every save is checked against what the editor started
from, so a second editor's save never silently overwrites the first.
"""

from contextlib import contextmanager

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.forms.formsets import all_valid
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_GET, require_POST
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin
from reversion_compare.helpers import html_diff

from education.admin import links
from education.admin.markdown import MarkdownFields
from education.admin.preview import PreviewPage, render_public, shown_in_preview_frame
from education.models import PendingChanges
from education.models.publishing import Publishable, Reviewed

PUBLISHING_FIELDSET = ("Publishing", {"fields": ["status", "published_on"]})
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
# The buttons of the change form (templates/admin/education/submit_line.html).
SAVE_DRAFT, PREVIEW, PUBLISH = "_save_draft", "_preview", "_publish"
STALE = (
    "The published version was saved again after these unpublished changes were, so publishing "
    "them as they are could undo that. Look at both (History shows what changed), then press "
    "Save draft to confirm the changes before publishing them."
)
CONFLICT = (
    "{who} saved this {what} at {when}, after you opened it. Your changes are not saved, so "
    "that theirs are not lost, but nothing you typed is lost either: it is all still below. "
    "Open the latest version in a new tab, copy your changes across there, and save."
)


def latest_version(obj, parts: str | None = None) -> int:
    """The newest version of obj, or of one of its `parts` (a related name, e.g. a test's
    "steps", which are also edited on pages of their own)."""
    versions = Version.objects.get_for_object(obj)
    if parts:
        related = getattr(obj, parts).all()
        versions = versions | Version.objects.get_for_model(related.model).filter(
            object_id__in=[str(pk) for pk in related.values_list("pk", flat=True)]
        )
    return versions.aggregate(newest=Max("pk"))["newest"] or 0


def edit_state(obj, parts: str | None = None) -> str:
    """Changes whenever anyone saves the object (a new version) or its unpublished changes."""
    pending = PendingChanges.for_object(obj)
    return f"{latest_version(obj, parts)}.{pending.saved_at.timestamp() if pending else 0}"


def last_saved(obj) -> tuple[str, str]:
    """Who last saved the object or its unpublished changes, and when."""
    pending = PendingChanges.for_object(obj)
    if pending:
        return str(pending.saved_by or "Someone"), pending.saved_at
    version = Version.objects.get_for_object(obj).select_related("revision__user").first()
    if version is None:  # e.g. unpublished changes discarded meanwhile
        return "Someone", timezone.now()
    return str(version.revision.user or "Someone"), version.revision.date_created


class ContentForm(forms.ModelForm):
    """Knows which saved state the editor started from."""

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)
    parts: str | None = None  # see latest_version; set by ContentAdmin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["edit_token"].initial = edit_state(self.instance, self.parts)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        # Hold the row until this save is done, so two saves cannot both pass (PostgreSQL).
        list(type(self.instance)._default_manager.select_for_update().filter(pk=self.instance.pk))
        if cleaned.get("edit_token") != edit_state(self.instance, self.parts):
            who, when = last_saved(self.instance)
            when = timezone.localtime(when).strftime("%H:%M on %d %B")
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
    """Every content model's admin: history and compare, drafts, previews, safe saving."""

    form = ContentForm
    actions = ["withdraw_from_site"]
    parts_edited_elsewhere: str | None = None  # e.g. "steps": see latest_version

    # What is published: the object itself, or what it is part of (a step: its test).

    def publishes(self) -> bool:
        """Whether this admin has drafts, previews and publishing (not e.g. a list of muscles)."""
        return issubclass(self.model, Publishable)

    def publishable(self, obj) -> Publishable | None:
        return obj if isinstance(obj, Publishable) else None

    def is_live(self, obj) -> bool:
        target = self.publishable(obj) if obj is not None else None
        return target is not None and target.is_published

    def preview_pages(self, obj) -> list[PreviewPage]:
        """The public pages that show this object, as they would with its changes applied."""
        return [PreviewPage(str(obj), obj.get_absolute_url())]

    # The change form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if "edit_token" in flatten_fieldsets(fieldsets):  # listed already: no fieldsets given
            return fieldsets
        return [*fieldsets, (None, {"fields": ["edit_token"], "classes": ["hidden"]})]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return [*readonly, "status"] if issubclass(self.model, Publishable) else readonly

    def get_changelist_form(self, request, **kwargs):
        # Editable list columns are small, separate forms: no edit token or review box there.
        return super().get_changelist_form(request, form=forms.ModelForm, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self.form is ContentForm and issubclass(self.model, Reviewed):
            kwargs.setdefault("form", ReviewedContentForm)
        form = super().get_form(request, obj, change, **kwargs)
        form.parts = self.parts_edited_elsewhere
        pending = self.pending_to_show(request, obj)
        if pending is None:
            return form

        class WithPendingChanges(form):
            """The form shows the saved, unpublished changes; sent again, it keeps their
            uploads (a file input cannot show them)."""

            def __init__(self, data=None, files=None, **kwargs):
                if data is None:
                    data = pending.as_form_data(edit_token=edit_state(obj, self.parts))
                    files = pending.uploads()
                else:
                    files = pending.uploads_with(data, files)
                super().__init__(data, files, **kwargs)

        return WithPendingChanges

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        pending = self.pending_to_show(request, obj)
        if pending is not None and not pending.includes_formset(prefix):
            return kwargs  # saved by someone who could not see these: the stored rows stand
        if pending is not None and request.method == "GET":
            kwargs.update(data=pending.as_form_data(), files=pending.uploads())
        elif pending is not None:
            kwargs["files"] = pending.uploads_with(request.POST, request.FILES)
        return kwargs

    def pending_to_show(self, request, obj) -> PendingChanges | None:
        """Unpublished changes wait only beside something live, and not on a restore page."""
        if not self.is_live(obj) or restoring_a_version(request):
            return None
        return PendingChanges.for_object(obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        context = {
            "restoring": restoring_a_version(request),
            "is_live": self.is_live(obj),
            "publishes": self.publishes(),
            "pending": self.pending_to_show(request, obj) if request.method == "GET" else None,
            "pending_is_stale": self.pending_is_stale(obj),
            "can_publish": self.has_publish_permission(request, obj),
            "publish_label": self.publish_label(obj),
            **(extra_context or {}),
        }
        if request.method == "GET" and restoring_a_version(request):
            for warning in self.restore_warnings(request, obj):
                messages.warning(request, warning)
        return super().changeform_view(request, object_id, form_url, context)

    def pending_is_stale(self, obj) -> bool:
        """Whether the object (or a part) has been saved since its unpublished changes were."""
        pending = PendingChanges.for_object(obj) if obj is not None else None
        return pending is not None and pending.based_on != self.latest_version(obj)

    def latest_version(self, obj) -> int:
        return latest_version(obj, self.parts_edited_elsewhere)

    def edit_state(self, obj) -> str:
        return edit_state(obj, self.parts_edited_elsewhere)

    def publish_label(self, obj) -> str:
        if self.is_live(obj):
            return "Publish changes"
        target = self.publishable(obj) if obj is not None else None
        if target is not None and target is not obj:  # a step of a draft test
            return f"Publish the whole {target._meta.verbose_name}"
        return "Publish"

    def restore_warnings(self, request, obj) -> list[str]:
        pending = PendingChanges.for_object(obj) if obj is not None else None
        if pending is None:
            return []
        return [
            f"{pending.saved_by or 'Someone'} has unpublished changes to this. Restoring this "
            "version discards them: publish or copy them first if they are wanted."
        ]

    def has_publish_permission(self, request, obj=None) -> bool:
        """Publishing changes what readers see: it takes change permission on what is
        published (for a step, its test)."""
        target = self.publishable(obj) if obj is not None else None
        if target is None:
            return self.publishes() and self.has_change_permission(request)
        return self.admin_site.get_model_admin(type(target)).has_change_permission(request, target)

    # Saving: straight to the database, or kept as unpublished changes

    def keeps_changes_pending(self, request, obj) -> bool:
        """Changes made in the change form to something live wait for "Publish". (The list's
        editable columns, such as an exercise's place in the library, apply at once.)"""
        return (
            request.method == "POST"
            and url_name(request).endswith("_change")
            and PUBLISH not in request.POST
            and obj.pk is not None
            and self.is_live(type(obj)._default_manager.get(pk=obj.pk))
        )

    def save_model(self, request, obj, form, change):
        if PUBLISH in request.POST and not self.has_publish_permission(request, obj):
            raise PermissionDenied
        if self.keeps_changes_pending(request, obj):
            based_on = self.latest_version(obj)
            PendingChanges.keep(obj, request.POST, form.files, request.user, based_on)
            return
        if restoring_a_version(request):
            self.keep_publication_state(obj)
            PendingChanges.discard(obj)  # made to the version before; the page warned of this
        super().save_model(request, obj, form, change)
        if PUBLISH in request.POST:
            self.publish(obj)

    def publish(self, obj) -> None:
        target = self.publishable(obj)
        if target is not None and not target.is_published:
            target.status = Publishable.Status.PUBLISHED
            target.save()
        PendingChanges.discard(obj)

    def keep_publication_state(self, obj) -> None:
        """Restoring a version brings back its content, not whether it was published: that
        stays as it is, and changes only by publishing or withdrawing."""
        target = self.publishable(obj)
        before = Version.objects.get_for_object(target).first() if target else None
        status = before.field_dict.get("status") if before else None
        if status is not None and target.status != status:
            target.status = status
            if target is not obj:
                target.save()

    def save_related(self, request, form, formsets, change):
        self.report_broken_links(request, [form, *(f for fs in formsets for f in fs.forms)])
        if not self.keeps_changes_pending(request, form.instance):
            super().save_related(request, form, formsets, change)

    def report_broken_links(self, request, forms_to_check) -> None:
        broken = links.broken_in_forms(request, forms_to_check)
        if broken:
            items = format_html_join("", "<li>{} (in {})</li>", broken)
            messages.warning(
                request,
                format_html(
                    "These links to pages of this site lead nowhere a reader can go (a page "
                    "that does not exist, or is not published). Saved anyway; please fix them "
                    "before publishing: <ul>{}</ul>",
                    items,
                ),
            )

    def construct_change_message(self, request, form, formsets, add=False):
        if not add and self.keeps_changes_pending(request, form.instance):
            return "Saved unpublished changes (the public still sees the published version)."
        message = super().construct_change_message(request, form, formsets, add)
        return [*message, "Published."] if PUBLISH in request.POST else message

    def response_add(self, request, obj, post_url_continue=None):
        return self.after_save(request, obj) or super().response_add(request, obj)

    def response_change(self, request, obj):
        return self.after_save(request, obj) or super().response_change(request, obj)

    def after_save(self, request, obj):
        """Where a draft, preview or publish button goes next (None: Django's usual place)."""
        if PUBLISH in request.POST:
            return self.published_response(request, obj)
        if PREVIEW in request.POST:
            return HttpResponseRedirect(self.url("preview", obj))
        if SAVE_DRAFT in request.POST:
            if self.keeps_changes_pending(request, obj):
                messages.success(
                    request,
                    "Your changes are saved, not published: readers still see the published "
                    "version. Preview them, then publish when ready.",
                )
            else:
                messages.success(
                    request, "Draft saved. The public cannot see it until you publish it."
                )
            return HttpResponseRedirect(self.url("change", obj))
        return None

    def published_response(self, request, obj):
        on_site = self.publishable(obj).get_absolute_url()
        messages.success(
            request, format_html('Published. <a href="{}">See it on the site</a>.', on_site)
        )
        return HttpResponseRedirect(self.url("change", obj))

    def url(self, view: str, obj) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{view}", args=[obj.pk])

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not issubclass(self.model, Publishable):  # not e.g. a whole test from its steps' list
            actions.pop("withdraw_from_site", None)
        return actions

    @admin.action(description="Withdraw from the site (make a draft again)", permissions=["change"])
    def withdraw_from_site(self, request, queryset):
        withdrawn, waiting = [], []
        for obj in queryset:
            target = self.publishable(obj)
            if target is None or not target.is_published:
                continue
            if not self.has_publish_permission(request, obj):
                raise PermissionDenied
            if self.has_waiting_changes(obj):
                waiting.append(str(obj))
                continue
            target.status = Publishable.Status.DRAFT
            target.save()
            self.log_change(request, obj, "Withdrawn from the site.")
            withdrawn.append(str(obj))
        self.message_user(request, f"Withdrew {len(withdrawn)} from the site; they are drafts now.")
        if waiting:
            self.message_user(
                request,
                "Not withdrawn, because they have unpublished changes (publish or discard those "
                f"first): {', '.join(waiting)}.",
                messages.WARNING,
            )

    def has_waiting_changes(self, obj) -> bool:
        """Unpublished changes to obj, or to one of its parts (a step of a test)."""
        parts = (
            getattr(obj, self.parts_edited_elsewhere).all() if self.parts_edited_elsewhere else []
        )
        return any(PendingChanges.for_object(each) is not None for each in [obj, *parts])

    # Comparing two versions

    def compare_ManyToOneRel(self, obj_compare):
        """Inlines (pages, steps, frames...): what changed in each, field by field."""
        info = obj_compare.get_m2o_change_info()
        changed = [(new, field_changes(old, new)) for old, new in info["changed_items"]]
        context = {
            "changed": [(version, rows) for version, rows in changed if rows],
            "change_info": {**info, "changed_items": []},
        }
        return render_to_string("admin/education/compare_inline.html", context)

    # Preview, publish and discard: views of their own

    def get_urls(self):
        if not self.publishes():
            return super().get_urls()
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        views = [
            ("preview/", require_GET(self.preview_view), "preview"),
            (
                "preview/page/",
                shown_in_preview_frame(require_GET(self.preview_page_view)),
                "preview_page",
            ),
            ("publish/", require_POST(self.publish_view), "publish"),
            ("discard/", require_POST(self.discard_view), "discard"),
        ]
        return [
            path(
                f"<int:object_id>/{route}", self.admin_site.admin_view(view), name=f"{info}_{name}"
            )
            for route, view, name in views
        ] + super().get_urls()

    def object_for(self, request, object_id, change=False):
        obj = self.get_object(request, object_id)
        allowed = self.has_change_permission if change else self.has_view_or_change_permission
        if obj is None or not allowed(request, obj):
            raise PermissionDenied
        return obj

    @contextmanager
    def as_published(self, request, obj):
        """Inside: the database as it would be if obj, with its changes, were published. After:
        exactly as before, whatever happened inside."""
        with transaction.atomic():
            written = self.apply_pending_changes(request, obj)
            self.publish(obj)
            yield type(obj)._default_manager.get(pk=obj.pk)
            transaction.set_rollback(True)
        pending = PendingChanges.for_object(obj)
        if pending is not None:  # files are not in the transaction: keep the latest copies only
            pending.replace_preview_files(written)

    def apply_pending_changes(self, request, obj) -> list[str]:
        """Save the unpublished changes, through the same form and inlines they were made in.

        Returns the names of the files that saving them wrote to storage.
        """
        pending = PendingChanges.for_object(obj)
        if pending is None:
            return []
        data, files = pending.as_form_data(edit_token=self.edit_state(obj)), pending.uploads()
        form = self.get_form(request, obj, change=True)(data, files, instance=obj)
        formsets = [
            formset_class(
                data,
                files,
                instance=obj,
                prefix=formset_class.get_default_prefix(),
                queryset=inline.get_queryset(request),
            )
            for formset_class, inline in self.get_formsets_with_inlines(request, obj)
            if pending.includes_formset(formset_class.get_default_prefix())
        ]
        if not (form.is_valid() and all_valid(formsets)):
            raise StalePendingChanges
        form.save()
        for formset in formsets:
            formset.save()
        return uploads_saved([form, *(f for formset in formsets for f in formset.forms)])

    def preview_view(self, request, object_id):
        obj = self.object_for(request, object_id)
        try:
            with self.as_published(request, obj) as previewed:
                pages = self.preview_pages(previewed)
        except StalePendingChanges:
            return self.stale_changes_response(request, obj)
        chosen = chosen_page(request, pages)
        if chosen is None:
            return HttpResponseBadRequest("No such page to preview.")
        width = "phone" if request.GET.get("width") == "phone" else "desktop"
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": f"Preview: {obj}",
            "pages": pages,
            "chosen": chosen,
            "page_number": pages.index(chosen),
            "width": width,
            "pending": PendingChanges.for_object(obj),
            "pending_is_stale": self.pending_is_stale(obj),
            "edit_token": self.edit_state(obj),
            "is_live": self.is_live(obj),
            "can_publish": self.has_publish_permission(request, obj),
        }
        return render(request, "admin/education/preview.html", context)

    def preview_page_view(self, request, object_id):
        obj = self.object_for(request, object_id)
        try:
            with self.as_published(request, obj) as previewed:
                pages = self.preview_pages(previewed)
                chosen = chosen_page(request, pages)
                if chosen is None:
                    return HttpResponseBadRequest("No such page to preview.")
                response = render_public(request, chosen)
        except StalePendingChanges:
            return self.stale_changes_response(request, obj)
        return response

    def publish_view(self, request, object_id):
        obj = self.object_for(request, object_id, change=True)
        if not self.has_publish_permission(request, obj):
            raise PermissionDenied
        if refused := self.refuse_changed_since(request, obj):
            return refused
        if self.pending_is_stale(obj):
            messages.error(request, STALE)
            return HttpResponseRedirect(self.url("change", obj))
        try:
            with transaction.atomic(), self.create_revision(request):
                self.apply_pending_changes(request, obj)
                obj.refresh_from_db()
                self.publish(obj)
                self.log_change(request, obj, "Published.")
        except StalePendingChanges:
            return self.stale_changes_response(request, obj)
        return self.published_response(request, obj)

    def discard_view(self, request, object_id):
        obj = self.object_for(request, object_id, change=True)
        if refused := self.refuse_changed_since(request, obj):
            return refused
        PendingChanges.discard(obj)
        messages.success(
            request, "The unpublished changes were discarded. The form shows the published version."
        )
        return HttpResponseRedirect(self.url("change", obj))

    def refuse_changed_since(self, request, obj):
        """A button outside the form (publish, discard) acts only on what its page showed."""
        if request.POST.get("edit_token") == self.edit_state(obj):
            return None
        who, when = last_saved(obj)
        when = timezone.localtime(when).strftime("%H:%M on %d %B")
        messages.error(
            request,
            f"{who} saved this at {when}, after your page was opened, so nothing was done. "
            "Here is the latest; look it over and try again.",
        )
        return HttpResponseRedirect(self.url("change", obj))

    def stale_changes_response(self, request, obj):
        messages.error(
            request,
            "The unpublished changes no longer fit this page (it was changed since, e.g. a "
            "version was restored). Open the form, fix what it marks, and save again.",
        )
        return HttpResponseRedirect(self.url("change", obj))


def uploads_saved(forms) -> list[str]:
    """The stored names of the files these (saved) forms were given."""
    return [
        getattr(form.instance, name).name
        for form in forms
        for name, value in getattr(form, "cleaned_data", {}).items()
        if isinstance(value, UploadedFile)
    ]


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


class StalePendingChanges(Exception):
    """Saved changes that no longer validate against the object they were made to."""


def chosen_page(request, pages: list[PreviewPage]) -> PreviewPage | None:
    number = request.GET.get("page", "0")
    if not (number.isascii() and number.isdigit()) or int(number) >= len(pages):
        return None
    return pages[int(number)]


def url_name(request) -> str:
    return request.resolver_match.url_name if request.resolver_match else ""


def restoring_a_version(request) -> bool:
    """On django-reversion's revert and recover pages, the form restores an old version."""
    return url_name(request).endswith(("_revision", "_recover"))


class SingleInstanceAdmin:
    """For a page the site has exactly one of (About, referral): edit it, never add another."""

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not self.model.objects.exists()
