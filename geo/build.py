"""Orchestration: forums → validated tables → layers → HTML + CSV in the output folder, written atomically."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import pandas as pd

from geo import claims, gazetteer, layers
from geo.boundaries import Basemap, web_basemap
from geo.corpus import Document, ReadOptions, read_documents
from geo.coverage import Coverage
from geo.csvio import neutralise_formula
from geo.errors import BuildError
from geo.forums import Forum, LoadedForum, MapSpec, data_counts, load_forums, reported_counts
from geo.kinds import KINDS, MapInput
from geo.kinds.mentions import period_layers, periods_csv_frame
from geo.output import (  # noqa: F401  (MANIFEST and write_atomic: re-exported for the CLI and callers)
    MANIFEST,
    ForumRecord,
    MapRecord,
    Report,
    check_output_folder,
    commit_outputs,
    write_atomic,
)
from geo.page import PageLinks, published_base
from geo.render import render_map, tile_layer
from geo.safe import escape

# Kinds whose maps count the forum's articles: their page lists the articles' files, not the forum's sources.
ARTICLE_KINDS = ("mentions",)


@dataclass(frozen=True, slots=True)
class BuiltMap:
    forum: Forum
    spec: MapSpec
    html_path: str  # relative to the output folder
    csv_path: str


def csv_text(frame: pd.DataFrame) -> str:
    """The CSV of a map's table, with every text cell safe to open in a spreadsheet."""
    return frame.map(neutralise_formula).to_csv(index=False, lineterminator="\n")


@cache
def _basemap() -> tuple[Basemap, dict[str, str]]:
    basemap = web_basemap()
    gaz = gazetteer.load()
    names = {iso3: (gaz.country_name(iso3) or name) for iso3, name in basemap.names.items()}
    return basemap, names


def forum_documents(forum: Forum) -> list[Document]:
    """The forum's articles, read once per build and shared by its mentions maps and its claims."""
    problems: list[str] = []
    documents: list[Document] = []
    langs = forum.corpus_langs or ("auto",) * len(forum.corpus)
    for path, lang in zip(forum.corpus, langs, strict=True):  # a file at a time: its entry may name its language
        read = read_documents(
            [str(path)], options=ReadOptions(forum.date, column_hint="", lang=lang), warn=_warn, error=problems.append
        )
        documents += read if lang == "auto" else (replace(doc, lang=lang) for doc in read)
    if problems:
        raise BuildError(f"the corpus of {forum.id} cannot be read: " + "; ".join(problems))
    return documents


def map_layers(loaded: LoadedForum, spec: MapSpec, documents: list[Document]) -> list[layers.Layer]:
    """The layers of one map of a forum, built by the kind its spec names (geo.kinds)."""
    _, names = _basemap()
    return KINDS[spec.kind].layers(MapInput(loaded.forum, spec, loaded.tables, names, documents))


def _article_files(forum: Forum, documents: list[Document]) -> tuple[str, ...]:
    """The files the forum's articles come from, relative to its folder (a page never shows the builder's paths)."""
    files = []
    for doc in documents:
        path = Path(doc.id)
        try:
            files.append(path.resolve().relative_to(forum.folder.resolve()).as_posix())
        except (ValueError, OSError):
            files.append(path.name)
    return tuple(sorted(set(files)))


def forum_claims(documents: list[Document]) -> list[claims.Claim]:
    """The participation claims in the forum's articles, each with its sentence."""
    return claims.participation_claims((doc.id, doc.text) for doc in documents)


def _subtitle(forum: Forum, spec: MapSpec) -> str:
    when = ""
    if forum.start:
        when = forum.start.isoformat() + (
            f" to {forum.end.isoformat()}" if forum.end and forum.end != forum.start else ""
        )
    return " · ".join(part for part in (forum.short_title, forum.place, when, spec.description) if part)


def _claim_rows(
    found: list[claims.Claim], counts: dict[str, str], reported: dict[tuple[str, str], str]
) -> tuple[tuple[str, str], ...]:
    """The coverage's participation claims as (the data's own count beside the claim, the claim's sentence)."""
    return tuple((line, claim.sentence) for claim in found for line in claims.panel_lines([claim], counts, reported))


def _claims_html(rows: tuple[tuple[str, str], ...]) -> str:
    """The coverage's participation claims, each with its sentence and the data's own count beside it."""
    if not rows:
        return ""
    items = "".join(f"<li><b>{escape(line)}</b><br><q>{escape(sentence)}</q></li>" for line, sentence in rows)
    return f"<h3>What the coverage claims, beside the data</h3><ul class=claims>{items}</ul>"


