"""schema.org descriptions of the content pages, for search engines (shown as JSON-LD)."""

from django.utils.translation import gettext

from education.models.content import EDITORIAL_TEAM


def _publisher() -> dict:
    return {"@type": "Organization", "name": "GluteSite", "description": gettext(EDITORIAL_TEAM)}


def _reviewer(item) -> dict:
    if item.reviewer:
        return {"@type": "Person", "name": item.reviewer, "jobTitle": item.reviewer_credentials}
    return {"@type": "Organization", "name": gettext(EDITORIAL_TEAM)}


def article_page(request, article, page, references) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": page.title,
        "headline": page.title,
        "description": article.summary,
        "url": request.build_absolute_uri(page.get_absolute_url()),
        "isPartOf": {"@type": "CreativeWork", "name": article.title},
        "about": {"@type": "MedicalCondition", "name": gettext("Low back pain")},
        "author": {"@type": "Organization", "name": article.author_name},
        "publisher": _publisher(),
        "reviewedBy": _reviewer(article),
        "citation": [reference.citation for reference in references],
    }
    dates = {
        "datePublished": article.published_on,
        "lastReviewed": article.last_reviewed,
        "dateModified": article.updated_at.date(),
    }
    return data | {key: value.isoformat() for key, value in dates.items() if value}


def exercise(request, exercise, details) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "HowTo",
        "name": exercise.name,
        "description": exercise.summary,
        "url": request.build_absolute_uri(exercise.get_absolute_url()),
        "tool": [{"@type": "HowToTool", "name": name} for name in details.equipment],
        "step": [
            {"@type": "HowToStep", "position": number, "text": step}
            for number, step in enumerate(details.steps, start=1)
        ],
        "publisher": _publisher(),
    }
    if exercise.last_reviewed:
        data["lastReviewed"] = exercise.last_reviewed.isoformat()
    return data
