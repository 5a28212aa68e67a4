"""A forum folder (forum.toml + CSV tables + articles) loaded into validated participation tables."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from geo import gazetteer
from geo.errors import ForumError, Problem
from geo.paths import FORUMS_DIR


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    url: str = ""


@dataclass(frozen=True, slots=True)
class MapSpec:
    """One map a forum asks for: ``kind`` names the layer builder, ``options`` its extra keys."""

    id: str
    kind: str
    title: str
    description: str = ""
    options: dict = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Forum:
    id: str
    folder: Path
    title: str
    short_title: str
    start: dt.date | None
    end: dt.date | None
    place: str
    host: str
    declared_leaders: int | None
    corpus: tuple[Path, ...]
    sources: tuple[Source, ...]
    tables: dict[str, Path]
    maps: tuple[MapSpec, ...]

    @property
    def date(self) -> dt.date | None:
        """The date that picks the leaders in office when reading this forum's articles."""
        return self.end or self.start

    @property
    def toml_path(self) -> Path:
        return self.folder / "forum.toml"


FORUM_KEYS = {
    "title": str,
    "short_title": str,
    "start": dt.date,
    "end": dt.date,
    "place": str,
    "host": str,
    "declared_leaders": int,
    "corpus": list,
    "sources": list,
    "tables": dict,
    "maps": list,
}
REQUIRED_FORUM_KEYS = ("title", "maps")
MAP_KEYS = {"id", "kind", "title", "description"}
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def discover(root: Path = FORUMS_DIR) -> list[Path]:
    """Every forum folder below ``root`` (a folder holding ``forum.toml``), sorted by name."""
    return sorted(p.parent for p in root.glob("*/forum.toml"))


def find_forum(name_or_path: str, root: Path = FORUMS_DIR) -> Path:
    """A forum folder from a bundled forum's id (``brf2023``) or a path to a folder or its forum.toml."""
    path = Path(name_or_path)
    if path.name == "forum.toml":
        path = path.parent
    if (path / "forum.toml").is_file():
        return path
    if (root / name_or_path / "forum.toml").is_file():
        return root / name_or_path
    known = ", ".join(p.name for p in discover(root)) or "none"
    raise ForumError([Problem(path, None, f"no forum.toml here, and no bundled forum of that name (known: {known})")])


def inside(folder: Path, relative: str, toml: Path, problems: list[Problem]) -> Path | None:
    """``folder/relative`` if it stays inside ``folder`` (symlinks resolved), else a problem and None."""
    if Path(relative).is_absolute():
        problems.append(Problem(toml, None, f"path {relative!r} is absolute; give a path inside the forum folder"))
        return None
    target = (folder / relative).resolve()
    if not target.is_relative_to(folder.resolve()):
        problems.append(Problem(toml, None, f"path {relative!r} leaves the forum folder; refused"))
        return None
    if not target.exists():
        problems.append(Problem(toml, None, f"path {relative!r} does not exist"))
        return None
    return folder / relative


def load_forum(folder: Path) -> Forum:
    """Read and check ``folder/forum.toml``; raises ForumError listing every problem."""
    toml = folder / "forum.toml"
    problems: list[Problem] = []
    try:
        meta = tomllib.loads(toml.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as err:
        raise ForumError([Problem(toml, None, f"cannot read: {err}")]) from None
    except tomllib.TOMLDecodeError as err:
        line = re.search(r"line (\d+)", str(err))
        raise ForumError([Problem(toml, int(line.group(1)) if line else None, f"not valid TOML: {err}")]) from None

    for key, value in meta.items():
        if key not in FORUM_KEYS:
            allowed = ", ".join(sorted(FORUM_KEYS))
            problems.append(Problem(toml, None, f"unknown key {key!r} (allowed: {allowed})"))
        elif not isinstance(value, FORUM_KEYS[key]) or (FORUM_KEYS[key] is int and isinstance(value, bool)):
            problems.append(Problem(toml, None, f"{key!r} must be {FORUM_KEYS[key].__name__}, got {value!r}"))
    problems += [Problem(toml, None, f"missing required key {k!r}") for k in REQUIRED_FORUM_KEYS if k not in meta]
    if problems:
        raise ForumError(problems)

    tables = {}
    for name, rel in meta.get("tables", {}).items():
        if name not in TABLE_SCHEMAS:
            allowed = ", ".join(sorted(TABLE_SCHEMAS))
            problems.append(Problem(toml, None, f"unknown table {name!r} (allowed: {allowed})"))
        elif (path := inside(folder, str(rel), toml, problems)) is not None:
            tables[name] = path
    corpus = tuple(p for rel in meta.get("corpus", []) if (p := inside(folder, str(rel), toml, problems)))
    sources = []
    for entry in meta.get("sources", []):
        if not isinstance(entry, dict) or not entry.get("name"):
            problems.append(Problem(toml, None, f"each [[sources]] needs a 'name', got {entry!r}"))
        else:
            sources.append(Source(str(entry["name"]), str(entry.get("url", ""))))
    maps = []
    for entry in meta.get("maps", []):
        if not isinstance(entry, dict):
            problems.append(Problem(toml, None, f"each [[maps]] must be a table, got {entry!r}"))
            continue
        map_id, kind = str(entry.get("id", "")), str(entry.get("kind", ""))
        if not _ID_RE.match(map_id):
            problems.append(Problem(toml, None, f"map id {map_id!r} must be lower-case letters, digits, - or _"))
        if kind not in MAP_KINDS:
            problems.append(
                Problem(toml, None, f"map {map_id!r}: unknown kind {kind!r} (allowed: {', '.join(MAP_KINDS)})")
            )
        elif (needed := MAP_KINDS[kind]) and needed not in tables:
            problems.append(Problem(toml, None, f"map {map_id!r} of kind {kind!r} needs the table {needed!r}"))
        options = {k: v for k, v in entry.items() if k not in MAP_KEYS}
        maps.append(MapSpec(map_id, kind, str(entry.get("title", map_id)), str(entry.get("description", "")), options))
    if len({m.id for m in maps}) != len(maps):
        problems.append(Problem(toml, None, "two [[maps]] share an id"))
    forum_id = folder.resolve().name
    if not _ID_RE.match(forum_id):
        problems.append(
            Problem(toml, None, f"forum folder name {forum_id!r} must be lower-case letters, digits, - or _")
        )
    if problems:
        raise ForumError(problems)
    return Forum(
        id=forum_id,
        folder=folder,
        title=meta["title"],
        short_title=meta.get("short_title", meta["title"]),
        start=meta.get("start"),
        end=meta.get("end"),
        place=meta.get("place", ""),
        host=meta.get("host", ""),
        declared_leaders=meta.get("declared_leaders"),
        corpus=corpus,
        sources=tuple(sources),
        tables=tables,
        maps=tuple(maps),
    )


# --- CSV tables -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    required: bool = False  # a value must be present in every row
    check: Callable[[str], str | None] | None = None  # returns an error message, or None when the value is fine


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
        Column("list", required=True, check=one_of("gfdc_2023", "supplementary")),
        Column("region"),
        Column("source", required=True),
        Column("notes"),
    ),
}
# Which table each map kind reads (None: the forum's articles).
MAP_KINDS: dict[str, str | None] = {"mentions": None, "leaders": "leaders", "partners": "partners"}


