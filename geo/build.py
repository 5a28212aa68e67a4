"""Orchestration: forums → validated tables → layers → HTML + CSV in the output folder, written atomically."""

from __future__ import annotations

import contextlib
import html
import json
import os
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo import gazetteer, layers
from geo.boundaries import load_countries, simplified
from geo.corpus import document_mentions, read_documents
from geo.errors import BuildError, ForumError, Problem
from geo.forums import Forum, MapSpec, discover, find_forum, load_forum, load_table
from geo.render import render_map

MANIFEST = ".forum-map-manifest.json"


@dataclass(frozen=True, slots=True)
class BuiltMap:
    forum: Forum
    spec: MapSpec
    html_path: str  # relative to the output folder
    csv_path: str


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write via a temporary file in the same folder and a rename: readers see the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def check_output_folder(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise BuildError(f"--out {out}: is a file, not a folder")
    probe = out if out.exists() else next((p for p in out.parents if p.exists()), Path("."))
    if not os.access(probe, os.W_OK | os.X_OK):
        raise BuildError(f"--out {out}: folder {probe} cannot be written")


def load_forums(names: list[str] | None) -> list[tuple[Forum, dict[str, pd.DataFrame]]]:
    """Every forum asked for (all bundled ones by default) with its tables; ForumError lists every problem."""
    folders = [find_forum(n) for n in names] if names else discover()
    loaded, problems = [], []
    for folder in folders:
        try:
            forum = load_forum(folder)
        except ForumError as err:
            problems += err.problems
            continue
        tables = {}
        for name in forum.tables:
            try:
                tables[name] = load_table(forum, name)
            except ForumError as err:
                problems += err.problems
        loaded.append((forum, tables))
    ids = Counter(f.id for f, _ in loaded)
    problems += [Problem(f.toml_path, None, f"two forums share the id {f.id!r}") for f, _ in loaded if ids[f.id] > 1]
    if problems:
        raise ForumError(problems)
    return loaded


@cache
def _basemap() -> tuple[gpd.GeoSeries, dict[str, str]]:
    countries = load_countries()
    gaz = gazetteer.load()
    names = {iso3: (gaz.country_name(iso3) or name) for iso3, name in countries["name"].items()}
    return simplified(countries.geometry), names


def _mentions(forum: Forum) -> tuple[dict[str, int], dict[str, list[str]], int]:
    counts: Counter[str] = Counter()
    forms: dict[str, dict[str, None]] = defaultdict(dict)
    documents = list(read_documents([str(p) for p in forum.corpus], date=forum.date))
    for mention in document_mentions(documents):
        counts[mention.iso3] += 1
        forms[mention.iso3][mention.surface.replace("\n", " ")] = None
    return dict(counts), {k: list(v) for k, v in forms.items()}, len(documents)


def _sources_line(forum: Forum) -> str:
    return "; ".join(s.name for s in forum.sources)


def build_layer(forum: Forum, spec: MapSpec, tables: dict[str, pd.DataFrame]) -> layers.Layer:
    """The layer a map spec asks for, from the forum's tables or its articles."""
    _, names = _basemap()
    if spec.kind == "mentions":
        counts, forms, n_docs = _mentions(forum)
        source = f"Source: {n_docs} article(s) bundled with the forum; mentions counted by forum-map"
        return layers.mentions_layer(spec.id, spec.title, counts, forms, names, source)
    if spec.kind == "leaders":
        return layers.leaders_layer(spec.id, spec.title, tables["leaders"], names, "Source: " + _sources_line(forum))
    if spec.kind == "partners":
        return layers.partners_layer(
            spec.id, spec.title, tables["partners"], names, forum.host, "Source: " + _sources_line(forum)
        )
    raise ValueError(f"no layer builder for map kind {spec.kind!r}")


def _subtitle(forum: Forum, spec: MapSpec) -> str:
    when = ""
    if forum.start:
        when = forum.start.isoformat() + (
            f" to {forum.end.isoformat()}" if forum.end and forum.end != forum.start else ""
        )
    return " · ".join(part for part in (forum.short_title, forum.place, when, spec.description) if part)


def _index_html(built: list[BuiltMap]) -> str:
    items = []
    for forum_id in dict.fromkeys(b.forum.id for b in built):
        maps = [b for b in built if b.forum.id == forum_id]
        forum = maps[0].forum
        rows = "".join(
            f'<li><a href="{html.escape(b.html_path)}">{html.escape(b.spec.title)}</a> — '
            f'{html.escape(b.spec.description)} (<a href="{html.escape(b.csv_path)}">CSV</a>)</li>'
            for b in maps
        )
        items.append(f"<section><h2>{html.escape(forum.title)}</h2><ul>{rows}</ul></section>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>forum-map</title>'
        "<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}"
        "li{margin:.4em 0}</style></head><body><h1>forum-map</h1>"
        "<p>World maps of who took part in international forums and which countries their coverage mentions. "
        "Each map has its CSV beside it: the number behind every colour.</p>" + "".join(items) + "</body></html>\n"
    )


def _previous_manifest(out: Path) -> set[str]:
    try:
        return set(json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"])
    except (OSError, ValueError, KeyError, TypeError):
        return set()


def build(
    out: Path, forum_names: list[str] | None = None, progress: Callable[[str], None] = lambda _m: None
) -> list[BuiltMap]:
    """Build every map of the chosen forums into ``out``; returns what was built.

    All input is validated before anything is written. Files in ``out`` that an earlier build did not write
    are never touched; files the previous build wrote and this one does not are removed.
    """
    check_output_folder(out)
    forums = load_forums(forum_names)
    geometry, _ = _basemap()
    pages: dict[str, str] = {}
    built = []
    for forum, tables in forums:
        for spec in forum.maps:
            progress(f"{forum.id}/{spec.id}")
            layer = build_layer(forum, spec, tables)
            html_path, csv_path = f"{forum.id}/{spec.id}.html", f"{forum.id}/{spec.id}.csv"
            pages[html_path] = render_map(
                geometry, [layer], title=spec.title, subtitle=_subtitle(forum, spec), source_line=layer.source
            )
            pages[csv_path] = layer.csv_frame().to_csv(index=False, lineterminator="\n")
            built.append(BuiltMap(forum, spec, html_path, csv_path))
    pages["index.html"] = _index_html(built)

    previous = _previous_manifest(out)
    for relative, content in pages.items():
        write_atomic(out / relative, content)
    for stale in sorted(previous - pages.keys()):
        with contextlib.suppress(FileNotFoundError):
            (out / stale).unlink()
    write_atomic(out / MANIFEST, json.dumps({"files": sorted(pages)}, indent=1) + "\n")
    return built
