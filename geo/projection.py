"""The map pages' projections, as Leaflet draws them: Equal Earth (EPSG:8857, as the PNG pictures) and Web
Mercator (under tiles), and how far each tiny state's marker stands from larger countries' land in each."""

from __future__ import annotations

from functools import cache

import numpy as np
import pyproj
import shapely

from geo.boundaries import Basemap

# The page's projections by their Leaflet CRS code: Equal Earth (EPSG:8857, as the PNG) unless a map is drawn over
# tiles, which exist only in Web Mercator. geo/static/map.js defines the Equal Earth CRS as L.CRS.EqualEarth.
EQUAL_EARTH_CRS, WEB_MERCATOR_CRS = "EPSG:8857", "EPSG:3857"
FOLIUM_CRS = {EQUAL_EARTH_CRS: "EqualEarth", WEB_MERCATOR_CRS: "EPSG3857"}  # folium writes L.CRS.<name>
ANTARCTICA = "ATA"  # left out of the pages' world views unless a page asks (page_data)


def _web_mercator(coords: np.ndarray) -> np.ndarray:
    """Longitude, latitude → Web Mercator pixels at zoom 0 (the world 256 wide), as Leaflet projects them."""
    lat = np.radians(np.clip(coords[:, 1], -85.05, 85.05))
    x = (coords[:, 0] + 180) / 360 * 256
    y = (1 - np.arcsinh(np.tan(lat)) / np.pi) / 2 * 256
    return np.column_stack([x, y])


@cache
def _equal_earth_transformer() -> pyproj.Transformer:
    return pyproj.Transformer.from_crs("EPSG:4326", "EPSG:8857", always_xy=True)


def _equal_earth(coords: np.ndarray) -> np.ndarray:
    """Longitude, latitude → Equal Earth pixels at zoom 0 (the equator 256 wide), as the page's CRS projects them."""
    transformer = _equal_earth_transformer()
    half_width, _ = transformer.transform(180.0, 0.0)
    x, y = transformer.transform(coords[:, 0], coords[:, 1])
    return np.column_stack([np.asarray(x) / half_width * 128 + 128, 128 - np.asarray(y) / half_width * 128])


def marker_clearance(basemap: Basemap, crs: str = EQUAL_EARTH_CRS) -> dict[str, float]:
    """For each tiny state, how far its marker's centre is from the land of any state that is not tiny, in
    pixels at zoom 0 of the page's projection ``crs`` (doubling with each zoom level): the page draws the marker
    only when its circle clears that land, so that a marker never covers a larger country's own land."""
    project = _equal_earth if crs == EQUAL_EARTH_CRS else _web_mercator
    large = basemap.shapes[[iso3 not in basemap.tiny for iso3 in basemap.shapes.index]]
    projected = shapely.transform(large.values, project)
    tree = shapely.STRtree(projected)
    out = {}
    for iso3 in sorted(basemap.tiny & basemap.anchors.keys()):
        point = shapely.transform(shapely.Point(basemap.anchors[iso3]), project)
        nearest = tree.nearest(point)
        out[iso3] = round(float(shapely.distance(point, projected[nearest])), 4)
    return out


# Per basemap (by identity; the entry holds the basemap, so that its id is never reused while cached): a build
# draws every page on the one cached web basemap, and measuring costs about 35 ms per projection.
_CLEARANCES: dict[int, tuple[Basemap, dict[str, dict[str, float]]]] = {}


def clearances(basemap: Basemap) -> dict[str, dict[str, float]]:
    """:func:`marker_clearance` in every projection a page may use, by CRS code, measured once per basemap."""
    found = _CLEARANCES.get(id(basemap))
    if found is None:
        found = _CLEARANCES[id(basemap)] = (basemap, {crs: marker_clearance(basemap, crs) for crs in FOLIUM_CRS})
    return found[1]
