"""Drafts, published content and waiting changes.

A *draft* is content readers cannot see (never published, or withdrawn); *published* content is
what they see; *waiting changes* are an editor's saved changes to something published, which
readers do not see until someone publishes them.
"""

import json
from contextlib import contextmanager

import reversion
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection, models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

# django-reversion's own walk of what it keeps with an object (its `follow`): private names, so
# its version is pinned in pyproject.toml.
from reversion.revisions import _follow_relations, _get_options


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


class WaitingChanges(models.Model):
    """An editor's saved changes to something published, unseen by readers until published.

    They are the object and its parts (those django-reversion keeps with it: an article's pages,
    a test's steps and their choices...) as the editor saved them, where they differ from what
    is published: each part added or changed, whole, in django-reversion's form of a version;
    which fields of each published part changed; and which parts were deleted. `apply` puts them
    in the database: the change form and the preview inside a transaction they roll back,
    publishing inside one it keeps. A picture uploaded with them is stored (re-encoded) when
    they are saved, and deleted once nothing uses it.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    content_object = GenericForeignKey()
    versions = models.JSONField(default=list, help_text="Each part added or changed, serialised.")
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
    def of_id(cls, model, pk) -> "WaitingChanges | None":
        try:
            pk = model._meta.pk.to_python(pk)
        except ValidationError:  # not an id at all (e.g. "1\x00" from an address)
            return None
        content_type = ContentType.objects.get_for_model(model)
        changes = cls.objects.filter(content_type=content_type, object_id=str(pk))
        return changes.select_related("saved_by").first()

    @classmethod
    def keep(cls, obj, saved: list[dict], user, based_on: int) -> "WaitingChanges | None":
        """Keep `saved` (obj `serialised` inside a rolled-back transaction) as obj's waiting
        changes: where it differs from the database, that is, from what is published."""
        published = {name_of(version): version for version in serialised(obj)}
        changes = cls.of(obj) or cls(content_object=obj)
        files_before = changes.files()
        changes.versions, changes.changed = [], {}
        for version in saved:
            before = published.pop(name_of(version), None)
            fields = changed_fields(before, version) if before else None
            if fields:
                changes.changed[name_of(version)] = fields
            if before is None or fields:
                changes.versions.append(without_lists_unchanged(version, fields))
        changes.deleted = [name.split(":") for name in published]  # not among those saved
        if changes.versions or changes.deleted:
            changes.based_on, changes.saved_by, changes.note = based_on, user, ""
            changes.save()
            keep_ids_taken([version for version in changes.versions if changes.is_new(version)])
        elif changes.pk:  # the editor put everything back as it is published
            changes.delete()
        forget_files(files_before - changes.files())
        return changes if changes.pk else None

    def apply(self, obj=None, *, to_keep=False) -> None:
        """Put the changes in the database, in the caller's transaction (obj, in memory, takes
        them too). Raises DoesNotFit rather than overwrite or bring back a row, or, `to_keep`
        (in a transaction to be committed), refer to something deleted since."""
        touched = set()
        # Parts are saved raw, as django-reversion reverts them; publishing records the whole
        # object as a version, not its parts one by one now.
        with reversion.create_revision(manage_manually=True, atomic=False):
            for label, pk in self.deleted:
                apps.get_model(label)._base_manager.filter(pk=pk).delete()
            new_last = sorted(self.versions, key=self.is_new)
            for part in serializers.deserialize("python", new_last, ignorenonexistent=True):
                fields, lists = self.changed.get(name_of(part.object)), set(part.m2m_data)
                touched |= tables_of(part)
                try:
                    if fields is None:
                        part.save(force_insert=True)
                    else:
                        part.save(update_fields=[name for name in fields if name not in lists])
                except DatabaseError as error:  # a new part's id taken, a changed part gone
                    raise self.DoesNotFit from error
                if fields and name_of(part.object) == name_of(obj):
                    for name in set(fields) - lists:
                        setattr(obj, name, getattr(part.object, name))
            try:
                if to_keep and touched:
                    connection.check_constraints(table_names=sorted(touched))
            except DatabaseError as error:  # e.g. a reference they cite, deleted since
                raise self.DoesNotFit from error

    def is_new(self, version: dict) -> bool:
        return name_of(version) not in self.changed

    def texts(self) -> list[tuple[str, str]]:
        """Each text an editor typed in the changes, labelled, to read or copy."""
        return [
            (f"{field.model._meta.verbose_name} {version['pk']}, {field.verbose_name}", value)
            for version, field in self.fields_of_versions()
            if field.editable
            and isinstance(value := version["fields"].get(field.name), str)
            and any(character.isalpha() for character in value)
        ]

    def files(self) -> set[tuple[str, str, str]]:
        """(model, field, name) of each stored file the changes use."""
        return {
            (version["model"], field.name, name)
            for version, field in self.fields_of_versions()
            if isinstance(field, models.FileField) and (name := version["fields"].get(field.name))
        }

    def fields_of_versions(self):
        for version in self.versions:
            for field in apps.get_model(version["model"])._meta.fields:
                yield version, field


@receiver(post_delete, sender=WaitingChanges)
def forget_their_files(sender, instance, **kwargs):
    """Discarded, published, or deleted with their object: their pictures go, unless used."""
    forget_files(instance.files())


@contextmanager
def rolled_back():
    """Inside: change the database freely. After: it is exactly as before, and nothing done
    inside became a version in the history."""
    with transaction.atomic(), reversion.create_revision(manage_manually=True, atomic=False):
        yield
        transaction.set_rollback(True)


def serialised(obj) -> list[dict]:
    """obj, fetched again, and its parts, each serialised as django-reversion serialises a
    version (in a few queries: its parts and their many-to-many fields come prefetched)."""

    def parts(of):
        yield of
        for part in _follow_relations(of):
            yield from parts(part)

    fresh = type(obj)._base_manager.prefetch_related(*part_lookups(type(obj))).get(pk=obj.pk)
    return json.loads(serializers.serialize("json", parts(fresh)))


def part_lookups(model, prefix="") -> list[str]:
    """What prefetch_related needs for the parts django-reversion keeps with a model's objects."""
    lookups = [prefix + field.name for field in model._meta.many_to_many]
    for name in _get_options(model).follow:
        part = model._meta.get_field(name).related_model
        lookups += [prefix + name, *part_lookups(part, f"{prefix}{name}__")]
    return lookups


