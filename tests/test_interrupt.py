"""A build stopped by Ctrl-C or SIGTERM half-way leaves the previous maps whole and no temporary file behind."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo.build import build
from geo.paths import FORUMS_DIR


@pytest.fixture(scope="module")
def forum_and_previous_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("interrupt")
    forum = root / "forum"
    shutil.copytree(FORUMS_DIR / "brf2023", forum)
    previous = root / "previous"
    build(previous, [str(forum)])
    # The next build would change every page: a mix of old and new files would show.
    toml = forum / "forum.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("BRF 2023", "BRF 2023 (revised)"), encoding="utf-8")
    return forum, previous


def _has_temporary_file(out: Path) -> bool:
    # (os.scandir of the folder and its forum folders: a temporary file lives for a fraction of a millisecond)
    try:
        with os.scandir(out) as top:
            folders = []
            for entry in top:
                if entry.name.endswith(".tmp"):
                    return True
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
        for folder in folders:
            with os.scandir(folder) as inside:
                if any(entry.name.endswith(".tmp") for entry in inside):
                    return True
    except FileNotFoundError:
        pass
    return False


# The build as `forum-map build` runs it, each output file lingering 50 ms as a temporary file before the next is
# staged: a signal "while writing" then has a moment to come in even on a busy machine (a temporary file otherwise
# lives for a fraction of a millisecond, and a watcher starved of the processor missed every one).
SLOW_STAGING = """
import runpy, time
import geo.output as output
stage = output._stage_at
def lingering(*args, **kwargs):
    name = stage(*args, **kwargs)
    time.sleep(0.05)
    return name
output._stage_at = lingering
runpy.run_module("geo", run_name="__main__", alter_sys=True)
"""


def wait_for_first_temporary_file(out: Path, process: subprocess.Popen, limit: float = 60.0) -> bool:
    """Whether a temporary output file appeared in ``out`` while the build was still running."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and process.poll() is None:
        if _has_temporary_file(out):
            return True
    return False


@pytest.mark.parametrize(
    ("signum", "moment"),
    [
        (signal.SIGINT, 1.0),
        (signal.SIGTERM, 1.0),
        (signal.SIGTERM, "while writing"),
        (signal.SIGINT, "while writing"),
    ],
)
def test_interrupted_build_keeps_previous_maps(forum_and_previous_build, tmp_path, signum, moment):
    forum, previous = forum_and_previous_build
    out = tmp_path / "maps"
    shutil.copytree(previous, out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    # A signal "while writing" needs a temporary file caught in the act (see SLOW_STAGING); should the watcher still
    # miss it, the build is started again (from the same previous maps), up to three times.
    command = ["-c", SLOW_STAGING] if moment == "while writing" else ["-m", "geo"]
    for _attempt in range(3):
        process = subprocess.Popen(
            [sys.executable, *command, "build", "--forum", str(forum), "--out", str(out)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        if moment == "while writing":
            seen = wait_for_first_temporary_file(out, process)
            running = process.poll() is None
        else:
            time.sleep(moment)
            seen = running = True
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=120)
        if seen and running:
            break
        shutil.rmtree(out)
        shutil.copytree(previous, out)
    assert seen, "the build never showed a temporary file: the signal did not come while writing"
    assert running, "the build had ended before the signal"

    assert "Traceback" not in stderr
    # 130/143: stopped by our handlers; -2/-15: the signal came before Python set them up.
    assert process.returncode in (0, 130, 143, -signal.SIGINT, -signal.SIGTERM), stderr
    assert not list(out.rglob("*.tmp")), "temporary files left behind"
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert set(after) == set(before)
    pages = sorted(p for p in before if p.suffix in (".html", ".csv"))
    new = [p for p in pages if after[p] != before[p]]
    if process.returncode == 0 or new:
        # The signal came once every file was renamed into place: the whole new build, and whole.
        maps = [p for p in pages if p.suffix == ".html" and p.name != "index.html"]
        assert [p for p in maps if b"BRF 2023 (revised)" not in after[p]] == [], "a mix of old and new maps"
        assert all(after[p].rstrip().endswith(b"</html>") for p in pages if p.suffix == ".html")
    else:
        # Interrupted before that: every file is the previous one.
        assert after == before


@pytest.mark.parametrize(
    ("raised", "code", "said"), [(KeyboardInterrupt, 130, "interrupted"), (None, 143, "terminated")]
)
def test_an_interrupt_wrapped_by_an_import_still_stops_cleanly(monkeypatch, capsys, raised, code, said):
    """Python 3.11 wraps Ctrl-C raised in a class's __set_name__ (pandas' dataclasses, while importing) in a
    RuntimeError: the command still says it was interrupted, exits 130 (143 for SIGTERM), and prints no traceback."""
    from geo import cli

    interrupt = raised() if raised else cli.Terminated(signal.SIGTERM)

    def command(args, console):
        try:
            raise interrupt
        except BaseException as err:
            raise RuntimeError("Error calling __set_name__ on 'Field' instance 'close_handles' in 'IOArgs'") from err

    monkeypatch.setitem(cli.COMMANDS, "validate", command)
    assert cli.main(["validate"]) == code
    assert said in capsys.readouterr().err


def test_other_errors_are_not_taken_for_interrupts(monkeypatch):
    from geo import cli

    def command(args, console):
        raise RuntimeError("a bug")

    monkeypatch.setitem(cli.COMMANDS, "validate", command)
    with pytest.raises(RuntimeError, match="a bug"):
        cli.main(["validate"])
