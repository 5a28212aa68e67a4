"""A cache on disk for what every process would otherwise build again: the gazetteer and its automaton tables.

Building them from ``data/gazetteer`` takes about 0.15 s, most of the start-up of ``forum-map extract``;
reading them back takes about 0.04 s. An entry is named by a hash of the contents of every file it was built
from (the data files and the code that reads them), so an edit to any of them makes a new entry, and an entry
is only ever read by the code that wrote it. Entries are written atomically (a temporary file, then a rename),
so two processes starting at once cannot read half an entry; an unreadable entry is built again.

Where: ``$FORUM_MAP_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/forum-map``, else ``~/.cache/forum-map``.
``FORUM_MAP_NO_CACHE=1`` turns it off; so does a folder that cannot be written (nothing is cached, nothing
fails). Deleting the folder is always safe. Entries are pickles, which run code when read: the folder must be
as private as the code itself (it is the user's own by default).
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable, Iterable
from hashlib import blake2b
from pathlib import Path

FORMAT = 1  # bumped when the layout of an entry changes in a way the source hashes would not show


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is turned off."""
    if os.environ.get("FORUM_MAP_NO_CACHE", "") not in ("", "0"):
        return None
    if os.environ.get("FORUM_MAP_CACHE_DIR"):
        return Path(os.environ["FORUM_MAP_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "forum-map"


def fingerprint(sources: Iterable[Path], *extra: str) -> str:
    """A hash of the contents of ``sources`` (in order) and of ``extra`` strings."""
    digest = blake2b(digest_size=16)
    digest.update(f"{FORMAT} {sys.version_info[:2]} {pickle.HIGHEST_PROTOCOL}".encode())
    for path in sources:
        data = Path(path).read_bytes()
        digest.update(f"\0{Path(path).name}\0{len(data)}\0".encode())
        digest.update(data)
    for text in extra:
        digest.update(b"\0" + text.encode())
    return digest.hexdigest()


def cached(name: str, key: str, build: Callable[[], object]):
    """What ``build()`` returns, read from the entry ``name``-``key`` if an earlier process wrote it."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{name}-{key}.pickle"
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except Exception:  # none yet, or a damaged one: build it (again) and store it below
        pass
    value = build()
    _store(folder, name, path, value)
    return value


def _store(folder: Path, name: str, path: Path, value: object) -> None:
    import tempfile  # (only when writing: it costs a few milliseconds of every start-up)

    try:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
        for stale in folder.glob(f"{name}-*.pickle"):  # entries of this name built from older sources
            if stale != path:
                stale.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError):
        pass  # a read-only or full disk: run without the cache
