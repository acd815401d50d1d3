"""'Was this page helpful?': a Yes/No form on shared pages, then an optional comment after No.

The pages are shared by every reader (and may be kept by a CDN), so the form carries no
per-reader CSRF token: cross-site posts are refused by the browser's own word on where the form
came from (see origin.py), and each connection may answer a few times an hour. That limit keeps
only a short-lived, salted hash of the reader's address in the cache, never the address.
"""

import hashlib
import hmac

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.cache import caches
from django.core.exceptions import ObjectDoesNotExist
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from education.models import ArticlePage, Exercise, Feedback, Outcome, ReferralPage
from education.models.feedback import COMMENT_LENGTH
from education.views.htmx import page_or_partial
from education.views.origin import same_origin_post

PAGE_SALT = "education.feedback.page"
COMMENT_SALT = "education.feedback.comment"
COMMENT_WITHIN = 60 * 60  # seconds after "No" that its comment may follow
ANSWERS_PER_HOUR = 10
TOO_MANY = _("You have sent a lot of answers. Please try again later.")
# The pages readers may rate, and which of them a reader can see.
RATED = {
    "articlepage": ArticlePage.objects.filter(article__status="published"),
    "exercise": Exercise.objects.published(),
    "referralpage": ReferralPage.objects.published(),
    "outcome": Outcome.objects.filter(self_test__status="published"),
}


def page_token(page) -> str:
    """What the form says it is about: signed, so only a page of this site can be rated. No
    timestamp in it: the same page must render to the same bytes (and ETag) whenever it is
    rendered, on whichever worker or machine."""
    return signing.Signer(salt=PAGE_SALT).sign(f"{page._meta.model_name}:{page.pk}")


def rated_page(token: str):
    try:
        model_name, pk = signing.Signer(salt=PAGE_SALT).unsign(token).split(":")
        return RATED[model_name].get(pk=int(pk))
    except (signing.BadSignature, KeyError, ValueError, ObjectDoesNotExist):
        return None


def over_the_limit(request) -> bool:
    """Count this connection's answers this hour, keyed by a salted hash of its address."""
    hour = timezone.now().strftime("%Y%m%d%H")
    address = request.META.get("REMOTE_ADDR", "")
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{hour}|{address}".encode(), hashlib.sha256)
    key = f"feedback-rate:{digest.hexdigest()[:24]}"
    cache = caches["default"]
    cache.add(key, 0, timeout=60 * 60)
    try:
        return cache.incr(key) > ANSWERS_PER_HOUR
    except ValueError:  # expired between add and incr
        return False


def refuse(request, message: str, status: int = 400):
    return render(request, "education/feedback/refused.html", {"message": message}, status=status)


def back_to(request) -> str:
    """Where the no-JavaScript thank-you page links back to: a page of this site only."""
    url = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()})
    return url if safe and url.startswith("/") else "/"


@never_cache
@require_POST
@same_origin_post
def feedback(request):
    if over_the_limit(request):
        return refuse(request, TOO_MANY, 429)
    page = rated_page(request.POST.get("page", ""))
    answer = request.POST.get("helpful")
    if page is None or answer not in ("yes", "no"):
        return refuse(request, gettext("We could not tell which page or which answer that was."))
    saved = Feedback.objects.create(
        content_type=ContentType.objects.get_for_model(page), object_id=page.pk,
        helpful=answer == "yes",
    )  # fmt: skip
    comment_token = "" if saved.helpful else signing.dumps(saved.pk, salt=COMMENT_SALT)
    context = {"comment_token": comment_token, "back": back_to(request), "limit": COMMENT_LENGTH}
    template = page_or_partial(request, "education/feedback/thanks.html", "thanks")
    return render(request, template, context)


@never_cache
@require_POST
@same_origin_post
def feedback_comment(request):
    if over_the_limit(request):
        return refuse(request, TOO_MANY, 429)
    comment = request.POST.get("comment", "").strip()
    try:
        pk = signing.loads(request.POST.get("token", ""), salt=COMMENT_SALT, max_age=COMMENT_WITHIN)
    except signing.BadSignature:
        return refuse(request, gettext("That comment came too late, or not from this site's form."))
    if len(comment) > COMMENT_LENGTH or "\x00" in comment:
        limit = {"limit": COMMENT_LENGTH}
        return refuse(request, gettext("Please keep your comment to %(limit)d characters.") % limit)
    if comment:
        Feedback.objects.filter(pk=pk, helpful=False, comment="").update(comment=comment)
    context = {"comment_token": "", "commented": bool(comment), "back": back_to(request)}
    template = page_or_partial(request, "education/feedback/thanks.html", "thanks")
    return render(request, template, context)
