"""`make bench`: requests per second and latency of the real server, in about a minute.

Starts gunicorn (2 workers, production settings, a fresh SQLite database with the initial
content) on a free loopback port, then loads three URLs in turn: the home page, an article page,
and a static file of about the article page's size served by the same server (whitenoise), which
is the practical ceiling. Uses wrk where it is installed, else a small threaded Python client.

Then one signed-in editor, one request at a time, as they work: the live markdown preview of an
article page, the article's change form, and the preview of a page; then, once a change to a page
waits unpublished, the change form and the preview again.
"""

import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from tests.forms import form_values

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SECONDS_PER_URL = 10
CONNECTIONS = 8
ARTICLE_PAGE = "/article/glute-weakness-and-low-back-pain/meet-your-glutes/"
EDITOR_REQUESTS = 40
EDITOR_PASSWORD = "bench-editor-password-7"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def wait_until_up(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer at {url}")


def static_file_near(size: int) -> str:
    """The collected static file whose size is closest to `size` bytes, as a URL path."""
    manifest_names = [
        path
        for path in (ROOT / "staticfiles").rglob("*")
        if path.is_file() and re.search(r"\.[0-9a-f]{12}\.(css|js|svg)$", path.name)
    ]
    best = min(manifest_names, key=lambda path: abs(path.stat().st_size - size))
    return "/static/" + best.relative_to(ROOT / "staticfiles").as_posix()


def with_wrk(url: str) -> tuple[float, float, float]:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS_PER_URL}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return rps, wrk_latency(output, "50%"), wrk_latency(output, "99%")


def wrk_latency(output: str, percentile: str) -> float:
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)", output).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def with_python(url: str) -> tuple[float, float, float]:
    latencies: list[float] = []
    deadline = time.monotonic() + SECONDS_PER_URL

    def client():
        while time.monotonic() < deadline:
            started = time.perf_counter()
            urllib.request.urlopen(url).read()
            latencies.append((time.perf_counter() - started) * 1000)

    threads = [threading.Thread(target=client) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cuts = statistics.quantiles(latencies, n=100)
    return len(latencies) / SECONDS_PER_URL, cuts[49], cuts[98]


def bench_editor(base: str) -> None:
    """Sequential latencies of what an editor waits for, signed in as one."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )

    def post(path, fields, headers=None):
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        fields = {"csrfmiddlewaretoken": token, **fields}
        data = urllib.parse.urlencode(fields, doseq=True).encode()
        request = urllib.request.Request(base + path, data, {"Referer": base, **(headers or {})})
        return opener.open(request).read()

    page = opener.open(base + "/admin/login/").read().decode()
    post("/admin/login/", {"username": "bench", "password": EDITOR_PASSWORD, "next": "/admin/"})
    articles = opener.open(base + "/admin/education/article/").read().decode()
    change = re.search(r'href="(/admin/education/article/\d+/change/)', articles).group(1)
    page = opener.open(base + change).read().decode()
    body = re.search(r'name="pages-1-body"[^>]*>\n?(.*?)</textarea>', page, re.S).group(1)
    live = {"HX-Request": "true", "HX-Trigger-Name": "pages-1-body"}
    preview = change.replace("change/", "preview/?page=2")
    timings = {
        f"markdown preview ({len(body)} chars)": lambda: post(
            "/admin/markdown-preview/", {"pages-1-body": body}, live
        ),
        "article change form": lambda: opener.open(base + change).read(),
        "preview of a page": lambda: opener.open(base + preview).read(),
    }
    print(f"one editor, {EDITOR_REQUESTS} requests each, one at a time:")
    measure(timings)
    data = form_values(page, "article_form", press="_save_draft")
    post(change, {**data, "pages-1-body": data["pages-1-body"] + "\n\nA change that waits."})
    print("with a change to a page waiting:")
    measure({name: timings[name] for name in ("article change form", "preview of a page")})


def measure(timings) -> None:
    for name, request in timings.items():
        latencies = []
        for _ in range(EDITOR_REQUESTS):
            started = time.perf_counter()
            request()
            latencies.append((time.perf_counter() - started) * 1000)
        cuts = statistics.quantiles(latencies, n=20)
        print(f"{name:31} p50 {cuts[9]:7.2f} ms   p95 {cuts[18]:7.2f} ms")


def main() -> None:
    load = (
        with_wrk
        if subprocess.run(["which", "wrk"], capture_output=True).returncode == 0
        else with_python
    )
    port = int(os.environ.get("BENCH_PORT", 0)) or free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "glutesite.settings",
            "DEBUG": "off",
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
        }
        manage(env, "migrate", "--no-input", "--verbosity", "0")
        manage(env, "load_content", "--no-input", "--verbosity", "0")
        manage(env, "collectstatic", "--no-input", "--verbosity", "0")
        manage({**env, "EDITOR_PASSWORD": EDITOR_PASSWORD}, "create_editor", "bench", "--no-input")
        server = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "glutesite.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
            ],
            cwd=ROOT,
            env=env,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_up(base + "/")
            article_size = len(urllib.request.urlopen(base + ARTICLE_PAGE).read())
            targets = {
                "home page": "/",
                "article page": ARTICLE_PAGE,
                "static file": static_file_near(article_size),
            }
            print(
                f"load: {load.__name__[5:]}, {CONNECTIONS} connections, {SECONDS_PER_URL}s per URL"
            )
            print(f"article page: {article_size} bytes; static file: {targets['static file']}")
            results = {}
            for name, path in targets.items():
                results[name] = rps, p50, p99 = load(base + path)
                print(f"{name:13} {rps:9.1f} req/s   p50 {p50:7.2f} ms   p99 {p99:7.2f} ms")
            ratio = results["article page"][0] / results["static file"][0]
            print(f"article/static throughput ratio: {ratio:.2f}")
            bench_editor(base)
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
