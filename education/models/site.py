"""Site-wide things that are not part of the article: the About page, and the record of the
initial content loaded into this database."""

from django.db import models
from django.urls import reverse

from education.models.publishing import MarkdownBody, Publishable, Reviewed


class AboutPage(Publishable, Reviewed, MarkdownBody):
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
