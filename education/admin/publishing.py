"""Admin pieces shared by every kind of published content."""

PUBLISHING_FIELDSET = ("Publishing", {"fields": ["status", "published_on"]})
REVIEW_FIELDSET = (
    "Authorship and review",
    {
        "description": "Name real people only. Until a clinician has reviewed the content, "
        "leave the reviewer empty: the page then says that clinical review is pending.",
        "fields": [
            ("author", "author_credentials"),
            ("reviewer", "reviewer_credentials"),
            ("last_reviewed", "next_review"),
        ],
    },
)
REVIEW_LIST_DISPLAY = ["status", "last_reviewed", "next_review"]


class SingleInstanceAdmin:
    """For a page the site has exactly one of (About, referral): edit it, never add another."""

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not self.model.objects.exists()
