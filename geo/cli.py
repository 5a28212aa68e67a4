"""The ``forum-map`` command: build, extract, resolve, validate. Data on stdout, messages on stderr."""

from __future__ import annotations

import argparse
import codecs
import csv
import signal
import sys
import threading
import time
import warnings
from pathlib import Path

from geo.cliextract import cmd_extract, extract_parser
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

    extract_parser(sub, common)
    map_parser(sub, common)
    build.add_argument("--export", choices=("gpkg", "geojson"), help="also write each map's layer for GIS (QGIS)")
    build.add_argument(
        "--base-url",
        default="",
        metavar="URL",
        help="the address the output folder will be published at (e.g. https://news.example/maps/): "
        "social previews and embed snippets then use absolute links",
    )

    resolve = sub.add_parser("resolve", parents=[common], help="names to ISO 3166-1 alpha-3 codes")
    resolve.add_argument("names", nargs="*", metavar="NAME", help="names, or - to read one per line from stdin")
    return parser


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
        base_url=args.base_url,
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
