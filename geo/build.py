"""Orchestration: forums → validated tables → layers → HTML + CSV in the output folder, written atomically."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import signal
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from geo import claims, gazetteer, layers
from geo.boundaries import Basemap, web_basemap
from geo.corpus import Document, ReadOptions, read_documents
from geo.coverage import Coverage
from geo.errors import BuildError
from geo.forums import Forum, LoadedForum, MapSpec, data_counts, load_forums, reported_counts
from geo.kinds import KINDS, MapInput
from geo.kinds.mentions import period_layers, periods_csv_frame
from geo.page import PageLinks
from geo.render import render_map, tile_layer
from geo.safe import escape

MANIFEST = ".forum-map-manifest.json"
# Kinds whose maps count the forum's articles: their page lists the articles' files, not the forum's sources.
ARTICLE_KINDS = ("mentions",)


@dataclass(frozen=True, slots=True)
class BuiltMap:
    forum: Forum
    spec: MapSpec
    html_path: str  # relative to the output folder
    csv_path: str


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _stage(path: Path, data: str | bytes) -> Path:
    """The content in a temporary file beside ``path`` (same folder, so the final rename is atomic)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600; outputs are meant to be shared like any file
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write via a temporary file in the same folder and a rename: readers see the old file or the new one."""
    tmp = _stage(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def _signals_held():
    """Hold SIGINT/SIGTERM while the outputs are renamed into place, so an interrupt never leaves a mix."""
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def commit_outputs(out: Path, pages: dict[str, str | bytes]) -> None:
    """Write every page into ``out`` all or nothing, then the manifest; remove what only the last build wrote.

    A file that is already there and that no earlier build wrote is the user's: we refuse to overwrite it.
    """
    previous = _previous_manifest(out)
    theirs = sorted(rel for rel in pages if (out / rel).exists() and rel not in previous)
    if theirs:
        listed = ", ".join(str(out / rel) for rel in theirs[:5]) + (" …" if len(theirs) > 5 else "")
        raise BuildError(
            f"{listed}: already there and not written by forum-map (no entry in {out / MANIFEST}); "
            "move it away or choose another --out"
        )
    staged: list[tuple[Path, Path]] = []
    try:
        for relative, content in pages.items():
            # Each file is staged and recorded whole; a signal that came meanwhile is raised when the block
            # ends, and the clean-up below then sees every temporary file.
            with _signals_held():
                staged.append((_stage(out / relative, content), out / relative))
        with _signals_held():
            for tmp, final in staged:
                os.replace(tmp, final)
            for stale in sorted(previous - pages.keys()):
                with contextlib.suppress(FileNotFoundError):
                    (out / stale).unlink()
            write_atomic(out / MANIFEST, json.dumps({"files": sorted(pages)}, indent=1) + "\n")
    except BaseException:
        for tmp, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        raise


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(cell: object) -> object:
    """A text cell a spreadsheet would run as a formula (``=HYPERLINK(...)``, ``@SUM``, ``-2+3``) gets a
    leading apostrophe so that it is shown as text; numbers and other cells pass unchanged.

    >>> neutralise_formula("=1+1"), neutralise_formula("Kazakhstan"), neutralise_formula(-3)
    ("'=1+1", 'Kazakhstan', -3)
    """
    if isinstance(cell, str) and cell.startswith(FORMULA_PREFIXES):
        return "'" + cell
    return cell


def csv_text(frame: pd.DataFrame) -> str:
    """The CSV of a map's table, with every text cell safe to open in a spreadsheet."""
    return frame.map(neutralise_formula).to_csv(index=False, lineterminator="\n")


