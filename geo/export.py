"""A map's numbers joined to the country boundaries, as a GeoPackage or GeoJSON file for QGIS or geopandas."""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import pandas as pd

FORMATS = {"gpkg": ("GPKG", ".gpkg"), "geojson": ("GeoJSON", ".geojson")}


def _column(values: pd.Series) -> pd.Series:
    """A column GDAL can store: numbers when every non-empty cell is one (empty ones null), else text."""
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return values
    cells = [None if v is None or v == "" or (isinstance(v, float) and math.isnan(v)) else v for v in values]
    numbers = pd.to_numeric(pd.Series(cells, index=values.index, dtype=object), errors="coerce")
    if all(c is None or not pd.isna(n) for c, n in zip(cells, numbers, strict=True)) and any(
        c is not None for c in cells
    ):
        return numbers
    return pd.Series([None if c is None else str(c) for c in cells], index=values.index, dtype=object)


def _field_names(columns) -> dict[str, str]:
    """New names for columns whose names a GIS field would clash with: GeoPackage and shapefile field names are
    case-insensitive (``country`` and ``Country``), and ``name`` and ``geometry`` are the boundaries' own.

    >>> _field_names(["iso3", "country", "Country", "name"])
    {'Country': 'Country_2', 'name': 'name_2'}
    """
    taken, renamed = {"name", "geometry", "fid"}, {}
    for column in columns:
        new, n = str(column), 1
        while column != "iso3" and new.casefold() in taken:
            n += 1
            new = f"{column}_{n}"
        taken.add(new.casefold())
        if new != column:
            renamed[column] = new
    return renamed


def joined_layer(frame: pd.DataFrame):
    """Every country of :func:`geo.boundaries.load_countries` (``iso3``, ``name``, geometry) with the columns of
    ``frame`` (which has an ``iso3`` column; several rows per country make several features, as a series by
    period does); rows of ``frame`` for a country without boundaries keep an empty geometry.

    >>> layer = joined_layer(pd.DataFrame({"iso3": ["RUS"], "value": [40]}))
    >>> len(layer) >= 236, float(layer.set_index("iso3").loc["RUS", "value"]), layer.crs.to_epsg()
    (True, 40.0, 4326)
    """
    import geopandas as gpd

    from geo.boundaries import load_countries

    countries = load_countries().reset_index()[["iso3", "name", "geometry"]]
    data = frame.rename(columns=_field_names(frame.columns))
    merged = countries.merge(data, on="iso3", how="outer", sort=False)
    merged = merged.sort_values("iso3", kind="stable").reset_index(drop=True)
    for column in merged.columns:
        if column != "geometry":
            merged[column] = _column(merged[column])
    return gpd.GeoDataFrame(merged, geometry="geometry", crs="EPSG:4326")


def export_bytes(frame: pd.DataFrame, fmt: str, layer_name: str = "countries") -> bytes:
    """The joined layer (see :func:`joined_layer`) as the bytes of a ``gpkg`` or ``geojson`` file."""
    driver, suffix = FORMATS[fmt]
    with tempfile.TemporaryDirectory(prefix="forum-map-export-") as folder:
        path = Path(folder) / f"layer{suffix}"
        joined_layer(frame).to_file(path, driver=driver, layer=layer_name, engine="pyogrio")
        return path.read_bytes()
