"""A static PNG of one map layer (geopandas + matplotlib): same classes, palette and legend as the web map."""

from __future__ import annotations

import io

import geopandas as gpd
import matplotlib
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from geo.boundaries import BOUNDARIES_NOTE, Basemap
from geo.layers import (
    NO_DATA_COLOR,
    NO_DATA_LABEL,
    Layer,
    date_label,
    legend_entries,
    legend_heading,
    legend_notes,
    plural,
)
from geo.render import OCEAN_COLOR
from geo.safe import plain

EQUAL_EARTH = "EPSG:8857"  # an equal-area world projection: a country's ink matches its area
SIZE_INCHES = (12.0, 7.0)
DPI = 100


def _polygonal(geometry: gpd.GeoSeries) -> gpd.GeoSeries:
    """Only the polygons of each shape (repairing a shape may leave stray lines or points)."""
    polygons = [
        shapely.multipolygons([p for p in shapely.get_parts(g) if p.geom_type == "Polygon"])
        if g.geom_type == "GeometryCollection"
        else g
        for g in geometry.values
    ]
    return gpd.GeoSeries(polygons, index=geometry.index, crs=geometry.crs)


def _hatch_disputed(basemap: Basemap, axes) -> None:
    """The disputed areas hatched over their country's fill, as on the web map; an area of no country is
    hatched over the no-data colour."""
    if not basemap.disputed:
        return
    areas = gpd.GeoSeries([a.geometry for a in basemap.disputed], crs="EPSG:4326").to_crs(EQUAL_EARTH)
    fills = [NO_DATA_COLOR if a.country is None else "none" for a in basemap.disputed]
    areas.plot(ax=axes, color=fills, edgecolor="#333333", linewidth=0.4, linestyle="--", hatch="/////")


def render_png(
    basemap: Basemap, layer: Layer, *, title: str, subtitle: str, source_line: str = "", date: str = ""
) -> bytes:
    """The layer as a PNG picture, byte-identical for identical inputs (no timestamp, no software tag)."""
    colors = layer.table["color"]
    shapes = _polygonal(basemap.shapes).to_crs(EQUAL_EARTH)
    fills = [str(colors.get(iso3, NO_DATA_COLOR)) for iso3 in shapes.index]
    tiny = [iso3 for iso3 in basemap.names if iso3 in basemap.tiny]
    points = gpd.GeoSeries(
        gpd.points_from_xy([basemap.anchors[i][0] for i in tiny], [basemap.anchors[i][1] for i in tiny]),
        index=tiny,
        crs="EPSG:4326",
    ).to_crs(EQUAL_EARTH)
    point_fills = [str(colors.get(iso3, NO_DATA_COLOR)) for iso3 in tiny]

    # Hatch lines are drawn at save time: thin ones, so a hatched country's colour still reads.
    with matplotlib.rc_context({"text.parse_math": False, "font.family": "DejaVu Sans", "hatch.linewidth": 0.5}):
        figure = Figure(figsize=SIZE_INCHES, dpi=DPI, facecolor="white")
        FigureCanvasAgg(figure)
        axes = figure.add_axes((0.01, 0.06, 0.98, 0.80))
        globe = gpd.GeoSeries([shapely.segmentize(shapely.box(-180, -90, 180, 90), 1.0)], crs="EPSG:4326")
        globe.to_crs(EQUAL_EARTH).plot(ax=axes, color=OCEAN_COLOR, edgecolor="#9fb3c8", linewidth=0.5)
        shapes.plot(ax=axes, color=fills, edgecolor="#555555", linewidth=0.25)
        _hatch_disputed(basemap, axes)
        points.plot(ax=axes, color=point_fills, edgecolor="#222222", linewidth=0.6, markersize=16, zorder=3)
        axes.set_axis_off()
        handles = [
            Patch(
                facecolor=e.color,
                edgecolor="#555555",
                label=plain(f"{e.label} ({plural(e.count, 'country', 'countries')})"),
                linestyle="-",
            )
            if e is not None
            else Patch(facecolor=NO_DATA_COLOR, edgecolor="#777777", linestyle="--", label=NO_DATA_LABEL)
            for e in legend_entries(layer)
        ]
        axes.legend(
            handles=handles,
            title=plain(legend_heading(layer)),
            loc="lower left",
            fontsize=8,
            title_fontsize=9,
            framealpha=0.95,
        )
        figure.text(0.01, 0.955, plain(title), fontsize=15, fontweight="bold", va="top", wrap=True)
        figure.text(0.01, 0.905, plain(subtitle), fontsize=9, va="top", wrap=True)
        notes = legend_notes(layer, source_line)
        notes += [f"{date_label(date)} · boundaries: {BOUNDARIES_NOTE}"] if date else [f"Boundaries: {BOUNDARIES_NOTE}"]
        figure.text(0.01, 0.015, plain("\n".join(notes)), fontsize=7, va="bottom", color="#333333", wrap=True)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()
