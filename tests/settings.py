"""Test settings: the real settings, with a fixed key and plain static storage.

Plain storage lets tests render pages without running collectstatic first.
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")
# This run's own cache files, emptied before each test (see conftest).
os.environ.setdefault(
    "CACHE_DIR", str(Path(tempfile.gettempdir()) / f"glutesite-tests-cache-{os.getpid()}")
)

from glutesite.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, as in production, not SQLite's shared in-memory database: there, two requests to
    # the browser tests' live server that write at once fail at once ("table is locked")
    # instead of one waiting for the other.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"glutesite-tests-{os.getpid()}.sqlite3")
    }
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Serve static files from the app folders, as `runserver` does, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