def read_csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line number where the record starts, cells) for every non-blank record; BOM and ';' tolerated."""
    text = path.read_text(encoding="utf-8-sig")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    for cells in reader:
        if any(c.strip() for c in cells):
            yield line, [c.strip() for c in cells]
        line = reader.line_num + 1


def load_table(forum: Forum, name: str) -> pd.DataFrame:
    """A forum table as a DataFrame with resolved ``iso3`` and a ``line`` column; raises ForumError."""
    path = forum.tables[name]
    problems: list[Problem] = []
    frame = _read_table(path, TABLE_SCHEMAS[name], problems)
    if name == "leaders" and forum.declared_leaders is not None and not problems:
        count = int((frame["category"] == "leader").sum())
        if count != forum.declared_leaders:
            problems.append(
                Problem(
                    path,
                    None,
                    f"{count} rows of category 'leader', but forum.toml declares declared_leaders = "
                    f"{forum.declared_leaders}",
                )
            )
    if problems:
        raise ForumError(problems)
    return frame


def _read_table(path: Path, schema: tuple[Column, ...], problems: list[Problem]) -> pd.DataFrame:
    try:
        rows = list(read_csv_rows(path))
    except (OSError, UnicodeDecodeError) as err:
        problems.append(Problem(path, None, f"cannot read as UTF-8 CSV: {err}"))
        return pd.DataFrame()
    if not rows:
        problems.append(Problem(path, 1, "empty table: expected a header row"))
        return pd.DataFrame()
    _, header = rows[0]
    expected = [c.name for c in schema]
    missing = [c for c in expected if c not in header]
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
        record = dict(zip(header, cells, strict=True))
        bad = False
        for column in schema:
            value = record[column.name]
            if not value:
                if column.required:
                    problems.append(Problem(path, line, f"{column.name} is empty"))
                    bad = True
                continue
            if column.check and (message := column.check(value)):
                problems.append(Problem(path, line, f"{column.name} {value!r} {message}"))
                bad = True
        if bad:
            continue
        iso3 = _resolve_country(record["country"], record["iso3"], gaz, path, line, problems)
        if iso3 is None:
            continue
        if iso3 in seen:
            problems.append(Problem(path, line, f"duplicate country {iso3} (first on line {seen[iso3]})"))
            continue
        seen[iso3] = line
        record["iso3"] = iso3
        record["line"] = line
        records.append(record)
    return pd.DataFrame(records, columns=[*expected, "line"])


def _resolve_country(name: str, iso3: str, gaz, path: Path, line: int, problems: list[Problem]) -> str | None:
    resolved = gaz.resolve(name)
    if resolved is None:
        hints = ", ".join(f"{r.country}, {r.iso3}" for r in gaz.suggest(name))
        problems.append(
            Problem(path, line, f"unknown country {name!r}" + (f" (did you mean {hints}?)" if hints else ""))
        )
        return None
    if iso3 and resolved.iso3 != iso3:
        problems.append(
            Problem(path, line, f"country {name!r} is {resolved.iso3} ({resolved.country}) but iso3 says {iso3}")
        )
        return None
    return resolved.iso3
