"""World country boundaries (Natural Earth admin-0, 1:50m, as the UN draws them) indexed by ISO 3166-1 alpha-3,
the areas drawn apart as disputed, and the simplified, topology-preserving basemap every web map and picture draws.
The boundary policy is stated in data/boundaries/SOURCE.md."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd
import pycountry
import shapely
from shapely import affinity
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from geo.paths import BOUNDARIES_FILE, DISPUTED_FILE

if TYPE_CHECKING:
    import topojson as tp

# What every page's and picture's source line says of its boundaries (the policy: data/boundaries/SOURCE.md).
BOUNDARIES_NOTE = "Natural Earth, as the UN draws borders; disputed areas hatched"

# Features of the Natural Earth file that carry no ISO 3166-1 numeric code, and what we do with each.
# Dissolving folds the feature into the named state's geometry; dropping leaves the area undrawn.
NO_NUMERIC_POLICY: dict[str, str | None] = {
    "Kosovo": "XKX",  # user-assigned code used by the EU, the IMF and ISO's own examples
    "N. Cyprus": "CYP",  # recognised only by Turkey; de jure part of Cyprus
    "Somaliland": "SOM",  # self-declared; de jure part of Somalia
    "Indian Ocean Ter.": "AUS",  # Christmas Island + Cocos (Keeling) Islands, Australian external territories
    "Siachen Glacier": None,  # disputed between India and Pakistan: drawn as neither
}


def _numeric_to_alpha3(numeric: str) -> str | None:
    country = pycountry.countries.get(numeric=numeric)
    return country.alpha_3 if country else None


def _is_numeric_code(value: object) -> bool:
    # The file marks features without an ISO numeric code by ids of its own ("-1", "IOA", "KAS").
    return isinstance(value, str) and len(value) == 3 and value.isdigit()


def feature_codes(path: Path = BOUNDARIES_FILE) -> list[tuple[str, str | None]]:
    """Every feature of the boundary file as (Natural Earth name, ISO alpha-3 or None when dropped)."""
    raw = gpd.read_file(path, layer="countries")
    codes = []
    for numeric, name in zip(raw["id"], raw["name"], strict=True):
        if _is_numeric_code(numeric):
            code = _numeric_to_alpha3(numeric)
            if code is None:
                raise ValueError(f"{path}: feature {name!r} has ISO numeric {numeric!r} unknown to pycountry")
        elif name in NO_NUMERIC_POLICY:
            code = NO_NUMERIC_POLICY[name]
        else:
            raise ValueError(f"{path}: feature {name!r} has no ISO numeric code and no policy")
        codes.append((name, code))
    return codes


def _polygons(geom: BaseGeometry) -> list[Polygon]:
    if isinstance(geom, Polygon):
        return [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    return [g for part in getattr(geom, "geoms", []) for g in _polygons(part)]


def split_at_antimeridian(geom: BaseGeometry) -> BaseGeometry:
    """Cut every polygon that wraps across ±180° longitude into a western and an eastern piece.

    A ring that crosses the antimeridian is stored with longitudes jumping from about 180 to about -180; drawn
    as is, it becomes a band across the whole map. We shift the western half by +360°, cut at 180° and shift
    the part beyond back by -360°.

    >>> wrapped = Polygon([(179, 0), (-179, 0), (-179, 1), (179, 1)])
    >>> [tuple(round(v) for v in p.bounds) for p in split_at_antimeridian(wrapped).geoms]
    [(179, 0, 180, 1), (-180, 0, -179, 1)]
    """
    pieces: list[Polygon] = []
    for poly in _polygons(geom):
        minx, _, maxx, _ = poly.bounds
        if maxx - minx <= 180:
            pieces.append(poly)
            continue
        shifted = Polygon(
            [(x + 360 if x < 0 else x, y) for x, y in poly.exterior.coords],
            [[(x + 360 if x < 0 else x, y) for x, y in ring.coords] for ring in poly.interiors],
        ).buffer(0)
        east = shifted.intersection(box(0, -90, 180, 90))
        west = affinity.translate(shifted.intersection(box(180, -90, 540, 90)), xoff=-360)
        pieces.extend(p for p in _polygons(east) + _polygons(west) if not p.is_empty)
    return MultiPolygon(pieces) if len(pieces) != 1 else pieces[0]


@cache
def load_countries(path: Path = BOUNDARIES_FILE) -> gpd.GeoDataFrame:
    """Countries keyed by ISO alpha-3 (index ``iso3``) with columns ``name`` (Natural Earth) and ``geometry``.

    One row per code: features sharing a code (Somaliland with Somalia, Ashmore and Cartier with Australia)
    are dissolved into one geometry. Polygons are split at the antimeridian. CRS is WGS 84.
    """
    raw = gpd.read_file(path, layer="countries")
    codes = dict(feature_codes(path))
    raw["iso3"] = [codes[name] for name in raw["name"]]
    # A feature whose shape the file's rounding has emptied (the Vatican) is left to MISSING_STATES.
    raw = raw[raw["iso3"].notna() & ~raw.geometry.is_empty]
    rows = []
    for iso3, group in raw.groupby("iso3", sort=True):
        # Keep the name of the feature that carries the ISO numeric code (Somalia, not Somaliland).
        named = group[group["id"].map(_is_numeric_code)]
        name = (named if len(named) else group)["name"].iloc[0]
        geometry = unary_union(list(group.geometry)) if len(group) > 1 else group.geometry.iloc[0]
        rows.append({"iso3": iso3, "name": name, "geometry": split_at_antimeridian(geometry)})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326").set_index("iso3")


@dataclass(frozen=True, slots=True)
class DisputedArea:
    """An area drawn apart, hatched, over the map: its ``name``, the ISO3 of the country whose colour and data it
    shows (None: none, drawn as no data), the ``note`` its tooltip adds, and its ``geometry`` (WGS 84)."""

    name: str
    country: str | None
    note: str
    geometry: BaseGeometry


@cache
def load_disputed(path: Path = DISPUTED_FILE) -> tuple[DisputedArea, ...]:
    """The disputed areas of ``path`` (data/boundaries/disputed.geojson, made by scripts/make_disputed.py)."""
    raw = gpd.read_file(path)
    return tuple(
        DisputedArea(name, country or None, note, geometry)
        for name, country, note, geometry in zip(raw["name"], raw["country"], raw["note"], raw.geometry, strict=True)
    )


# Sovereign states (UN members and observers, and Kosovo) smaller than about 13,000 km² in this data, plus every
# Pacific and Caribbean island state: at world zoom they are a pixel or nothing, so the map also draws each as a
# circle marker, coloured like its shape and carrying the same tooltip.
TINY_STATES = frozenset(
    {
        # Europe and the Mediterranean
        "AND", "CYP", "LIE", "LUX", "MCO", "MLT", "SMR", "VAT", "XKX",
        # Middle East, Asia, Africa and the Indian Ocean
        "BHR", "BRN", "COM", "CPV", "GMB", "LBN", "MDV", "MUS", "PSE", "QAT", "SGP", "STP", "SYC",
        # Caribbean
        "ATG", "BHS", "BRB", "DMA", "GRD", "JAM", "KNA", "LCA", "TTO", "VCT",
        # Pacific
        "FJI", "FSM", "KIR", "MHL", "NRU", "PLW", "SLB", "TON", "TUV", "VUT", "WSM",
    }
)  # fmt: skip

# States the 1:50m data lacks, drawn as a marker only: (name, longitude, latitude, where the point comes from).
MISSING_STATES: dict[str, tuple[str, float, float, str]] = {
    "TUV": ("Tuvalu", 179.19, -8.52, "Funafuti, the capital atoll: GeoNames 2110394 (8.52425 S, 179.19417 E)"),
    "VAT": ("Vatican", 12.45, 41.9, "Vatican City: GeoNames 6691831 (41.90268 N, 12.45414 E)"),
}

# Simplification tolerance (degrees) and quantisation grid of the web topology: 0.03° is about 3 km, below a
# pixel up to zoom 4; 36,000 steps across 360° round coordinates to 0.01° (about 1 km).
WEB_TOLERANCE = 0.03
WEB_QUANTIZATION = 36_000


@dataclass(frozen=True)
class Basemap:
    """The geometry every map draws, computed once and shared by all layers of a page.

    ``topology`` is a quantised TopoJSON topology (``arcs`` delta-encoded integers, ``transform``, and
    ``objects``: ISO3 → list of polygons, each a list of rings, each a list of arc indices, ``~i`` for arc i
    reversed). Neighbours reference the same simplified arc, so their borders cannot drift apart. ``shapes`` is
    that topology as shapely geometries (for pictures and tests); ``names`` holds every code drawn, including the
    marker-only states; ``anchors`` a point inside each country's largest polygon (marker, search target) and
    ``extents`` that polygon's bounds (where the search zooms to); ``disputed`` the areas drawn hatched over it,
    fitted to its simplified shapes.
    """

    shapes: gpd.GeoSeries
    topology: dict
    names: dict[str, str]
    anchors: dict[str, tuple[float, float]]
    extents: dict[str, tuple[float, float, float, float]]
    tiny: frozenset[str]
    disputed: tuple[DisputedArea, ...] = ()


def _largest_polygon(geom: BaseGeometry) -> Polygon:
    return max(_polygons(geom), key=lambda p: p.area)


def _topology(geometry: gpd.GeoSeries, tolerance: float, quantization: int) -> tp.Topology:
    import topojson as tp  # (only when the basemap is computed: the cache on disk usually holds it)

    frame = gpd.GeoDataFrame(geometry=geometry, crs=geometry.crs)
    return tp.Topology(frame, prequantize=quantization, toposimplify=tolerance, simplify_with="shapely")


def simplified(
    geometry: gpd.GeoSeries, tolerance: float = WEB_TOLERANCE, quantization: int = WEB_QUANTIZATION
) -> gpd.GeoSeries:
    """Countries simplified together: a border shared by two countries is one arc, simplified once, so
    neighbours keep a common edge (no slivers, no overlaps); coordinates snapped to the quantisation grid.
    Shapes the snapping left self-touching are repaired."""
    shapes = _topology(geometry, tolerance, quantization).to_gdf().geometry
    return gpd.GeoSeries(shapely.make_valid(shapes.values), index=geometry.index, crs=geometry.crs)


def _object_rings(geometry: dict) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def fitted_disputed(shapes: gpd.GeoSeries, tolerance: float = WEB_TOLERANCE) -> tuple[DisputedArea, ...]:
    """The disputed areas cut to the simplified shapes, so that a hatch covers its country's fill to the same
    coast: an area inside a country is that country's shape within reach of the area; an area of no country
    fills the gap its neighbours leave."""
    fitted = []
    for area in load_disputed():
        reach = shapely.buffer(area.geometry, tolerance / 3 if area.country else tolerance, quad_segs=2)
        if area.country in shapes.index:
            geometry = shapely.intersection(shapes[area.country], reach)
        else:
            near = shapes.iloc[shapes.sindex.query(reach, predicate="intersects")]
            geometry = shapely.difference(reach, shapely.union_all(near.values))
        parts = [p for p in _polygons(shapely.make_valid(geometry)) if p.area > 1e-4]
        fitted.append(DisputedArea(area.name, area.country, area.note, MultiPolygon(parts)))
    return tuple(fitted)


@cache
def web_basemap(tolerance: float = WEB_TOLERANCE, quantization: int = WEB_QUANTIZATION) -> Basemap:
    """The basemap of every web map and picture: the vendored countries, simplified with topology kept, plus
    the marker-only states of ``MISSING_STATES``.

    Simplifying the world takes 1.5-2 s; the result is kept in the cache on disk (:mod:`geo.cache`) as plain
    values (the shapes as WKB, exact), named by the boundary files, this module and the versions of the libraries
    that compute it. Read back or just built, it goes through the same plain form, so both give the same maps."""
    from geo.cache import cached, fingerprint

    key = fingerprint([BOUNDARIES_FILE, DISPUTED_FILE, Path(__file__)], f"{tolerance} {quantization}", _versions())
    plain = cached("basemap", key, lambda: _plain(_computed_basemap(tolerance, quantization)), (tuple,))
    return _from_plain(plain)


def _versions() -> str:
    """The versions of what reads, simplifies and codes the boundaries: a new one may draw them differently."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in ("geopandas", "pyogrio", "fiona", "shapely", "topojson", "pycountry", "numpy"):
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:  # (geopandas reads with pyogrio or fiona, whichever is installed)
            found.append(f"{name} none")
    return " ".join(found) + f" GEOS {shapely.geos_version_string}"


