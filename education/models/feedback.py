"""Readers' answers to "Was this page helpful?": anonymous, and nothing that could identify
them (no address, cookie, browser or time of day): the page, the answer, an optional comment
and the date."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

COMMENT_LENGTH = 500
PERIODS = (30, 365)  # days
# A page is of concern when enough readers answered, and this share of them said No.
CONCERN_MIN_ANSWERS = 5
CONCERN_NO_SHARE = 0.5


@dataclass
class PageFeedback:
    """The answers about one page: yes and no over the last 30 and 365 days."""

    page: object
    content_type_id: int
    object_id: int
    counts: dict[int, tuple[int, int]]  # days: (yes, no)

    @property
    def yes_in_a_year(self) -> int:
        return self.counts[365][0]

    @property
    def no_in_a_year(self) -> int:
        return self.counts[365][1]

    @property
    def answers_in_a_year(self) -> int:
        return self.yes_in_a_year + self.no_in_a_year

    @property
    def is_of_concern(self) -> bool:
        answers = self.answers_in_a_year
        return answers >= CONCERN_MIN_ANSWERS and self.no_in_a_year / answers >= CONCERN_NO_SHARE


class FeedbackQuerySet(models.QuerySet):
    def by_page(self) -> list[PageFeedback]:
        """Yes and No per page over each period, the most answered pages first."""
        today = timezone.localdate()
        counts = {
            f"{answer}_{days}": Count(
                "pk", filter=Q(helpful=answer == "yes", day__gt=today - timedelta(days=days))
            )
            for answer in ("yes", "no")
            for days in PERIODS
        }
        pages = []
        for row in self.values("content_type", "object_id").annotate(**counts):
            model = ContentType.objects.get_for_id(row["content_type"]).model_class()
            page = model.objects.filter(pk=row["object_id"]).first() or "(deleted)"
            periods = {days: (row[f"yes_{days}"], row[f"no_{days}"]) for days in PERIODS}
            pages.append(PageFeedback(page, row["content_type"], row["object_id"], periods))
        return sorted(pages, key=lambda entry: -entry.answers_in_a_year)


class Feedback(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    page = GenericForeignKey()
    helpful = models.BooleanField()
    comment = models.TextField(blank=True, max_length=COMMENT_LENGTH)
    day = models.DateField(default=timezone.localdate)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-day", "-pk"]
        verbose_name_plural = "feedback"
        indexes = [models.Index(fields=["content_type", "object_id", "day"])]

    def __str__(self):
        answer = "Helpful" if self.helpful else "Not helpful"
        return f"{answer}: {self.page}"
