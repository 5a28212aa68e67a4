"""The Python API (``import geo``): names to countries, country mentions in text, boundaries, and the map page
as a folium map. Importing it loads neither geopandas, folium nor shapely: the map functions do, when called."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    import folium
    import geopandas

    from geo.forums import LoadedForum

RESOLVE_COLUMNS = ["name", "iso3", "country", "kind"]
MENTION_COLUMNS = ["document", "start", "end", "surface", "iso3", "kind"]
COUNT_COLUMNS = ["document", "iso3", "country", "mentions", "forms"]
LANGUAGES = ("auto", "en")  # the extraction's rules are English ones (geo/extract)


def resolve(names: Iterable[str]) -> pd.DataFrame:
    """Each name with the country it stands for (``iso3``, common name, kind of form); empty cells where none.

    >>> geo_resolve = resolve(["Lao PDR", "Korea, Rep.", "Atlantis"])
    >>> geo_resolve.values.tolist()
    [['Lao PDR', 'LAO', 'Laos', 'short'], ['Korea, Rep.', 'KOR', 'South Korea', 'name'], ['Atlantis', '', '', '']]
    """
    from geo.gazetteer import load

    gaz = load()
    rows = []
    for name in names:
        found = gaz.resolve(name)
        rows.append([name, found.iso3, found.country, found.kind] if found else [name, "", "", ""])
    return pd.DataFrame(rows, columns=RESOLVE_COLUMNS, dtype=object)


def resolve_one(name: str) -> str | None:
    """The ISO 3166-1 alpha-3 code a name stands for, or None.

    >>> resolve_one("Türkiye"), resolve_one("Republic of Korea"), resolve_one("Man")
    ('TUR', 'KOR', None)
    """
    from geo.gazetteer import load

    found = load().resolve(name)
    return found.iso3 if found else None


def _documents(texts_or_paths: str | os.PathLike | Iterable | Mapping, date: dt.date | None):
    """(id, text, date) of each text given, or Documents read from each path (file or folder) given."""
    from geo.corpus import ReadOptions, read_documents

    if isinstance(texts_or_paths, Mapping):
        items = [(str(k), v) for k, v in texts_or_paths.items()]
    elif isinstance(texts_or_paths, (str, os.PathLike)):
        items = [("0", texts_or_paths)]
    else:
        items = [(str(i), v) for i, v in enumerate(texts_or_paths)]
    problems: list[str] = []
    for doc_id, item in items:
        is_path = isinstance(item, os.PathLike) or (
            isinstance(item, str) and "\n" not in item and len(item) < 4096 and Path(item).exists()
        )
        if is_path:
            options = ReadOptions(date, column_hint="")
            yield from read_documents([str(item)], options=options, warn=lambda _m: None, error=problems.append)
        else:
            yield doc_id, str(item), date
    if problems:
        raise ValueError("; ".join(problems))


def _mention_rows(texts_or_paths, date: dt.date | None, lang: str):
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}: the rules read English text")
    from geo.corpus import Document, document_mentions

    documents = (
        item if isinstance(item, Document) else Document(item[0], item[1], item[2])
        for item in _documents(texts_or_paths, date)
    )
    return document_mentions(documents)


def mentions(
    texts_or_paths: str | os.PathLike | Iterable | Mapping, date: dt.date | None = None, lang: str = "auto"
) -> pd.DataFrame:
    """Every country mention: texts (a string, a list, or a mapping id → text; ids are the positions in a list)
    or paths of .txt, .jsonl, .csv files or folders (ids as ``forum-map extract`` gives them). ``date`` picks
    the leaders in office for documents that carry no date.

    >>> mentions(["Putin met Erdoğan in Sochi.", "Nothing here."], date=dt.date(2023, 10, 17)).values.tolist()
    [['0', 0, 5, 'Putin', 'RUS', 'leader'], ['0', 10, 17, 'Erdoğan', 'TUR', 'leader']]
    """
    rows = [(m.document, m.start, m.end, m.surface, m.iso3, m.kind) for m in _mention_rows(texts_or_paths, date, lang)]
    return pd.DataFrame(rows, columns=MENTION_COLUMNS)


def count_mentions(
    texts_or_paths: str | os.PathLike | Iterable | Mapping, date: dt.date | None = None, lang: str = "auto"
) -> pd.DataFrame:
    """Mentions per document and country, most mentioned first, with the forms found (``|``-separated), as
    ``forum-map extract`` counts them.

    >>> count_mentions({"a": "China and Russia; Chinese and Russian troops; China again."}).values.tolist()
    [['a', 'CHN', 'China', 3, 'China|Chinese'], ['a', 'RUS', 'Russia', 2, 'Russia|Russian']]
    """
    from geo.engine import CountryTally
    from geo.gazetteer import load

    tallies: dict[str, CountryTally] = {}
    for mention in _mention_rows(texts_or_paths, date, lang):
        tallies.setdefault(mention.document, CountryTally()).add(mention.iso3, mention.surface)
    name = load().country_name
    rows = [
        (document, c.iso3, name(c.iso3), c.mentions, "|".join(c.forms))
        for document, tally in tallies.items()
        for c in tally.countries()
    ]
    return pd.DataFrame(rows, columns=COUNT_COLUMNS)


def countries() -> geopandas.GeoDataFrame:
    """The countries the maps draw: Natural Earth admin-0 1:50m, index ``iso3``, ``name``, ``geometry``
    (EPSG:4326, split at the antimeridian; features without an ISO code folded or dropped as geo.boundaries says).

    >>> world = countries()
    >>> len(world) >= 236, world.index.is_unique, world.crs.to_epsg(), world.loc["KOR", "name"]
    (True, True, 4326, 'South Korea')
    """
    from geo.boundaries import load_countries

    return load_countries().copy()


def _frame(data, column: str) -> pd.DataFrame:
    """``data`` as the values layer wants it: index iso3, a ``country`` column, ``column`` and the others."""
    from geo.gazetteer import load

    if isinstance(data, pd.Series):
        frame = data.rename(column).to_frame()
    elif "iso3" in getattr(data, "columns", ()):
        frame = data.set_index("iso3")
    else:
        frame = data.copy()
    if column not in frame.columns:
        raise KeyError(f"no column {column!r}; columns: {', '.join(map(str, frame.columns))}")
    frame = frame.drop(columns=[c for c in ("geometry",) if c in frame.columns])
    frame.index = pd.Index([str(i) for i in frame.index], name="iso3")
    gaz = load()
    unknown = sorted(set(frame.index) - gaz.iso3_codes())
    if unknown:
        raise ValueError(f"not ISO 3166-1 alpha-3 codes: {', '.join(unknown[:10])} (geo.resolve turns names to codes)")
    if frame.index.has_duplicates:
        raise ValueError(
            "a country appears more than once: " + ", ".join(sorted(set(frame.index[frame.index.duplicated()])))
        )
    if "country" not in frame.columns:
        frame.insert(0, "country", [gaz.country_name(i) for i in frame.index])
    return frame


def explore(
    data: pd.DataFrame | pd.Series,
    column: str,
    scheme: str | None = None,
    k: int = 5,
    categorical: bool = False,
    title: str | None = None,
    m: folium.Map | None = None,
    tiles: str | None = None,
) -> folium.Map:
    """A folium map of ``column`` per country, as the forum maps draw it (legend, tooltips with every column,
    tiny states, search, "no data" apart from zero): ``data`` a DataFrame with an ``iso3`` column, a Series
    indexed by ISO3, or a GeoDataFrame indexed by ISO3 (its geometry is not used: the maps' own is). Parameters
    as ``GeoDataFrame.explore`` names them; ``m`` adds the countries to a map of yours (its Leaflet and tiles).

    >>> fmap = explore(pd.DataFrame({"iso3": ["RUS", "KOR"], "value": [40, 12]}), "value", title="Delegates")
    >>> type(fmap).__name__, "forumMap(" in fmap.get_root().render()
    ('Map', True)
    """
    from geo.build import _basemap
    from geo.render import page_figure
    from geo.values import values_layer

    basemap, names = _basemap()
    name = str(data.name) if isinstance(data, pd.Series) and data.name is not None else column
    label = title or f"{name} by country"
    layer = values_layer(_frame(data, column), column, names, title=label, scheme=scheme, k=k, categorical=categorical)
    _, fmap = page_figure(basemap, [layer], title=label, subtitle="", source_line=layer.source, tiles=tiles, fmap=m)
    return fmap


def to_html(m: folium.Map, path: str | os.PathLike) -> Path:
    """Write the page of a map made by :func:`explore`: one self-contained file, as ``forum-map build`` writes
    (atomically: the old file or the new one, never half of it).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     page = to_html(explore(pd.Series({"RUS": 40}), "value"), Path(folder) / "d.html")
    ...     "<script>" in page.read_text(encoding="utf-8") and "https://" not in page.read_text(encoding="utf-8")[:2000]
    True
    """
    from branca.element import Figure

    from geo.build import write_atomic
    from geo.render import _deterministic_ids

    root = m.get_root()
    if not isinstance(root, Figure):
        root = Figure()
        root.add_child(m)
    _deterministic_ids(root)
    target = Path(path)
    write_atomic(target, root.render())
    return target


def read_forum(path: str | os.PathLike) -> LoadedForum:
    """A forum folder (or a bundled forum's id) validated, with its tables as DataFrames (``.tables``) and its
    settings (``.forum``); ``geo.errors.ForumError`` lists every problem.

    >>> brf = read_forum("brf2023")
    >>> brf.forum.id, sorted(brf.tables)[:1], len(brf.tables["leaders"]) > 10
    ('brf2023', ['leaders'], True)
    """
    from geo.forums import load_forums

    return load_forums([str(path)])[0]
