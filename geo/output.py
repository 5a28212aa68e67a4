"""Writes a build's files into an output folder safely: each file whole or not at all, one build at a time, and
removing only files forum-map itself wrote there, never through a symbolic link. The manifest
(``.forum-map-manifest.json``) records every file a build wrote with its SHA-256 and its forum, and what the
index shows of each forum. A file is removed only when it is a regular file inside the output folder, reached
without following any link, listed by the manifest, and still holding the content the manifest's hash names: a
manifest is a file anyone can write (a cloned repository may carry one), so it is never trusted further."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import stat
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from geo.errors import BuildError
from geo.lock import LOCK, LOCK_WAIT, Report, folder_lock, quiet, signals_held

MANIFEST = ".forum-map-manifest.json"
INDEX = "index.html"
_MANIFEST_LIMIT = 16 << 20  # bytes; a larger manifest is not one forum-map wrote
_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")  # a forum id, as geo.forums requires of a forum's folder
_SHA_RE = re.compile(r"^[0-9a-f]{64}$")
_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC  # non-blocking: a planted FIFO must not hang us


@dataclass(frozen=True, slots=True)
class MapRecord:
    title: str
    description: str
    html: str  # relative to the output folder
    csv: str


@dataclass(frozen=True, slots=True)
class ForumRecord:
    """What the index shows of one forum; kept in the manifest, so that a build of other forums still lists it."""

    id: str
    title: str
    maps: tuple[MapRecord, ...]
    claims: tuple[tuple[str, str], ...] = ()  # (line, sentence) pairs shown under the forum's maps


@dataclass(frozen=True, slots=True)
class FileRecord:
    sha256: str | None  # None: listed without a hash (an older manifest): may be overwritten, is never removed
    forum: str | None


@dataclass(frozen=True, slots=True)
class Manifest:
    files: Mapping[str, FileRecord]
    forums: Mapping[str, ForumRecord]
    version: int  # 0: none or unreadable, 1: names only, 2: names, hashes and forums


_NO_MANIFEST = Manifest({}, {}, 0)


# --- one file, whole or not at all ---------------------------------------------------------------------------


def _stage_at(folder: int, name: str, payload: bytes, mode: int | None) -> str:
    """The content in a new temporary file beside ``name`` in the open ``folder``; returns the temporary name."""
    while True:
        tmp = f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666, dir_fd=folder)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            if mode is not None:
                os.fchmod(handle.fileno(), mode)  # otherwise 0o666 less the umask, as any file the user writes
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp, dir_fd=folder)
        raise
    return tmp


def write_atomic(path: Path, data: str | bytes, mode: int | None = None) -> None:
    """Write ``path`` via a temporary file in its folder and a rename: readers see the old file or the new one.

    The folder is created when missing. ``mode`` sets the file's permissions; by default they follow the umask.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        _replace_at(folder, path.name, payload, mode)
    finally:
        os.close(folder)


# --- paths inside the output folder, never through a link ----------------------------------------------------


def _parts(relative: object) -> tuple[str, ...] | None:
    """The components of a plain relative path inside the output folder, or None for anything else
    (absolute, ``..``, empty components, our own bookkeeping files)."""
    if not isinstance(relative, str) or not relative or "\0" in relative or relative.startswith("/"):
        return None
    parts = tuple(relative.split("/"))
    if any(part in ("", ".", "..") for part in parts) or parts[0] in (MANIFEST, LOCK):
        return None
    try:
        relative.encode("utf-8")  # a lone surrogate from JSON names no file
    except UnicodeEncodeError:
        return None
    return parts


def _lstat(folder: int, name: str) -> os.stat_result | None:
    try:
        return os.stat(name, dir_fd=folder, follow_symlinks=False)
    except FileNotFoundError:
        return None


def _open_folder(top: int, parts: Sequence[str], *, create: bool = False) -> int:
    """A descriptor of the folder ``parts`` below ``top``, opened one component at a time without following a link:
    OSError (ELOOP for a link, ENOTDIR for a file, ENOENT) when there is none. ``create`` makes missing folders."""
    fd = os.dup(top)
    try:
        for part in parts:
            try:
                inner = os.open(part, _FOLDER, dir_fd=fd)
            except FileNotFoundError:
                if not create:
                    raise
                with contextlib.suppress(FileExistsError):
                    os.mkdir(part, 0o777, dir_fd=fd)
                inner = os.open(part, _FOLDER, dir_fd=fd)
            os.close(fd)
            fd = inner
    except BaseException:
        os.close(fd)
        raise
    return fd


