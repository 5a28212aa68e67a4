"""The ``forum-map`` command: build, extract, resolve, validate. Data on stdout, messages on stderr."""

from __future__ import annotations

import argparse
import codecs
import csv
import datetime as dt
import io
import os
import signal
import sys
import threading
import time
import warnings
from collections.abc import Iterable
from pathlib import Path

from geo.climap import cmd_map, map_parser
from geo.errors import SHOWN_PROBLEMS, BuildError, DataWarning, ForumError

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


class Console:
    """Messages to stderr, filtered by --quiet / --verbose."""

    def __init__(self, verbosity: int = 1):
        self.verbosity = verbosity

    def info(self, message: str) -> None:
        if self.verbosity >= 1:
            print(message, file=sys.stderr)

    def detail(self, message: str) -> None:
        if self.verbosity >= 2:
            print(message, file=sys.stderr)

    def warn(self, message: str) -> None:
        print(f"forum-map: warning: {message}", file=sys.stderr)

    def error(self, message: str) -> None:
        print(f"forum-map: error: {message}", file=sys.stderr)

    def line(self, message: str) -> None:
        """A line of a list of problems, as is."""
        print(message, file=sys.stderr)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date of the form YYYY-MM-DD") from None


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive whole number")
    return int(value)


def _parser() -> argparse.ArgumentParser:
    from geo import __version__

    parser = argparse.ArgumentParser(
        prog="forum-map",
        description="Who takes part in international forums, and which countries their coverage talks about.",
    )
    parser.add_argument("--version", action="version", version=f"forum-map {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    noise = common.add_mutually_exclusive_group()
    noise.add_argument("-q", "--quiet", action="store_const", const=0, dest="verbosity", help="only errors")
    noise.add_argument("-v", "--verbose", action="store_const", const=2, dest="verbosity", help="more detail")
    common.set_defaults(verbosity=1)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    forums = argparse.ArgumentParser(add_help=False)
    forums.add_argument(
        "--forum",
        action="append",
        metavar="NAME_OR_PATH",
        help="a bundled forum id or a forum folder (repeatable; default: every bundled forum)",
    )

    build = sub.add_parser("build", parents=[common, forums], help="build every map into the output folder")
    build.add_argument("--out", type=Path, default=Path("maps"), metavar="DIR", help="output folder (default: maps/)")
    build.add_argument("--png", action="store_true", help="also write a PNG picture of each map (for reports)")
    build.add_argument(
        "--tiles",
        metavar="NAME",
        help="draw a basemap under the countries, by xyzservices name (e.g. OpenStreetMap.Mapnik); "
        "the page then loads tiles from the network",
    )

    sub.add_parser("validate", parents=[common, forums], help="check forum data; list every problem")

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
        "counted and which rule decided (files only, read again after the run; the output is unchanged)",
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
    extract.add_argument("--engine", choices=("serial", "dask"), default="serial", help="serial (default) or dask")
    where = extract.add_mutually_exclusive_group()
    where.add_argument(
        "--workers", type=_positive, metavar="N", help="--engine dask: N local worker processes (default: one per core)"
    )
    where.add_argument("--scheduler", metavar="ADDRESS", help="--engine dask: an existing cluster, tcp://host:8786")

    map_parser(sub, common)
    build.add_argument("--export", choices=("gpkg", "geojson"), help="also write each map's layer for GIS (QGIS)")

    resolve = sub.add_parser("resolve", parents=[common], help="names to ISO 3166-1 alpha-3 codes")
    resolve.add_argument("names", nargs="*", metavar="NAME", help="names, or - to read one per line from stdin")
    return parser


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
    from geo import gazetteer
    from geo.corpus import ReadOptions, plan_sources
    from geo.engine import COUNT_HEADER, MENTION_HEADER, EngineError, Job, run

    if args.engine != "dask" and (args.workers or args.scheduler):
        console.error("--workers and --scheduler need --engine dask")
        return EXIT_USAGE
    if args.map and not args.series:
        console.error("--map needs --series day or --series month")
        return EXIT_USAGE
    if args.map and (problem := _map_path_problem(args.map)):  # before any input: nothing reaches stdout first
        console.error(f"--map {args.map}: {problem}")
        return EXIT_USAGE
    if args.explain and (not args.paths or "-" in args.paths):
        console.error("--explain reads its files again: it needs file or folder paths, not stdin")
        return EXIT_USAGE
    errors = []

    def error(message: str) -> None:
        errors.append(message)
        console.error(message)

    paths = args.paths or ["-"]
    if "-" in paths and not _stdin_ready(console, "text"):
        return EXIT_DATA
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
        _explain(sources, read)
    if coverage is not None:
        rows.write(tuple(row[key] for key in SERIES_HEADER) for row in coverage.rows(gaz.country_name))
        rows.flush()
        if coverage.undated:
            console.warn(f"{coverage.undated} document(s) without a date left out of the series")
    if errors:
        console.error(f"{len(errors)} input problem(s); the rest was processed")
    if coverage is not None and args.map:
        return _write_coverage_map(args.map, coverage, len(errors), console)
    return EXIT_DATA if errors else EXIT_OK


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


def _explain(sources, read) -> None:
    """``--explain``: one line per form that is also a US or Canadian place, with the rule that decided it."""
    from geo.corpus import read_source
    from geo.extract.explain import explain_homonyms

    def ignore(message: str) -> None:  # the run reported the input's problems already
        pass

    for source in sources:
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


def cmd_resolve(args: argparse.Namespace, console: Console) -> int:
    from geo import gazetteer
    from geo.csvio import decoded_lines, safe_row

    names = args.names or ["-"]
    if names == ["-"]:
        if not _stdin_ready(console, "names, one per line,"):
            return EXIT_DATA
        try:
            names = [line.rstrip("\r\n") for line in decoded_lines(sys.stdin.buffer, "<stdin>", console.warn)]
        except UnicodeError as err:
            console.error(f"<stdin>: cannot decode: {err}")
            return EXIT_DATA
    gaz = gazetteer.load()
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["name", "iso3", "country", "kind"])
    for name in names:
        found = gaz.resolve(name)
        writer.writerow(safe_row([name, found.iso3, found.country, found.kind] if found else [name, "", "", ""]))
    return EXIT_OK


