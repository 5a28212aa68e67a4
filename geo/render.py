"""One self-contained HTML map page (folium + our inlined page code) from the basemap and one or more layers."""

from __future__ import annotations

import json
import numbers
import re
from collections.abc import Sequence

import folium
import pandas as pd
import shapely
import xyzservices
from branca.element import Element, Figure, MacroElement

from geo import assets, gazetteer
from geo.boundaries import BOUNDARIES_NOTE, Basemap, DisputedArea
from geo.evidence import Snippet
from geo.layers import (
    NO_DATA_COLOR,
    NO_DATA_LABEL,
    Layer,
    LegendEntry,
    date_label,
    legend_entries,
    legend_heading,
    legend_notes,
    plural,
)
from geo.page import NOSCRIPT_HTML, PageLinks, data_table_html, links_html, meta_html
from geo.projection import ANTARCTICA, EQUAL_EARTH_CRS, FOLIUM_CRS, WEB_MERCATOR_CRS, clearances
from geo.safe import escape

OCEAN_COLOR = "#dfe9f2"
FILL_OPACITY = 0.95
FILL_OPACITY_OVER_TILES = 0.75


def script_json(data: object) -> str:
    """Compact JSON that is safe inside a <script> block: no "<", ">" or "&" survives as such.

    >>> script_json({"a": "</script><b>&"})
    '{"a":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def encode_arc(deltas: Sequence[Sequence[int]]) -> str:
    """A delta-encoded arc as text, with the polyline algorithm (zigzag, 5-bit groups, +63): about three
    characters per point instead of ten in JSON. The page decodes it (geo/static/map.js).

    >>> encode_arc([[0, 0], [1, -1], [-16, 500]])
    '??A@^g^'
    """
    out = []
    for pair in deltas:
        for value in pair:
            value = ~(value << 1) if value < 0 else value << 1
            while value >= 32:
                out.append(chr((32 | (value & 31)) + 63))
                value >>= 5
            out.append(chr(value + 63))
    return "".join(out)


def _is_number(value: object) -> bool:
    if isinstance(value, str):
        return value.isdigit()
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def value_text(value: object, label: str, units: str) -> str:
    """What the tooltip says a country's value is: a number with its units and class, or the category.

    >>> value_text(12, "8–15", "mentions")
    '12 mentions (class 8–15)'
    >>> value_text("head_of_state", "head of state", "level of attendance")
    'head of state'
    >>> value_text("2017", "2016–2017", "year joined")
    'year joined 2017 (class 2016–2017)'
    """
    if not _is_number(value):
        return label
    shown = f"{units} {value}" if units.startswith("year") else f"{value} {units}".strip()
    return shown if label in ("", str(value)) else f"{shown} (class {label})"


def _evidence_html(snippets: Sequence[Snippet]) -> str:
    items = "".join(
        f"<li>“{escape(s.before)}<mark>{escape(s.match)}</mark>{escape(s.after)}”"
        + (f" <cite>{escape(s.document)}</cite>" if s.document else "")
        + "</li>"
        for s in snippets
    )
    return f'<ul class="fm-evidence">{items}</ul>' if items else ""


def tooltip_html(iso3: str, name: str, layer: Layer) -> str:
    """The tooltip of one country in one layer; every piece of text escaped here, whatever file it came from."""
    head = f'<strong>{escape(name)}</strong> <span class="fm-iso">{escape(iso3)}</span>'
    if iso3 not in layer.table.index:
        return f"{head}<div>{NO_DATA_LABEL}</div>"
    row = layer.table.loc[iso3]
    parts = [head, f"<div>{escape(value_text(row['value'], str(row['label']), layer.units))}</div>"]
    rank = row.get("rank", "")
    if rank != "" and not pd.isna(rank):
        of = row.get("rank_of", "")
        parts.append(f"<div>rank {int(rank)}" + (f" of {int(of)}" if of != "" else "") + "</div>")
    if str(row["detail"]):
        parts.append(f"<div>{escape(str(row['detail']))}</div>")
    evidence = row.get("evidence", ())
    if isinstance(evidence, tuple) and evidence:
        parts.append(_evidence_html(evidence))
    source = row.get("source", "")
    if isinstance(source, str) and source:
        parts.append(f'<div class="fm-src">source: {escape(source)}</div>')
    return "".join(parts)


def _layer_data(layer: Layer, names: dict[str, str], drawn: Sequence[str]) -> dict:
    colors = list(dict.fromkeys([e.color for e in layer.legend] + [NO_DATA_COLOR]))
    values = {}
    for iso3 in drawn:
        color = str(layer.table.at[iso3, "color"]) if iso3 in layer.table.index else NO_DATA_COLOR
        if color not in colors:
            colors.append(color)
        values[iso3] = {"color": colors.index(color), "tip": tooltip_html(iso3, names[iso3], layer)}
    return {"id": layer.id, "colors": colors, "values": values}


def _legend_html(
    layer: Layer, index: int, source_line: str, date: str, several: bool, left_out: frozenset[str] = frozenset()
) -> str:
    """A layer's legend; the count beside each class is of the countries drawn (not those ``left_out``)."""
    left_out_labels = layer.table.loc[[iso3 for iso3 in left_out if iso3 in layer.table.index], "label"].tolist()

    def item(e: LegendEntry | None) -> str:
        count = e.count - left_out_labels.count(e.label) if e is not None else 0
        if e is None or (e.label == NO_DATA_LABEL and count == 0):
            return (
                f'<li><span class="fm-swatch fm-nodata" style="background:{NO_DATA_COLOR}"></span>{NO_DATA_LABEL}</li>'
            )
        return (
            f'<li><span class="fm-swatch{" fm-nodata" if e.color == NO_DATA_COLOR else ""}" '
            f'style="background:{escape(e.color)}"></span>{escape(e.label)} '
            f"<small>({plural(count, 'country', 'countries')})</small></li>"
        )

    items = "".join(item(e) for e in legend_entries(layer))
    notes = legend_notes(layer, source_line) + ([date_label(date)] if date else [])
    hidden = "" if index == 0 else " hidden"
    # The page's title is the map's; a legend names its layer only where a switcher offers several.
    named = f"{escape(layer.title)}: " if several else ""
    return (
        f'<div class="fm-legend fm-box" data-layer="{index}"{hidden}>'
        f"<h2>{named}{escape(legend_heading(layer))}</h2><ul>{items}</ul>"
        + "".join(f"<p>{escape(note)}</p>" for note in notes)
        + "</div>"
    )


