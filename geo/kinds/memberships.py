"""Across forums: how many of several groups a country belongs to, and which, from the tables of forum folders
beside this one (``kind = "memberships"``): "who is in the BRI, the SCO and BRICS at once" is one map."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

import pandas as pd

from geo.errors import BuildError, ForumError
from geo.kinds.base import MapInput, MapKind, register
from geo.layers import NO_DATA_COLOR, NO_DATA_LABEL, VIRIDIS_BY_CLASSES, ZERO_COLOR, Layer, country_table, legend

GROUP_KEYS = {"forum", "table", "column", "values", "label"}
IN_NONE = "in none of them"


def _group_problem(group: object) -> str | None:
    """What is wrong with one entry of ``groups``, or None.

    >>> _group_problem({"forum": "sco", "table": "members", "column": "status", "values": ["member"], "label": "SCO"})
    >>> _group_problem({"forum": "../x", "table": "t", "column": "c", "values": [], "label": "X"})
    "forum '../x' must be the name of a forum folder beside this one; values must be a non-empty list of text"
    """
    if not isinstance(group, dict) or set(group) != GROUP_KEYS:
        return f"each group needs exactly the keys {', '.join(sorted(GROUP_KEYS))}, got {group!r}"
    problems = []
    forum = group["forum"]
    if not isinstance(forum, str) or not forum or "/" in forum or forum.startswith("."):
        problems.append(f"forum {forum!r} must be the name of a forum folder beside this one")
    values = group["values"]
    if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
        problems.append("values must be a non-empty list of text")
    problems += [f"{key} must be text" for key in ("table", "column", "label") if not isinstance(group[key], str)]
    return "; ".join(problems) or None


@cache
def _forum_table(folder: Path, table: str) -> pd.DataFrame:
    """A sibling forum's validated table, read once per process."""
    from geo.forums import load_forum, load_table

    forum = load_forum(folder)
    if table not in forum.tables:
        raise BuildError(f"{folder / 'forum.toml'}: has no table {table!r}")
    return load_table(forum, table)


def members(home: Path, group: Mapping[str, object]) -> set[str]:
    """The ISO3 codes of the rows of ``group``'s forum table whose column holds one of its values."""
    folder = home.parent / str(group["forum"])
    if not (folder / "forum.toml").is_file() or folder.resolve().parent != home.parent.resolve():
        raise BuildError(f"{home / 'forum.toml'}: group forum {group['forum']!r} is not a forum folder beside it")
    try:
        frame = _forum_table(folder.resolve(), str(group["table"]))
    except ForumError as err:
        raise BuildError("; ".join(str(p) for p in err.problems)) from None
    if group["column"] not in frame.columns:
        columns = ", ".join(c for c in frame.columns if c != "line")
        raise BuildError(
            f"{folder / 'forum.toml'}: table {group['table']!r} has no column {group['column']!r} ({columns})"
        )
    return set(frame.loc[frame[str(group["column"])].isin(list(group["values"])), "iso3"])


@register
class Memberships(MapKind):
    """A country's number of memberships among the ``groups`` (0 to their count), the groups named in the tooltip."""

    name = "memberships"
    options = {
        "groups": "the groups compared: [{forum, table, column, values, label}, …], forums beside this one (required)",
        "no_data": "ISO3 codes drawn as 'no data' rather than 'in none of them' (e.g. Antarctica)",
    }

    def option_problems(self, options: Mapping[str, object]) -> list[tuple[str, str]]:
        groups = options.get("groups")
        if not isinstance(groups, list) or not 2 <= len(groups) <= len(VIRIDIS_BY_CLASSES):
            return [("", f"a memberships map needs 'groups': 2 to {len(VIRIDIS_BY_CLASSES)} of them")]
        return [("groups", f"group {i + 1}: {problem}") for i, g in enumerate(groups) if (problem := _group_problem(g))]

    def layers(self, given: MapInput) -> list[Layer]:
        groups = given.spec.options["groups"]
        found = [members(given.forum.folder, group) for group in groups]
        table = country_table(given.countries)
        no_data = set(given.spec.options.get("no_data", []))
        palette = VIRIDIS_BY_CLASSES[len(groups)]
        labels = {n: f"{n} of {len(groups)}" for n in range(1, len(groups) + 1)}
        rows = []
        for iso3 in table.index:
            inside = [g["label"] for g, codes in zip(groups, found, strict=True) if iso3 in codes]
            if not inside and iso3 in no_data:
                rows.append(("", NO_DATA_LABEL, NO_DATA_COLOR, ""))
            elif not inside:
                rows.append((0, IN_NONE, ZERO_COLOR, ""))
            else:
                rows.append((len(inside), labels[len(inside)], palette[len(inside) - 1], "in: " + ", ".join(inside)))
        table["value"], table["label"], table["color"], table["detail"] = _columns(rows, 4)
        for group, codes in zip(groups, found, strict=True):
            table[group["label"]] = ["yes" if iso3 in codes else "" for iso3 in table.index]
        classes = [*((labels[n], palette[n - 1]) for n in range(len(groups), 0, -1)), (IN_NONE, ZERO_COLOR)]
        if no_data:
            classes.append((NO_DATA_LABEL, NO_DATA_COLOR))
        extra = tuple(g["label"] for g in groups)
        method = "how many of " + ", ".join(extra) + " a country belongs to"
        return [
            Layer(
                given.spec.id,
                given.spec.title,
                "memberships",
                given.source,
                table,
                legend(table, classes),
                extra,
                method,
            )
        ]


def _columns(rows: Sequence[tuple], width: int) -> list[list]:
    return [list(column) for column in zip(*rows, strict=True)] if rows else [[] for _ in range(width)]
