"""Generated hostile output folders: links to a folder outside, manifests listing any path (relative, absolute,
``..``) with true, false or no hashes, the user's files and pipes where maps go. Whatever is planted, a build exits
0, 1 or 2 without a traceback, changes nothing outside ``--out``, and removes or changes no file it did not write."""

import contextlib
import io
import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo import cli
from geo.lock import LOCK
from geo.output import MANIFEST
from tests.test_output import sha256, snapshot

VALID = Path(__file__).parent / "fixtures" / "forums" / "valid"
TARGETS = ("valid/map.html", "valid/map.csv", "index.html")
PLACES = (*TARGETS, "NOTES.md", "valid/NOTES.md", "valid/old.html", "up", "valid", "deep/er/file.txt", LOCK, MANIFEST)
KINDS = ("user file", "old build's file", "link to outside folder", "link to outside file", "folder", "pipe")
HOSTILE = (
    "../outside/victim.txt",
    "up/victim.txt",
    "up/sub/secret.txt",
    "valid/../../outside/victim.txt",
    "valid/../up/victim.txt",
    "./NOTES.md",
    "valid//map.html",
    "",
    ".",
    "/",
    "OUTSIDE_ABSOLUTE",
)
HASHES = ("true", "victim's", "wrong", "none")

entries = st.dictionaries(st.sampled_from(PLACES), st.sampled_from(KINDS), max_size=6)
listing = st.dictionaries(
    st.sampled_from(PLACES + HOSTILE), st.tuples(st.sampled_from(HASHES), st.sampled_from(["valid", None])), max_size=8
)
manifests = st.one_of(
    st.none(),
    st.sampled_from([b"\xff\xfe not json", b"[" * 100_000, b'{"version": 2, "files": 7}', b"[]"]),
    st.tuples(st.sampled_from(["v1", "v2"]), listing),
)


def plant(out: Path, outside: Path, place: str, kind: str) -> None:
    path = out / place
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "user file":
            path.write_bytes(f"the user's own {place}".encode())
        elif kind == "old build's file":
            path.write_bytes(f"an earlier build's {place}".encode())
        elif kind == "link to outside folder":
            path.symlink_to(outside)
        elif kind == "link to outside file":
            path.symlink_to(outside / "victim.txt")
        elif kind == "folder":
            path.mkdir()
        else:
            os.mkfifo(path)
    except OSError:
        pass  # a place taken by an earlier entry (a file where a folder would go): the layout stays as it is


def write_manifest(out: Path, outside: Path, manifest) -> dict[str, str | None]:
    """The manifest on disk; returns what it lists with a hash (path → hash), for what the build may remove."""
    if manifest is None or os.path.lexists(out / MANIFEST):  # something planted in its place
        return {}
    if isinstance(manifest, bytes):
        (out / MANIFEST).write_bytes(manifest)
        return {}
    version, listed = manifest
    paths = {str(outside / "victim.txt") if p == "OUTSIDE_ABSOLUTE" else p: v for p, v in listed.items()}
    if version == "v1":
        (out / MANIFEST).write_text(json.dumps({"files": sorted(paths)}), encoding="utf-8")
        return dict.fromkeys(paths)
    files, hashes = {}, {}
    for path, (how, forum) in paths.items():
        there = out / path
        true = sha256(there.read_bytes()) if path and there.is_file() else None
        hashes[path] = {"true": true, "victim's": sha256(b"the victim"), "wrong": "0" * 64, "none": None}[how]
        files[path] = {"sha256": hashes[path], "forum": forum}
    (out / MANIFEST).write_text(json.dumps({"version": 2, "files": files, "forums": []}), encoding="utf-8")
    return hashes


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries=entries, manifest=manifests)
def test_a_build_into_a_hostile_output_folder_harms_nothing(entries, manifest):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        outside, out = root / "outside", root / "maps"
        (outside / "sub").mkdir(parents=True)
        (outside / "victim.txt").write_bytes(b"the victim")
        (outside / "sub" / "secret.txt").write_bytes(b"a secret")
        out.mkdir()
        for place, kind in entries.items():
            plant(out, outside, place, kind)
        hashes = write_manifest(out, outside, manifest)
        before, outside_before = snapshot(out), snapshot(outside)
        v1_listed = isinstance(manifest, tuple) and manifest[0] == "v1"

        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr):
            code = cli.main(["build", "--forum", str(VALID), "--out", str(out)])  # an exception fails the test

        assert code in (0, 1, 2), stderr.getvalue()
        assert snapshot(outside) == outside_before
        after = snapshot(out)
        for path, entry in before.items():
            if path == MANIFEST:
                continue
            written = entry[0] == "file" and hashes.get(path) == entry[1]  # forum-map's file, by the manifest's hash
            if written or (v1_listed and path in TARGETS and path in hashes and code == 0):
                continue  # an older manifest's own maps are rebuilt over, as they always were
            assert after.get(path) == entry, f"{path} was {entry}, is {after.get(path)}: {stderr.getvalue()}"
        assert not [p for p in after if p.endswith(".tmp")]
        assert after.get(LOCK) == before.get(LOCK)
        if code == 0:
            assert all(after.get(t, ("none",))[0] == "file" for t in TARGETS)
            assert 'href="valid/map.html"' in (out / "index.html").read_text(encoding="utf-8")