def _index_html(forums: list[ForumRecord]) -> str:
    """The index of every forum whose maps are in the output folder. Every text is escaped: forums kept from an
    earlier build come from the folder's manifest, which anyone could have written."""
    items = []
    for forum in forums:
        rows = "".join(
            f'<li><a href="{escape(m.html)}">{escape(m.title)}</a> — '
            f'{escape(m.description)} (<a href="{escape(m.csv)}">CSV</a>)</li>'
            for m in forum.maps
        )
        items.append(f"<section><h2>{escape(forum.title)}</h2><ul>{rows}</ul>{_claims_html(forum.claims)}</section>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>forum-map</title>'
        "<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}"
        "li{margin:.4em 0}</style></head><body><main><h1>forum-map</h1>"
        "<p>World maps of who took part in international forums and which countries their coverage mentions. "
        "Each map has its CSV beside it: the number behind every colour.</p>"
        + "".join(items)
        + "</main></body></html>\n"
    )


def _planned_paths(forums: list[LoadedForum], png: bool, export: str | None) -> list[str]:
    """Every file the build of ``forums`` writes, relative to the output folder (the index aside)."""
    suffixes = (".html", ".csv") + ((".png",) if png else ()) + ((f".{export}",) if export else ())
    return [f"{f.forum.id}/{spec.id}{suffix}" for f in forums for spec in f.forum.maps for suffix in suffixes]


def _forum_record(forum: Forum, built: list[BuiltMap], rows: tuple[tuple[str, str], ...]) -> ForumRecord:
    maps = tuple(MapRecord(b.spec.title, b.spec.description, b.html_path, b.csv_path) for b in built)
    return ForumRecord(forum.id, forum.title, maps, rows)


def _map_files(
    loaded: LoadedForum,
    spec: MapSpec,
    documents: list[Document],
    panel: tuple[str, ...],
    *,
    png: bool,
    tiles: str | None,
    export: str | None,
    base_url: str = "",
) -> dict[str, str | bytes]:
    """The files of one map of a forum, by path relative to the output folder: page, CSV, picture, GIS export."""
    forum = loaded.forum
    geometry, _ = _basemap()
    shown = map_layers(loaded, spec, documents)
    base, subtitle = f"{forum.id}/{spec.id}", _subtitle(forum, spec)
    date = forum.date.isoformat() if forum.date else ""
    frame = KINDS[spec.kind].csv_frame(shown)
    articles = spec.kind in ARTICLE_KINDS
    links = PageLinks(
        f"{spec.id}.csv",
        f"{spec.id}.png" if png else "",
        "../index.html",
        f"{spec.id}.html",
        sources=() if articles else tuple((s.name, s.url) for s in MapInput(forum, spec, {}, {}).sources),
        articles=_article_files(forum, documents) if articles else (),
        base=f"{base_url}{forum.id}/" if base_url else "",
    )
    page = render_map(
        geometry,
        shown,
        title=spec.title,
        subtitle=subtitle,
        source_line=shown[0].source,
        panel=panel,
        date=date,
        tiles=tiles,
        data=frame,
        links=links,
    )
    files: dict[str, str | bytes] = {f"{base}.html": page, f"{base}.csv": csv_text(frame)}
    if png:
        from geo.picture import render_png  # matplotlib is imported only when pictures are asked for

        files[f"{base}.png"] = render_png(geometry, shown[0], title=spec.title, subtitle=subtitle, date=date)
    if export:
        from geo.export import export_bytes

        files[f"{base}.{export}"] = export_bytes(frame, export, spec.id)
    return files


def build(
    out: Path,
    forum_names: list[str] | None = None,
    progress: Callable[[str], None] = lambda _m: None,
    *,
    png: bool = False,
    tiles: str | None = None,
    report: Report = lambda _m: None,
    notice: Report = lambda _m: None,
    export: str | None = None,
    base_url: str = "",
) -> list[BuiltMap]:
    """Build every map of the chosen forums into ``out``; returns what was built. Input and output folder are
    checked before any work; the forums' files replace their earlier ones, other forums' stay (see geo.output).
    ``png`` also writes a picture of each map (its first layer); ``tiles`` names an xyzservices basemap drawn under
    the countries; ``export`` ("gpkg" or "geojson") writes each map's numbers joined to the boundaries, for GIS;
    ``base_url`` (see ``published_base``) is where ``out`` will be published, for the pages' preview tags and embed
    snippets.
    ``report`` hears each file removed, ``notice`` that another build is waited for."""
    check_output_folder(out)
    if base_url:
        try:
            base_url = published_base(base_url)
        except ValueError as err:
            raise BuildError(f"--base-url: {err}") from None
    if tiles:
        try:
            tile_layer(tiles)
        except ValueError as err:
            raise BuildError(f"--tiles: {err}") from None
    forums = load_forums(forum_names)
    check_output_folder(out, _planned_paths(forums, png, export))
    pages: dict[str, str | bytes] = {}
    built: list[BuiltMap] = []
    records = []
    for loaded in forums:
        forum = loaded.forum
        documents = forum_documents(forum)
        found, counts, reported = forum_claims(documents), data_counts(forum, loaded.tables), reported_counts(forum)
        panel = claims.panel_lines(found, counts, reported)
        first = len(built)
        for spec in forum.maps:
            progress(f"{forum.id}/{spec.id}")
            pages.update(
                _map_files(loaded, spec, documents, panel, png=png, tiles=tiles, export=export, base_url=base_url)
            )
            built.append(BuiltMap(forum, spec, f"{forum.id}/{spec.id}.html", f"{forum.id}/{spec.id}.csv"))
        if built[first:]:  # a forum without maps has no place in the index
            records.append(_forum_record(forum, built[first:], _claim_rows(found, counts, reported)))

    commit_outputs(out, pages, records, _index_html, report=report, notice=notice)
    return built


