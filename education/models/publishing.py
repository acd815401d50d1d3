"""Shared pieces of every piece of published content: its state, its review record, its markdown."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.http import QueryDict
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from education.markdown import render_markdown

# The form's own bookkeeping, not the editor's changes.
NOT_PART_OF_CHANGES = {"csrfmiddlewaretoken", "edit_token", "_save_draft", "_preview", "_publish"}
REVIEW_INTERVAL_DAYS = 365
ORDER_HELP = "Shown from the lowest number up. Leave gaps (10, 20, 30) to slot things in later."
EDITORIAL_TEAM = "GluteSite editorial team"
MARKDOWN_HELP = (
    "Markdown: ## headings, **bold**, *italic*, - lists, 1. numbered lists, [links](https://…), "
    "| tables |, footnotes[^1]. Raw HTML is shown as text, never run."
)


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Publishable.Status.PUBLISHED)


class KeepsOldAddresses(models.Model):
    """Changing the slug of something the public can see keeps its old address working."""

    class Meta:
        abstract = True

    def is_live(self) -> bool:
        raise NotImplementedError

    def public_addresses(self) -> dict[models.Model, str]:
        """Everything whose address follows this object's slug (itself, and e.g. its pages)."""
        return {self: self.get_absolute_url()}


class Publishable(KeepsOldAddresses):
    """Draft or published; the public sees only published objects."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    published_on = models.DateField(
        null=True, blank=True, help_text="Filled in the first time it is published."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.is_published and self.published_on is None:
            self.published_on = timezone.localdate()
        super().save(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def is_live(self) -> bool:
        return self.is_published


class Reviewed(models.Model):
    """Who wrote and who clinically reviewed the content, and when it is next due for review.

    The author defaults to the publisher: the brief forbids inventing a person, so until editors
    enter a real reviewer the page says plainly that clinical review is pending.
    """

    author = models.CharField(max_length=120, default=EDITORIAL_TEAM)
    author_credentials = models.CharField(max_length=160, blank=True)
    reviewer = models.CharField(
        max_length=120, blank=True, help_text="Clinical reviewer. Leave empty until a real review."
    )
    reviewer_credentials = models.CharField(max_length=160, blank=True)
    last_reviewed = models.DateField(null=True, blank=True)
    next_review = models.DateField(null=True, blank=True)

    class Meta:
        abstract = True

    def mark_reviewed(self) -> None:
        self.last_reviewed = timezone.localdate()
        self.next_review = self.last_reviewed + timezone.timedelta(days=REVIEW_INTERVAL_DAYS)

    @property
    def review_is_due(self) -> bool:
        return self.next_review is not None and self.next_review <= timezone.localdate()


class RendersMarkdown(models.Model):
    """Renders each markdown field once, on save, into its stored HTML field.

    `markdown_fields` maps a markdown field to the non-editable field that keeps its HTML, which
    templates show as is.
    """

    markdown_fields: dict[str, str] = {}

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        for source, target in self.markdown_fields.items():
            # Browsers post text with CRLF line ends; stored with LF, versions compare cleanly.
            text = getattr(self, source).replace("\r\n", "\n")
            setattr(self, source, text)
            setattr(self, target, render_markdown(text))
        super().save(*args, **kwargs)


class MarkdownBody(RendersMarkdown):
    """The common case: one markdown `body`."""

    body = models.TextField(help_text=MARKDOWN_HELP)
    body_html = models.TextField(editable=False, default="")

    markdown_fields = {"body": "body_html"}

    class Meta:
        abstract = True


class PendingChanges(models.Model):
    """An editor's saved changes to a published object, not yet published.

    They are kept as the admin form's data (the object's fields and its inlines, as posted), so
    the same admin form shows them again, previews them and, on "Publish", saves them. Until then
    the public sees the object exactly as it was published.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    content_object = GenericForeignKey()
    form_data = models.JSONField(help_text="The posted form: each field name with its values.")
    files = models.JSONField(
        default=dict, help_text="New uploads in the changes: field name to stored file."
    )
    based_on = models.PositiveBigIntegerField(
        default=0, help_text="The latest version of the object when the changes were saved."
    )
    preview_files = models.JSONField(
        default=list, help_text="Copies of the new uploads that the latest preview shows."
    )
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "unpublished changes"
        verbose_name_plural = "unpublished changes"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_set_of_pending_changes_per_object"
            )
        ]

    def __str__(self):
        return f"Unpublished changes to {self.content_object}"

    @classmethod
    def for_object(cls, obj) -> "PendingChanges | None":
        content_type = ContentType.objects.get_for_model(obj)
        return cls.objects.filter(content_type=content_type, object_id=str(obj.pk)).first()

    @classmethod
    def keep(cls, obj, data, files, user, based_on: int) -> "PendingChanges":
        """Keep the posted form as the object's unpublished changes (replacing earlier ones).

        `files` are the uploads the form was checked with: new ones, and those kept from earlier
        saves (see `uploads_with`), which are stored already. `based_on` is the latest version
        of the object they were made to.
        """
        pending = cls.for_object(obj) or cls(content_object=obj, files={})
        pending.form_data = {
            name: values
            for name, values in data.lists()
            # A NUL is in no valid field (forms refuse it), and PostgreSQL's JSON cannot hold it.
            if name not in NOT_PART_OF_CHANGES and "\x00" not in name + "".join(values)
        }
        pending.based_on = based_on
        earlier, pending.files = pending.files, {}
        for name, upload in files.items():
            if getattr(upload, "from_pending", False):  # stored already
                pending.files[name] = earlier[name]
            else:
                stored = default_storage.save(f"pending/{uuid.uuid4().hex}", upload)
                pending.files[name] = {
                    "path": stored,
                    "name": upload.name,
                    "type": upload.content_type,
                }
        replaced = [u["path"] for n, u in earlier.items() if pending.files.get(n) is not u]
        transaction.on_commit(lambda: [default_storage.delete(path) for path in replaced])
        pending.saved_by = user
        pending.save()
        return pending

    @classmethod
    def discard(cls, obj) -> None:
        pending = cls.for_object(obj)
        if pending is None:
            return
        pending.delete()
        paths = [upload["path"] for upload in pending.files.values()] + pending.preview_files
        # Only once the deletion is committed: a preview rolls its transaction back.
        transaction.on_commit(lambda: [default_storage.delete(path) for path in paths])

    def uploads_with(self, data, new_files) -> MultiValueDict:
        """The files a re-posted form really has: its new uploads, plus those saved with these
        changes before, unless the row they belong to is being deleted (`frames-2-DELETE`)."""
        files = MultiValueDict()
        for name, upload in self.uploads().items():
            if not data.get(f"{name.rsplit('-', 1)[0]}-DELETE"):
                files[name] = upload
        for name in new_files:
            files.setlist(name, new_files.getlist(name))
        return files

    def replace_preview_files(self, names: list[str]) -> None:
        """Remember the copies the latest preview wrote (its page shows them); drop older ones."""
        for name in self.preview_files:
            default_storage.delete(name)
        self.preview_files = names
        self.save(update_fields=["preview_files"])

    def includes_formset(self, prefix: str) -> bool:
        """Whether the form these changes come from had this inline (by its prefix)."""
        return f"{prefix}-TOTAL_FORMS" in self.form_data

    def as_form_data(self, **overrides) -> QueryDict:
        data = QueryDict(mutable=True)
        for name, values in self.form_data.items():
            data.setlist(name, values)
        for name, value in overrides.items():
            data[name] = value
        return data

    def uploads(self) -> MultiValueDict:
        files = MultiValueDict()
        for name, upload in self.files.items():
            with default_storage.open(upload["path"]) as stored:
                content = stored.read()
            files[name] = SimpleUploadedFile(upload["name"], content, upload["type"])
            files[name].from_pending = True
        return files


