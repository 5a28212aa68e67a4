"""The output folder, as a user (or someone who planted files in it) would meet it: a build removes only the files
forum-map wrote there and that are unchanged, never follows a link, keeps other forums' maps, takes a lock, and
refuses before any work what it could not write."""

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from geo.build import build
from geo.errors import BuildError
from geo.lock import LOCK, folder_lock
from geo.output import MANIFEST, ForumRecord, MapRecord, commit_outputs, write_atomic

VALID = Path(__file__).parent / "fixtures" / "forums" / "valid"
SECOND_MAP = '\n[[maps]]\nid = "second"\nkind = "leaders"\ntitle = "Second map"\n'


def forum_map(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", *args], capture_output=True, text=True, timeout=180, **kwargs)


class Run:
    """The CLI's answer: its exit code and what it said on stderr."""

    def __init__(self, returncode: int, stderr: str):
        self.returncode, self.stderr = returncode, stderr


def forum_map_here(capsys, *args: str) -> Run:
    """The CLI in this process (for the variants of a case whose first variant runs as a subprocess: faster)."""
    from geo import cli

    capsys.readouterr()
    code = cli.main(list(args))
    return Run(code, capsys.readouterr().err)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every entry below ``folder``, links not followed: a file's hash, a link's target, a folder."""
    found = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            key = str(path.relative_to(folder))
            if path.is_symlink():
                found[key] = ("link", os.readlink(path))
            elif path.is_dir():
                found[key] = ("folder",)
            elif path.is_file():
                found[key] = ("file", sha256(path.read_bytes()))
            else:  # a FIFO or a socket: reading it would wait forever
                found[key] = ("other",)
    return found


@pytest.fixture
def forums(tmp_path) -> Path:
    """Two small forums, alpha and beta (one map each), in a folder of their own."""
    folder = tmp_path / "forums"
    for name in ("alpha", "beta"):
        shutil.copytree(VALID, folder / name)
    return folder


def manifest_of(out: Path) -> dict:
    return json.loads((out / MANIFEST).read_text(encoding="utf-8"))


# --- a poisoned output folder ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["v1 names only", "v2 with the files' true hashes", "v2 without hashes"])
def test_a_poisoned_manifest_removes_nothing_outside_out_nor_the_users_files(tmp_path, forums, kind, capsys):
    """``maps/up -> ..`` and a manifest listing ``up/victim/thesis.docx``, ``../victim/thesis.docx``, its absolute
    path and the user's NOTES.md: the build deletes none of them."""
    victim = tmp_path / "victim" / "thesis.docx"
    victim.parent.mkdir()
    victim.write_bytes(b"four years of work")
    out = tmp_path / "maps"
    out.mkdir()
    (out / "up").symlink_to("..")
    (out / "NOTES.md").write_text("my notes", encoding="utf-8")
    listed = {
        "up/victim/thesis.docx": victim.read_bytes(),
        "../victim/thesis.docx": victim.read_bytes(),
        str(victim): victim.read_bytes(),
        "NOTES.md": b"my notes",
        "alpha/../up/victim/thesis.docx": victim.read_bytes(),
    }
    if kind.startswith("v1"):
        manifest = {"files": sorted(listed)}
    else:
        hashed = kind == "v2 with the files' true hashes"
        files = {p: {"sha256": sha256(data) if hashed else None, "forum": "alpha"} for p, data in listed.items()}
        manifest = {"version": 2, "files": files, "forums": []}
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    outside = snapshot(tmp_path / "victim")

    args = ("build", "-v", "--forum", str(forums / "alpha"), "--out", str(out))
    result = forum_map(*args) if kind.startswith("v2 with") else forum_map_here(capsys, *args)

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert victim.read_bytes() == b"four years of work"
    assert snapshot(tmp_path / "victim") == outside
    assert (out / "NOTES.md").read_text(encoding="utf-8") == "my notes"
    assert os.readlink(out / "up") == ".."
    assert not [line for line in result.stderr.splitlines() if line.startswith("removed ")]
    if kind.startswith("v1"):
        assert "without content hashes; no file it lists is removed" in result.stderr
    assert (out / "alpha" / "map.html").is_file() and not (out / LOCK).exists()


@pytest.mark.parametrize("planted", ["forum folder", "map file"])
def test_a_link_planted_where_the_build_writes_is_refused_and_nothing_written(tmp_path, forums, planted, capsys):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "map.html").write_text("not yours to replace", encoding="utf-8")
    out = tmp_path / "maps"
    out.mkdir()
    if planted == "forum folder":
        (out / "alpha").symlink_to(elsewhere)
        named = out / "alpha"
    else:
        (out / "alpha").mkdir()
        (out / "alpha" / "map.html").symlink_to(elsewhere / "map.html")
        named = out / "alpha" / "map.html"
    before, outside = snapshot(out), snapshot(elsewhere)

    args = ("build", "--forum", str(forums / "alpha"), "--out", str(out))
    result = forum_map(*args) if planted == "forum folder" else forum_map_here(capsys, *args)

    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{named}: a symbolic link" in result.stderr
    assert snapshot(elsewhere) == outside
    assert snapshot(out) == before