def table_map_files(
    joined,
    *,
    title: str,
    source: str,
    scheme: str | None = None,
    k: int = 5,
    breaks: list[float] | None = None,
    categorical: bool = False,
    png: bool = False,
    export: str | None = None,
) -> dict[str, str | bytes]:
    """The files of a map of a user's table (a :class:`geo.table.Joined`), by kind: ``page``, ``csv`` (the
    join), and ``png`` and ``export`` when asked for; nothing is written here."""
    from geo.table import join_csv
    from geo.values import values_layer

    geometry, names = _basemap()
    layer = values_layer(
        joined.frame,
        joined.value_column,
        names,
        title=title,
        source=source,
        scheme=scheme,
        k=k,
        breaks=breaks,
        categorical=categorical,
        left_out=len(joined.left_out),
    )
    subtitle = f"{len(joined.frame)} countries" + (
        f", {len(joined.left_out)} row(s) left out" if joined.left_out else ""
    )
    files: dict[str, str | bytes] = {
        "page": render_map(geometry, [layer], title=title, subtitle=subtitle, source_line=layer.source),
        "csv": join_csv(joined, layer.table["label"]),
    }
    if png:
        from geo.picture import render_png

        files["png"] = render_png(geometry, layer, title=title, subtitle=subtitle, date="")
    if export:
        from geo.export import export_bytes

        frame = joined.frame.reset_index()
        frame.insert(2, "class", [layer.table["label"].get(iso3, "") for iso3 in frame["iso3"]])
        files["export"] = export_bytes(frame, export)
    return files


def corpus_coverage(
    paths: list[str], by: str = "month", date: dt.date | None = None, langs: tuple[str, ...] = ()
) -> Coverage:
    """Mentions per period and country in the documents below ``paths``, each dated by its own date (a
    JSON-lines or CSV ``date``, else the first date written in its text, else ``date``); undated documents are
    counted apart. ``langs``: the language of each path (default: detected). An input that cannot be read is a
    BuildError: a forum's map must not silently lose articles."""
    from geo.corpus import ReadOptions, plan_sources
    from geo.engine import EngineError, Job, run

    problems: list[str] = []
    coverage = Coverage(by)
    groups = [(list(paths), "auto")] if not langs else [([path], lang) for path, lang in zip(paths, langs, strict=True)]
    for group, lang in groups:
        sources = list(plan_sources(group, error=problems.append))
        try:
            for result in run(sources, Job(ReadOptions(date, lang=lang)), warn=_warn, error=problems.append):
                coverage.add(result)
        except EngineError as err:  # (a worker process that died)
            raise BuildError(str(err)) from None
    if problems:
        raise BuildError("; ".join(problems))
    return coverage


def _warn(message: str) -> None:
    print(f"forum-map: warning: {message}", file=sys.stderr)


def coverage_layers(coverage: Coverage, source: str) -> list[layers.Layer]:
    """One layer per period of ``coverage`` (empty periods included), coloured alike; BuildError when undated."""
    _, names = _basemap()
    periods = coverage.periods()
    if not periods:
        raise BuildError(
            "no document carries a date: a map over time needs dated articles "
            "(a 'date' field in JSON lines or CSV, or a full date written in the text)"
        )
    undated = f"; {layers.plural(coverage.undated, 'undated document')} left out" if coverage.undated else ""
    counts = {period: coverage.counts(period) for period in periods}
    return period_layers(periods, counts, names, source + undated)


def coverage_page(coverage: Coverage, *, title: str, subtitle: str, source: str) -> tuple[str, str]:
    """A map page stepping through the periods of ``coverage``, and the CSV of its series."""
    geometry, _ = _basemap()
    period_layers_ = coverage_layers(coverage, source)
    frame = periods_csv_frame(period_layers_)
    page = render_map(
        geometry, period_layers_, title=title, subtitle=subtitle, source_line=period_layers_[0].source, data=frame
    )
    return page, csv_text(frame)
