"""The processes engine: the serial engine's rows from local worker processes, picked for large inputs, stopped
cleanly by Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo import pool
from geo.cli import main
from geo.corpus import Source, plan_sources
from geo.paths import FORUMS_DIR
from tests.benchmarks.make_corpus import write_corpus

ARTICLE = FORUMS_DIR / "brf2023" / "articles" / "belt_and_road_forum_2023.txt"
fork_only = pytest.mark.skipif(not pool.forks(), reason="workers start by fork on Linux only")


def forum_map(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "geo", *args], capture_output=True, text=True, check=False, input=stdin
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Generated articles in JSON lines and in text files, a long text read in pieces (a mention of a leader named in an earlier
    piece), a Russian text, an undecodable line and a binary file: every path of the serial engine."""
    root = tmp_path_factory.mktemp("pool")
    write_corpus(root / "news", 0.4, fmt="jsonl", seed=7)
    write_corpus(root / "files", 0.2, fmt="txt", seed=8)  # a file a document: batches run across files
    article = ARTICLE.read_text(encoding="utf-8")
    (root / "long.txt").write_text((article + "\n\n") * 300, encoding="utf-8")  # about 2.6 million characters
    (root / "ru.txt").write_text("Владимир Путин прибыл в Пекин. Россия и Китай подписали договор.\n" * 50)
    (root / "bad.jsonl").write_text('{"id": "a", "text": "Chile and Peru"}\n{"id": oops\n', encoding="utf-8")
    (root / "picture.txt").write_bytes(b"\x00\x01\x02" * 100)
    return root


@fork_only
@pytest.mark.parametrize("mode", [[], ["--mentions"], ["--format", "jsonl"], ["--series", "month"]])
def test_processes_print_exactly_the_serial_output(corpus, mode):
    serial = forum_map("extract", "--engine", "serial", *mode, str(corpus))
    parallel = forum_map("extract", "--engine", "processes", "--workers", "2", *mode, str(corpus))
    assert serial.returncode == parallel.returncode == 1  # the broken JSON line
    assert len(serial.stdout.splitlines()) > 500
    assert parallel.stdout == serial.stdout
    assert parallel.stderr == serial.stderr  # every warning and error once, in the serial engine's order
    assert "bad.jsonl:2" in parallel.stderr and "picture.txt: binary file, skipped" in parallel.stderr


@fork_only
def test_processes_read_standard_input_too():
    text = (ARTICLE.read_text(encoding="utf-8") + "\n\n") * 130  # two pieces
    serial = forum_map("extract", "--engine", "serial", "--mentions", stdin=text)
    parallel = forum_map("extract", "--engine", "processes", "--mentions", stdin=text)
    assert serial.returncode == parallel.returncode == 0, parallel.stderr
    assert parallel.stdout == serial.stdout and parallel.stdout.count("\n") > 5000


def test_auto_picks_processes_for_large_files_only(tmp_path, monkeypatch):
    monkeypatch.setattr(pool, "usable_cores", lambda: 2)
    monkeypatch.setattr(pool, "forks", lambda: True)
    big = Source(str(tmp_path / "big.txt"), "txt", size=pool.AUTO_BYTES)
    small = Source(str(tmp_path / "small.txt"), "txt", size=pool.AUTO_BYTES - 1)
    assert pool.worth_it([big])
    assert pool.worth_it([small, small])  # the whole input counts
    assert not pool.worth_it([small])
    assert not pool.worth_it([big, Source("-", "txt")])  # standard input: size unknown, read serially
    assert not pool.worth_it([big], workers=1)
    monkeypatch.setattr(pool, "usable_cores", lambda: 1)
    assert not pool.worth_it([big]) and pool.worth_it([big], workers=2)
    monkeypatch.setattr(pool, "forks", lambda: False)
    assert not pool.worth_it([big], workers=2)