def test_a_forum_subfolder_that_is_a_file_is_refused_before_any_work(tmp_path, forums):
    """Also a test as root (which writes into any folder whatever its mode): the subfolder cannot be made."""
    out = tmp_path / "maps"
    out.mkdir()
    (out / "alpha").write_text("a file, not a folder", encoding="utf-8")
    result = forum_map("build", "--forum", str(forums / "alpha"), "--out", str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{out / 'alpha'}: not a folder" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["alpha"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into any folder whatever its mode")
def test_a_forum_subfolder_that_cannot_be_written_is_refused_before_any_work(tmp_path, forums):
    out = tmp_path / "maps"
    (out / "alpha").mkdir(parents=True)
    (out / "alpha").chmod(0o555)
    try:
        result = forum_map("build", "--forum", str(forums / "alpha"), "--out", str(out))
    finally:
        (out / "alpha").chmod(0o755)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{out / 'alpha'}: folder cannot be written" in result.stderr
    assert sorted(p.name for p in out.rglob("*")) == ["alpha"]


def refuse_writes_into(monkeypatch, folder: Path) -> None:
    """The system answers that ``folder`` cannot be written, as it would to a user without the right (root is
    never refused, and CI runs as root)."""
    real, refused = os.access, folder.stat().st_ino

    def access(path, mode, *, dir_fd=None, **kwargs):
        there = os.fstat(dir_fd).st_ino if dir_fd is not None else os.stat(path).st_ino
        if mode & os.W_OK and there == refused:
            return False
        return real(path, mode, dir_fd=dir_fd, **kwargs)

    monkeypatch.setattr(os, "access", access)


def test_a_forum_subfolder_refused_by_the_system_stops_the_build_before_any_work(tmp_path, forums, monkeypatch, capsys):
    out = tmp_path / "maps"
    (out / "alpha").mkdir(parents=True)
    refuse_writes_into(monkeypatch, out / "alpha")
    result = forum_map_here(capsys, "build", "--forum", str(forums / "alpha"), "--out", str(out))
    assert result.returncode == 1
    assert f"{out / 'alpha'}: folder cannot be written" in result.stderr
    assert sorted(p.name for p in out.rglob("*")) == ["alpha"]


def test_extract_map_in_a_folder_refused_by_the_system_is_refused_before_any_output(tmp_path, monkeypatch, capsys):
    from geo import cli

    refuse_writes_into(monkeypatch, tmp_path)
    assert cli.main(["extract", "--series", "month", "--map", str(tmp_path / "m.html"), "no-such-input.txt"]) == 2
    said = capsys.readouterr()
    assert said.out == "" and f"--map {tmp_path / 'm.html'}: folder {tmp_path} cannot be written" in said.err
    assert "no-such-input" not in said.err  # refused before any input was looked at


def test_a_file_changed_since_forum_map_wrote_it_is_not_overwritten(tmp_path, forums):
    out = tmp_path / "maps"
    build(out, [str(forums / "alpha")])
    (out / "alpha" / "map.html").write_text("my edited map", encoding="utf-8")
    with pytest.raises(BuildError, match="changed since forum-map wrote it"):
        build(out, [str(forums / "alpha")])
    assert (out / "alpha" / "map.html").read_text(encoding="utf-8") == "my edited map"