def check_output_folder(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise BuildError(f"--out {out}: is a file, not a folder")
    probe = out if out.exists() else next((p for p in out.parents if p.exists()), Path("."))
    if not os.access(probe, os.W_OK | os.X_OK):
        raise BuildError(f"--out {out}: folder {probe} cannot be written")


@cache
def _basemap() -> tuple[Basemap, dict[str, str]]:
    basemap = web_basemap()
    gaz = gazetteer.load()
    names = {iso3: (gaz.country_name(iso3) or name) for iso3, name in basemap.names.items()}
    return basemap, names


def forum_documents(forum: Forum) -> list[Document]:
    """The forum's articles, read once per build and shared by its mentions maps and its claims."""
    problems: list[str] = []
    documents = list(
        read_documents(
            [str(p) for p in forum.corpus],
            options=ReadOptions(forum.date, column_hint=""),
            warn=_warn,
            error=problems.append,
        )
    )
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


def _claims_html(found: list[claims.Claim], counts: dict[str, str], reported: dict[tuple[str, str], str]) -> str:
    """The coverage's participation claims, each with its sentence and the data's own count beside it."""
    if not found:
        return ""
    rows = "".join(
        f"<li><b>{escape(line)}</b><br><q>{escape(claim.sentence)}</q></li>"
        for claim in found
        for line in claims.panel_lines([claim], counts, reported)
    )
    return f"<h3>What the coverage claims, beside the data</h3><ul class=claims>{rows}</ul>"


def _index_html(built: list[BuiltMap], claims_html: dict[str, str] | None = None) -> str:
    items = []
    for forum_id in dict.fromkeys(b.forum.id for b in built):
        maps = [b for b in built if b.forum.id == forum_id]
        forum = maps[0].forum
        rows = "".join(
            f'<li><a href="{escape(b.html_path)}">{escape(b.spec.title)}</a> — '
            f'{escape(b.spec.description)} (<a href="{escape(b.csv_path)}">CSV</a>)</li>'
            for b in maps
        )
        extra = (claims_html or {}).get(forum_id, "")
        items.append(f"<section><h2>{escape(forum.title)}</h2><ul>{rows}</ul>{extra}</section>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>forum-map</title>'
        "<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}"
        "li{margin:.4em 0}</style></head><body><main><h1>forum-map</h1>"
        "<p>World maps of who took part in international forums and which countries their coverage mentions. "
        "Each map has its CSV beside it: the number behind every colour.</p>"
        + "".join(items)
        + "</main></body></html>\n"
    )


def _map_files(
    forum: Forum,
    spec: MapSpec,
    shown: list[layers.Layer],
    documents: list[Document],
    panel: tuple[str, ...],
    png: bool,
    tiles: str | None,
) -> dict[str, str | bytes]:
    """One map's page, CSV and (``png``) picture, by their paths in the output folder."""
    geometry, _ = _basemap()
    subtitle, date = _subtitle(forum, spec), forum.date.isoformat() if forum.date else ""
    frame = KINDS[spec.kind].csv_frame(shown)
    articles = spec.kind in ARTICLE_KINDS
    links = PageLinks(
        f"{spec.id}.csv",
        f"{spec.id}.png" if png else "",
        "../index.html",
        f"{spec.id}.html",
        sources=() if articles else tuple((s.name, s.url) for s in MapInput(forum, spec, {}, {}).sources),
        articles=_article_files(forum, documents) if articles else (),
    )
    base = f"{forum.id}/{spec.id}"
    files: dict[str, str | bytes] = {
        f"{base}.html": render_map(
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
        ),
        f"{base}.csv": csv_text(frame),
    }
    if png:
        from geo.picture import render_png  # matplotlib is imported only when pictures are asked for

        files[f"{base}.png"] = render_png(geometry, shown[0], title=spec.title, subtitle=subtitle, date=date)
    return files


def _previous_manifest(out: Path) -> set[str]:
    """Files the last build wrote into ``out``; only plain relative paths inside ``out`` are believed."""
    try:
        files = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return set()
    return {f for f in files if isinstance(f, str) and not Path(f).is_absolute() and ".." not in Path(f).parts}


def build(
    out: Path,
    forum_names: list[str] | None = None,
    progress: Callable[[str], None] = lambda _m: None,
    *,
    png: bool = False,
    tiles: str | None = None,
) -> list[BuiltMap]:
    """Build every map of the chosen forums into ``out``; returns what was built.

    All input is validated before anything is written. Files in ``out`` that an earlier build did not write
    are never touched; files the previous build wrote and this one does not are removed. ``png`` also writes a
    picture of each map (its first layer); ``tiles`` names an xyzservices basemap drawn under the countries.
    """
    check_output_folder(out)
    if tiles:
        try:
            tile_layer(tiles)
        except ValueError as err:
            raise BuildError(f"--tiles: {err}") from None
    forums = load_forums(forum_names)
    pages: dict[str, str | bytes] = {}
    built = []
    claims_html = {}
    for loaded in forums:
        forum = loaded.forum
        documents = forum_documents(forum)
        found, counts, reported = forum_claims(documents), data_counts(forum, loaded.tables), reported_counts(forum)
        panel = claims.panel_lines(found, counts, reported)
        claims_html[forum.id] = _claims_html(found, counts, reported)
        for spec in forum.maps:
            progress(f"{forum.id}/{spec.id}")
            pages.update(_map_files(forum, spec, map_layers(loaded, spec, documents), documents, panel, png, tiles))
            built.append(BuiltMap(forum, spec, f"{forum.id}/{spec.id}.html", f"{forum.id}/{spec.id}.csv"))
    pages["index.html"] = _index_html(built, claims_html)

    commit_outputs(out, pages)
    return built


def corpus_coverage(paths: list[str], by: str = "month", date: dt.date | None = None) -> Coverage:
    """Mentions per period and country in the documents below ``paths``, each dated by its own date (a
    JSON-lines or CSV ``date``, else the first date written in its text, else ``date``); undated documents are
    counted apart. An input that cannot be read is a BuildError: a forum's map must not silently lose articles."""
    from geo.corpus import ReadOptions, plan_sources
    from geo.engine import Job, run

    problems: list[str] = []
    coverage = Coverage(by)
    sources = list(plan_sources(paths, error=problems.append))
    for result in run(sources, Job(ReadOptions(date)), warn=_warn, error=problems.append):
        coverage.add(result)
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
