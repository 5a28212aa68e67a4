"""The ``forum-map extract`` command: its options, its progress bar and rows, and the run."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from geo.errors import BuildError

# (typing itself is not imported: 5 ms of every start of the command line)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from geo.cli import Console


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date of the form YYYY-MM-DD") from None


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive whole number")
    return int(value)


def extract_parser(sub, common: argparse.ArgumentParser) -> None:
    """Add ``extract`` and its options to the command line's subcommands."""
    extract = sub.add_parser(
        "extract",
        parents=[common],
        help="country mentions in text, per document",
        description="Country mentions per document (or per mention, or per day/month) from .txt, .jsonl and .csv "
        "files, gzipped or not, folders of them, or stdin. A progress bar goes to stderr when it is a terminal.",
    )
    extract.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files, folders (every .txt, .jsonl, .csv and .gz of each below) or - for stdin (default)",
    )
    extract.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    extract.add_argument("--date", type=_date, help="date of documents that carry none (YYYY-MM-DD): picks leaders")
    output = extract.add_mutually_exclusive_group()
    output.add_argument("--mentions", action="store_true", help="one row per mention instead of per country")
    output.add_argument(
        "--series", choices=("day", "month"), help="mentions per country per day or month of the documents' dates"
    )
    extract.add_argument("--map", type=Path, metavar="FILE", help="with --series: also write a map, one layer a period")
    extract.add_argument(
        "--explain",
        action="store_true",
        help="also print to stderr, for each name that is also a US or Canadian place (Paris, Tenn.), whether it "
        "counted and which rule decided (the input is read again after the run, standard input from memory; the output is "
        "unchanged)",
    )
    extract.add_argument(
        "--input-format", choices=("txt", "jsonl", "csv"), help="read every input as this (default: by suffix)"
    )
    extract.add_argument("--text-column", default="text", metavar="NAME", help="CSV/JSON field of the text")
    extract.add_argument("--id-column", default="id", metavar="NAME", help="CSV/JSON field of the document id")
    extract.add_argument("--date-column", default="date", metavar="NAME", help="CSV/JSON field of the date")
    extract.add_argument(
        "--lang",
        choices=("auto", "en", "zh", "ru", "fr", "es", "ar", "de", "pt"),
        default="auto",
        help="the documents' language (default: auto, detected per document)",
    )
    extract.add_argument(
        "--engine",
        choices=("auto", "serial", "processes", "dask"),
        default="auto",
        help="auto (default: processes for 4 MB of files or more on a machine with several cores, else serial), "
        "serial (one process), processes (local worker processes) or dask; every engine prints the same rows",
    )
    where = extract.add_mutually_exclusive_group()
    where.add_argument(
        "--workers",
        type=_positive,
        metavar="N",
        help="--engine processes, auto or dask: N local worker processes (default: one per core)",
    )
    where.add_argument("--scheduler", metavar="ADDRESS", help="--engine dask: an existing cluster, tcp://host:8786")


class ProgressBar:
    """Documents and bytes read, with their rates, on stderr (tqdm); silent when ``enabled`` is false."""

    def __init__(self, total_bytes: int | None, enabled: bool):
        self.documents, self.nbytes, self.started, self.shown = 0, 0, time.perf_counter(), 0.0
        self.bar = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(
                total=total_bytes or None, unit="B", unit_scale=True, desc="extract", file=sys.stderr, mininterval=0.5
            )

    def __call__(self, tick) -> None:
        self.documents += tick.documents
        self.nbytes += tick.nbytes
        if self.bar is not None:
            self.bar.update(tick.nbytes)
            now = time.perf_counter()
            if now - self.shown > 0.5:
                self.shown = now
                rate = self.documents / max(now - self.started, 1e-9)
                self.bar.set_postfix_str(f"{self.documents:,} docs, {rate:,.0f} docs/s", refresh=False)

    def close(self) -> str:
        seconds = time.perf_counter() - self.started
        if self.bar is not None:
            rate = self.documents / max(seconds, 1e-9)
            self.bar.set_postfix_str(f"{self.documents:,} docs, {rate:,.0f} docs/s", refresh=False)
            self.bar.close()
        return (
            f"{self.documents:,} documents, {self.nbytes / 1e6:,.1f} MB in {seconds:.1f} s "
            f"({self.documents / max(seconds, 1e-9):,.0f} documents/s, {self.nbytes / 1e6 / max(seconds, 1e-9):,.1f} MB/s)"
        )


class _Rows:
    """Rows (tuples in header order) to stdout as CSV, header first even when there are no rows, or JSON lines;
    written in blocks: stdout may be unbuffered (PYTHONUNBUFFERED), and a system call per row costs more than
    the extraction."""

    BLOCK = 1 << 16

    def __init__(self, header: list[str], fmt: str):
        from geo.engine import format_rows

        self.header, self.fmt, self.format_rows = header, fmt, format_rows
        self.buffer = io.StringIO()
        if fmt == "csv":
            self.buffer.write(format_rows(header, [header], "csv"))

    def write(self, rows: Iterable[tuple]) -> None:
        self.write_text(self.format_rows(self.header, rows, self.fmt))

    def write_text(self, text: str) -> None:
        """Rows already formatted in this format (see geo.engine.render_rows)."""
        self.buffer.write(text)
        if self.buffer.tell() > self.BLOCK:
            self.flush()

    def flush(self) -> None:
        sys.stdout.write(self.buffer.getvalue())
        sys.stdout.flush()
        self.buffer.seek(0)
        self.buffer.truncate()


