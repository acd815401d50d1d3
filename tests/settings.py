"""Test settings: the real settings, with a fixed key and plain static storage.

Plain storage lets tests render pages without running collectstatic first.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")

from glutesite.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Serve static files from the app folders, as `runserver` does, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
