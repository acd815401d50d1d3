"""Hostile requests, as from outside: every address with every method, tampered and oversized
forms, bad encodings, forged tokens, bad hosts and headers. None may get a 5xx answer or show a
traceback. Bounded (a fixed seed, about 2,000 requests in-process) so the suite stays fast."""

import random
from contextlib import suppress
from urllib.parse import quote

import pytest
import reversion
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from reversion.models import Version

from education.models import Article, Exercise, SelfTest
from tests.forms import forms_in

pytestmark = pytest.mark.django_db
SEED = 13
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]
TRACEBACK = [b"Traceback (most recent call last)", b'File "/', b"Exception Value", b"site-packages"]
NASTY = [
    "", "-1", "0", "99999999999999999999999999", "1e309", "NaN", "true", "[]", "{}",
    '{"posture": "standing", "angles": {"knee_left": 1e400}}', "\x00", "a\x00b", "\u202e\ufeff",
    "😀" * 50, "<script>alert(1)</script>", "' OR '1'='1", "../../../etc/passwd", "%00%ff",
    "javascript:alert(1)", "x" * 20_000,
]  # fmt: skip
BAD_BODIES = [  # (content type, body)
    ("application/x-www-form-urlencoded; charset=iso-8859-1", b"x=1&title=caf\xe9"),
    ("application/x-www-form-urlencoded; charset=utf-16", b"\xff\xfex\x00=\x001\x00"),
    ("application/x-www-form-urlencoded", b"title=%ff%fe%00&\xff\xfe=\xc3\x28&a=%zz"),
    ("application/x-www-form-urlencoded", b"&".join(b"f%d=1" % n for n in range(1100))),
    ("multipart/form-data", b"--x\r\nno boundary given\r\n"),
    ("multipart/form-data; boundary=x", b"--x\r\nContent-Disposition: form-data\r\n\r\n--x"),
    ("multipart/form-data; boundary=x", b"--x\r\nContent-Disposition: form-data; name=\"image\"; "
     b"filename=\"../../a.png\"\r\nContent-Type: image/png\r\n\r\nGIF89a<svg onload=1>\r\n--x--"),
    ("application/json", b'{"title": ["x"], "__proto__": 1}'),
    ("text/plain; charset=\xff", b"x=1"),
]  # fmt: skip
BAD_HEADERS = [
    {"host": "evil.example"},
    {"host": "127.0.0.1:99999"},
    {"host": "[::1"},
    {"host": "a" * 300},
    {"x-forwarded-host": "evil.example", "x-forwarded-proto": "https"},
    {"hx-request": "true", "hx-trigger-name": "../../x", "hx-current-url": "javascript:1"},
    {"cookie": "sessionid=../../x; csrftoken=!!!!; messages=x" + "A" * 4000},
    {"accept-language": "x" * 500 + ";q=nan", "if-none-match": '"\x00"', "range": "bytes=a-"},
    {"referer": "javascript:alert(1)", "origin": "null", "user-agent": "\x00" * 100},
    {"content-length": "-1"},
]
BAD_PATHS = [
    "/%ff/", "/%00", "/article/%c0%ae%c0%ae/", "/article/..%2f..%2fadmin/", "/" + "a" * 5000,
    "/self-test/x/step/99999999999999999999999/", "/self-test/x/result/" + "A" * 5000 + "/",
    "/media/..%2f..%2fglutesite/settings.py", "/media/%00.png", "/search/?q=%ff%fe",
    "/search/?q=" + "glute " * 2000, "/exercises/?category=%00&difficulty=1e999&equipment=x",
    "/exercises/?difficulty=-1&muscle=../..", "/static/../glutesite/settings.py",
    "/admin/education/article/1%00/change/", "/admin/education/article/-1/preview/?page=1e9",
    "/admin/education/article/99999999999999999999/change/",
]  # fmt: skip