def name_of(part) -> str | None:
    """The part's "app.model:id", from a serialised version or a model instance."""
    if isinstance(part, dict):
        return f"{part['model']}:{part['pk']}"
    return f"{part._meta.label_lower}:{part.pk}" if part is not None else None


def changed_fields(published: dict, saved: dict) -> list[str]:
    """The fields of a part that differ from the published part (Django's save stamps aside)."""
    meta = apps.get_model(saved["model"])._meta
    stamps = {field.name for field in meta.fields if getattr(field, "auto_now", False)}
    return [
        name
        for name, value in saved["fields"].items()
        if name not in stamps and published["fields"][name] != value
    ]


def without_lists_unchanged(version: dict, changed: list[str] | None) -> dict:
    """A changed part without its many-to-many lists that did not change: applying it then
    leaves them alone. (A new part keeps them all.)"""
    lists = {field.name for field in apps.get_model(version["model"])._meta.many_to_many}
    unchanged = lists - set(changed) if changed else set()
    fields = {name: value for name, value in version["fields"].items() if name not in unchanged}
    return {**version, "fields": fields}


def tables_of(part) -> set[str]:
    """The tables that saving this deserialised part writes to."""
    meta = part.object._meta
    lists = [field for field in meta.many_to_many if field.name in part.m2m_data]
    return {meta.db_table, *(field.remote_field.through._meta.db_table for field in lists)}


def keep_ids_taken(new_parts: list[dict]) -> None:
    """New parts got their ids inside a rolled-back transaction. PostgreSQL never hands an id
    out twice, but SQLite would give them again to the next rows added: mark them taken."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for part in new_parts:
            table, pk = apps.get_model(part["model"])._meta.db_table, part["pk"]
            taken = "UPDATE sqlite_sequence SET seq = MAX(seq, %s) WHERE name = %s"
            cursor.execute(taken, [pk, table])
            if not cursor.rowcount:  # the table's first row
                cursor.execute("INSERT INTO sqlite_sequence VALUES (%s, %s)", [table, pk])


def forget_files(files: set[tuple[str, str, str]]) -> None:
    """Once the transaction is committed, delete the files no row uses (e.g. a picture in
    discarded changes; a published picture is used by its frame)."""
    unused = [
        name
        for label, field, name in files
        if not apps.get_model(label)._base_manager.filter(**{field: name}).exists()
    ]
    transaction.on_commit(lambda: [default_storage.delete(name) for name in unused])
