"""A user's own table (CSV, an Excel sheet, or stdin) joined to countries: which column names the countries,
which holds the values, and every row that names no country, or two, or one named before, with its line."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pandas as pd
import pycountry

from geo.csvio import CsvError, decoded_lines, records
from geo.errors import SHOWN_PROBLEMS
from geo.gazetteer import Gazetteer, Resolution
from geo.gazetteer import load as load_gazetteer

# Column names that say "this is the country", best first.
COUNTRY_HEADERS = ("country", "countries", "country name", "country_name", "iso3", "iso_a3", "iso", "code", "name")
DUPLICATES = ("error", "sum", "first")


class TableError(ValueError):
    """What is wrong with a table: every problem as ``file:line: message``."""

    def __init__(self, problems: Sequence[str]):
        super().__init__("\n".join(problems[:SHOWN_PROBLEMS]))
        self.problems = list(problems)


@dataclass(frozen=True, slots=True)
class Table:
    """Cells as read, each row with the line it starts on (1 is the header)."""

    name: str  # as messages name it: the path given, "<stdin>", or "book.xlsx[Sheet]"
    columns: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]


@dataclass(frozen=True, slots=True)
class Joined:
    """The rows that name a country, one per country (index ``iso3``): ``country`` (its common name) and the
    table's columns, numbers read as numbers; ``left_out`` the rows skipped, as warnings."""

    frame: pd.DataFrame
    country_column: str
    value_column: str
    left_out: tuple[str, ...] = field(default=())


def read_table(path: str, sheet: str | None = None, warn: Callable[[str], None] = lambda _m: None) -> Table:
    """A CSV file (``,``, ``;``, tab or ``|``; UTF-8 with or without BOM, UTF-16, else Windows-1252), an
    ``.xlsx`` sheet (``sheet``: its name or number, the first by default), or ``-`` for CSV on stdin.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
    ...     _ = f.write('Country;Delegates\\n"Korea,\\nRep.";12\\n')
    >>> read_table(f.name).rows
    ((2, ('Korea,\\nRep.', '12')),)
    >>> os.unlink(f.name)
    """
    import sys

    if path == "-":
        return _csv_table("<stdin>", sys.stdin.buffer, warn)
    if Path(path).suffix.lower() in (".xlsx", ".xlsm"):
        return _sheet_table(Path(path), sheet)
    if sheet is not None:
        raise TableError([f"{path}: --sheet is for .xlsx workbooks"])
    try:
        with open(path, "rb") as handle:
            return _csv_table(path, handle, warn)
    except OSError as err:
        raise TableError([f"{path}: cannot read: {err.strerror or err}"]) from None


def _csv_table(name: str, stream: BinaryIO, warn: Callable[[str], None]) -> Table:
    try:
        found = list(records(decoded_lines(stream, name, warn)))
    except CsvError as err:
        raise TableError([f"{name}:{err.line}: {err.message}"]) from None
    except UnicodeError as err:
        raise TableError([f"{name}: cannot decode: {err}"]) from None
    if not found:
        raise TableError([f"{name}: empty: a table needs a header line and rows"])
    header = tuple(cell.strip() for cell in found[0][2])
    rows = tuple((start, tuple(cells)) for start, _, cells in found[1:] if any(c.strip() for c in cells))
    return Table(name, header, rows)