@pytest.fixture
def site(db, monkeypatch):
    monkeypatch.setenv("EDITOR_PASSWORD", "calm-teal-hips-42")
    call_command("load_content", verbosity=0)
    call_command("create_editor", "maria", "--no-input", verbosity=0)
    editor = Client(raise_request_exception=False)
    editor.force_login(User.objects.get(username="maria"))
    return {"anonymous": Client(raise_request_exception=False), "editor": editor}


# Public addresses that have no language.
FILES_AND_MISSING = [
    "/media/frames/none.png", "/sitemap.xml", "/robots.txt", "/favicon.ico",
    "/static/css/site.css", "/no-such-page/",
]  # fmt: skip


def public_addresses() -> list[str]:
    return [*pages_in_every_language(), *FILES_AND_MISSING]


def pages_in_every_language() -> list[str]:
    pages = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            pages += pages_in_the_active_language()
    return pages


def pages_in_the_active_language() -> list[str]:
    article, test = Article.objects.get(), SelfTest.objects.get()
    steps = [reverse("education:selftest-step", args=[test.slug, n]) for n in (1, 2, 99)]
    exercises = reverse("education:exercise-list")
    return [
        reverse("education:home"), reverse("education:about"),
        reverse("education:article-list"), article.get_absolute_url(),
        article.pages.first().get_absolute_url(), reverse("education:referral"),
        reverse("education:search") + "?q=glute", exercises,
        exercises + "?category=strength&difficulty=1",
        Exercise.objects.first().get_absolute_url(), reverse("education:selftest-index"),
        test.get_absolute_url(), reverse("education:selftest-begin", args=[test.slug]), *steps,
        reverse("education:selftest-check", args=[test.slug]),
        reverse("education:selftest-emergency", args=[test.slug]),
        reverse("education:selftest-result", args=[test.slug, "forged.token"]),
        reverse("education:reminders"),
    ]  # fmt: skip


ADMIN_VIEWS = ["change", "history", "delete", "preview", "publish", "discard", "funnel"]


def admin_addresses() -> list[str]:
    """Every admin view of every model (with one object of each), and the admin's own pages."""
    addresses = ["/admin/", "/admin/login/", "/admin/logout/", "/admin/password_change/",
                 "/admin/markdown-preview/", "/admin/education/exercise/pose-preview/"]  # fmt: skip
    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        obj = model._default_manager.first()
        views = [("changelist", []), ("add", []), ("recoverlist", [])]
        views += [(view, [obj.pk]) for view in ADMIN_VIEWS] if obj else []
        if obj and reversion.is_registered(model) and Version.objects.get_for_object(obj):
            views.append(("revision", [obj.pk, Version.objects.get_for_object(obj)[0].pk]))
        for view, args in views:
            with suppress(NoReverseMatch):  # not every admin has every view
                addresses.append(reverse(f"{name}_{view}", args=args))
    return addresses


def problem(client, method: str, url: str, kwargs=None) -> str | None:
    """What is wrong with the answer to this request, or None."""
    try:
        response = client.generic(method, url, **(kwargs or {}))
    except Exception as error:  # escaped Django's handling: the server would send a bare 500
        return f"{method} {url[:80]}: {type(error).__name__}: {str(error)[:120]}"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.status_code >= 500 or any(marker in body for marker in TRACEBACK):
        return f"{method} {url[:80]}: {response.status_code}"
    return None


def problems(requests) -> list[str]:
    return [found for found in (problem(*request) for request in requests) if found]


def test_every_address_answers_every_method_without_a_server_error(site):
    """Every method on every public address; on the admin's, two each (and GET on its forms)."""
    pick = random.Random(SEED)
    public, backstage = public_addresses(), admin_addresses()
    anonymous, editor = site["anonymous"], site["editor"]
    requests = [(anonymous, method, url) for url in public for method in METHODS]
    requests += [(editor, method, url) for url in public for method in pick.sample(METHODS, 2)]
    for url in backstage:
        requests += [(anonymous, method, url) for method in pick.sample(METHODS, 2)]
        if url != "/admin/logout/":  # the editor stays signed in for the rest
            requests.append((editor, pick.choice(METHODS), url))
            requests += [(editor, "GET", url)] if url.endswith(("/change/", "/add/")) else []
    assert len(requests) > 500
    assert problems(requests) == []


