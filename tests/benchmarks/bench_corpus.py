"""Throughput and peak memory of `forum-map extract` on generated corpora, serial, in local worker processes and
on Dask, as a table.

    python tests/benchmarks/bench_corpus.py --sizes 10 100 1000 --engines serial proc2 dask1 dask2 [--big-file 200]

Each size (MB of text) is generated once below ``--work`` (fixed seed, JSON-lines shards of 16 MB). Each run is
``forum-map extract -q --engine serial|processes|dask [--workers N] DIR > /dev/null``; peak memory is the largest
sum of the resident set sizes of the command and every process it started (its worker processes; Dask's
scheduler, nanny and workers), sampled every 50 ms; CPU s adds up user and system time over that tree.
``--big-file N`` also times one N MB .txt file, a single document, on each engine but Dask (which reads a text
file on one worker).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
from make_corpus import articles, write_corpus

ROOT = Path(__file__).resolve().parents[2]
FORUM_MAP = [sys.executable, "-m", "geo", "extract", "-q"]
ENGINES = {
    "serial": ["--engine", "serial"],
    "proc2": ["--engine", "processes", "--workers", "2"],
    "dask1": ["--engine", "dask", "--workers", "1"],
    "dask2": ["--engine", "dask", "--workers", "2"],
}


def corpus(work: Path, megabytes: int, seed: int) -> Path:
    folder = work / f"corpus-{megabytes}mb-seed{seed}"
    done = folder / ".complete"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        write_corpus(folder, megabytes, fmt="jsonl", seed=seed)
        done.write_text("", encoding="utf-8")
    return folder


def big_file(work: Path, megabytes: int, seed: int) -> Path:
    path = work / f"single-{megabytes}mb-seed{seed}.txt"
    if not path.exists():
        with path.open("w", encoding="utf-8") as handle:
            for article in articles(megabytes, seed):
                handle.write(article["text"] + "\n\n")
    return path


def measure(command: list[str]) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds and peak MB of the whole process tree, exit code."""
    started = time.perf_counter()
    process = psutil.Popen(command, stdout=subprocess.DEVNULL, cwd=ROOT)
    peak, cpu = 0, {}
    while process.poll() is None:
        total = 0
        try:
            tree = [process, *process.children(recursive=True)]
        except psutil.Error:
            tree = []
        for proc in tree:
            try:
                total += proc.memory_info().rss
                times = proc.cpu_times()
                cpu[proc.pid] = times.user + times.system
            except psutil.Error:
                continue
        peak = max(peak, total)
        time.sleep(0.05)
    return time.perf_counter() - started, sum(cpu.values()), peak / 1e6, process.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100], metavar="MB")
    parser.add_argument("--engines", nargs="+", choices=list(ENGINES), default=list(ENGINES))
    parser.add_argument("--big-file", type=int, metavar="MB", help="also one text file of this size, serial")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "forum-map-bench")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--repeat", type=int, default=1, help="rounds, the engines taking turns in each; each engine's fastest is kept"
    )
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)

    print(
        f"{'corpus':<20} {'engine':<7} {'seconds':>8} {'CPU s':>7} {'MB/s':>6} {'s/MB':>6} {'peak MB':>8} {'speed-up':>8}"
    )
    for size in args.sizes:
        folder = corpus(args.work, size, args.seed)
        _table(f"{size} MB jsonl", folder, args.engines, args.repeat)
    if args.big_file:
        path = big_file(args.work, args.big_file, args.seed)
        _table(f"{args.big_file} MB one .txt", path, [e for e in args.engines if not e.startswith("dask")], args.repeat)


def _table(label: str, path: Path, engines: list[str], repeat: int) -> None:
    """The rows of one input (a folder or a file), each engine's fastest run of ``repeat`` rounds; the engines take
    turns in each round, so that a slow spell of the machine does not favour one of them."""
    files = [path] if path.is_file() else list(path.glob("*.jsonl"))
    actual = sum(p.stat().st_size for p in files) / 1e6
    runs: dict[str, list] = {engine: [] for engine in engines}
    for _ in range(repeat):
        for engine in engines:
            runs[engine].append(measure([*FORUM_MAP, *ENGINES[engine], str(path)]))
    serial_seconds = None
    for engine in engines:
        seconds, cpu, peak, code = min(runs[engine], key=lambda run: run[0])
        if engine == "serial":
            serial_seconds = seconds
        speedup = f"{serial_seconds / seconds:.2f}x" if serial_seconds else ""
        flag = "" if code == 0 else f"  (exit {code})"
        print(
            f"{label:<20} {engine:<7} {seconds:8.1f} {cpu:7.1f} {actual / seconds:6.1f} "
            f"{seconds / actual:6.3f} {peak:8.0f} {speedup:>8}{flag}",
            flush=True,
        )


if __name__ == "__main__":
    main()
