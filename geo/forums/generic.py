"""Participation tables a forum declares itself in forum.toml: a country column and typed columns of its own.

``[tables.members]`` with ``file`` and ``columns.<name> = { type = "category", values = [...] }`` makes a table
the generic map kinds (geo/kinds/generic.py) can draw; see data/README.md for every key."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

COLUMN_TYPES = ("category", "integer", "year", "date", "text", "source")
# Columns every generic table has, and names a layer uses for itself: no declared column may take them.
RESERVED_COLUMNS = frozenset({"country", "iso3", "line", "value", "label", "color", "detail", "class", "rank"})
TABLE_KEYS = {"file": str, "columns": dict, "one_row_per_country": bool, "declared_rows": int}
COLUMN_KEYS = {"type": str, "values": list, "labels": list, "required": bool, "shown": bool, "declared": dict}
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """One declared column: its type, and for a category its values in display order with their labels."""

    name: str
    type: str
    values: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()  # one per value; the value itself where forum.toml gives none
    required: bool = False
    shown: bool = True  # in the tooltip
    declared: tuple[tuple[str, int], ...] = ()  # (value, rows) as the forum's sources count them

    def label(self, value: str) -> str:
        """How a cell is shown: a category's label, any other value as it is."""
        return dict(zip(self.values, self.labels, strict=True)).get(value, value)

    def check(self, value: str) -> str | None:
        """What is wrong with a non-empty cell of this column, or None."""
        if self.type == "category" and value not in self.values:
            return f"must be one of {', '.join(self.values)}"
        if self.type == "integer" and not re.fullmatch(r"-?\d+", value):
            return "must be a whole number"
        if self.type == "year" and not re.fullmatch(r"\d{4}", value):
            return "must be a year such as 2018"
        if self.type == "date":
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                return "must be a date YYYY-MM-DD"
        return None


@dataclass(frozen=True, slots=True)
class TableSpec:
    name: str
    file: str
    columns: tuple[ColumnSpec, ...]
    one_row_per_country: bool = True
    declared_rows: int | None = None

    def column(self, name: str) -> ColumnSpec | None:
        return next((c for c in self.columns if c.name == name), None)


Report = Callable[[str, str], None]  # (key in forum.toml, message)


def table_spec(name: str, entry: dict, at: Report) -> TableSpec | None:
    """The ``[tables.<name>]`` declaration checked; every problem reported through ``at``, None if any."""
    where = f"tables.{name}"
    count = 0

    def bad(key: str, message: str) -> None:
        nonlocal count
        count += 1
        at(key, message)

    for key, value in entry.items():
        kind = TABLE_KEYS.get(key)
        if kind is None:
            bad(f"{where}.{key}", f"table {name!r}: unknown key {key!r} (allowed: {', '.join(TABLE_KEYS)})")
        elif not isinstance(value, kind) or (kind is int and (isinstance(value, bool) or value < 0)):
            bad(f"{where}.{key}", f"table {name!r}: {key!r} must be {kind.__name__}, got {value!r}")
    for key in ("file", "columns"):
        if key not in entry:
            bad(where, f"table {name!r}: missing {key!r}")
    if count:
        return None
    columns = [_column(name, column, spec, bad) for column, spec in entry["columns"].items()]
    if count:
        return None
    return TableSpec(
        name,
        entry["file"],
        tuple(c for c in columns if c),
        entry.get("one_row_per_country", True),
        entry.get("declared_rows"),
    )


def _column(table: str, name: str, spec: object, bad: Report) -> ColumnSpec | None:
    where = f"tables.{table}.columns.{name}"
    what = f"table {table!r}, column {name!r}"
    if not _NAME_RE.match(name) or name in RESERVED_COLUMNS:
        taken = ", ".join(sorted(RESERVED_COLUMNS))
        bad(where, f"{what}: a column name is lower-case letters, digits and _, and none of {taken}")
        return None
    if isinstance(spec, str):  # columns.year = "year"
        spec = {"type": spec}
    if not isinstance(spec, dict):
        bad(where, f'{what}: give a type, e.g. {{ type = "text" }}, got {spec!r}')
        return None
    for key, value in spec.items():
        kind = COLUMN_KEYS.get(key)
        if kind is None:
            bad(where, f"{what}: unknown key {key!r} (allowed: {', '.join(COLUMN_KEYS)})")
            return None
        if not isinstance(value, kind):
            bad(where, f"{what}: {key!r} must be {kind.__name__}, got {value!r}")
            return None
    kind = spec.get("type")
    if kind not in COLUMN_TYPES:
        bad(where, f"{what}: type must be one of {', '.join(COLUMN_TYPES)}, got {kind!r}")
        return None
    values = spec.get("values", [])
    labels = spec.get("labels", values)
    if kind == "category" and (
        not values or not all(isinstance(v, str) and v for v in values) or len(set(values)) != len(values)
    ):
        bad(where, f"{what}: a category column needs 'values', a list of distinct texts, got {values!r}")
        return None
    if kind != "category" and ("values" in spec or "labels" in spec or "declared" in spec):
        bad(where, f"{what}: 'values', 'labels' and 'declared' belong to a category column")
        return None
    if len(labels) != len(values) or not all(isinstance(v, str) for v in labels):
        bad(where, f"{what}: 'labels' must be texts, one per value ({len(values)})")
        return None
    declared = spec.get("declared", {})
    wrong = [k for k, v in declared.items() if k not in values or not isinstance(v, int) or isinstance(v, bool)]
    if wrong:
        bad(where, f"{what}: 'declared' counts rows of its values, as whole numbers; {wrong[0]!r} is not one")
        return None
    return ColumnSpec(
        name,
        kind,
        tuple(values),
        tuple(labels),
        spec.get("required", kind == "source"),
        spec.get("shown", True),
        tuple(declared.items()),
    )