def _stdin_ready(console: Console, what: str) -> bool:
    """Whether standard input can be read; says so when it is closed, and that it is read when it is a terminal."""
    if sys.stdin is None or sys.stdin.closed:
        console.error("standard input is closed: give files or folders to read, or pipe text in")
        return False
    if sys.stdin.isatty():
        console.info(f"reading {what} from standard input (end with Ctrl-D); give files or folders to read those")
    return True


def cmd_validate(args: argparse.Namespace, console: Console) -> int:
    from geo.forums import load_forums  # not geo.build: validating needs no GIS libraries

    forums = load_forums(args.forum)
    for loaded in forums:
        summary = ", ".join(f"{name} {len(table)} rows" for name, table in loaded.tables.items()) or "no tables"
        console.info(f"{loaded.forum.id}: ok ({summary}; {len(loaded.forum.maps)} maps)")
    return EXIT_OK


def cmd_build(args: argparse.Namespace, console: Console) -> int:
    from geo.build import build

    started = time.perf_counter()
    built = build(
        args.out,
        args.forum,
        progress=lambda m: console.detail(f"building {m}"),
        png=args.png,
        tiles=args.tiles,
        report=console.detail,
        notice=console.info,
        export=args.export,
    )
    console.info(f"wrote {len(built)} maps and index.html to {args.out}/ in {time.perf_counter() - started:.1f} s")
    console.info(f"open {args.out / 'index.html'} in a browser")
    return EXIT_OK


COMMANDS = {
    "map": cmd_map,
    "build": cmd_build,
    "validate": cmd_validate,
    "extract": cmd_extract,
    "resolve": cmd_resolve,
}


class Terminated(BaseException):
    """SIGTERM, raised where the program is so that clean-up (temporary files) runs as for Ctrl-C."""


def _raise_terminated(signum: int, _frame: object) -> None:
    raise Terminated(signum)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    console = Console(args.verbosity)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _raise_terminated)
    unwritable = _Unwritable.install()
    with warnings.catch_warnings():
        warnings.simplefilter("always", DataWarning)
        warnings.showwarning = lambda message, category, *_rest: (
            console.warn(str(message))
            if issubclass(category, DataWarning)
            else _show_warning(message, category, *_rest)
        )
        code = _run(args, console)
    if unwritable.seen:
        console.warn(
            f"some characters cannot be written in this terminal's encoding ({unwritable.encoding}) and were "
            "written as \\x.. escapes; set PYTHONIOENCODING=utf-8 to keep them"
        )
    return code


_show_warning = warnings.showwarning


class _Unwritable:
    """Characters that stdout or stderr cannot encode (PYTHONIOENCODING=ascii) are written as escapes, not a crash."""

    seen = False
    encoding = ""

    @classmethod
    def install(cls) -> type[_Unwritable]:
        codecs.register_error("forum-map-escape", cls._escape)
        for stream in (sys.stdout, sys.stderr):
            if stream is not None and hasattr(stream, "reconfigure") and stream.errors == "strict":
                stream.reconfigure(errors="forum-map-escape")
        return cls

    @classmethod
    def _escape(cls, err: UnicodeError) -> tuple[str, int]:
        cls.seen, cls.encoding = True, getattr(err, "encoding", "")
        return codecs.backslashreplace_errors(err)


def _run(args: argparse.Namespace, console: Console) -> int:
    try:
        return COMMANDS[args.command](args, console)
    except ForumError as err:
        for problem in err.problems[:SHOWN_PROBLEMS]:
            print(problem, file=sys.stderr)
        if len(err.problems) > SHOWN_PROBLEMS:
            print(f"… and {len(err.problems) - SHOWN_PROBLEMS:,} more", file=sys.stderr)
        console.error(f"{len(err.problems):,} problem(s) in the forum data; nothing was written")
        return EXIT_DATA
    except BuildError as err:
        console.error(str(err))
        return EXIT_DATA
    except (KeyboardInterrupt, Terminated) as err:
        return _stopped(err, console)
    except BrokenPipeError:
        return EXIT_OK
    except Exception as err:
        # Python 3.11 wraps an exception raised in a class's __set_name__ in a RuntimeError: Ctrl-C in the middle
        # of an import (pandas' dataclasses) arrives so
        interrupt = _interrupt_behind(err)
        if interrupt is None:
            raise
        return _stopped(interrupt, console)


def _interrupt_behind(err: BaseException) -> BaseException | None:
    """The Ctrl-C or SIGTERM that caused ``err``, if one did."""
    seen = set()
    while err is not None and id(err) not in seen:
        if isinstance(err, (KeyboardInterrupt, Terminated)):
            return err
        seen.add(id(err))
        err = err.__cause__ or err.__context__
    return None


def _stopped(interrupt: BaseException, console: Console) -> int:
    if isinstance(interrupt, Terminated):
        console.error("terminated; the output folder keeps its previous files")
        return 143
    console.error("interrupted; the output folder keeps its previous files")
    return 130
