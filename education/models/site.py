"""Site-wide pages that are not part of the article: the About page."""

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
    contact_email = models.EmailField(help_text="Where readers send corrections and feedback.")

    class Meta:
        verbose_name = "About page"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("education:about")