def test_the_index_escapes_what_a_planted_manifest_says_of_a_forum(tmp_path, forums):
    """The index is a page a browser opens: a manifest must not put markup or a ``javascript:`` link there."""
    out = tmp_path / "maps"
    (out / "evil").mkdir(parents=True)
    (out / "evil" / "a.html").write_text("x", encoding="utf-8")
    record = {
        "id": "evil",
        "title": "<script>alert(1)</script>",
        "maps": [
            {"title": "<b>t</b>", "description": "d", "html": "evil/a.html", "csv": "evil/a.csv"},
            {"title": "t", "description": "d", "html": "javascript:alert(1)//x.html", "csv": "evil/a.csv"},
        ],
        "claims": [["<img src=x onerror=alert(2)>", "s"]],
    }
    files = {"evil/a.html": {"sha256": sha256(b"x"), "forum": "evil"}}
    (out / MANIFEST).write_text(json.dumps({"version": 2, "files": files, "forums": [record]}), encoding="utf-8")
    build(out, [str(forums / "alpha")])
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in index and "<img" not in index and "<b>t" not in index
    assert "javascript:" not in index
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index  # the forum is listed, its title shown as text


# --- building some forums ---------------------------------------------------------------------------------------


def test_building_one_forum_keeps_the_other_forums_maps_and_lists_them(tmp_path, forums):
    out = tmp_path / "maps"
    build(out, [str(forums / "alpha"), str(forums / "beta")])
    beta = {p: (out / "beta" / p).read_bytes() for p in ("map.html", "map.csv")}

    result = forum_map("build", "--forum", str(forums / "alpha"), "--out", str(out))

    assert result.returncode == 0, result.stderr
    assert {p: (out / "beta" / p).read_bytes() for p in ("map.html", "map.csv")} == beta
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="alpha/map.html"' in index and 'href="beta/map.html"' in index
    assert index.index("alpha/map.html") < index.index("beta/map.html")  # in the order of the forums' ids
    assert set(manifest_of(out)["files"]) == {
        "alpha/map.html",
        "alpha/map.csv",
        "beta/map.html",
        "beta/map.csv",
        "index.html",
    }


def test_a_forum_listed_in_the_index_only_while_its_maps_are_there(tmp_path, forums):
    out = tmp_path / "maps"
    build(out, [str(forums / "alpha"), str(forums / "beta")])
    shutil.rmtree(out / "beta")
    build(out, [str(forums / "alpha")])
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "alpha/map.html" in index and "beta/" not in index
    assert set(manifest_of(out)["files"]) == {"alpha/map.html", "alpha/map.csv", "index.html"}


def test_a_map_removed_from_forum_toml_loses_its_files_and_verbose_names_them(tmp_path, forums):
    toml = forums / "alpha" / "forum.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + SECOND_MAP, encoding="utf-8")
    out = tmp_path / "maps"
    build(out, [str(forums / "alpha")])
    assert (out / "alpha" / "second.html").is_file()
    (out / "alpha" / "mine.txt").write_text("the user's", encoding="utf-8")
    toml.write_text(toml.read_text(encoding="utf-8").replace(SECOND_MAP, ""), encoding="utf-8")

    result = forum_map("build", "-v", "--forum", str(forums / "alpha"), "--out", str(out))

    assert result.returncode == 0, result.stderr
    assert not (out / "alpha" / "second.html").exists() and not (out / "alpha" / "second.csv").exists()
    assert f"removed {out / 'alpha' / 'second.html'}" in result.stderr
    assert f"removed {out / 'alpha' / 'second.csv'}" in result.stderr
    assert (out / "alpha" / "map.html").is_file()
    assert (out / "alpha" / "mine.txt").read_text(encoding="utf-8") == "the user's"


# --- the lock -----------------------------------------------------------------------------------------------------


def test_two_builds_into_one_folder_at_once_keep_both_forums_maps(tmp_path, forums):
    out = tmp_path / "maps"
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "geo", "build", "--forum", str(forums / name), "--out", str(out)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("alpha", "beta")
    ]
    ended = [(run.returncode, stderr) for run in runs for _, stderr in [run.communicate(timeout=180)]]
    for code, stderr in ended:
        assert "Traceback" not in stderr
        # Either it waited its turn and wrote, or it says who holds the folder.
        assert code == 0 or (code == 1 and "another build is writing into this folder (pid" in stderr), stderr
    for (code, _), name in zip(ended, ("alpha", "beta"), strict=True):
        if code == 0:
            assert (out / name / "map.html").is_file()
            assert f'href="{name}/map.html"' in (out / "index.html").read_text(encoding="utf-8")
    assert not (out / LOCK).exists()


