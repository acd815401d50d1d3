"""The site on real gunicorn: an edit published through the admin shows on the very next
request on every worker, and on every instance when several share PostgreSQL and Redis; a
draft appears on none. Each test makes its own database and starts its own servers."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import dj_database_url
import psycopg
import pytest

from tests.forms import form_values

pytestmark = pytest.mark.server
ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "scale-editor-password-9"
READS = 40  # concurrent reads, so that every worker answers some


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip


def site_env(tmp_path, database_url: str, **extra) -> dict:
    """A fresh site: migrated, its content loaded, an editor who may publish."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "glutesite.settings",
        "SECRET_KEY": "scale-test-secret",
        "DATABASE_URL": database_url,
        "CACHE_DIR": str(tmp_path / "cache"),
        "DEBUG": "off",
        **extra,
    }
    manage(env, "migrate", "--no-input")
    manage(env, "collectstatic", "--no-input")  # gunicorn serves them as in production
    manage(env, "load_content", "--no-input")
    manage({**env, "EDITOR_PASSWORD": PASSWORD}, "create_editor", "maria", "--no-input")
    return env


@contextmanager
def gunicorn(env, workers: int):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "glutesite.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers)],
        cwd=ROOT, env=env, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def wait_until_up(base: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/about/", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"gunicorn did not answer at {base}")


def reads(base: str, path: str) -> list[str]:
    """Many readers at once, so every worker answers some of them."""

    def read(_):
        return urllib.request.urlopen(base + path).read().decode()

    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(read, range(READS)))


class Editor:
    """An editor's browser: signed in, sending the admin's forms as they are shown."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        login = self.get("/admin/login/")
        self.post("/admin/login/", form_values(login, "login-form") | {
            "username": "maria", "password": PASSWORD, "next": "/admin/"})  # fmt: skip

    def get(self, path: str) -> str:
        return self.opener.open(self.base + path).read().decode()

    def change_form_path(self, model: str) -> str:
        """The change form of the first object in the admin's list."""
        listing = self.get(f"/admin/education/{model}/")
        return re.search(rf"/admin/education/{model}/\d+/change/", listing).group(0)

    def post(self, path: str, data: dict) -> str:
        request = urllib.request.Request(
            self.base + path, urllib.parse.urlencode(data).encode(), {"Referer": self.base + path}
        )
        return self.opener.open(request).read().decode()

    def edit_about_page(self, summary: str, press: str) -> None:
        path = self.change_form_path("aboutpage")
        data = form_values(self.get(path), "aboutpage_form", press=press) | {"summary": summary}
        self.post(path, data)


def test_two_workers_show_a_published_edit_at_once_and_never_a_draft(tmp_path):
    env = site_env(tmp_path, f"sqlite:///{tmp_path}/site.sqlite3")
    with gunicorn(env, workers=2) as base:
        assert all("Who publishes GluteSite" in html for html in reads(base, "/about/"))
        editor = Editor(base)
        editor.edit_about_page("A draft summary nobody may read yet.", press="_save_draft")
        assert not any("nobody may read yet" in html for html in reads(base, "/about/"))
        editor.edit_about_page("Published at once, on every worker.", press="_publish")
        assert all("Published at once, on every worker." in html for html in reads(base, "/about/"))


@pytest.fixture
def postgres_database():
    """A database of its own on the PostgreSQL server the suite runs on."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("needs DATABASE_URL pointing at PostgreSQL (CI's second run sets it)")
    settings = dj_database_url.parse(url)
    name = f"glutesite_scale_{os.getpid()}"
    admin = psycopg.connect(
        dbname="postgres", user=settings["USER"], password=settings["PASSWORD"],
        host=settings["HOST"], port=settings["PORT"] or 5432, autocommit=True,
    )  # fmt: skip
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
        yield url.rsplit("/", 1)[0] + "/" + name
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_two_instances_sharing_postgresql_and_redis_show_an_edit_at_once(
    tmp_path, postgres_database
):
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.skip("needs REDIS_URL (CI starts Debian's redis-server)")
    env = site_env(tmp_path, postgres_database, REDIS_URL=redis_url)
    # Two machines: nothing shared but the database and Redis (not even the cache folder).
    other_env = {**env, "CACHE_DIR": str(tmp_path / "other-machine-cache")}
    with gunicorn(env, workers=2) as first, gunicorn(other_env, workers=2) as second:
        for base in (first, second):
            assert all("Who publishes GluteSite" in html for html in reads(base, "/about/"))
        editor = Editor(first)
        editor.edit_about_page("A draft summary nobody may read yet.", press="_save_draft")
        for base in (first, second):
            assert not any("nobody may read yet" in html for html in reads(base, "/about/"))
        editor.edit_about_page("Published through the first machine.", press="_publish")
        assert all("through the first machine" in html for html in reads(second, "/about/"))