def _layer_switcher(layers: Sequence[Layer]) -> str:
    if len(layers) < 2:
        return ""
    options = "".join(
        f'<label><input type="radio" name="fm-layer" value="{i}"{" checked" if i == 0 else ""}> '
        f"{escape(layer.title)}</label>"
        for i, layer in enumerate(layers)
    )
    # A form of its own: radios of one name are one group per form, so each map on a page keeps its own choice.
    return (
        f'<form class="fm-switch"><fieldset class="fm-layers fm-box"><legend>Show</legend>{options}</fieldset></form>'
    )


# No element ids: the page code finds these by class inside the map's container, so two maps can share a page.
SEARCH_HTML = (
    '<form class="fm-search fm-box" role="search">'
    '<label><span>Find a country</span><input class="fm-q" type="search" placeholder="name or ISO code" '
    'autocomplete="off"></label> <button type="submit">Go</button>'
    '<output class="fm-message" aria-live="polite"></output></form>'
)


def _panel_html(panel: Sequence[str]) -> str:
    if not panel:
        return ""
    return (
        f'<details class="fm-panel fm-box"><summary>About the data ({len(panel)})</summary><ul>'
        + "".join(f"<li>{escape(line)}</li>" for line in panel)
        + "</ul></details>"
    )


def chrome_html(
    layers: Sequence[Layer],
    title: str,
    subtitle: str,
    source_line: str,
    panel: Sequence[str] = (),
    date: str = "",
    extra: str = "",
    left_out: frozenset[str] = frozenset(),
) -> str:
    """What the page shows around a map: a header (title, subtitle, and on narrow screens the button that opens
    the rest), the search box, a legend per layer, the layer switcher, the info panel, and ``extra`` markup
    (links, built by the caller and escaped there). The page code looks for them beside the map's element, in
    the same container."""
    return (
        f'<header class="fm-title"><div><h1>{escape(title)}</h1><p>{escape(subtitle)}</p></div>'
        '<button class="fm-toggle" type="button" aria-expanded="false">Key &amp; search</button></header>'
        '<aside class="fm-controls" aria-label="Key, search and notes">'
        + SEARCH_HTML
        + '<div class="fm-side">'
        + "".join(
            _legend_html(layer, i, source_line, date, len(layers) > 1, left_out) for i, layer in enumerate(layers)
        )
        + _layer_switcher(layers)
        + _panel_html(panel)
        + extra
        + "</div></aside>"
    )


