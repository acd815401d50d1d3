"""'Was this page helpful?': on shared pages, without a per-reader token; refused across sites,
rate-limited without keeping the address; stored with nothing that identifies the reader."""

import re
from pathlib import Path
from unittest import mock

import pytest
from django.core import signing
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from education.models import ArticlePage, Exercise, Feedback, Outcome, SelfTest
from education.views.feedback import ANSWERS_PER_HOUR, COMMENT_SALT, page_token
from glutesite.page_cache import VERSION_KEY

pytestmark = pytest.mark.django_db
SAME_SITE = {"HTTP_SEC_FETCH_SITE": "same-origin"}
HX = {"HTTP_HX_REQUEST": "true"}
PAGE = "/article/glute-weakness-and-low-back-pain/meet-your-glutes/"


@pytest.fixture
def loaded(db):
    call_command("load_content", verbosity=0)


def form_token(html: str) -> str:
    return re.search(r'name="page" value="([^"]+)"', html).group(1)


def answer(client, token, helpful="no", **headers):
    data = {"page": token, "helpful": helpful, "next": PAGE}
    return client.post(reverse("education:feedback"), data, **{**SAME_SITE, **headers})


def test_the_question_is_on_every_page_readers_rate_with_no_per_reader_token(loaded):
    test = SelfTest.objects.get()
    urls = [PAGE, "/exercises/squat/", "/find-a-chiropractor/"]
    for url in urls:
        response = Client().get(url)
        html = response.content.decode()
        assert "Was this page helpful?" in html, url
        assert "csrfmiddlewaretoken" not in html and not response.cookies, url
        assert "public" in response["Cache-Control"], url
    outcome = test.outcomes.filter(flag="none").first()
    result = reverse("education:selftest-result", args=[test.slug, signing.dumps(
        {"o": outcome.pk, "c": []}, salt="education.selftest.result")])  # fmt: skip
    assert "Was this page helpful?" in Client().get(result).content.decode()


def test_yes_is_stored_with_nothing_about_the_reader(client, loaded):
    token = form_token(client.get(PAGE).content.decode())
    response = answer(client, token, "yes", REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 200 and "Thank you for your answer." in response.content.decode()
    saved = Feedback.objects.get()
    assert saved.page == ArticlePage.objects.get(slug="meet-your-glutes") and saved.helpful
    fields = {field.name for field in Feedback._meta.concrete_fields}  # the columns
    assert fields == {"id", "content_type", "object_id", "helpful", "comment", "day"}
    assert not response.cookies  # no session, no cookie


def test_no_asks_what_was_missing_and_keeps_the_comment(client, loaded):
    token = form_token(client.get(PAGE).content.decode())
    html = answer(client, token, "no", **HX).content.decode()
    assert "<html" not in html and "autofocus" in html
    assert "What was missing or unclear?" in html and "personal or health details" in html
    comment_token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    response = client.post(
        reverse("education:feedback-comment"),
        {"token": comment_token, "comment": "More about <script>sitting</script>, please."},
        **SAME_SITE,
        **HX,
    )
    assert "we read every comment" in response.content.decode()
    assert Feedback.objects.get().comment == "More about <script>sitting</script>, please."


def test_without_javascript_the_answer_gets_a_page_with_a_way_back(client, loaded):
    token = form_token(client.get(PAGE).content.decode())
    html = answer(client, token, "yes").content.decode()
    assert "<h1>Thank you for your feedback</h1>" in html and f'href="{PAGE}"' in html


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_SEC_FETCH_SITE": "cross-site"}, {"HTTP_ORIGIN": "https://evil.example"}, {}],
)
def test_posts_from_other_sites_are_refused_and_store_nothing(loaded, headers):
    token = page_token(ArticlePage.objects.first())
    response = Client().post(reverse("education:feedback"), {"page": token, "helpful": "yes"},
                             **headers)  # fmt: skip
    assert response.status_code == 403 and not Feedback.objects.exists()


BAD_ANSWERS = {
    "a made-up page": lambda token: {"page": "nonsense", "helpful": "yes"},
    "a forged page": lambda token: {
        "page": signing.dumps("exercise:1", salt="x"),
        "helpful": "yes",
    },
    "no page": lambda token: {"helpful": "yes"},
    "an odd answer": lambda token: {"page": token, "helpful": "maybe"},
    "no answer": lambda token: {"page": token},
}


@pytest.mark.parametrize("bad", BAD_ANSWERS.values(), ids=BAD_ANSWERS.keys())
def test_bad_answers_get_a_400_and_store_nothing(client, loaded, bad):
    data = bad(page_token(Exercise.objects.first()))
    response = client.post(reverse("education:feedback"), data, **SAME_SITE)
    assert response.status_code == 400
    assert "We could not tell which page or which answer that was." in response.content.decode()
    assert not Feedback.objects.exists()


