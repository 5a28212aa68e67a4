"""The ``forum-map`` command: build, extract, resolve, validate. Data on stdout, messages on stderr."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
import time
from collections import Counter
from pathlib import Path

from geo.errors import BuildError, ForumError

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


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date of the form YYYY-MM-DD") from None


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

    build = sub.add_parser("build", parents=[common], help="build every map into the output folder")
    build.add_argument(
        "--forum",
        action="append",
        metavar="NAME_OR_PATH",
        help="a bundled forum id or a forum folder (repeatable; default: every bundled forum)",
    )
    build.add_argument("--out", type=Path, default=Path("maps"), metavar="DIR", help="output folder (default: maps/)")

    validate = sub.add_parser("validate", parents=[common], help="check forum data; list every problem")
    validate.add_argument(
        "--forum",
        action="append",
        metavar="NAME_OR_PATH",
        help="a bundled forum id or a forum folder (repeatable; default: every bundled forum)",
    )

    extract = sub.add_parser("extract", parents=[common], help="country mentions in text, per document")
    extract.add_argument("paths", nargs="*", metavar="PATH", help="files, folders (every *.txt below) or - for stdin")
    extract.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    extract.add_argument("--date", type=_date, help="the documents' date (YYYY-MM-DD): picks leaders in office")
    extract.add_argument("--mentions", action="store_true", help="one row per mention instead of per country")

    resolve = sub.add_parser("resolve", parents=[common], help="names to ISO 3166-1 alpha-3 codes")
    resolve.add_argument("names", nargs="*", metavar="NAME", help="names, or - to read one per line from stdin")
    return parser


def _emit(rows: list[dict], header: list[str], fmt: str, writer_state: dict) -> None:
    out = sys.stdout
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    if "writer" not in writer_state:
        writer_state["writer"] = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
        writer_state["writer"].writeheader()
    writer_state["writer"].writerows(rows)


def cmd_extract(args: argparse.Namespace, console: Console) -> int:
    from geo import gazetteer
    from geo.corpus import CorpusError, read_documents
    from geo.extract import extract_mentions

    gaz = gazetteer.load()
    state: dict = {}
    failed = 0
    paths = args.paths or ["-"]
    header = (
        ["document", "start", "end", "surface", "iso3", "kind"]
        if args.mentions
        else ["document", "iso3", "country", "mentions", "forms"]
    )
    if args.format == "csv":
        _emit([], header, "csv", state)
    documents = read_documents(paths, date=args.date, warn=console.warn)
    while True:
        try:
            doc = next(documents)
        except StopIteration:
            break
        except CorpusError as err:
            console.error(str(err))
            failed += 1
            continue
        mentions = extract_mentions(doc.text, document=doc.id, date=doc.date, gazetteer=gaz)
        if args.mentions:
            rows = [
                {
                    "document": m.document,
                    "start": m.start,
                    "end": m.end,
                    "surface": m.surface,
                    "iso3": m.iso3,
                    "kind": m.kind,
                }
                for m in mentions
            ]
        else:
            counts = Counter(m.iso3 for m in mentions)
            forms: dict[str, dict[str, None]] = {}
            for m in mentions:
                forms.setdefault(m.iso3, {})[" ".join(m.surface.split())] = None
            rows = [
                {
                    "document": doc.id,
                    "iso3": iso3,
                    "country": gaz.country_name(iso3),
                    "mentions": n,
                    "forms": "|".join(forms[iso3]),
                }
                for iso3, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            ]
        _emit(rows, header, args.format, state)
    return EXIT_DATA if failed else EXIT_OK


def cmd_resolve(args: argparse.Namespace, console: Console) -> int:
    from geo import gazetteer

    gaz = gazetteer.load()
    names = args.names or ["-"]
    if names == ["-"]:
        names = [line.rstrip("\r\n") for line in sys.stdin]
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["name", "iso3", "country", "kind"])
    for name in names:
        found = gaz.resolve(name)
        writer.writerow([name, found.iso3, found.country, found.kind] if found else [name, "", "", ""])
    return EXIT_OK


def cmd_validate(args: argparse.Namespace, console: Console) -> int:
    from geo.build import load_forums

    forums = load_forums(args.forum)
    for forum, tables in forums:
        summary = ", ".join(f"{name} {len(table)} rows" for name, table in tables.items())
        console.info(f"{forum.id}: ok ({summary}; {len(forum.maps)} maps)")
    return EXIT_OK


def cmd_build(args: argparse.Namespace, console: Console) -> int:
    from geo.build import build

    started = time.perf_counter()
    built = build(args.out, args.forum, progress=lambda m: console.detail(f"building {m}"))
    console.info(f"wrote {len(built)} maps and index.html to {args.out}/ in {time.perf_counter() - started:.1f} s")
    console.info(f"open {args.out / 'index.html'} in a browser")
    return EXIT_OK


COMMANDS = {"build": cmd_build, "validate": cmd_validate, "extract": cmd_extract, "resolve": cmd_resolve}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    console = Console(args.verbosity)

    try:
        return COMMANDS[args.command](args, console)
    except ForumError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        console.error(f"{len(err.problems)} problem(s) in the forum data; nothing was written")
        return EXIT_DATA
    except BuildError as err:
        console.error(str(err))
        return EXIT_DATA
    except KeyboardInterrupt:
        console.error("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK
