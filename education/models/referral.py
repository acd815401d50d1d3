"""The referral page: when to see a doctor of chiropractic, the ChiroTrust Pledge, how to find a
doctor who has taken it, and frequently asked questions. Its red flags come from RedFlag."""

from django.db import models
from django.urls import reverse

from education.models.content import MARKDOWN_HELP, ORDER_HELP, RendersMarkdown, Reviewed
from education.models.languages import Translated
from education.models.publishing import Publishable


class ReferralPage(Publishable, Reviewed, RendersMarkdown, Translated):
    """There is one referral page; editors change its sections and questions here."""

    title = models.CharField(max_length=200, default="Find a doctor of chiropractic")
    summary = models.TextField(help_text="One or two sentences under the heading.")
    when_to_go = models.TextField("when to see a doctor of chiropractic", help_text=MARKDOWN_HELP)
    when_to_go_html = models.TextField(editable=False, default="")
    what_to_expect = models.TextField(help_text=MARKDOWN_HELP)
    what_to_expect_html = models.TextField(editable=False, default="")
    pledge_intro = models.TextField("about the pledge", help_text=MARKDOWN_HELP)
    pledge_intro_html = models.TextField(editable=False, default="")
    pledge = models.TextField(help_text="The pledge word for word: it is shown as a quotation.")
    pledge_source = models.CharField(max_length=200, default="The ChiroTrust Pledge")
    pledge_translation = models.TextField(
        blank=True,
        help_text="Only in other languages: our translation of the pledge, shown under the "
        "English quotation and marked as ours. Leave the English empty.",
    )
    how_to_find = models.TextField("how to find a doctor", help_text=MARKDOWN_HELP)
    how_to_find_html = models.TextField(editable=False, default="")
    disclosure = models.TextField(help_text=MARKDOWN_HELP)
    disclosure_html = models.TextField(editable=False, default="")
    references = models.ManyToManyField(
        "education.Reference",
        blank=True,
        related_name="referral_pages",
        help_text="The sources this page relies on, listed at its foot.",
    )

    markdown_fields = {
        "when_to_go": "when_to_go_html",
        "what_to_expect": "what_to_expect_html",
        "pledge_intro": "pledge_intro_html",
        "how_to_find": "how_to_find_html",
        "disclosure": "disclosure_html",
    }

    class Meta:
        verbose_name = "referral page"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("education:referral")

    def translation_parts(self):
        return [self, *self.questions.all()]


class Question(RendersMarkdown):
    """A frequently asked question on the referral page."""

    page = models.ForeignKey(ReferralPage, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveIntegerField(default=0, help_text=ORDER_HELP)
    question = models.CharField(max_length=200)
    answer = models.TextField(help_text=MARKDOWN_HELP)
    answer_html = models.TextField(editable=False, default="")

    markdown_fields = {"answer": "answer_html"}

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.question