def _plain(basemap: Basemap) -> tuple:
    """``basemap`` as builtins only (shapes as WKB): what the cache on disk may hold."""
    shapes = basemap.shapes
    return (
        tuple(shapes.index),
        shapes.index.name,
        shapes.crs.to_string(),
        tuple(shapely.to_wkb(shapes.values)),
        basemap.topology,
        basemap.names,
        basemap.anchors,
        basemap.extents,
        tuple(sorted(basemap.tiny)),
        tuple((a.name, a.country, a.note, shapely.to_wkb(a.geometry)) for a in basemap.disputed),
    )


def _from_plain(plain: tuple) -> Basemap:
    index, index_name, crs, wkb, topology, names, anchors, extents, tiny, disputed = plain
    shapes = gpd.GeoSeries(shapely.from_wkb(list(wkb)), index=pd.Index(index, name=index_name), crs=crs)
    areas = tuple(DisputedArea(name, country, note, shapely.from_wkb(w)) for name, country, note, w in disputed)
    return Basemap(shapes, topology, names, anchors, extents, frozenset(tiny), areas)


def _computed_basemap(tolerance: float, quantization: int) -> Basemap:
    countries = load_countries()
    topology = _topology(countries.geometry, tolerance, quantization)
    raw = topology.to_dict()
    objects = {g["id"]: _object_rings(g) for g in raw["objects"]["data"]["geometries"]}
    transform = raw["transform"]
    compact = {
        "scale": [float(v) for v in transform["scale"]],
        "translate": [float(v) for v in transform["translate"]],
        "arcs": [[[int(x), int(y)] for x, y in arc] for arc in raw["arcs"]],
        "objects": {iso3: objects[iso3] for iso3 in countries.index},
    }
    shapes = gpd.GeoSeries(
        shapely.make_valid(topology.to_gdf().geometry.values), index=countries.index, crs=countries.crs
    )
    names = dict(countries["name"])
    anchors, extents = {}, {}
    for iso3, geom in countries.geometry.items():
        largest = _largest_polygon(geom)
        point = largest.representative_point()
        anchors[iso3] = (round(point.x, 2), round(point.y, 2))
        extents[iso3] = tuple(round(v, 2) for v in largest.bounds)
    for iso3, (name, lon, lat, _source) in MISSING_STATES.items():
        if iso3 in names:  # the file has come to draw it
            continue
        names[iso3] = name
        anchors[iso3] = (lon, lat)
        extents[iso3] = (lon - 0.5, lat - 0.5, lon + 0.5, lat + 0.5)
    return Basemap(shapes, compact, names, anchors, extents, TINY_STATES, fitted_disputed(shapes))
