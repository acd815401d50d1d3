"""The site's own: the About page, the old addresses of pages whose slug changed, and the
record of the initial content loaded into this database."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from education.models.content import MarkdownBody, Reviewed
from education.models.languages import Translated
from education.models.publishing import Publishable


class AboutPage(Publishable, Reviewed, MarkdownBody, Translated):
    """Who publishes the site, how to reach them, the editorial policy, privacy and disclosure.

    There is one About page; the body's ## headings become its sections and contents.
    """

    title = models.CharField(max_length=200, default="About GluteSite")
    summary = models.TextField(
        help_text="One sentence shown under the heading and in search results."
    )
    contact_email = models.EmailField(
        blank=True, help_text="Where readers send corrections and feedback."
    )
    contact_is_sample = models.BooleanField(
        "the address is a sample",
        default=False,
        help_text="Tick while the address above is only an example (as `make run` loads it): "
        "readers are told it is a sample, not a real address. Untick once it is real.",
    )

    class Meta:
        verbose_name = "About page"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("education:about")


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


class LoadedContent(models.Model):
    """A piece of the initial content that `load_content` created in this database, by its key
    in education/content/ (e.g. "exercise:squat"): if an editor deletes or renames it, it is
    not made again."""

    key = models.CharField(max_length=200, unique=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "loaded content"

    def __str__(self):
        return self.key
