"""``forum-map map TABLE``: a user's own table of a value per country on a map page, with the CSV of the join
beside it (and a picture, and the layer for GIS, when asked for)."""

from __future__ import annotations

import argparse
from pathlib import Path

from geo.cliextract import _positive
from geo.errors import SHOWN_PROBLEMS

# (typing itself is not imported: 5 ms of every start of the command line)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from geo.cli import Console

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


def map_parser(sub, common: argparse.ArgumentParser) -> None:
    one = sub.add_parser(
        "map",
        parents=[common],
        help="your own table (CSV or .xlsx) of a value per country on a map",
        description="A map page of one column of a table per country, with the CSV of the join beside it. "
        "Countries by any name the gazetteer knows, or ISO3, ISO2 or numeric codes.",
    )
    one.add_argument("table", metavar="TABLE", help="a CSV file (any delimiter), an .xlsx workbook, or - for stdin")
    one.add_argument("--sheet", metavar="NAME", help="the .xlsx sheet, by name or number (default: the first)")
    one.add_argument("--country", metavar="COL", help="the column naming the countries (default: found)")
    one.add_argument("--value", metavar="COL", help="the column to colour by (default: the first numeric one)")
    one.add_argument("--title", metavar="T", help="the map's title")
    one.add_argument("--scheme", metavar="NAME", help="a mapclassify scheme: quantiles, equalinterval, naturalbreaks…")
    one.add_argument("--k", type=_positive, default=5, metavar="N", help="classes of the scheme (default 5)")
    one.add_argument("--breaks", type=float, nargs="+", metavar="B", help="upper bounds of the classes")
    one.add_argument("--categorical", action="store_true", help="one colour per distinct value")
    one.add_argument("--out", type=Path, metavar="FILE.html", help="the page (default: TABLE-map.html, map.html)")
    one.add_argument("--csv-out", type=Path, metavar="FILE.csv", help="the join (default: beside the page)")
    one.add_argument("--png", action="store_true", help="also write a PNG picture beside the page")
    one.add_argument("--export", choices=("gpkg", "geojson"), help="also write the joined layer for GIS (QGIS)")
    one.add_argument("--skip-unknown", action="store_true", help="leave out rows naming no country, with warnings")
    twice = one.add_mutually_exclusive_group()
    twice.add_argument("--sum", action="store_const", const="sum", dest="duplicates", help="add up repeated rows")
    twice.add_argument("--first", action="store_const", const="first", dest="duplicates", help="keep the first")
    one.set_defaults(duplicates="error")


def cmd_map(args: argparse.Namespace, console: Console) -> int:
    from geo.cli import _stdin_ready as stdin_ready
    from geo.table import TableError, join_table, read_table

    if args.table == "-" and not stdin_ready(console, "a CSV table"):
        return EXIT_DATA
    out = args.out or (Path("map.html") if args.table == "-" else Path(Path(args.table).stem + "-map.html"))
    outputs = {"page": out, "csv": args.csv_out or out.with_suffix(".csv")}
    if args.png:
        outputs["png"] = out.with_suffix(".png")
    if args.export:
        outputs["export"] = out.with_suffix("." + args.export)
    if args.table != "-" and any(p.resolve() == Path(args.table).resolve() for p in outputs.values()):
        console.error(f"{args.table}: an output would overwrite the table; choose another --out or --csv-out")
        return EXIT_USAGE
    try:
        joined = join_table(
            read_table(args.table, args.sheet, console.warn),
            args.country,
            args.value,
            skip_unknown=args.skip_unknown,
            duplicates=args.duplicates,
        )
    except TableError as err:
        for problem in err.problems[:SHOWN_PROBLEMS]:
            console.line(problem)
        if len(err.problems) > SHOWN_PROBLEMS:
            console.line(f"… and {len(err.problems) - SHOWN_PROBLEMS:,} more")
        console.error(f"{len(err.problems):,} problem(s) in the table; nothing was written")
        return EXIT_DATA
    for problem in joined.left_out:
        console.warn(f"{problem} (left out)")
    return _write_table_map(args, joined, outputs, console)


def _write_table_map(args: argparse.Namespace, joined, outputs: dict[str, Path], console: Console) -> int:
    from geo.build import table_map_files, write_atomic
    from geo.values import ValuesError

    name = "<stdin>" if args.table == "-" else Path(args.table).name
    try:
        files = table_map_files(
            joined,
            title=args.title or f"{joined.value_column} by country",
            source=f"Source: {name}",
            scheme=args.scheme,
            k=args.k,
            breaks=args.breaks,
            categorical=args.categorical,
            png=args.png,
            export=args.export,
        )
    except ValuesError as err:
        console.error(f"{name}: column {joined.value_column!r}: {err}")
        return EXIT_DATA
    for key, path in outputs.items():
        write_atomic(path, files[key])
        console.info(f"wrote {path}")
    if joined.left_out:
        console.warn(f"{len(joined.left_out)} row(s) left out: no single country recognised in them")
    return EXIT_OK