class Raw(Element):
    """Markup put into the page as is. branca's Element would read its text as a Jinja template, so a
    ``{{`` in a forum's title or in an inlined library would be evaluated."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class ForumMap(MacroElement):
    """The page code as a folium element, as folium's plugins are made: added to a ``folium.Map``, it inlines
    Leaflet (unless the map loads its own), the page's CSS and JS, the chrome (title, search, legends) and the
    call that draws the countries. Rendered as raw text: MacroElement would read its output as a Jinja template
    again, and the data (arcs as text, names) may hold ``{{``."""

    def __init__(self, data: str, chrome: str, *, leaflet: bool = True):
        super().__init__()
        self._name = "ForumMap"
        self.data, self.chrome, self.leaflet = data, chrome, leaflet

    def attach(self, figure: Figure) -> None:
        """Put the styles, scripts and chrome into ``figure``; done again when rendered (the same names replace,
        in place), so a page is the same whether it was attached before rendering or only by rendering."""
        header = figure.header
        if self.leaflet:
            header.add_child(Raw(f"<style>{assets.leaflet_css()}</style>"), name="leaflet_css")
            header.add_child(Raw(f"<script>{assets.leaflet_js()}</script>"), name="leaflet_js")
        header.add_child(
            Raw(f"<style>:root {{ --fm-ocean: {OCEAN_COLOR}; }}\n{assets.page_css()}</style>"), name="page_css"
        )
        header.add_child(Raw(f"<script>{assets.page_js()}</script>"), name="page_js")
        figure.html.add_child(Raw(self.chrome), name="chrome")

    def render(self, **kwargs) -> None:
        root = self.get_root()
        if isinstance(root, Figure):
            self.attach(root)
            call = f"forumMap({self._parent.get_name()}, {self.data});"
            root.script.add_child(Raw(call), name=self.get_name())


def search_data(codes: Sequence[str]) -> dict:
    """The names the search box finds, as ``forum-map resolve`` does, for the countries on the map: per ISO3
    code its lookup keys, the keys several countries share, and how names are folded into keys."""
    names, shared = gazetteer.load().search_names(frozenset(codes))
    keys: dict[str, list[str]] = {}
    for key, iso3 in names.items():
        keys.setdefault(iso3, []).append(key)
    return {"keys": keys, "shared": shared, **gazetteer.key_rules()}


def _lat_lng_rings(geometry: shapely.Geometry) -> list[list[list[list[float]]]]:
    """Polygons as lists of rings of [latitude, longitude] rounded to 0.01° (about 1 km), as Leaflet takes them."""
    return [
        [[[round(y, 2), round(x, 2)] for x, y in ring.coords] for ring in (polygon.exterior, *polygon.interiors)]
        for polygon in shapely.get_parts(geometry)
    ]


def disputed_data(areas: Sequence[DisputedArea]) -> list[dict]:
    """The areas drawn hatched: their shape, the country whose tooltip they show, and their note (escaped)."""
    return [
        {
            "country": area.country or "",
            "name": area.name,
            "note": f'<div class="fm-dispute"><strong>{escape(area.name)}</strong>: {escape(area.note)}</div>',
            "polygons": _lat_lng_rings(area.geometry),
        }
        for area in areas
    ]


def page_data(
    basemap: Basemap, layers: Sequence[Layer], fill_opacity: float = FILL_OPACITY, *, antarctica: bool = False
) -> dict:
    """Everything the page draws: the topology once, one record per country, one style table per layer
    (per country its colour, an index into the layer's ``colors``, and its tooltip). Antarctica, a third of
    the frame's height for no forum's data, is drawn only when ``antarctica`` asks for it."""
    names = dict(basemap.names)
    for layer in reversed(layers):  # the layers' names (gazetteer) are the ones readers know; Natural Earth's
        for iso3, country in layer.table["country"].items():  # short names stay searchable as other names
            if iso3 in names and isinstance(country, str) and country:
                names[iso3] = country
    clearance = clearances(basemap)
    drawn = [
        iso3
        for iso3 in basemap.names
        if (basemap.topology["objects"].get(iso3) or iso3 in basemap.tiny) and (antarctica or iso3 != ANTARCTICA)
    ]
    countries = [
        {
            "iso3": iso3,
            "name": names[iso3],
            "other": basemap.names[iso3] if basemap.names[iso3] != names[iso3] else "",  # searchable too
            "polygons": basemap.topology["objects"].get(iso3, []),  # rings of arc indices (~i: arc i reversed)
            "anchor": list(basemap.anchors[iso3]),  # lon, lat: where a tooltip or marker goes
            "box": list(basemap.extents[iso3]),  # west, south, east, north
            "tiny": iso3 in basemap.tiny,  # also drawn as a marker, too small to find otherwise
            # per projection, zoom-0 pixels from the marker to a larger country's land
            "clear": {crs: clearance[crs][iso3] for crs in clearance if iso3 in clearance[crs]},
        }
        for iso3 in drawn
    ]
    return {
        "search": search_data(drawn),
        "topology": {
            "scale": basemap.topology["scale"],
            "translate": basemap.topology["translate"],
            "arcs": [encode_arc(arc) for arc in basemap.topology["arcs"]],
        },
        "countries": countries,
        "disputed": disputed_data(basemap.disputed),
        "boundaries": f"Boundaries: {BOUNDARIES_NOTE}",
        "layers": [_layer_data(layer, names, drawn) for layer in layers],
        "noDataColor": NO_DATA_COLOR,
        "fillOpacity": fill_opacity,
        "antarctica": antarctica,
    }


def _deterministic_ids(root: Element) -> None:
    """Replace branca's random element ids by their order in the tree, so two builds are byte-identical."""
    counter = 0

    def walk(element: Element) -> None:
        nonlocal counter
        element._id = f"{counter:08x}"
        counter += 1
        for child in list(element._children.values()):
            walk(child)

    walk(root)


def tile_layer(name: str) -> folium.TileLayer:
    """A basemap by its xyzservices name (``OpenStreetMap.Mapnik``, ``Esri.WorldGrayCanvas``); ValueError if unknown."""
    try:
        provider = xyzservices.providers.query_name(name)
    except ValueError:
        raise ValueError(f"unknown tile provider {name!r} (xyzservices names such as OpenStreetMap.Mapnik)") from None
    if provider.get("requires_token"):
        raise ValueError(f"tile provider {name!r} needs an API key; pick one that does not")
    return folium.TileLayer(tiles=provider, name=name, control=False)


def _meta(title: str, subtitle: str, links: PageLinks | None) -> str:
    if links is None:
        return meta_html(title, subtitle, "")
    return meta_html(title, subtitle, links.published(links.png), links.base + links.page if links.base else "")


def page_figure(
    basemap: Basemap,
    layers: Sequence[Layer],
    *,
    title: str,
    subtitle: str,
    source_line: str,
    panel: tuple[str, ...] = (),
    date: str = "",
    tiles: str | None = None,
    fmap: folium.Map | None = None,
    data: pd.DataFrame | None = None,
    links: PageLinks | None = None,
    antarctica: bool = False,
) -> tuple[Figure, folium.Map]:
    """The page's figure and its map, not rendered yet (see :func:`render_map`); a ``fmap`` given keeps its own
    Leaflet, tiles, projection and figure, and gets the countries, legends and search added. A map of our own is
    in Equal Earth, as the pictures are, unless ``tiles`` (Web Mercator only) are drawn under it."""
    figure = Figure(title=escape(title)) if fmap is None or not isinstance(fmap.get_root(), Figure) else None
    own = fmap is None
    if own:
        fmap = folium.Map(
            location=[20, 10],
            zoom_start=2,
            min_zoom=1,
            tiles=None,
            world_copy_jump=False,
            control_scale=False,
            crs=FOLIUM_CRS[WEB_MERCATOR_CRS if tiles else EQUAL_EARTH_CRS],
        )
        fmap.default_js = []
        fmap.default_css = []
    if figure is not None:
        figure.add_child(fmap)
    figure = fmap.get_root()
    if tiles:
        tile_layer(tiles).add_to(fmap)
    opacity = FILL_OPACITY_OVER_TILES if tiles or not own else FILL_OPACITY
    element = ForumMap(
        script_json(page_data(basemap, layers, opacity, antarctica=antarctica)),
        chrome_html(
            layers,
            title,
            subtitle,
            source_line,
            panel,
            date,
            links_html(links, title) if links else "",
            frozenset() if antarctica else frozenset({ANTARCTICA}),
        ),
        leaflet=own,
    )
    element.attach(figure)
    figure.header.add_child(Raw(_meta(title, subtitle, links) + NOSCRIPT_HTML), name="page_meta")
    if data is not None:
        figure.html.add_child(Raw(data_table_html(data, f"{title}: the data behind the map")), name="data")
    fmap.add_child(element, name="forum_map")
    return figure, fmap


def render_map(
    basemap: Basemap,
    layers: Sequence[Layer],
    *,
    title: str,
    subtitle: str,
    source_line: str,
    panel: tuple[str, ...] = (),
    date: str = "",
    tiles: str | None = None,
    lang: str = "en",
    data: pd.DataFrame | None = None,
    links: PageLinks | None = None,
    antarctica: bool = False,
) -> str:
    """A complete HTML page that loads nothing from the network (unless ``tiles`` names a basemap): one shared
    geometry, the first layer shown, a switcher for the others, a legend per layer, a search box, title, source
    line and an info panel whose lines (plain text, escaped here) say more about the data. ``data`` (the map's
    CSV rows) becomes a table for screen readers and readers without JavaScript; ``links`` name the page's CSV,
    picture and index, shown with an embed snippet and in the social preview tags. The world is drawn in Equal
    Earth (Web Mercator under ``tiles``) without Antarctica, unless ``antarctica``."""
    figure, _ = page_figure(
        basemap,
        layers,
        title=title,
        subtitle=subtitle,
        source_line=source_line,
        panel=panel,
        date=date,
        tiles=tiles,
        data=data,
        links=links,
        antarctica=antarctica,
    )
    _deterministic_ids(figure)
    return _page_head(figure.render(), lang)


# folium's template forbids zooming the page (pinch zoom on phones) and branca's names no language.
_FOLIUM_VIEWPORT = re.compile(r'<meta name="viewport" content="[^"]*user-scalable=no[^"]*"\s*/?>')
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'


def _page_head(page: str, lang: str) -> str:
    """The rendered page with its language, a viewport that lets a reader zoom, and one viewport tag only."""
    page = _FOLIUM_VIEWPORT.sub("", page)
    page = page.replace("<html>", f'<html lang="{escape(lang)}">', 1)
    return page.replace("<head>", f"<head>\n    {VIEWPORT}", 1)