def _sheet_table(path: Path, sheet: str | None) -> Table:
    try:
        import openpyxl
    except ImportError:
        raise TableError([f"{path}: reading .xlsx needs openpyxl (pip install 'forum-map[excel]')"]) from None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a damaged or foreign file
        raise TableError([f"{path}: not a readable .xlsx workbook: {err}"]) from None
    names = book.sheetnames
    chosen = names[0] if sheet is None else sheet if sheet in names else None
    if chosen is None and sheet is not None and sheet.isdigit() and 1 <= int(sheet) <= len(names):
        chosen = names[int(sheet) - 1]
    if chosen is None:
        raise TableError([f"{path}: no sheet {sheet!r}; it has " + ", ".join(map(repr, names))])
    cells = [[_cell_text(v) for v in row] for row in book[chosen].iter_rows(values_only=True)]
    book.close()
    if not cells:
        raise TableError([f"{path}[{chosen}]: empty sheet"])
    rows = tuple((n, tuple(row)) for n, row in enumerate(cells[1:], start=2) if any(c.strip() for c in row))
    return Table(f"{path}[{chosen}]", tuple(c.strip() for c in cells[0]), rows)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def lookup(gaz: Gazetteer, cell: str) -> list[Resolution]:
    """The countries a cell may name: any form the gazetteer resolves, an ISO3, ISO2 or numeric code.

    >>> [r.iso3 for r in lookup(load_gazetteer(), "RU")], [r.iso3 for r in lookup(load_gazetteer(), "643")]
    (['RUS'], ['RUS'])
    """
    text = cell.strip()
    found = gaz.candidates(text)
    if found or not text:
        return found
    code = None
    if text.isdigit() and len(text) <= 3:
        code = pycountry.countries.get(numeric=text.zfill(3))
    elif len(text) in (2, 3) and text.isalpha():
        code = pycountry.countries.get(**{"alpha_2" if len(text) == 2 else "alpha_3": text.upper()})
        if code is None and text.upper() in ("XK", "XKX"):
            return [Resolution("XKX", gaz.country_name("XKX"), "code")]
    if code is not None and code.alpha_3 in gaz.iso3_codes():
        return [Resolution(code.alpha_3, gaz.country_name(code.alpha_3), "code")]
    return []


def _column(table: Table, wanted: str | None, what: str, option: str) -> int | None:
    if wanted is None:
        return None
    folded = [c.casefold() for c in table.columns]
    if wanted.casefold() in folded:
        return folded.index(wanted.casefold())
    raise TableError([f"{table.name}:1: no column {wanted!r} ({option}) for the {what}; columns: {_listed(table)}"])


def _listed(table: Table) -> str:
    return ", ".join(repr(c) for c in table.columns)


def country_column(table: Table, gaz: Gazetteer) -> int:
    """The column of country names: one named so (country, iso3, code, name, ...), else the column whose
    cells name a country most often (at least half of them)."""
    folded = [c.casefold() for c in table.columns]
    for header in COUNTRY_HEADERS:
        if header in folded:
            return folded.index(header)
    best, share = None, 0.0
    for i in range(len(table.columns)):
        cells = [cells[i] for _, cells in table.rows if i < len(cells) and cells[i].strip()]
        hits = sum(1 for cell in cells if lookup(gaz, cell))
        if cells and hits / len(cells) > share:
            best, share = i, hits / len(cells)
    if best is None or share < 0.5:
        raise TableError(
            [f"{table.name}:1: no column of country names found; name it with --country ({_listed(table)})"]
        )
    return best


def _number(cell: str) -> float | int | None:
    text = cell.strip()
    try:
        value = float(text)
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    return int(value) if value.is_integer() and "." not in text and "e" not in text.lower() else value


def value_column(table: Table, country: int) -> int:
    """The first column after the countries' whose cells are all numbers, else the only other column."""
    others = [i for i in range(len(table.columns)) if i != country]
    for i in others:
        cells = [cells[i] for _, cells in table.rows if i < len(cells) and cells[i].strip()]
        if cells and all(_number(c) is not None for c in cells):
            return i
    if len(others) == 1:
        return others[0]
    raise TableError([f"{table.name}:1: which column holds the values? name it with --value ({_listed(table)})"])


def _problem(name: str, line: int, cell: str, found: list[Resolution], gaz: Gazetteer) -> str:
    if not cell.strip():
        return f"{name}:{line}: no country named in this row"
    if len(found) > 1:
        options = " or ".join(f"{r.country} ({r.iso3})" for r in found)
        return f"{name}:{line}: {cell!r} could be {options}: write the one meant, or its ISO3 code"
    close = _close(cell, gaz.suggest(cell))
    hint = "; did you mean " + " or ".join(f"{r.country} ({r.iso3})" for r in close) + "?" if close else ""
    return f"{name}:{line}: {cell!r} is not a country name or code{hint}"