def _hash_at(folder: int, name: str) -> str | None:
    """SHA-256 of ``name`` in the open ``folder`` if it is a regular file (not a link), else None."""
    try:
        fd = os.open(name, _FILE, dir_fd=folder)
    except OSError:
        return None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        return None
    with os.fdopen(fd, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _is_file(top: int, relative: str) -> bool:
    """Whether ``relative`` below ``top`` is a regular file reached without any link."""
    parts = _parts(relative)
    if parts is None:
        return False
    try:
        folder = _open_folder(top, parts[:-1])
    except OSError:
        return False
    try:
        found = _lstat(folder, parts[-1])
    except OSError:
        return False
    finally:
        os.close(folder)
    return found is not None and stat.S_ISREG(found.st_mode)


def _target_problem(out: Path, top: int, relative: str, manifest: Manifest) -> str | None:
    """Why this build cannot write ``relative``, or None: a link or a file on the way, a folder that cannot be
    written, or a file there that forum-map did not write (or that was changed since)."""
    parts = relative.split("/")
    folder = os.dup(top)
    here = out
    try:
        for depth, part in enumerate(parts):
            here = out.joinpath(*parts[: depth + 1])
            found = _lstat(folder, part)
            if found is None:
                break
            if stat.S_ISLNK(found.st_mode):
                return (
                    f"{here}: a symbolic link; forum-map never writes through one (remove it or choose another --out)"
                )
            if depth < len(parts) - 1:
                if not stat.S_ISDIR(found.st_mode):
                    return f"{here}: not a folder, and the build writes {out / relative}"
                inner = os.open(part, _FOLDER, dir_fd=folder)
                os.close(folder)
                folder = inner
            elif not stat.S_ISREG(found.st_mode):
                return f"{here}: not a regular file, and the build writes a map there"
            elif problem := _ownership_problem(here, _hash_at(folder, part), manifest.files.get(relative), manifest):
                return problem
        if not os.access(".", os.W_OK | os.X_OK, dir_fd=folder):
            return f"{out.joinpath(*parts[:depth])}: folder cannot be written"
        return None
    except OSError as err:
        return f"{here}: cannot be read ({err.strerror})"
    finally:
        os.close(folder)


def _ownership_problem(here: Path, digest: str | None, record: FileRecord | None, manifest: Manifest) -> str | None:
    if record is None:
        return f"{here}: already there and not written by forum-map (no entry in {MANIFEST}); move it away"
    if record.sha256 is None and manifest.version == 1:
        return None  # an older forum-map kept no hashes; its own maps are rebuilt over as they always were
    if record.sha256 is None:
        return f"{here}: listed in {MANIFEST} without a hash, so not known to be forum-map's; move it away"
    if record.sha256 != digest:
        return f"{here}: changed since forum-map wrote it (its hash differs from {MANIFEST}); move it away"
    return None


def target_problems(out: Path, top: int, paths: Sequence[str], manifest: Manifest) -> list[str]:
    """Why the build cannot write ``paths``, and the manifest after them (a folder of its name stops it)."""
    found = _lstat(top, MANIFEST)
    bookkeeping = [f"{out / MANIFEST}: a folder; remove it"] if found and stat.S_ISDIR(found.st_mode) else []
    return [p for p in (_target_problem(out, top, rel, manifest) for rel in paths) if p] + bookkeeping


def _refuse(problems: list[str]) -> None:
    problems = list(dict.fromkeys(problems))  # a folder in the way of several files is named once
    if problems:
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise BuildError("; ".join(problems[:5]) + more)


def check_output_folder(out: Path, paths: Sequence[str] = ()) -> None:
    """Before any work: ``out`` is a folder (or can be made), and every one of ``paths`` (relative to it) can be
    written: no link or file on the way, every folder writable, no file of the user's where a map goes."""
    if out.exists() and not out.is_dir():
        raise BuildError(f"--out {out}: is a file, not a folder")
    if not out.exists():
        probe = next((p for p in out.parents if p.exists()), Path("."))
        if not probe.is_dir() or not os.access(probe, os.W_OK | os.X_OK):
            raise BuildError(f"--out {out}: folder {probe} cannot be written")
        return
    if not os.access(out, os.W_OK | os.X_OK):
        raise BuildError(f"--out {out}: folder {out} cannot be written")
    try:
        top = os.open(out, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as err:
        raise BuildError(f"--out {out}: cannot be opened ({err.strerror})") from None
    try:
        manifest = read_manifest(out, top)
        _refuse(target_problems(out, top, [*paths, INDEX], manifest))
    finally:
        os.close(top)


# --- the manifest ----------------------------------------------------------------------------------------------


def read_manifest(out: Path, top: int, report: Report = quiet) -> Manifest:
    """The manifest in the open folder ``top``; anything that is not a manifest forum-map wrote reads as none."""
    where = out / MANIFEST
    try:
        fd = os.open(MANIFEST, _FILE, dir_fd=top)
    except FileNotFoundError:
        return _NO_MANIFEST
    except OSError as err:
        report(f"{where}: not read ({err.strerror}); no file is removed")
        return _NO_MANIFEST
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raw = b""
    else:
        with os.fdopen(fd, "rb") as handle:
            raw = handle.read(_MANIFEST_LIMIT + 1)
    try:
        data = json.loads(raw.decode("utf-8")) if len(raw) <= _MANIFEST_LIMIT else None
    except (ValueError, RecursionError):
        data = None
    manifest = _parse_manifest(data)
    if manifest.version == 0:
        report(f"{where}: not a manifest forum-map wrote; no file is removed")
    elif manifest.version == 1:
        report(f"{where}: written by an older forum-map, without content hashes; no file it lists is removed")
    return manifest


def _parse_manifest(data: object) -> Manifest:
    if not isinstance(data, dict):
        return _NO_MANIFEST
    files = data.get("files")
    if isinstance(files, list):
        return Manifest({rel: FileRecord(None, None) for rel in files if _parts(rel)}, {}, 1)
    if data.get("version") != 2 or not isinstance(files, dict):
        return _NO_MANIFEST
    records = {}
    for rel, entry in files.items():
        if _parts(rel) and isinstance(entry, dict):
            digest, forum = entry.get("sha256"), entry.get("forum")
            records[rel] = FileRecord(
                digest if isinstance(digest, str) and _SHA_RE.fullmatch(digest) else None,
                forum if isinstance(forum, str) and _NAME_RE.fullmatch(forum) else None,
            )
    forums = data.get("forums")
    parsed = (_parse_forum(entry) for entry in (forums if isinstance(forums, list) else []))
    return Manifest(records, {f.id: f for f in parsed if f}, 2)


def _parse_forum(entry: object) -> ForumRecord | None:
    """A forum's index entry; its links must stay inside the forum's own folder (the index is a page opened in a
    browser: a manifest must not be able to put a ``javascript:`` link or markup there; the index escapes text)."""
    if not isinstance(entry, dict):
        return None
    forum_id, title, maps, claims = (entry.get(k) for k in ("id", "title", "maps", "claims"))
    if not (isinstance(forum_id, str) and _NAME_RE.fullmatch(forum_id) and isinstance(title, str)):
        return None
    records = []
    for item in maps if isinstance(maps, list) else []:
        fields = [item.get(k) for k in ("title", "description", "html", "csv")] if isinstance(item, dict) else []
        links_inside = all(isinstance(p, str) and _parts(p) and p.startswith(f"{forum_id}/") for p in fields[2:])
        if len(fields) == 4 and all(isinstance(f, str) for f in fields) and links_inside:
            records.append(MapRecord(*fields))
    pairs = tuple(
        (c[0], c[1])
        for c in (claims if isinstance(claims, list) else [])
        if isinstance(c, list) and len(c) == 2 and all(isinstance(s, str) for s in c)
    )
    return ForumRecord(forum_id, title, tuple(records), pairs)


def _manifest_json(files: Mapping[str, FileRecord], forums: Sequence[ForumRecord]) -> str:
    data = {
        "version": 2,
        "files": {rel: {"sha256": r.sha256, "forum": r.forum} for rel, r in sorted(files.items())},
        "forums": [
            {
                "id": f.id,
                "title": f.title,
                "maps": [
                    {"title": m.title, "description": m.description, "html": m.html, "csv": m.csv} for m in f.maps
                ],
                "claims": [list(pair) for pair in f.claims],
            }
            for f in forums
        ],
    }
    return json.dumps(data, indent=1) + "\n"


# --- a build's files into the folder ---------------------------------------------------------------------------


def _kept_forums(top: int, manifest: Manifest, built: set[str]) -> list[ForumRecord]:
    """The forums of earlier builds not built now, with the maps of theirs still in the folder."""
    kept = []
    for forum in manifest.forums.values():
        if forum.id in built:
            continue
        maps = tuple(m for m in forum.maps if _is_file(top, m.html))
        if maps:
            kept.append(ForumRecord(forum.id, forum.title, maps, forum.claims))
    return kept


def _stage_all(
    out: Path, top: int, payloads: Mapping[str, bytes], folders: dict[tuple[str, ...], int]
) -> list[tuple[int, str, str]]:
    """Each payload in a temporary file beside its place, as (folder, temporary name, final name); ``folders``
    gets every folder opened (the caller closes them)."""
    staged: list[tuple[int, str, str]] = []
    try:
        for relative, payload in payloads.items():
            *inner, name = relative.split("/")
            # Each file is staged and recorded whole; a signal that came meanwhile is raised when the block ends,
            # and the clean-up then sees every temporary file.
            with signals_held():
                try:
                    if tuple(inner) not in folders:
                        folders[tuple(inner)] = _open_folder(top, inner, create=True)
                    staged.append((folders[tuple(inner)], _stage_at(folders[tuple(inner)], name, payload, None), name))
                except OSError as err:
                    raise BuildError(f"{out / relative}: cannot be written ({err.strerror})") from None
    except BaseException:
        _unstage(staged)
        raise
    return staged


def _unstage(staged: Sequence[tuple[int, str, str]]) -> None:
    with signals_held():
        for folder, tmp, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=folder)  # gone once renamed; left only when something failed


def _remove_stale(out: Path, top: int, stale: Sequence[str], manifest: Manifest, report: Report) -> None:
    """Remove each of ``stale`` that is still the very file forum-map wrote; say what is removed and what kept."""
    for relative in stale:
        parts = relative.split("/")
        expected = manifest.files[relative].sha256
        try:
            folder = _open_folder(top, parts[:-1])
        except OSError:
            continue  # a link or a file on the way, or gone: nothing of ours is there
        try:
            found = _hash_at(folder, parts[-1])
            if found is not None and expected is not None and found == expected:
                try:
                    os.unlink(parts[-1], dir_fd=folder)
                except OSError as err:
                    report(f"kept {out / relative}: cannot be removed ({err.strerror})")
                    continue
                report(f"removed {out / relative} (written by an earlier build, no longer built)")
            elif found is not None:
                report(f"kept {out / relative}: not known to be forum-map's as it is now")
        finally:
            os.close(folder)


def commit_outputs(
    out: Path,
    pages: Mapping[str, str | bytes],
    forums: Sequence[ForumRecord],
    index: Callable[[list[ForumRecord]], str | bytes],
    *,
    report: Report = quiet,
    notice: Report = quiet,
    wait: float = LOCK_WAIT,
) -> list[ForumRecord]:
    """Write ``pages`` (path relative to ``out`` → content) and the index of ``forums`` and of the forums earlier
    builds left in ``out``, all or nothing, under the folder's lock; then the manifest. The files earlier builds
    wrote for ``forums`` and this one does not write are removed (if unchanged); other forums' files are kept.

    A file in the way that forum-map did not write, or a link on the way, is refused before anything is written.
    ``report`` hears each file removed; ``notice`` hears that the build waits for another. Returns the index's forums.
    """
    built = {forum.id for forum in forums}
    with folder_lock(out, notice=notice, report=report, wait=wait) as top:
        manifest = read_manifest(out, top, report)
        listed = sorted([*_kept_forums(top, manifest, built), *forums], key=lambda f: f.id)
        payloads = {rel: c.encode("utf-8") if isinstance(c, str) else c for rel, c in pages.items()}
        index_page = index(listed)
        payloads[INDEX] = index_page.encode("utf-8") if isinstance(index_page, str) else index_page
        _refuse([f"path {rel!r} is not a plain path inside --out" for rel in payloads if _parts(rel) is None])
        _refuse(target_problems(out, top, list(payloads), manifest))
        files = {
            rel: FileRecord(hashlib.sha256(data).hexdigest(), _forum_of(rel, built)) for rel, data in payloads.items()
        }
        # Only a forum built now loses files, and only inside its own folder.
        stale = sorted(
            rel
            for rel, r in manifest.files.items()
            if r.forum in built and rel.startswith(f"{r.forum}/") and rel not in payloads
        )
        folders: dict[tuple[str, ...], int] = {}
        staged: list[tuple[int, str, str]] = []
        try:
            staged = _stage_all(out, top, payloads, folders)
            with signals_held():
                for folder, tmp, name in staged:
                    os.replace(tmp, name, src_dir_fd=folder, dst_dir_fd=folder)
                _remove_stale(out, top, stale, manifest, report)
                for rel, record in manifest.files.items():
                    if rel not in files and record.forum not in built and _is_file(top, rel):
                        files[rel] = record  # another forum's file, or one an older forum-map wrote
                _replace_at(top, MANIFEST, _manifest_json(files, listed).encode("utf-8"))
        except OSError as err:
            raise BuildError(f"{out}: writing the maps failed ({err.strerror or err})") from None
        finally:
            _unstage(staged)  # the temporary files are renamed already, unless something failed
            for folder in folders.values():
                os.close(folder)
    return listed


def _forum_of(relative: str, built: set[str]) -> str | None:
    first = relative.split("/")[0]
    return first if first in built and "/" in relative else None


def _replace_at(folder: int, name: str, payload: bytes, mode: int | None = None) -> None:
    tmp = _stage_at(folder, name, payload, mode)
    try:
        os.replace(tmp, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp, dir_fd=folder)
        raise
