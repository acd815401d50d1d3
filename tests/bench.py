"""`make bench`: requests per second and latency of the real server, in about two minutes.

Starts gunicorn (2 workers, production settings, a fresh SQLite database with the initial
content and the default file cache) on a free loopback port. For each of five public pages it
loads, in turn, with the Accept-Encoding a browser sends:

- the same HTML saved as a static file and served by the same server (whitenoise, with the
  same br/gzip copies): the ceiling;
- the page from the page cache (a reader without a session);
- the page rendered afresh, as on the first request after an edit (a session cookie makes the
  cache step aside);

and prints each one's ratio to the static file and the bytes on the wire. Uses wrk where it is
installed, else a small threaded Python client.

Then one signed-in editor, one request at a time, as they work: the live markdown preview of an
article page, the article's change form, and the preview of a page; then, once a change to a page
waits unpublished, the change form and the preview again.

Then the exercise pictures' budgets: drawing every frame of every exercise (under 50 ms in
all), the largest frame's SVG (under 8 KB) and each exercise page gzipped (under 40 KB).
"""

import gzip
import http.cookiejar
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
import urllib.parse
import urllib.request
from pathlib import Path

import brotli

from tests.forms import form_values

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SECONDS_PER_URL = 5
CONNECTIONS = 16
ARTICLE_PAGE = "/article/glute-weakness-and-low-back-pain/meet-your-glutes/"
PAGES = {
    "home": "/",
    "article page": ARTICLE_PAGE,
    "exercise list": "/exercises/",
    "exercise page": "/exercises/glute-bridge/",
    "referral page": "/find-a-chiropractor/",
    "home (es)": "/es/",
    "article (es)": "/es/articulo/debilidad-de-gluteos-y-dolor-lumbar/conozca-sus-gluteos/",
    "exercise (es)": "/es/ejercicios/puente-de-gluteos/",
    "calendar file": "/reminders/stand-up-reminders.ics?start=09:00&end=17:00&every=45"
    "&days=MO&days=TU&days=WE&days=TH&days=FR&zone=America/Chicago&reminder=glute-taps",
}
BROWSER = {"Accept-Encoding": "br, gzip"}
AFTER_AN_EDIT = {**BROWSER, "Cookie": "sessionid=bench"}  # no such session: rendered afresh
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


def save_as_static_files(base: str) -> dict[str, tuple[str, int]]:
    """Each page's HTML as a static file (with whitenoise's br and gzip copies), and its size
    on the wire; whitenoise finds them when the server next starts."""
    folder = ROOT / "staticfiles" / "bench"
    folder.mkdir(exist_ok=True)
    saved = {}
    for name, path in PAGES.items():
        html = urllib.request.urlopen(base + path).read()
        target = folder / f"{re.sub(r'[^a-z]+', '-', name).strip('-')}.html"
        target.write_bytes(html)
        target.with_suffix(".html.gz").write_bytes(gzip.compress(html))
        target.with_suffix(".html.br").write_bytes(brotli.compress(html, quality=11))
        wire = urllib.request.urlopen(urllib.request.Request(base + path, headers=BROWSER))
        saved[name] = ("/static/bench/" + target.name, len(wire.read()))
    return saved


def with_wrk(url: str, headers: dict) -> tuple[float, float, float]:
    header_options = [
        option for name, value in headers.items() for option in ("-H", f"{name}: {value}")
    ]
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{SECONDS_PER_URL}s",
            "--latency",
            *header_options,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return rps, wrk_latency(output, "50%"), wrk_latency(output, "99%")


def wrk_latency(output: str, percentile: str) -> float:
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)", output).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def with_python(url: str, headers: dict) -> tuple[float, float, float]:
    latencies: list[float] = []
    deadline = time.monotonic() + SECONDS_PER_URL

    def client():
        while time.monotonic() < deadline:
            started = time.perf_counter()
            urllib.request.urlopen(urllib.request.Request(url, headers=headers)).read()
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