class OldAddress(models.Model):
    """A public address that something published used to have, before its slug changed.

    A request for it is redirected to wherever that thing lives now, so links and bookmarks that
    readers already have keep working.
    """

    path = models.CharField(max_length=300, unique=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    content_object = GenericForeignKey()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "old addresses"

    def __str__(self):
        return self.path


@receiver(pre_save)
def note_addresses_before_save(sender, instance, **kwargs):
    # Signals, not save(): django-reversion restores old versions with raw saves, which skip
    # save() but still send these signals.
    if not isinstance(instance, KeepsOldAddresses) or instance.pk is None:
        return
    stored = sender._default_manager.filter(pk=instance.pk).first()
    instance._addresses_before_save = (
        stored.public_addresses() if stored is not None and stored.is_live() else {}
    )


@receiver(post_save)
def keep_old_addresses(sender, instance, **kwargs):
    before = getattr(instance, "_addresses_before_save", None)
    if not before:
        return
    now = instance.public_addresses()
    for obj, old_path in before.items():
        new_path = now.get(obj)
        if new_path is None or new_path == old_path:
            continue
        OldAddress.objects.update_or_create(
            path=old_path,
            defaults={
                "content_type": ContentType.objects.get_for_model(obj),
                "object_id": str(obj.pk),
            },
        )
        OldAddress.objects.filter(path=new_path).delete()  # that address is live again
    del instance._addresses_before_save