def test_auto_reads_a_small_input_serially(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("Chile", encoding="utf-8")

    def no_workers(*args, **kwargs):
        raise AssertionError("workers started for 5 bytes")

    monkeypatch.setattr(pool, "run_processes", no_workers)
    assert main(["extract", str(tmp_path)]) == 0


def test_workers_with_the_serial_engine_is_a_usage_error(capsys, tmp_path):
    assert main(["extract", "--engine", "serial", "--workers", "2", str(tmp_path)]) == 2
    assert "--workers needs --engine processes, auto or dask" in capsys.readouterr().err
    assert main(["extract", "--engine", "processes", "--scheduler", "tcp://x:8786", str(tmp_path)]) == 2
    assert "--scheduler needs --engine dask" in capsys.readouterr().err


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


@fork_only
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_stopped_run_stops_its_workers(tmp_path, signum):
    """Ctrl-C (the whole process group) or SIGTERM (the command alone) ends the command with its usual message
    and exit code, and no worker is left running."""
    text = ARTICLE.read_text(encoding="utf-8")
    (tmp_path / "big.jsonl").write_text(
        "".join(json.dumps({"id": str(i), "text": text}) + "\n" for i in range(2000)), encoding="utf-8"
    )
    # Ctrl-C raises in the command as in a terminal, even where the test runs with SIGINT ignored (a shell's
    # background job): an ignored SIGINT is inherited, and Python then installs no handler of its own
    command = "import signal, runpy; signal.signal(signal.SIGINT, signal.default_int_handler); "
    command += "runpy.run_module('geo', run_name='__main__')"
    started = subprocess.Popen(
        [sys.executable, "-c", command, "extract", "--engine", "processes", "--workers", "2", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        started.stdout.readline()  # the header: the run has begun
        deadline = time.monotonic() + 30
        while len(_children(started.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        workers = _children(started.pid)
        assert len(workers) >= 2
        if signum == signal.SIGINT:
            os.killpg(started.pid, signum)  # as a terminal's Ctrl-C does
        else:
            started.send_signal(signum)
        _, err = started.communicate(timeout=30)
    finally:
        if started.poll() is None:
            os.killpg(started.pid, signal.SIGKILL)
    assert started.returncode == 128 + signum, err
    assert "Traceback" not in err
    deadline = time.monotonic() + 10
    while any(map(_running, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(map(_running, workers))


def _running(pid: int) -> bool:
    """Whether process ``pid`` still runs (a zombie waiting to be reaped has ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


def test_plan_of_a_folder_sums_its_sizes(corpus):
    """``auto`` decides on the size of every file a folder holds (the sizes the plan records)."""
    sources = list(plan_sources([str(corpus)], error=print))
    assert sum(s.size for s in sources) == sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file())


# Python, exiting, wakes the executor's watching thread through a pipe that thread may be closing (CPython 3.11):
# the window between the check and the write, widened, shows a run that leaves the thread running.
SLOW_EXIT = """import threading, time
import concurrent.futures.process as process
if hasattr(process, "_ThreadWakeup"):
    def wakeup(self):
        if not self._closed:
            if threading.current_thread() is threading.main_thread():
                time.sleep(0.5)
            self._writer.send_bytes(b"")
    process._ThreadWakeup.wakeup = wakeup
"""
SLOW_START = """import geo.pool as pool
start = pool._worker_start
pool._worker_start = lambda: (start(), time.sleep(1.0))
"""


@fork_only
@pytest.mark.parametrize("moment", ["running", "starting"])
def test_a_worker_killed_ends_the_run_with_a_message(tmp_path, moment):
    """A worker the system kills (for lack of memory, say) fails the run at once, with a message and exit 1, while
    the workers start or while they run; the command does not wait for the lost work for ever, and the other
    worker is stopped; no traceback follows the message, even when Python, exiting, is slow to wake the executor's
    thread. (Workers made slow to start by a ``sitecustomize`` on the path: killed as they start.)"""
    text = ARTICLE.read_text(encoding="utf-8")
    (tmp_path / "big.jsonl").write_text(
        "".join(json.dumps({"id": str(i), "text": text}) + "\n" for i in range(2000)), encoding="utf-8"
    )
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SLOW_EXIT + (SLOW_START if moment == "starting" else ""), encoding="utf-8")
    paths = [str(site), str(Path(__file__).resolve().parents[1]), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}
    started = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "geo",
            "extract",
            "--engine",
            "processes",
            "--workers",
            "2",
            str(tmp_path / "big.jsonl"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while len(_children(started.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        workers = _children(started.pid)
        assert len(workers) >= 2
        if moment == "starting":
            time.sleep(0.2)  # in the middle of the workers' (slowed) start
        os.kill(min(workers), signal.SIGKILL)
        _, err = started.communicate(timeout=30)
    finally:
        if started.poll() is None:
            os.killpg(started.pid, signal.SIGKILL)
    assert started.returncode == 1, err
    assert "a worker process ended before its work was done" in err and "Traceback" not in err
    assert not any(map(_running, workers))


def test_workers_that_start_afresh_print_the_same(tmp_path, corpus):
    """Where workers cannot be forked (macOS, Windows), ``--engine processes`` starts them afresh (spawn): each
    reads its own tables, and the rows are the same. Spawn is forced here by a ``sitecustomize`` on the path."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text("import geo.pool\ngeo.pool.forks = lambda: False\n", encoding="utf-8")
    paths = [str(site), str(Path(__file__).resolve().parents[1]), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}
    files = [str(corpus / "ru.txt"), str(corpus / "news")]
    command = [sys.executable, "-m", "geo", "extract", "--engine", "processes", "--workers", "2", *files]
    spawned = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    serial = forum_map("extract", "--engine", "serial", *files)
    assert spawned.returncode == serial.returncode == 0, spawned.stderr
    assert spawned.stdout == serial.stdout and spawned.stdout.count("\n") > 100