def test_a_build_waits_for_the_holder_then_says_who_it_is(tmp_path):
    out = tmp_path / "maps"
    heard: list[str] = []
    record = ForumRecord("alpha", "Alpha", (MapRecord("A", "", "alpha/a.html", "alpha/a.csv"),))
    with folder_lock(out):
        assert (out / LOCK).read_text(encoding="utf-8").startswith(f"pid {os.getpid()} on ")
        started = time.monotonic()
        with pytest.raises(BuildError, match=rf"another build is writing into this folder \(pid {os.getpid()} on "):
            commit_outputs(
                out, {"alpha/a.html": "a", "alpha/a.csv": "a"}, [record], lambda _f: "", notice=heard.append, wait=0.3
            )
        assert time.monotonic() - started >= 0.3
    assert heard and heard[0].startswith(f"waiting for the build of pid {os.getpid()} on ")
    assert not (out / LOCK).exists() and not (out / "alpha").exists()
    commit_outputs(out, {"alpha/a.html": "a", "alpha/a.csv": "a"}, [record], lambda _f: "")  # free again
    assert (out / "alpha" / "a.html").read_text(encoding="utf-8") == "a"


def test_a_lock_waited_for_is_taken_when_its_holder_ends(tmp_path):
    out = tmp_path / "maps"
    order = []
    with folder_lock(out):
        waiter = threading.Thread(target=lambda: order.append(commit_outputs(out, {}, [], lambda _f: "i", wait=10)))
        waiter.start()
        time.sleep(0.3)
        order.append("released")
    waiter.join(timeout=10)
    assert order[0] == "released" and len(order) == 2
    assert (out / "index.html").read_text(encoding="utf-8") == "i" and not (out / LOCK).exists()


def test_the_lock_of_a_build_that_was_killed_is_taken_over(tmp_path, forums):
    out = tmp_path / "maps"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from geo.lock import folder_lock\n"
            "with folder_lock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(120)",
            str(out),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    assert (out / LOCK).read_text(encoding="utf-8").startswith(f"pid {holder.pid} on ")

    result = forum_map("build", "-v", "--forum", str(forums / "alpha"), "--out", str(out))

    assert result.returncode == 0, result.stderr
    assert f"left by pid {holder.pid} on " in result.stderr and "taken over" in result.stderr
    assert (out / "alpha" / "map.html").is_file() and not (out / LOCK).exists()


def test_a_lock_file_that_is_a_link_is_refused(tmp_path):
    out = tmp_path / "maps"
    out.mkdir()
    (tmp_path / "target").write_text("x", encoding="utf-8")
    (out / LOCK).symlink_to(tmp_path / "target")
    with pytest.raises(BuildError, match="not a lock file forum-map can use"), folder_lock(out):
        pass
    assert (tmp_path / "target").read_text(encoding="utf-8") == "x"


# --- one file -------------------------------------------------------------------------------------------------


def test_write_atomic_sets_the_mode_asked_for_whatever_the_umask(tmp_path):
    previous = os.umask(0o077)
    try:
        write_atomic(tmp_path / "a" / "b.json", b"{}", mode=0o640)
    finally:
        os.umask(previous)
    assert (tmp_path / "a" / "b.json").stat().st_mode & 0o777 == 0o640
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["b.json"]


# --- extract --series --map -------------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["a folder", "in a missing folder"])
def test_extract_map_that_cannot_be_written_is_refused_before_any_output(tmp_path, where):  # fast: nothing read
    text = tmp_path / "articles.jsonl"
    text.write_text('{"id": "a", "date": "2023-10-18", "text": "Kazakhstan and Chile."}\n', encoding="utf-8")
    target = tmp_path / "maps" if where == "a folder" else tmp_path / "missing" / "map.html"
    if where == "a folder":
        target.mkdir()
    result = forum_map("extract", "--series", "month", "--map", str(target), str(text))
    assert result.returncode == 2 and result.stdout == ""
    assert f"--map {target}:" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "missing").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into any folder whatever its mode")
def test_extract_map_in_a_folder_that_cannot_be_written_is_refused_before_any_output(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    result = forum_map("extract", "--series", "month", "--map", str(locked / "m.html"), "-", input="Chile\n")
    assert result.returncode == 2 and result.stdout == ""
    assert "cannot be written" in result.stderr and "Traceback" not in result.stderr
