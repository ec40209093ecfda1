"""Settings for the test suite: the normal settings in test mode, with a fast password hasher."""

import os

os.environ.setdefault("LINDUNG_ENV", "test")

from lindung.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
