"""A cache on disk for what every process would otherwise build again: the gazetteer, its automaton tables and the
simplified world of the maps (:func:`geo.boundaries.web_basemap`, plain values only).

Building them from ``data/gazetteer`` takes about 0.15 s, most of the start-up of ``forum-map extract``;
reading them back takes about 0.04 s. An entry is named by a hash of the contents of every file it was built
from (the data files and the code that reads them), so an edit to any of them makes a new entry, and an entry
is only ever read by the code that wrote it. Entries are written atomically (a temporary file, then a rename),
so two processes starting at once cannot read half an entry; an unreadable entry is built again.

Where: ``$FORUM_MAP_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/forum-map``, else ``~/.cache/forum-map``.
``FORUM_MAP_NO_CACHE=1`` turns it off; so does a folder that cannot be written (nothing is cached, nothing
fails). Deleting the folder is always safe.

Why reading an entry cannot run code: entries are pickles, but they are read by an unpickler that builds only
the types the caller names (the gazetteer's own records, ``datetime.date``) besides plain containers, so a
planted entry that asks for ``os.system`` or any other callable is refused and rebuilt. An entry is also read
only when it is a regular file owned by the user, in a folder owned by the user that no one else can write;
anything else means running without the cache. The folder is created private (0700). An entry that holds
something other than the expected type is rebuilt.
"""

from __future__ import annotations

import os
import pickle
import stat
import sys
from collections.abc import Callable, Iterable
from hashlib import blake2b
from pathlib import Path

FORMAT = 2  # bumped when the layout of an entry changes in a way the source hashes would not show
_OTHERS_WRITE = stat.S_IWGRP | stat.S_IWOTH


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


class _Unpickler(pickle.Unpickler):
    """Builds only the named types: a pickle that refers to any other global is refused."""

    def __init__(self, handle, allowed: frozenset[tuple[str, str]]):
        super().__init__(handle)
        self.allowed = allowed

    def find_class(self, module: str, name: str):
        if (module, name) not in self.allowed:
            raise pickle.UnpicklingError(f"{module}.{name} is not a type this cache entry may hold")
        return super().find_class(module, name)


def _private(info: os.stat_result) -> bool:
    """Owned by this user and writable by no one else."""
    return info.st_uid == os.getuid() and not info.st_mode & _OTHERS_WRITE


def _usable_folder(folder: Path) -> bool:
    """The folder exists or could be made, and is private; an existing folder others can write is refused."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and _private(info)


def _read(path: Path, allowed: frozenset[tuple[str, str]]) -> object:
    """The entry at ``path``; OSError when there is none or it is not a private regular file."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or not _private(info):
            raise OSError(f"{path}: not a private regular file")
        return _Unpickler(handle, allowed).load()


def cached(name: str, key: str, build: Callable[[], object], types: tuple[type, ...] = ()):
    """What ``build()`` returns, read from the entry ``name``-``key`` if an earlier process wrote it.

    ``types`` are the classes the value is made of (its own type first); an entry is read back only when it
    holds nothing else and its value is an instance of the first type (or of the type of ``build()``'s value).
    """
    folder = cache_dir()
    if folder is None or not _usable_folder(folder):
        return build()
    allowed = frozenset((t.__module__, t.__qualname__) for t in types)
    path = folder / f"{name}-{key}.pickle"
    try:
        value = _read(path, allowed)
        if not types or isinstance(value, types[0]):
            return value
    except Exception:  # none yet, a damaged or refused one: build it (again) and store it below
        pass
    value = build()
    _store(folder, name, path, value)
    return value


def _store(folder: Path, name: str, path: Path, value: object) -> None:
    from geo.output import write_atomic  # (only when writing: it costs a few milliseconds of every start-up)

    try:
        write_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), mode=0o600)
        for stale in folder.glob(f"{name}-*.pickle"):  # entries of this name built from older sources
            if stale != path:
                stale.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError):
        pass  # a read-only or full disk: run without the cache
