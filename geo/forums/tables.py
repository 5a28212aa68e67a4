"""A forum's CSV tables: their columns, how they are read (geo.csvio), countries resolved, totals checked."""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from geo import gazetteer
from geo.csvio import LONG_RECORD_LINES, CsvError, decoded_lines, records
from geo.errors import SHOWN_PROBLEMS, DataWarning, ForumError, Problem, shown
from geo.forums.leaders import leader_problems

if TYPE_CHECKING:
    from geo.forums.forum_toml import Forum
    from geo.forums.generic import TableSpec


# --- CSV tables -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    required: bool = False  # a value must be present in every row
    check: Callable[[str], str | None] | None = None  # returns an error message, or None when the value is fine
    optional: bool = False  # the header may lack it (its cells are then empty)


def one_of(*allowed: str) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        return None if value in allowed else f"must be one of {', '.join(allowed)}"

    return check


def year(value: str) -> str | None:
    return None if re.fullmatch(r"(19|20)\d\d", value) else "must be a year such as 2018"


def iso3_code(value: str) -> str | None:
    return None if value in gazetteer.load().iso3_codes() else "is not an ISO 3166-1 alpha-3 code"


TABLE_SCHEMAS: dict[str, tuple[Column, ...]] = {
    "leaders": (
        Column("country", required=True),
        Column("iso3", check=iso3_code),
        Column("leader", required=True),
        Column("title", required=True),
        Column("role", required=True, check=one_of("head_of_state", "head_of_government", "other")),
        Column("category", required=True, check=one_of("host", "leader", "representative")),
        Column("notes"),
        Column("source", required=True),
    ),
    "partners": (
        Column("country", required=True),
        Column("iso3", check=iso3_code),
        Column("year_joined", check=year),
        Column("status", required=True, check=one_of("member", "exited", "unclear")),
        Column("exit_year", check=year),
        Column("list", required=True),  # one of the forum's [[partner_lists]]: see table_schema()
        Column("region"),
        Column("source", required=True),
        Column("notes"),
    ),
}


