"""What every piece of content shares: published or a draft, waiting changes, the review record,
markdown rendered on save, and old addresses that keep working.

Vocabulary: a *draft* is content readers cannot see (never published, or withdrawn); *published*
content is what they see; *waiting changes* are an editor's saved changes to something published,
which readers do not see until someone publishes them.
"""

import json
from contextlib import contextmanager

import reversion
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection, models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

# django-reversion's own walk of what it keeps with an object (its `follow`); private names, so
# the version is pinned in pyproject.toml.
from reversion.revisions import _follow_relations, _get_options

from education.markdown import render_markdown

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


class Publishable(models.Model):
    """A draft or published; readers see only what is published."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    published_on = models.DateField(
        null=True, blank=True, help_text="Filled in the first time it is published."
    )
    updated_at = models.DateTimeField(auto_now=True)
    waiting_changes = GenericRelation("education.WaitingChanges")  # deleted with the object

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

    def public_addresses(self) -> dict[models.Model, str]:
        """Everything whose address follows this object's slug: itself, and e.g. its pages."""
        return {self: self.get_absolute_url()}


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


# Waiting changes


@contextmanager
def rolled_back():
    """Inside: change the database freely. After: it is exactly as before, and nothing done
    inside became a version in the history."""
    with transaction.atomic(), reversion.create_revision(manage_manually=True, atomic=False):
        yield
        transaction.set_rollback(True)


def with_parts(obj) -> models.Model:
    """obj fetched again with every part django-reversion keeps with it (an article's pages, a
    test's steps and their choices...) and their many-to-many fields, in a few queries."""
    model = type(obj)
    return model._base_manager.prefetch_related(*part_lookups(model)).get(pk=obj.pk)


def part_lookups(model, prefix="") -> list[str]:
    lookups = [prefix + field.name for field in model._meta.many_to_many]
    for name in _get_options(model).follow:
        part = model._meta.get_field(name).related_model
        lookups += [prefix + name, *part_lookups(part, f"{prefix}{name}__")]
    return lookups


def serialised(obj) -> list[dict]:
    """obj and its parts, each serialised as django-reversion serialises a version."""

    def parts(of):
        yield of
        for part in _follow_relations(of):
            yield from parts(part)

    return json.loads(serializers.serialize("json", parts(with_parts(obj))))


class WaitingChanges(models.Model):
    """An editor's saved changes to something published, unseen by readers until published.

    They are the object and its parts (those django-reversion keeps with it) as the editor saved
    them, where they differ from what is published: each part they add or change, whole, in
    django-reversion's form of a version, which fields of a published part they change, and
    which parts they delete. `apply` puts them in the database: the change form and a preview do
    so inside a transaction they roll back, publishing inside one it keeps. Pictures uploaded
    with them are stored, re-encoded, when they are saved, and deleted when nothing uses them.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    content_object = GenericForeignKey()
    versions = models.JSONField(
        default=list, help_text="Each part the changes add or change, serialised as a version."
    )
    changed = models.JSONField(
        default=dict, help_text='Fields changed in published parts: {"app.model:id": [...]}.'
    )
    deleted = models.JSONField(default=list, help_text='Parts deleted: ["app.model", id] each.')
    based_on = models.PositiveBigIntegerField(
        default=0, help_text="The latest version of the object when the changes were saved."
    )
    note = models.TextField(
        blank=True, help_text="Shown with the changes, e.g. text that could not be kept in them."
    )
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now=True)

    class DoesNotFit(Exception):
        """The published object has moved on so that the changes cannot be applied to it."""

    class Meta:
        verbose_name = verbose_name_plural = "waiting changes"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_set_of_waiting_changes_per_object"
            )
        ]

    def __str__(self):
        return f"Waiting changes to {self.content_object}"

    @classmethod
    def of(cls, obj) -> "WaitingChanges | None":
        return cls.of_id(type(obj), obj.pk)

    @classmethod
    def of_id(cls, model, object_id) -> "WaitingChanges | None":
        content_type = ContentType.objects.get_for_model(model)
        changes = cls.objects.filter(content_type=content_type, object_id=str(object_id))
        return changes.select_related("saved_by").first()

    @classmethod
    def keep(cls, obj, saved: list[dict], user, based_on: int) -> "WaitingChanges | None":
        """Keep `saved` (obj, `serialised` inside a rolled-back transaction) as obj's waiting
        changes: where it differs from obj in the database, which is the published object. None
        when nothing differs."""
        published = {name_of(version): version for version in serialised(obj)}
        changes = cls.of(obj) or cls(content_object=obj)
        files_before = changes.files()
        changes.versions, changes.changed = [], {}
        for version in saved:
            before = published.pop(name_of(version), None)
            fields = changed_fields(before, version) if before else None
            if before is None or fields:
                changes.versions.append(without_unchanged_lists(version, fields))
            if fields:
                changes.changed[name_of(version)] = fields
        changes.deleted = [name.split(":") for name in published]  # not saved: deleted
        if changes.versions or changes.deleted:
            changes.based_on, changes.saved_by, changes.note = based_on, user, ""
            changes.save()
            keep_ids_taken([version for version in changes.versions if changes.is_new(version)])
        elif changes.pk:
            changes.delete()
        forget_files(files_before - changes.files())
        return changes if changes.pk else None

    def apply(self, obj=None, *, to_keep=False) -> None:
        """Put the changes in the database, in the caller's transaction; obj, in memory, takes
        its own changes too. Raises DoesNotFit rather than overwrite or revive anything, nor,
        `to_keep` (when the transaction is to be committed), refer to something deleted since."""
        touched = set()
        # Parts are saved raw, as django-reversion reverts them; the whole object becomes a
        # version when it is published, not its parts one by one now.
        with reversion.create_revision(manage_manually=True, atomic=False):
            for label, pk in self.deleted:
                apps.get_model(label)._base_manager.filter(pk=pk).delete()
            new_last = sorted(self.versions, key=self.is_new)
            for part in serializers.deserialize("python", new_last, ignorenonexistent=True):
                touched |= tables_of(part)
                fields = self.changed.get(name_of(part.object))
                concrete = [field.name for field in part.object._meta.concrete_fields]
                try:  # a new part must not take a row used since, nor a changed one revive it
                    if fields is None:
                        part.save(force_insert=True)
                    else:
                        part.save(update_fields=[name for name in fields if name in concrete])
                except DatabaseError as error:
                    raise self.DoesNotFit from error
                if fields and name_of(part.object) == name_of(obj):
                    for name in set(fields) & set(concrete):
                        setattr(obj, name, getattr(part.object, name))
            try:  # e.g. a reference they cite, deleted since
                if to_keep and touched:
                    connection.check_constraints(table_names=sorted(touched))
            except DatabaseError as error:
                raise self.DoesNotFit from error

    def is_new(self, version: dict) -> bool:
        return name_of(version) not in self.changed

    def texts(self) -> list[tuple[str, str]]:
        """Each text an editor typed in the changes, labelled, to read or copy."""
        return [
            (f"{field.model._meta.verbose_name} {version['pk']}, {field.verbose_name}", value)
            for version in self.versions
            for field in apps.get_model(version["model"])._meta.fields
            if field.editable
            and isinstance(value := version["fields"].get(field.name), str)
            and any(character.isalpha() for character in value)
        ]

    def files(self) -> set[tuple[str, str, str]]:
        """(model, field, name) of every stored file the changes refer to."""
        return {
            (version["model"], field.name, name)
            for version in self.versions
            for field in apps.get_model(version["model"])._meta.fields
            if isinstance(field, models.FileField) and (name := version["fields"].get(field.name))
        }


def name_of(part) -> str | None:
    """The part's "app.model:id", from a serialised version or a model instance."""
    if isinstance(part, dict):
        return f"{part['model']}:{part['pk']}"
    return f"{part._meta.label_lower}:{part.pk}" if part is not None else None


