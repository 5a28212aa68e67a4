"""Test-wide settings: the cache on disk (geo.cache) lives in a temporary folder, never in the user's home; and
Hypothesis has no deadline, so that no test fails because a busy machine was slow (timings belong to
tests/benchmarks/)."""

import os
import shutil
import tempfile

from hypothesis import settings

settings.register_profile("forum-map", deadline=None)
settings.load_profile("forum-map")

_CACHE = tempfile.mkdtemp(prefix="forum-map-test-cache-")
os.environ["FORUM_MAP_CACHE_DIR"] = _CACHE  # inherited by the commands the tests start
os.environ.pop("FORUM_MAP_NO_CACHE", None)


def pytest_unconfigure(config):
    shutil.rmtree(_CACHE, ignore_errors=True)
