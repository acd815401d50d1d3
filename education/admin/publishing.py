"""Drafts, waiting changes, preview and publishing, for the admin of everything readers see.

A draft is saved as it is. The form of something published works on it as its waiting changes
have it, applied inside a transaction that is rolled back: "Save draft" keeps what the form saved
as the new waiting changes (models.WaitingChanges), "Publish" makes them what readers see.
Publishing and discarding lock the object and check, in the same transaction, that the editor's
page showed what is there now.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST, require_safe
from reversion.models import Version

from education.admin.content import (
    EDIT_TOKEN,
    ContentAdmin,
    edit_token,
    last_saved,
    lock,
    newest_version,
)
from education.admin.languages import in_every_language
from education.admin.preview import PreviewPage, framed, render_public
from education.models import OldAddress, WaitingChanges
from education.models.publishing import Publishable, part_lookups, rolled_back, serialised

PUBLISHING_FIELDSET = ("Publishing", {"fields": ["status", "published_on"]})
# The change form's buttons (templates/admin/education/submit_line.html).
SAVE_DRAFT, PREVIEW, PUBLISH = "_save_draft", "_preview", "_publish"
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


class PublishingAdmin(ContentAdmin):
    """The admin of what readers see as a whole: drafts, waiting changes, preview, publish."""

    actions = ["withdraw_from_site"]
    published_with: str | None = None  # a part published with its whole: a step's "self_test"

    def publication(self, obj) -> Publishable:
        """What is published or not as a whole: obj itself, or what it is published with."""
        return getattr(obj, self.published_with) if self.published_with else obj

    def is_published(self, obj) -> bool:
        return obj is not None and self.publication(obj).is_published

    def has_publish_permission(self, request, obj=None) -> bool:
        """Publishing changes what readers see: it takes change permission on what is
        published (for a step, its test)."""
        if obj is None:
            return self.has_change_permission(request)
        publication = self.publication(obj)
        model_admin = self.admin_site.get_model_admin(type(publication))
        return model_admin.has_change_permission(request, publication)

    def preview_pages(self, obj) -> list[PreviewPage]:
        """The public pages that show obj (as they are while the preview runs)."""
        return [PreviewPage(str(obj), obj.get_absolute_url())]

    # The change form

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return [*readonly, "status"] if issubclass(self.model, Publishable) else readonly

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        context = {"restoring": restoring_a_version(request), **(extra_context or {})}
        if object_id is None:
            return super().changeform_view(request, object_id, form_url, context)
        pk = unquote(object_id)
        changes = context["changes"] = WaitingChanges.of_id(self.model, pk)
        if context["restoring"]:
            for warning in self.restore_warnings(request, changes):
                messages.warning(request, warning)
            return super().changeform_view(request, object_id, form_url, context)
        posted = request.method == "POST" and self.is_published(self.get_object(request, pk))
        if not (changes or posted):
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
                if changes and not context.get("changes_do_not_fit"):
                    changes.apply()
                response = super().changeform_view(request, object_id, form_url, context)
                saved = serialised(self.model(pk=pk)) if response.status_code == 302 else None
                if saved is None:
                    return response.render()  # while the database holds the changes
            obj = self.get_object(request, pk)
            newest = newest_version(obj, self.parts_edited_elsewhere)
            changes = WaitingChanges.keep(obj, saved, request.user, based_on=newest)
            if PUBLISH in request.POST:
                return self.publish(request, obj, changes)
            self.log_change(request, obj, "Saved unpublished changes.")  # its own was rolled back
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(
            publishing=True,
            is_published=self.is_published(obj),
            can_publish=self.has_publish_permission(request, obj),
            publish_label=self.publish_label(obj),
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def publish_label(self, obj) -> str:
        if self.is_published(obj):
            return "Publish changes"
        if obj is not None and self.publication(obj) is not obj:  # a step of a draft test
            return f"Publish the whole {self.publication(obj)._meta.verbose_name}"
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
        before = Version.objects.get_for_object(publication).first()
        status = before.field_dict.get("status") if before else publication.status
        if publication.status != status:
            publication.status = status
            if publication is not obj:
                publication.save()

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Restoring a version can move addresses readers know: they keep working."""
        obj = self.get_object(request, unquote(object_id))
        published = request.method == "POST" and self.is_published(obj)
        before = self.publication(obj).public_addresses() if published else {}
        response = super().revision_view(request, object_id, version_id, extra_context)
        if before and response.status_code == 302:
            after = self.publication(self.get_object(request, unquote(object_id)))
            OldAddress.keep_working(before, after.public_addresses())
        return response

    def response_add(self, request, obj, post_url_continue=None):
        return self.after_save(request, obj) or super().response_add(request, obj)

    def response_change(self, request, obj):
        return self.after_save(request, obj) or super().response_change(request, obj)

    def after_save(self, request, obj):
        """Where the buttons lead. (Something published is published by waiting_changes_view,
        once its changes are kept.)"""
        if PREVIEW in request.POST:
            return HttpResponseRedirect(self.url("preview", obj))
        if PUBLISH in request.POST and not self.is_published(obj):
            return self.publish(request, obj, None)
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
            try:
                with transaction.atomic():
                    changes.apply(obj, to_keep=True)
            except WaitingChanges.DoesNotFit:
                messages.error(request, DOES_NOT_FIT)
                return HttpResponseRedirect(self.url("change", obj))
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
        parts = self.parts_edited_elsewhere
        return any(map(WaitingChanges.of, [obj, *(getattr(obj, parts).all() if parts else [])]))

    # Preview, publish and discard: views of their own

    def get_urls(self):
        views = {
            "preview": require_safe(self.preview_view),
            "publish": require_POST(self.publish_view),
            "discard": require_POST(self.discard_view),
        }
        name = f"{self.opts.app_label}_{self.opts.model_name}_{{}}"
        urls = [path(f"<int:object_id>/{view}/", self.admin_site.admin_view(function),
                     name=name.format(view)) for view, function in views.items()]  # fmt: skip
        return urls + super().get_urls()

    def object_for(self, request, object_id, *, lock=False):
        queryset = self.get_queryset(request)
        if lock:  # see content.lock()
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
                pages = in_every_language(self.preview_pages, obj)
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
            "newest_version": newest,
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


def chosen_page(request, pages: list[PreviewPage]) -> PreviewPage | None:
    number = request.GET.get("page", "0")
    if not (number.isascii() and number.isdigit()) or int(number) >= len(pages):
        return None
    return pages[int(number)]


def restoring_a_version(request) -> bool:
    """On django-reversion's revert and recover pages, the form restores an old version."""
    url_name = request.resolver_match.url_name if request.resolver_match else ""
    return url_name.endswith(("_revision", "_recover"))
