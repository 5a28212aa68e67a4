"""Test-wide settings: the cache on disk (geo.cache) lives in a temporary folder, never in the user's home."""

import os
import shutil
import tempfile

_CACHE = tempfile.mkdtemp(prefix="forum-map-test-cache-")
os.environ["FORUM_MAP_CACHE_DIR"] = _CACHE  # inherited by the commands the tests start
os.environ.pop("FORUM_MAP_NO_CACHE", None)


def pytest_unconfigure(config):
    shutil.rmtree(_CACHE, ignore_errors=True)
