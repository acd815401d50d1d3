"""The editors' workflow, shared by every content admin: drafts, waiting changes, preview,
publishing, safe saving, and comparing versions.

A draft is saved as it is. The form of something published works on it as its waiting changes
have it, applied inside a transaction that is rolled back: "Save draft" keeps what the form saved
as the new waiting changes (education.models.WaitingChanges), "Publish" makes them what readers
see. Every save, publish and discard is checked, with the object locked, against what the
editor's page showed, so nobody's changes are overwritten or published unseen.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models, transaction
from django.db.models import prefetch_related_objects
from django.db.models.functions import Cast
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST, require_safe
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin
from reversion_compare.helpers import html_diff

from education.admin import links
from education.admin.markdown import MarkdownFields
from education.admin.preview import PreviewPage, framed, render_public
from education.models import OldAddress, WaitingChanges
from education.models.publishing import (
    Publishable,
    Reviewed,
    part_lookups,
    rolled_back,
    serialised,
)

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
# The change form's own fields, which are not content: its buttons
# (templates/admin/education/submit_line.html) and the edit token.
SAVE_DRAFT, PREVIEW, PUBLISH, EDIT_TOKEN = "_save_draft", "_preview", "_publish", "edit_token"
ROWS_AT_MOST = 100  # pages, steps, frames... of one object
CONFLICT = (
    "{who} saved this {what} at {when}, after you opened it. Your changes are not saved, so "
    "that theirs are not lost, but nothing you typed is lost either: it is all still below. "
    "Open the latest version in a new tab, copy your changes across there, and save."
)
CHANGED_SINCE = (
    "{who} saved this at {when}, after your page was opened, so nothing was done. Here is the "
    "latest; look it over and try again."
)
STALE = (
    "The published version was saved again after these unpublished changes were, so publishing "
    "them as they are could undo that. Look at both (History shows what changed), then press "
    "Save draft to confirm the changes before publishing them."
)
DOES_NOT_FIT = (
    "The unpublished changes no longer fit this page (it was changed since, e.g. a version was "
    "restored, or something they use was deleted), so they are not shown. Their text is below "
    "the banner to copy; Save draft replaces them, Discard drops them."
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
    """What a page was made from; it changes when anyone saves the object or its changes."""
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
    """Refuses a save when the object was saved by someone else since the form was opened."""

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
    """Every content model's admin: history and compare, and safe saving; for what readers see,
    drafts, waiting changes, preview and publishing too."""

    form = ContentForm
    actions = ["withdraw_from_site"]
    parts_edited_elsewhere: str | None = None  # e.g. a test's "steps": see newest_version
    published_with: str | None = None  # a part published with its whole: a step's "self_test"

    @property
    def has_publishing(self) -> bool:
        return self.published_with is not None or issubclass(self.model, Publishable)

    def publication(self, obj) -> Publishable | None:
        """What is published or not as a whole: obj itself, or what it is published with."""
        whole = getattr(obj, self.published_with, None) if self.published_with else obj
        return whole if isinstance(whole, Publishable) else None

    def is_published(self, obj) -> bool:
        publication = self.publication(obj) if obj is not None else None
        return publication is not None and publication.is_published

    def has_publish_permission(self, request, obj=None) -> bool:
        """Publishing changes what readers see: it takes change permission on what is
        published (for a step, its test)."""
        publication = self.publication(obj) if obj is not None else None
        if publication is None:
            return self.has_publishing and self.has_change_permission(request)
        model_admin = self.admin_site.get_model_admin(type(publication))
        return model_admin.has_change_permission(request, publication)

    def preview_pages(self, obj) -> list[PreviewPage]:
        """The public pages that show obj (as they are while the preview runs)."""
        return [PreviewPage(str(obj), obj.get_absolute_url())]

    # The change form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if EDIT_TOKEN in flatten_fieldsets(fieldsets):  # listed already: no fieldsets given
            return fieldsets
        return [*fieldsets, (None, {"fields": [EDIT_TOKEN], "classes": ["hidden"]})]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return [*readonly, "status"] if issubclass(self.model, Publishable) else readonly

    def get_changelist_form(self, request, **kwargs):
        # Editable list columns are small, separate forms: no edit token or review box there.
        return super().get_changelist_form(request, form=forms.ModelForm, **kwargs)

    def get_formsets_with_inlines(self, request, obj=None):
        # A form claiming more rows gets an error, not a page of thousands: Django's own limit,
        # 1,000 rows an inline, takes the server many seconds to draw.
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            formset.max_num = formset.absolute_max = min(formset.max_num, ROWS_AT_MOST)
            yield formset, inline

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self.form is ContentForm and issubclass(self.model, Reviewed):
            kwargs.setdefault("form", ReviewedContentForm)
        form = super().get_form(request, obj, change, **kwargs)
        form.parts = self.parts_edited_elsewhere
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        context = {"restoring": restoring_a_version(request), **(extra_context or {})}
        if object_id is None or not self.has_publishing:
            return super().changeform_view(request, object_id, form_url, context)
        pk = unquote(object_id)
        changes = context["changes"] = WaitingChanges.of_id(self.model, pk)
        if context["restoring"]:
            for warning in self.restore_warnings(request, changes):
                messages.warning(request, warning)
            return super().changeform_view(request, object_id, form_url, context)
        posted = request.method == "POST" and self.is_published(self.get_object(request, pk))
        if changes is None and not posted:
            return super().changeform_view(request, object_id, form_url, context)
        try:
            return self.waiting_changes_view(request, object_id, form_url, context)
        except WaitingChanges.DoesNotFit:
            messages.error(request, DOES_NOT_FIT)
            context["changes_do_not_fit"] = True
            return self.waiting_changes_view(request, object_id, form_url, context)

    def waiting_changes_view(self, request, object_id, form_url, context):
        """The form of something published, working on it as its waiting changes have it."""
        changes, pk = context["changes"], unquote(object_id)
        with transaction.atomic():
            if request.method == "POST":
                lock(self.model, pk)  # and hold it until these changes are kept or published
            with rolled_back():
                if changes is not None and not context.get("changes_do_not_fit"):
                    changes.apply()
                response = super().changeform_view(request, object_id, form_url, context)
                saved = serialised(self.model(pk=pk)) if response.status_code == 302 else None
                if saved is None:
                    response.render()  # while the database holds the changes
            if saved is None:
                return response
            obj = self.get_object(request, pk)
            newest = newest_version(obj, self.parts_edited_elsewhere)
            changes = WaitingChanges.keep(obj, saved, request.user, based_on=newest)
            if PUBLISH in request.POST:
                return self.publish_explaining(request, obj, changes)
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            changes = context.get("changes")
            newest = newest_version(obj, self.parts_edited_elsewhere)
            context["adminform"].form.fields[EDIT_TOKEN].initial = edit_token(newest, changes)
            context["changes_are_stale"] = changes is not None and changes.based_on != newest
        context.update(
            publishing=self.has_publishing,
            is_published=self.is_published(obj),
            can_publish=self.has_publish_permission(request, obj),
            publish_label=self.publish_label(obj),
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def publish_label(self, obj) -> str:
        if self.is_published(obj):
            return "Publish changes"
        publication = self.publication(obj) if obj is not None else None
        if publication is not None and publication is not obj:  # a step of a draft test
            return f"Publish the whole {publication._meta.verbose_name}"
        return "Publish"

    def restore_warnings(self, request, changes: WaitingChanges | None) -> list[str]:
        """Said on the page before "Restore this version" is pressed."""
        if changes is None or request.method != "GET":
            return []
        return [
            f"{changes.saved_by or 'Someone'} has unpublished changes to this. Restoring this "
            "version discards them: publish or copy them first if they are wanted."
        ]

    def save_model(self, request, obj, form, change):
        if PUBLISH in request.POST and not self.has_publish_permission(request, obj):
            raise PermissionDenied
        if restoring_a_version(request):
            self.keep_publication_state(obj)
            if changes := WaitingChanges.of(obj):  # made to the version before; the page said so
                changes.delete()
        super().save_model(request, obj, form, change)

    def keep_publication_state(self, obj) -> None:
        """Restoring a version brings back its content, not whether it was published: that
        stays as it is, and changes only by publishing or withdrawing."""
        publication = self.publication(obj)
        before = Version.objects.get_for_object(publication).first() if publication else None
        status = before.field_dict.get("status") if before else None
        if status is not None and publication.status != status:
            publication.status = status
            if publication is not obj:
                publication.save()

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Restoring a version can change addresses readers know: they keep working."""
        obj = self.get_object(request, unquote(object_id))
        published = request.method == "POST" and self.is_published(obj)
        before = self.publication(obj).public_addresses() if published else {}
        response = super().revision_view(request, object_id, version_id, extra_context)
        if before and response.status_code == 302:
            after = self.publication(self.get_object(request, unquote(object_id)))
            OldAddress.keep_working(before, after.public_addresses())
        return response

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

    def response_add(self, request, obj, post_url_continue=None):
        return self.after_save(request, obj) or super().response_add(request, obj)

    def response_change(self, request, obj):
        return self.after_save(request, obj) or super().response_change(request, obj)

    def after_save(self, request, obj):
        """Where the draft, preview and publish buttons go next (None: the admin's usual place).
        Something published is published by waiting_changes_view, once its changes are kept."""
        if PREVIEW in request.POST:
            return HttpResponseRedirect(self.url("preview", obj))
        if PUBLISH in request.POST and not self.is_published(obj):
            return self.publish_explaining(request, obj)
        if SAVE_DRAFT in request.POST:
            messages.success(
                request,
                "Your changes are saved, not published: readers still see the published version. "
                "Preview them, then publish when ready."
                if self.is_published(obj)
                else "Draft saved. The public cannot see it until you publish it.",
            )
        if SAVE_DRAFT in request.POST or PUBLISH in request.POST:
            return HttpResponseRedirect(self.url("change", obj))
        return None

    def url(self, view: str, obj) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{view}", args=[obj.pk])

    # Publishing and withdrawing

    def publish(self, request, obj, changes: WaitingChanges | None):
        """Make obj, with its waiting changes, what readers see. In the caller's transaction,
        with obj locked and what the editor saw checked; a version records the result."""
        before = self.publication(obj).public_addresses() if self.is_published(obj) else {}
        if changes is not None:
            changes.apply(obj, to_keep=True)
            changes.delete()
        prefetch_related_objects([obj], *part_lookups(type(obj)))  # for the version, as they are
        publication = self.publication(obj)
        if not publication.is_published:
            publication.status = Publishable.Status.PUBLISHED
            if publication is not obj:
                publication.save()
        obj.save()  # the object and its parts, as published, become one version
        OldAddress.keep_working(before, publication.public_addresses())
        self.log_change(request, obj, "Published.")
        on_site = format_html('<a href="{}">See it on the site</a>', publication.get_absolute_url())
        messages.success(request, format_html("Published. {}.", on_site))
        return HttpResponseRedirect(self.url("change", obj))

    def publish_explaining(self, request, obj, changes=None):
        try:
            with transaction.atomic():
                return self.publish(request, obj, changes)
        except WaitingChanges.DoesNotFit:
            messages.error(request, DOES_NOT_FIT)
            return HttpResponseRedirect(self.url("change", obj))

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not issubclass(self.model, Publishable):  # not e.g. a whole test from its steps' list
            actions.pop("withdraw_from_site", None)
        return actions

    @admin.action(description="Withdraw from the site (make a draft again)", permissions=["change"])
    def withdraw_from_site(self, request, queryset):
        withdrawn, waiting = [], []
        for obj in queryset.filter(status=Publishable.Status.PUBLISHED):
            if not self.has_publish_permission(request, obj):
                raise PermissionDenied
            if self.has_waiting_changes(obj):
                waiting.append(str(obj))
                continue
            obj.status = Publishable.Status.DRAFT
            obj.save()
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
        """Waiting changes to obj, or to one of its parts (a step of a test)."""
        parts = (
            getattr(obj, self.parts_edited_elsewhere).all() if self.parts_edited_elsewhere else []
        )
        return any(WaitingChanges.of(each) for each in [obj, *parts])

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
        if not self.has_publishing:
            return super().get_urls()
        views = {
            "preview": require_safe(self.preview_view),
            "publish": require_POST(self.publish_view),
            "discard": require_POST(self.discard_view),
        }
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                f"<int:object_id>/{name}/",
                self.admin_site.admin_view(view),
                name=f"{prefix}_{name}",
            )
            for name, view in views.items()
        ] + super().get_urls()

    def object_for(self, request, object_id, *, lock=False):
        queryset = self.get_queryset(request)
        if lock:  # see lock()
            queryset = queryset.select_for_update(of=("self",))
        obj = queryset.filter(pk=object_id).first()
        allowed = self.has_change_permission if lock else self.has_view_or_change_permission
        if obj is None or not allowed(request, obj):
            raise PermissionDenied
        return obj

    def preview_view(self, request, object_id):
        """The chosen public page, made by the site's own view with the waiting changes applied
        (and a draft published) in a transaction that ends, rolled back, once it is rendered."""
        obj = self.object_for(request, object_id)
        changes = WaitingChanges.of(obj)
        newest = newest_version(obj, self.parts_edited_elsewhere)
        try:
            with rolled_back():
                if changes is not None:
                    changes.apply(obj)
                self.show_as_published(obj)
                pages = self.preview_pages(obj)
                chosen = chosen_page(request, pages)
                shown = render_public(request, chosen) if chosen else None
        except (WaitingChanges.DoesNotFit, ObjectDoesNotExist):  # e.g. something they use, gone
            if changes is None:
                raise
            messages.error(request, DOES_NOT_FIT)
            return HttpResponseRedirect(self.url("change", obj))
        if chosen is None:
            return HttpResponseBadRequest("No such page to preview.")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": f"Preview: {obj}",
            "pages": pages,
            "chosen": chosen,
            "page_number": pages.index(chosen),
            "page_html": framed(shown),
            "width": "phone" if request.GET.get("width") == "phone" else "desktop",
            "changes": changes,
            "changes_are_stale": changes is not None and changes.based_on != newest,
            "edit_token": edit_token(newest, changes),
            "is_published": self.is_published(obj),
            "can_publish": self.has_publish_permission(request, obj),
        }
        return render(request, "admin/education/preview.html", context)

    def show_as_published(self, obj) -> None:
        """Inside a preview: what readers would see once published."""
        publication = self.publication(obj)
        if not publication.is_published:
            status = Publishable.Status.PUBLISHED
            type(publication)._base_manager.filter(pk=publication.pk).update(status=status)

    def publish_view(self, request, object_id):
        try:
            with self.create_revision(request):  # one transaction: lock, check, publish
                obj = self.object_for(request, object_id, lock=True)
                if not self.has_publish_permission(request, obj):
                    raise PermissionDenied
                changes = WaitingChanges.of(obj)
                newest = newest_version(obj, self.parts_edited_elsewhere)
                if refused := self.refuse_if_changed(request, obj, edit_token(newest, changes)):
                    return refused
                if changes is not None and changes.based_on != newest:
                    messages.error(request, STALE)
                    return HttpResponseRedirect(self.url("change", obj))
                return self.publish(request, obj, changes)
        except WaitingChanges.DoesNotFit:
            messages.error(request, DOES_NOT_FIT)
            return HttpResponseRedirect(self.url("change", obj))

    def discard_view(self, request, object_id):
        with transaction.atomic():  # one transaction: lock, check, discard
            obj = self.object_for(request, object_id, lock=True)
            changes = WaitingChanges.of(obj)
            newest = newest_version(obj, self.parts_edited_elsewhere)
            if refused := self.refuse_if_changed(request, obj, edit_token(newest, changes)):
                return refused
            if changes is not None:
                changes.delete()
        messages.success(
            request, "The unpublished changes were discarded. The form shows the published version."
        )
        return HttpResponseRedirect(self.url("change", obj))

    def refuse_if_changed(self, request, obj, token: str):
        """A button outside the form (publish, discard) acts only on what its page showed."""
        if request.POST.get(EDIT_TOKEN) == token:
            return None
        who, when = last_saved(obj, WaitingChanges.of(obj))
        messages.error(request, CHANGED_SINCE.format(who=who, when=when))
        return HttpResponseRedirect(self.url("change", obj))


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


def chosen_page(request, pages: list[PreviewPage]) -> PreviewPage | None:
    number = request.GET.get("page", "0")
    if not (number.isascii() and number.isdigit()) or int(number) >= len(pages):
        return None
    return pages[int(number)]


def restoring_a_version(request) -> bool:
    """On django-reversion's revert and recover pages, the form restores an old version."""
    url_name = request.resolver_match.url_name if request.resolver_match else ""
    return url_name.endswith(("_revision", "_recover"))


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