def bench_figures() -> None:
    """Draw every frame of every exercise in the content files as its page does (laid out
    together, then each frame's SVG), best and median of 20 rounds."""
    sys.path.insert(0, str(ROOT))
    from education import figures

    exercises = [
        tomllib.loads(path.read_text(encoding="utf-8"))
        for path in sorted((ROOT / "education/content/exercises").glob("*.toml"))
    ]

    def draw_all() -> list[str]:
        svgs = []
        for exercise in exercises:
            poses = [
                figures.parse_pose(
                    {k: frame[k] for k in ("posture", "angles", "props") if k in frame}
                )
                for frame in exercise["frame"]
            ]
            layout = figures.draw_frames(
                poses,
                primary=exercise["primary_muscles"],
                secondary=exercise["secondary_muscles"],
            )
            svgs += [layout.svg(n, alt=f["alt"]) for n, f in enumerate(exercise["frame"])]
        return svgs

    timings = []
    for _ in range(20):
        started = time.perf_counter()
        svgs = draw_all()
        timings.append((time.perf_counter() - started) * 1000)
    largest = max(len(svg.encode()) for svg in svgs)
    print(
        f"drawing all {len(svgs)} frames of {len(exercises)} exercises: best "
        f"{min(timings):.1f} ms, median {statistics.median(timings):.1f} ms (budget 50 ms); "
        f"largest frame SVG {largest / 1024:.1f} KB (budget 8 KB)"
    )


def bench_exercise_pages(base: str) -> None:
    """Each exercise page's HTML, plain and gzipped (the budget is 40 KB compressed)."""
    listing = urllib.request.urlopen(base + "/exercises/").read().decode()
    slugs = sorted(set(re.findall(r'href="/exercises/([a-z0-9-]+)/', listing)))
    sizes = {}
    for slug in slugs:
        html = urllib.request.urlopen(f"{base}/exercises/{slug}/").read()
        sizes[slug] = (len(html), len(gzip.compress(html)))
    slug, (plain, packed) = max(sizes.items(), key=lambda item: item[1][1])
    print(
        f"exercise pages: largest {slug}, {plain / 1024:.1f} KB, {packed / 1024:.1f} KB gzipped "
        f"(budget 40 KB); all: "
        + ", ".join(f"{s} {p / 1024:.1f}" for s, (_, p) in sorted(sizes.items()))
    )


def start_server(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "glutesite.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "2"],
        cwd=ROOT, env=env, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    wait_until_up(f"http://127.0.0.1:{port}/")
    return server


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=10)


def bench_pages(load, base: str, static: dict[str, tuple[str, int]]) -> None:
    print(f"load: {load.__name__[5:]}, {CONNECTIONS} connections, {SECONDS_PER_URL}s per row, "
          f"Accept-Encoding: {BROWSER['Accept-Encoding']}")  # fmt: skip
    print(f"{'page':14} {'served as':15} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}  ratio to static")
    for name, path in PAGES.items():
        static_path, wire = static[name]
        ceiling = None
        rows = [("static file", static_path, BROWSER), ("page cache", path, BROWSER),
                ("after an edit", path, AFTER_AN_EDIT)]  # fmt: skip
        for label, url, headers in rows:
            rps, p50, p99 = load(base + url, headers)
            ceiling = ceiling or rps
            print(f"{name:14} {label:15} {rps:8.0f} {p50:8.2f} {p99:8.2f}  {rps / ceiling:.2f}")
        print(f"{name:14} {wire / 1024:.1f} KB on the wire")


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
            "CACHE_DIR": f"{tmp}/cache",
        }
        manage(env, "migrate", "--no-input", "--verbosity", "0")
        manage(env, "load_content", "--no-input", "--verbosity", "0")
        manage(env, "collectstatic", "--no-input", "--verbosity", "0")
        manage({**env, "EDITOR_PASSWORD": EDITOR_PASSWORD}, "create_editor", "bench", "--no-input")
        server = start_server(env, port)
        try:
            static = save_as_static_files(base)
            stop(server)
            server = start_server(env, port)  # whitenoise lists the static files at start
            bench_pages(load, base, static)
            bench_editor(base)
            bench_exercise_pages(base)
            bench_figures()
        finally:
            stop(server)
            shutil.rmtree(ROOT / "staticfiles" / "bench", ignore_errors=True)


if __name__ == "__main__":
    main()