def tampered(form_data: dict, pick: random.Random) -> list[dict]:
    """The same form sent wrong in several ways: oversized, NUL bytes, nonsense, broken formset
    counts, forged tokens, and nothing at all."""
    names = list(form_data)
    counts = [name for name in names if name.endswith(("TOTAL_FORMS", "INITIAL_FORMS"))]
    return [
        {name: "x" * 20_000 for name in names},
        {name: f"\x00{value}" for name, value in form_data.items() if isinstance(value, str)},
        {name: pick.choice(NASTY) for name in names},
        {**form_data, **{name: pick.choice(["-5", "x", "", "3"]) for name in counts}},
        {**form_data, "edit_token": "1.2", "csrfmiddlewaretoken": "forged", "id": "-1"},
        {},
    ]


def test_tampered_and_oversized_forms_get_no_server_error(site):
    pick = random.Random(SEED)
    editor = site["editor"]
    pages = [url for url in admin_addresses() if url.endswith(("/change/", "/add/"))]
    pages += pages_in_every_language()  # the wizard's, the search's and the feedback forms
    requests = []
    for url in pages:
        for form in forms_in(editor.get(url).content.decode()):
            target = form.action or url
            if target == "/admin/logout/":  # the editor stays signed in for the rest
                continue
            for data in pick.sample(tampered(form.data, pick), 3):
                requests.append((editor, form.method.upper(), target, encoded(data)))
            if form.files:  # and with a file that is not what it says
                upload = {name: ("evil.png", b"<svg onload=alert(1)>") for name in form.files}
                requests.append((editor, "POST", target, multipart(form.data, upload)))
    # Django renders at most 1,000 rows however many a form claims: once is enough (a second).
    article_form = reverse("admin:education_article_change", args=[Article.objects.get().pk])
    claims = {"pages-TOTAL_FORMS": "1000000000", "pages-INITIAL_FORMS": "0"}
    requests.append((editor, "POST", article_form, encoded(claims)))
    assert len(requests) > 80
    assert problems(requests) == []


def encoded(data: dict) -> dict:
    """The form as a browser sends it: URL-encoded (or, for long values, as multipart, which
    takes no time to build)."""
    pairs = [
        (name, value)
        for name, values in data.items()
        for value in (values if isinstance(values, list) else [values])
    ]
    if any(len(value) > 1000 for _, value in pairs):
        return multipart(data, {})
    body = "&".join(f"{quote(name)}={quote(value)}" for name, value in pairs)
    return {"data": body.encode(), "content_type": "application/x-www-form-urlencoded"}


def multipart(data: dict, files: dict) -> dict:
    uploads = {name: SimpleUploadedFile(*file) for name, file in files.items()}
    body = encode_multipart(BOUNDARY, {**data, **uploads})
    return {"data": body, "content_type": MULTIPART_CONTENT}


def test_bad_encodings_forged_cookies_bad_hosts_and_paths_get_no_server_error(site):
    pick = random.Random(SEED)
    addresses = [url for url in public_addresses() + admin_addresses() if "logout" not in url]
    checking_csrf = Client(enforce_csrf_checks=True, raise_request_exception=False)
    checking_csrf.cookies["csrftoken"] = "a" * 32  # with a form in another charset: review fix 7
    editor = site["editor"]
    requests = []
    for url in addresses:
        content_type, body = BAD_BODIES[0]
        requests.append((checking_csrf, "POST", url, {"data": body, "content_type": content_type}))
        for content_type, body in pick.sample(BAD_BODIES[1:], 2):
            client = pick.choice([checking_csrf, editor])
            requests.append((client, "POST", url, {"data": body, "content_type": content_type}))
    requests += [
        (site["anonymous"], pick.choice(["GET", "POST"]), url, {"headers": headers})
        for url in pick.sample(addresses, 15)
        for headers in BAD_HEADERS
    ]
    requests += [(client, "GET", path) for path in BAD_PATHS for client in site.values()]
    assert len(requests) > 500
    assert problems(requests) == []