def test_a_page_readers_cannot_see_cannot_be_rated(client, loaded):
    draft = Exercise.objects.get(slug="squat")
    draft.status = Exercise.Status.DRAFT
    draft.save()
    response = answer(client, page_token(draft), "yes")
    assert response.status_code == 400 and not Feedback.objects.exists()


@pytest.mark.parametrize(
    "comment_data",
    [
        {"comment": "x" * 10_240},  # 10 KB
        {"comment": "bad\x00byte"},
        {"token": "forged"},
        {"token": signing.dumps(1, salt="not-ours")},
    ],
)
def test_bad_comments_get_a_400_and_store_nothing(client, loaded, comment_data):
    token = form_token(client.get(PAGE).content.decode())
    html = answer(client, token, "no").content.decode()
    comment_token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    data = {"token": comment_token, "comment": "Fine.", **comment_data}
    response = client.post(reverse("education:feedback-comment"), data, **SAME_SITE)
    assert response.status_code == 400
    assert Feedback.objects.get().comment == ""


def test_a_comment_cannot_be_added_to_a_yes_or_twice(client, loaded):
    yes = Feedback.objects.create(page=ArticlePage.objects.first(), helpful=True)
    token = signing.dumps(yes.pk, salt=COMMENT_SALT)
    client.post(reverse("education:feedback-comment"), {"token": token, "comment": "Hi."},
                **SAME_SITE)  # fmt: skip
    yes.refresh_from_db()
    assert yes.comment == ""


def test_each_connection_may_answer_a_few_times_an_hour(client, loaded):
    token = page_token(Exercise.objects.first())
    mid_hour = timezone.now().replace(minute=30)  # all the answers fall in the same hour
    with mock.patch("django.utils.timezone.now", return_value=mid_hour):
        for _ in range(ANSWERS_PER_HOUR):
            assert answer(client, token, "yes", REMOTE_ADDR="198.51.100.4").status_code == 200
        assert answer(client, token, "yes", REMOTE_ADDR="198.51.100.4").status_code == 429
        assert answer(client, token, "yes", REMOTE_ADDR="198.51.100.5").status_code == 200
    assert Feedback.objects.count() == ANSWERS_PER_HOUR + 1


def everything_in_the_cache(settings) -> bytes:
    if settings.REDIS_URL:
        client = caches["default"]._cache.get_client()
        return b"".join(key + (client.get(key) or b"") for key in client.keys("*"))
    return b"".join(Path(name).read_bytes() for name in caches["default"]._list_cache_files())


def test_the_limit_keeps_no_address(client, loaded, settings):
    answer(client, page_token(Exercise.objects.first()), "yes", REMOTE_ADDR="198.51.100.44")
    kept = everything_in_the_cache(settings)
    assert kept and b"198.51.100.44" not in kept


def test_feedback_leaves_the_cached_pages_alone(client, loaded):
    client.get(PAGE)
    version = caches["default"].get(VERSION_KEY)
    answer(client, page_token(ArticlePage.objects.first()), "no")
    assert caches["default"].get(VERSION_KEY) == version


# Editors


def test_editors_see_answers_per_page_and_can_export_and_delete_them(admin_client, loaded):
    page = ArticlePage.objects.get(slug="meet-your-glutes")
    for helpful in (True, False, False):
        Feedback.objects.create(page=page, helpful=helpful, comment="" if helpful else "Vague.")
    html = admin_client.get(reverse("admin:education_feedback_by_page")).content.decode()
    assert "Meet your glutes" in html and "1 / 2" in html
    changelist = reverse("admin:education_feedback_changelist")
    ids = [str(pk) for pk in Feedback.objects.values_list("pk", flat=True)]
    response = admin_client.post(changelist, {"action": "export_csv", "_selected_action": ids})
    lines = response.content.decode().splitlines()
    assert lines[0] == "date,page,helpful,comment" and len(lines) == 4
    assert admin_client.get(reverse("admin:education_feedback_add")).status_code == 403
    delete = reverse("admin:education_feedback_delete", args=[ids[0]])
    admin_client.post(delete, {"post": "yes"})
    assert Feedback.objects.count() == 2


def test_the_admin_home_lists_pages_readers_often_say_did_not_help(admin_client, loaded):
    page = ArticlePage.objects.get(slug="meet-your-glutes")
    for helpful in (True, True, False, False, False):
        Feedback.objects.create(page=page, helpful=helpful)
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "Readers often say these pages did not help" in html
    assert "3 of 5 said no" in html


def test_the_editors_group_may_read_and_delete_feedback_only(loaded):
    from django.contrib.auth.models import Group

    codenames = set(
        Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    )
    assert {"view_feedback", "delete_feedback"} <= codenames
    assert not {"add_feedback", "change_feedback"} & codenames


def test_an_outcome_is_rated_on_its_result_page(client, loaded):
    outcome = Outcome.objects.filter(flag="none").first()
    response = answer(client, page_token(outcome), "yes")
    assert response.status_code == 200 and Feedback.objects.get().page == outcome