def read_csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line number where the record starts, cells) for every non-blank record; BOM and ';' tolerated. A file not
    in UTF-8 (a table saved by Excel on Windows) is read as Windows-1252 with a :class:`DataWarning`. Raises
    :class:`ForumError` for a record that cannot be read or that runs on for more than ``LONG_RECORD_LINES``
    lines (a lost closing quote)."""
    data = path.read_bytes()
    stream = io.BufferedReader(io.BytesIO(data))
    lines = decoded_lines(stream, str(path), lambda message: warnings.warn(message, DataWarning, stacklevel=2))
    try:
        for first, last, cells in records(lines):
            if last - first > LONG_RECORD_LINES:
                raise ForumError(
                    [
                        Problem(
                            path,
                            first,
                            f"a quoted cell runs from line {first} to line {last}: a closing '\"' is missing",
                        )
                    ]
                )
            if any(c.strip() for c in cells):
                yield first, [c.strip() for c in cells]
    except CsvError as err:
        raise ForumError([Problem(path, err.line, err.message)]) from None


def load_table(forum: Forum, name: str) -> pd.DataFrame:
    """A forum table as a DataFrame with resolved ``iso3`` and a ``line`` column; raises ForumError."""
    path = forum.tables[name]
    problems: list[Problem] = []
    if spec := forum.table_specs.get(name):
        frame = _read_table(path, generic_schema(spec), problems, unique=spec.one_row_per_country)
    else:
        frame = _read_table(path, table_schema(forum, name), problems, ROW_CHECKS.get(name))
    rows_ok = not problems  # totals over a table with rejected rows would only repeat those problems
    if name == "leaders" and not frame.empty:
        problems += leader_problems(forum, frame, path)
    if rows_ok:
        problems += total_problems(forum, name, frame, path)
    if problems:
        raise ForumError(sorted(problems, key=lambda p: (str(p.path), p.line or 0)))
    return frame


def generic_schema(spec: TableSpec) -> tuple[Column, ...]:
    """The columns of a table the forum declares: country, an optional iso3 to settle an ambiguous name, its own."""
    return (
        Column("country", required=True),
        Column("iso3", check=iso3_code, optional=True),
        *(Column(c.name, c.required, c.check) for c in spec.columns),
    )


def table_schema(forum: Forum, name: str) -> tuple[Column, ...]:
    """The columns of one of the forum's tables: a partners table's ``list`` names one of its [[partner_lists]]."""
    if name != "partners":
        return TABLE_SCHEMAS[name]
    lists = one_of(*(entry.id for entry in forum.partner_lists))
    return tuple(replace(c, check=lists) if c.name == "list" else c for c in TABLE_SCHEMAS[name])


@dataclass(frozen=True, slots=True)
class DeclaredTotal:
    """An official count in forum.toml that a table must match: its rows whose ``column`` holds ``value``."""

    key: str  # where it sits in forum.toml, as toml_lines() names it
    name: str  # as the message names it
    count: int
    table: str
    column: str
    value: str

    def what(self) -> str:
        return f"rows of {self.column} {self.value!r}" if self.column else "rows"


# The leaders table's own totals: the rows of each category.
LEADER_TOTALS = {"declared_leaders": "leader", "declared_representatives": "representative"}


def declared_totals(forum: Forum) -> list[DeclaredTotal]:
    """The totals forum.toml declares: ``declared_*`` for the leaders table, ``declared`` of a partner list."""
    totals = [
        DeclaredTotal(key, key, count, "leaders", "category", category)
        for key, category in LEADER_TOTALS.items()
        if (count := getattr(forum, key)) is not None
    ]
    for name, spec in forum.table_specs.items():
        if spec.declared_rows is not None:
            totals.append(
                DeclaredTotal(f"tables.{name}.declared_rows", "declared_rows", spec.declared_rows, name, "", "")
            )
        for column in spec.columns:
            totals += [
                DeclaredTotal(
                    f"tables.{name}.columns.{column.name}",
                    f"{column.name} {value!r}: declared",
                    count,
                    name,
                    column.name,
                    value,
                )
                for value, count in column.declared
            ]
    return totals + [
        DeclaredTotal(
            f"partner_lists[{i}].declared",
            f"partner list {entry.id!r}: declared",
            entry.declared,
            "partners",
            "list",
            entry.id,
        )
        for i, entry in enumerate(forum.partner_lists)
        if entry.declared is not None
    ]


def total_problems(forum: Forum, name: str, frame: pd.DataFrame, path: Path) -> list[Problem]:
    """Totals in ``name`` that contradict forum.toml: the declared counts and the host."""
    problems = []
    for total in declared_totals(forum):
        if total.table != name:
            continue
        if not total.column:
            count = len(frame)
        else:
            count = int((frame[total.column] == total.value).sum()) if total.column in frame else 0
        if count != total.count:
            message = f"{total.name} = {total.count}, but {path.name} has {count} {total.what()}"
            problems.append(forum.problem(total.key, message))
    if name == "leaders" and forum.host and "category" in frame:
        hosts = frame.loc[frame["category"] == "host", "iso3"].tolist()
        if hosts != [forum.host]:
            found = ", ".join(hosts) or "none"
            problems.append(forum.problem("host", f"host = {forum.host!r}, but {path.name} has host rows: {found}"))
    return problems


def _cell_problems(record: dict[str, str], schema: tuple[Column, ...]) -> list[str]:
    """What is wrong with a record's cells: empty where a value is required, or failing the column's check."""
    found = []
    for column in schema:
        value = record[column.name]
        if not value:
            if column.required:
                found.append(f"{column.name} is empty")
        elif column.check and (message := column.check(value)):
            found.append(f"{column.name} {shown(value)} {message}")
    return found


def _read_table(
    path: Path,
    schema: tuple[Column, ...],
    problems: list[Problem],
    row_check: Callable[[dict[str, str]], str | None] | None = None,
    unique: bool = True,
) -> pd.DataFrame:
    try:
        rows = list(read_csv_rows(path))
    except OSError as err:
        problems.append(Problem(path, None, f"cannot read: {err.strerror or err}"))
        return pd.DataFrame()
    except ForumError as err:
        problems += err.problems
        return pd.DataFrame()
    if not rows:
        problems.append(Problem(path, 1, "empty table: expected a header row"))
        return pd.DataFrame()
    _, header = rows[0]
    expected = [c.name for c in schema]
    missing = [c.name for c in schema if c.name not in header and not c.optional]
    unknown = [c for c in header if c not in expected]
    if missing or unknown or len(set(header)) != len(header):
        detail = "; ".join(
            part for part in (f"missing {missing}" if missing else "", f"unknown {unknown}" if unknown else "") if part
        )
        problems.append(Problem(path, 1, f"header must be {','.join(expected)} ({detail or 'duplicate column'})"))
        return pd.DataFrame()
    gaz = gazetteer.load()
    records, seen = [], {}
    for line, cells in rows[1:]:
        if len(cells) != len(header):
            problems.append(Problem(path, line, f"{len(cells)} cells, expected {len(header)}"))
            continue
        record = dict.fromkeys(expected, "") | dict(zip(header, cells, strict=True))
        found = _cell_problems(record, schema)
        if not found and row_check and (message := row_check(record)):
            found.append(message)
        if found:
            problems += [Problem(path, line, message) for message in found]
            continue
        iso3 = _resolve_country(record["country"], record["iso3"], gaz, path, line, problems)
        if iso3 is None:
            continue
        if unique and iso3 in seen:
            problems.append(Problem(path, line, f"duplicate country {iso3} (first on line {seen[iso3]})"))
            continue
        seen[iso3] = line
        record["iso3"] = iso3
        record["line"] = line
        records.append(record)
    return pd.DataFrame(records, columns=[*expected, "line"])


# Resolutions that name the country itself; a capital, demonym or leader is no country name in a data file.
COUNTRY_NAME_KINDS = frozenset({"name", "short", "former", "code"})


def _resolve_country(name: str, iso3: str, gaz, path: Path, line: int, problems: list[Problem]) -> str | None:
    resolved = gaz.resolve(name)
    if resolved is None:
        # suggestions cost a fuzzy search each: a table of thousands of unknown names gets them for the first ones
        hints = "; ".join(f"{r.country}, {r.iso3}" for r in gaz.suggest(name)) if len(problems) < SHOWN_PROBLEMS else ""
        problems.append(
            Problem(path, line, f"unknown country {shown(name)}" + (f" (did you mean {hints}?)" if hints else ""))
        )
        return None
    meanings = gaz.candidates(name)
    if len(meanings) > 1 and iso3 not in {m.iso3 for m in meanings}:
        options = " or ".join(f"{m.country} ({m.iso3})" for m in meanings)
        problems.append(
            Problem(path, line, f"ambiguous country {shown(name)}: could be {options}; fill the iso3 column")
        )
        return None
    if len(meanings) > 1:
        return iso3
    if resolved.kind not in COUNTRY_NAME_KINDS:
        message = f"{name!r} is a {resolved.kind} form of {resolved.country} ({resolved.iso3}), not a country name"
        problems.append(Problem(path, line, message))
        return None
    if iso3 and resolved.iso3 != iso3:
        problems.append(
            Problem(path, line, f"country {name!r} is {resolved.iso3} ({resolved.country}) but iso3 says {iso3}")
        )
        return None
    return resolved.iso3


def partner_row_problem(record: dict[str, str]) -> str | None:
    """Whether a partners row's status, year joined and exit year agree with each other."""
    status, joined, left = record["status"], record["year_joined"], record["exit_year"]
    if status == "exited" and not left:
        return "status 'exited' needs an exit_year"
    if left and status != "exited":
        return f"exit_year {left} given, but status is {status!r} (use 'exited')"
    if left and joined and int(left) < int(joined):
        return f"exit_year {left} is before year_joined {joined}"
    return None


# Checks across the cells of one row, per table: an error message, or None when the row is consistent.
ROW_CHECKS: dict[str, Callable[[dict[str, str]], str | None]] = {"partners": partner_row_problem}
