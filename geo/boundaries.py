"""World country boundaries (Natural Earth admin-0, 1:50m) as a GeoDataFrame indexed by ISO 3166-1 alpha-3."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import geopandas as gpd
import pycountry
from shapely import affinity
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from geo.paths import BOUNDARIES_FILE

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


def feature_codes(path: Path = BOUNDARIES_FILE) -> list[tuple[str, str | None]]:
    """Every feature of the boundary file as (Natural Earth name, ISO alpha-3 or None when dropped)."""
    raw = gpd.read_file(path, layer="countries")
    codes = []
    for numeric, name in zip(raw["id"], raw["name"], strict=True):
        if isinstance(numeric, str) and numeric:
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
    raw = raw[raw["iso3"].notna()]
    rows = []
    for iso3, group in raw.groupby("iso3", sort=True):
        # Keep the name of the feature that carries the ISO numeric code (Somalia, not Somaliland).
        named = group[group["id"].notna()]
        name = (named if len(named) else group)["name"].iloc[0]
        geometry = unary_union(list(group.geometry)) if len(group) > 1 else group.geometry.iloc[0]
        rows.append({"iso3": iso3, "name": name, "geometry": split_at_antimeridian(geometry)})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326").set_index("iso3")


def simplified(geometry: gpd.GeoSeries, tolerance: float = 0.03, precision: float = 0.001) -> gpd.GeoSeries:
    """Lighter geometry for web maps: each country simplified (its shape kept valid), coordinates rounded."""
    import shapely

    light = geometry.simplify(tolerance, preserve_topology=True)
    return gpd.GeoSeries(shapely.set_precision(light.values, precision), index=geometry.index, crs=geometry.crs)