def changed_fields(published: dict, saved: dict) -> list[str]:
    """The fields of a part that differ from the published one (Django's save stamps aside)."""
    meta = apps.get_model(saved["model"])._meta
    stamps = {field.name for field in meta.fields if getattr(field, "auto_now", False)}
    return [
        name
        for name, value in saved["fields"].items()
        if name not in stamps and published["fields"].get(name) != value
    ]


def without_unchanged_lists(version: dict, changed: list[str] | None) -> dict:
    """The version without the many-to-many lists that did not change: applying it then leaves
    them alone. (A new part keeps them all.)"""
    if changed is None:
        return version
    lists = {field.name for field in apps.get_model(version["model"])._meta.many_to_many}
    unchanged = lists - set(changed)
    fields = {name: value for name, value in version["fields"].items() if name not in unchanged}
    return {**version, "fields": fields}


def tables_of(part) -> set[str]:
    """The tables saving this deserialised part writes to."""
    meta = part.object._meta
    lists = part.m2m_data or {}
    return {meta.db_table} | {
        field.remote_field.through._meta.db_table
        for field in meta.many_to_many
        if field.name in lists
    }


def keep_ids_taken(new_parts: list[dict]) -> None:
    """New parts got their ids inside a rolled-back transaction. PostgreSQL never hands an id
    out twice, but SQLite would give them again to the next rows added: mark them taken."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for part in new_parts:
            table, pk = apps.get_model(part["model"])._meta.db_table, part["pk"]
            cursor.execute(
                "UPDATE sqlite_sequence SET seq = MAX(seq, %s) WHERE name = %s", [pk, table]
            )
            if not cursor.rowcount:  # the table's first rows
                cursor.execute("INSERT INTO sqlite_sequence VALUES (%s, %s)", [table, pk])


def forget_files(files: set[tuple[str, str, str]]) -> None:
    """Delete, once the transaction is committed, the files no row uses (e.g. a picture in
    discarded changes; a published one is used by its frame)."""
    unused = [
        name
        for label, field, name in files
        if not apps.get_model(label)._base_manager.filter(**{field: name}).exists()
    ]
    transaction.on_commit(lambda: [default_storage.delete(name) for name in unused])


@receiver(post_delete, sender=WaitingChanges)
def forget_their_files(sender, instance, **kwargs):
    """Discarded, published, or deleted with their object: their pictures go unless used."""
    forget_files(instance.files())


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

    @classmethod
    def keep_working(cls, before: dict, after: dict) -> None:
        """Each address in `before` (from public_addresses) that moved now leads to the new one.

        Called where published content changes: publishing and restoring a version.
        """
        for obj, old_path in before.items():
            new_path = after.get(obj)
            if new_path is None or new_path == old_path:
                continue
            cls.objects.update_or_create(
                path=old_path,
                defaults={
                    "content_type": ContentType.objects.get_for_model(obj),
                    "object_id": str(obj.pk),
                },
            )
            cls.objects.filter(path=new_path).delete()  # that address is live again