def _close(cell: str, suggested: list[Resolution]) -> list[Resolution]:
    """The suggestions that are near misses of the cell's spelling (the best one at least): "Rusia" is Russia,
    not also the United States that a looser match offers."""
    import difflib

    from geo.gazetteer import name_key

    near = [r for r in suggested if difflib.SequenceMatcher(None, name_key(cell), name_key(r.country)).ratio() >= 0.75]
    return near or suggested[:1]


def join_table(
    table: Table,
    country: str | None = None,
    value: str | None = None,
    *,
    skip_unknown: bool = False,
    duplicates: str = "error",
) -> Joined:
    """The table's rows by country. Unknown or ambiguous names and repeated countries raise :class:`TableError`
    listing every one; ``skip_unknown`` leaves unknown ones out (listed in ``left_out``); ``duplicates`` "sum"
    adds up the numbers of a country's rows, "first" keeps its first row.

    >>> t = Table("t.csv", ("Country", "Delegates"), ((2, ("Russia", "40")), (3, ("Korea, Rep.", "12"))))
    >>> join_table(t).frame[["country", "Delegates"]].to_dict("index")
    {'RUS': {'country': 'Russia', 'Delegates': 40}, 'KOR': {'country': 'South Korea', 'Delegates': 12}}
    """
    gaz = load_gazetteer()
    at = _column(table, country, "countries", "--country")
    at = country_column(table, gaz) if at is None else at
    vat = _column(table, value, "values", "--value")
    vat = value_column(table, at) if vat is None else vat
    if vat == at:
        raise TableError([f"{table.name}:1: the countries and the values are the same column {table.columns[at]!r}"])
    problems, left_out, first_line, kept = [], [], {}, {}
    for line, cells in table.rows:
        cell = cells[at] if at < len(cells) else ""
        found = lookup(gaz, cell)
        if len(found) != 1:
            (left_out if skip_unknown else problems).append(_problem(table.name, line, cell, found, gaz))
            continue
        iso3 = found[0].iso3
        row = [cells[i] if i < len(cells) else "" for i in range(len(table.columns))]
        if iso3 not in kept:
            first_line[iso3], kept[iso3] = line, [found[0].country, row]
        elif duplicates == "error":
            problems.append(
                f"{table.name}:{line}: {found[0].country} ({iso3}) again, first on line {first_line[iso3]}: "
                "use --sum to add the rows up or --first to keep the first"
            )
        elif duplicates == "sum":
            kept[iso3][1] = _summed(kept[iso3][1], row)
    if problems:
        raise TableError(problems)
    # a column of the table called "country" or "iso3" keeps its cells under another name: those two are ours
    columns = [f"{c} (table)" if c in ("country", "iso3") else c for c in table.columns]
    frame = pd.DataFrame([[name, *row] for name, row in kept.values()], columns=["country", *columns])
    frame.index = pd.Index(list(kept), name="iso3")
    for column in columns:
        frame[column] = _typed(frame[column])
    return Joined(frame, columns[at], columns[vat], tuple(left_out))


def _summed(first: list[str], other: list[str]) -> list[str]:
    out = []
    for a, b in zip(first, other, strict=True):
        x, y = _number(a), _number(b)
        out.append(str(x + y) if x is not None and y is not None else a)
    return out


def _typed(column: pd.Series) -> pd.Series:
    """Numbers as numbers (whole ones as int) when every non-empty cell is one; else the text as given."""
    values = [_number(c) if c.strip() else None for c in column]
    if not any(v is not None for v in values) or any(
        v is None and c.strip() for v, c in zip(values, column, strict=True)
    ):
        return column
    if all(isinstance(v, int) for v in values if v is not None) and None not in values:
        return pd.Series(values, index=column.index, dtype="int64")
    return pd.Series([math.nan if v is None else v for v in values], index=column.index, dtype="float64")


def join_csv(joined: Joined, classes: pd.Series) -> str:
    """The CSV of the join: ``iso3,country,class`` and the table's columns, one row per country, cells safe."""
    from geo.csvio import csv_lines

    frame = joined.frame.reset_index()
    frame.insert(2, "class", [classes.get(iso3, "") for iso3 in frame["iso3"]])
    header = [str(c) for c in frame.columns]
    rows = [["" if isinstance(v, float) and math.isnan(v) else v for v in row] for row in frame.itertuples(index=False)]
    return csv_lines([header, *rows])