def cmd_extract(args: argparse.Namespace, console: Console) -> int:
    """``forum-map extract``: usage checked before any input is read, then the run."""
    from geo.cli import EXIT_USAGE

    if args.engine == "serial" and args.workers:
        console.error("--workers needs --engine processes, auto or dask")
        return EXIT_USAGE
    if args.engine != "dask" and args.scheduler:
        console.error("--scheduler needs --engine dask")
        return EXIT_USAGE
    if args.map and not args.series:
        console.error("--map needs --series day or --series month")
        return EXIT_USAGE
    if args.map and (problem := _map_path_problem(args.map)):  # before any input: nothing reaches stdout first
        console.error(f"--map {args.map}: {problem}")
        return EXIT_USAGE
    return _extract(args, console)


def _extract(args: argparse.Namespace, console: Console) -> int:
    """The run of a checked ``extract`` command: rows to stdout, then the series, its map and the exit code."""
    from geo import gazetteer
    from geo.cli import EXIT_DATA, EXIT_OK, _stdin_ready
    from geo.corpus import ReadOptions, plan_sources
    from geo.engine import COUNT_HEADER, MENTION_HEADER, EngineError, Job, run

    errors = []

    def error(message: str) -> None:
        errors.append(message)
        console.error(message)

    paths = args.paths or ["-"]
    if "-" in paths and not _stdin_ready(console, "text"):
        return EXIT_DATA
    kept_stdin = None
    if args.explain and "-" in paths:  # --explain reads its input twice: standard input is kept in memory
        kept_stdin = sys.stdin.buffer.read()
        sys.stdin = io.TextIOWrapper(io.BytesIO(kept_stdin))
    gaz = gazetteer.load()
    sources = list(plan_sources(paths, input_format=args.input_format, error=error))
    read = ReadOptions(args.date, args.text_column, args.id_column, args.date_column, lang=args.lang)
    coverage = None
    if args.series:
        from geo.coverage import SERIES_HEADER, Coverage

        coverage = Coverage(args.series)
    header = SERIES_HEADER if args.series else MENTION_HEADER if args.mentions else COUNT_HEADER
    rows = _Rows(header, args.format)
    known = None if any(s.path == "-" for s in sources) else sum(s.size for s in sources)
    progress = ProgressBar(known, enabled=console.verbosity >= 1 and sys.stderr.isatty())
    results = run(
        sources,
        Job(read, mentions=args.mentions, output=None if args.series else args.format),
        engine=args.engine,
        workers=args.workers,
        scheduler=args.scheduler,
        warn=console.warn,
        error=error,
        progress=progress,
    )
    try:
        for result in results:
            if coverage is not None:
                coverage.add(result)
            else:
                rows.write_text(result.text)
    except EngineError as err:
        progress.close()
        console.error(str(err))
        return EXIT_DATA
    finally:
        rows.flush()
    console.detail(progress.close())
    if args.explain:
        _explain(sources, read, kept_stdin)
    if coverage is not None:
        _write_series(rows, coverage, gaz, console)
    if errors:
        console.error(f"{len(errors)} input problem(s); the rest was processed")
    if coverage is not None and args.map:
        return _write_coverage_map(args.map, coverage, len(errors), console)
    return EXIT_DATA if errors else EXIT_OK


def _write_series(rows: _Rows, coverage, gaz, console: Console) -> None:
    """``--series``: the rows of every period and country, after the whole input was read."""
    from geo.coverage import SERIES_HEADER

    rows.write(tuple(row[key] for key in SERIES_HEADER) for row in coverage.rows(gaz.country_name))
    rows.flush()
    if coverage.undated:
        console.warn(f"{coverage.undated} document(s) without a date left out of the series")


def _map_path_problem(path: Path) -> str | None:
    """Why the page cannot be written at ``path``, or None."""
    if path.is_dir():
        return "is a folder; give the page's file name, such as coverage.html"
    folder = path.parent
    if not folder.is_dir():
        return f"folder {folder} does not exist"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"folder {folder} cannot be written"
    return None


def _explain(sources, read, kept_stdin: bytes | None) -> None:
    """``--explain``: one line per form that is also a US or Canadian place, with the rule that decided it
    (``kept_stdin``: what standard input held, read again from memory)."""
    from geo.corpus import read_source
    from geo.extract.explain import explain_homonyms

    def ignore(message: str) -> None:  # the run reported the input's problems already
        pass

    for source in sources:
        if source.path == "-":
            sys.stdin = io.TextIOWrapper(io.BytesIO(kept_stdin or b""))
        for document in read_source(source, read, warn=ignore, error=ignore):
            for decision in explain_homonyms(document.text, date=document.date):
                if decision.start < document.context:
                    continue  # the end of the previous piece, explained with it
                verdict = f"counted for {decision.iso3}" if decision.iso3 else "not counted"
                where = document.offset + decision.start
                print(
                    f"explain: {document.id}:{where}: {decision.surface!r} {verdict}: {decision.rule}", file=sys.stderr
                )


def _write_coverage_map(path: Path, coverage, n_errors: int, console: Console) -> int:
    from geo.build import coverage_page, write_atomic
    from geo.cli import EXIT_DATA, EXIT_OK

    documents = sum(coverage.documents_per_period.values())
    try:
        page, _ = coverage_page(
            coverage,
            title="Countries in the coverage, " + ("by month" if coverage.by == "month" else "by day"),
            subtitle=f"{documents:,} dated documents, {coverage.periods()[0]} to {coverage.periods()[-1]}"
            if documents
            else "",
            source="Source: mentions counted by forum-map",
        )
    except BuildError as err:
        console.error(str(err))
        return EXIT_DATA
    try:
        write_atomic(path, page)
    except OSError as err:
        console.error(f"--map {path}: cannot be written ({err.strerror or err})")
        return EXIT_DATA
    console.info(f"wrote {path}")
    return EXIT_DATA if n_errors else EXIT_OK
