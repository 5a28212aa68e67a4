"""One self-contained folium map (HTML string) from country geometries and layer tables."""

from __future__ import annotations

import html
import json

import folium
import geopandas as gpd
from branca.element import Element, Figure

from geo import assets
from geo.layers import NO_DATA_COLOR, Layer

OCEAN_COLOR = "#dfe9f2"

PAGE_CSS = f"""
html, body {{ margin: 0; padding: 0; height: 100%; font: 14px/1.35 system-ui, -apple-system, "Segoe UI", sans-serif; }}
.folium-map {{ background: {OCEAN_COLOR}; }}
.fm-title {{ position: absolute; top: 10px; left: 56px; right: 56px; z-index: 1000; pointer-events: none; }}
.fm-title h1 {{ display: inline-block; margin: 0; padding: 6px 10px; font-size: 17px; background: rgba(255,255,255,.92);
  border-radius: 4px; pointer-events: auto; }}
.fm-title p {{ margin: 4px 0 0; padding: 3px 10px; font-size: 12px; background: rgba(255,255,255,.85); display: inline-block;
  border-radius: 4px; pointer-events: auto; }}
.fm-legend {{ position: absolute; bottom: 24px; left: 10px; z-index: 1000; background: rgba(255,255,255,.95);
  padding: 8px 10px; border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.3); max-width: 260px; }}
.fm-legend h2 {{ font-size: 13px; margin: 0 0 4px; }}
.fm-legend ul {{ list-style: none; margin: 0; padding: 0; }}
.fm-legend li {{ display: flex; align-items: center; gap: 6px; font-size: 12px; margin: 2px 0; }}
.fm-swatch {{ width: 18px; height: 12px; border: 1px solid #777; flex: none; }}
.fm-swatch.nodata {{ border-style: dashed; }}
.fm-panel {{ position: absolute; top: 10px; right: 10px; z-index: 1000; max-width: 300px; font-size: 12px;
  background: rgba(255,255,255,.95); padding: 6px 10px; border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.3); }}
.fm-panel ul {{ margin: 0; padding-left: 1.1em; }}
.fm-source {{ position: absolute; bottom: 2px; right: 4px; z-index: 1000; font-size: 11px;
  background: rgba(255,255,255,.85); padding: 1px 5px; max-width: 70%; }}
"""


def _feature_collection(geometry: gpd.GeoSeries, layer: Layer) -> dict:
    features = []
    for iso3, geom in geometry.items():
        if iso3 not in layer.table.index:
            continue
        row = layer.table.loc[iso3]
        value = "" if row["value"] == "" else str(row["value"])
        shown = f"{row['label']}" if value == "" or value == row["label"] else f"{value} ({row['label']})"
        features.append(
            {
                "type": "Feature",
                "id": iso3,
                # Escaped here, once: tooltips insert these strings as HTML.
                "properties": {
                    "name": html.escape(str(row["country"])),
                    "iso3": iso3,
                    "shown": html.escape(f"{shown} {layer.units}".strip() if value else shown),
                    "detail": html.escape(str(row["detail"])),
                    "color": row["color"],
                },
                "geometry": geom.__geo_interface__,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _style(feature: dict) -> dict:
    color = feature["properties"]["color"]
    no_data = color == NO_DATA_COLOR
    return {
        "fillColor": color,
        "fillOpacity": 0.95,
        "color": "#777777" if no_data else "#555555",
        "weight": 0.6,
        "dashArray": "2 3" if no_data else None,
    }


def _legend_html(layer: Layer) -> str:
    items = "".join(
        f'<li><span class="fm-swatch{" nodata" if e.color == NO_DATA_COLOR else ""}" '
        f'style="background:{e.color}"></span>{html.escape(e.label)} <small>({e.count})</small></li>'
        for e in layer.legend
    )
    return (
        f'<div class="fm-legend"><h2>{html.escape(layer.title)} ({html.escape(layer.units)})</h2><ul>{items}</ul></div>'
    )


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


def render_map(
    geometry: gpd.GeoSeries,
    layers: list[Layer],
    *,
    title: str,
    subtitle: str,
    source_line: str,
    panel: tuple[str, ...] = (),
) -> str:
    """A complete HTML page: one GeoJson layer per ``Layer``, legend of the first, title, source line and an
    info panel whose lines (plain text, escaped here) say more about the data, e.g. claims in the coverage."""
    figure = Figure(title=title)
    fmap = folium.Map(
        location=[20, 10], zoom_start=2, min_zoom=1, tiles=None, world_copy_jump=False, control_scale=False
    )
    fmap.default_js = []
    fmap.default_css = []
    figure.add_child(fmap)
    header = figure.header
    header.add_child(Element(f"<style>{assets.leaflet_css()}</style>"), name="leaflet_css")
    header.add_child(Element(f"<script>{assets.leaflet_js()}</script>"), name="leaflet_js")
    header.add_child(Element(f"<style>{PAGE_CSS}</style>"), name="page_css")

    for i, layer in enumerate(layers):
        folium.GeoJson(
            json.loads(json.dumps(_feature_collection(geometry, layer))),
            name=layer.title,
            style_function=_style,
            highlight_function=lambda _f: {"weight": 2, "color": "#000000"},
            tooltip=folium.GeoJsonTooltip(
                fields=["name", "iso3", "shown", "detail"], aliases=["", "ISO3", "", ""], labels=False, sticky=True
            ),
            show=i == 0,
        ).add_to(fmap)
    if len(layers) > 1:
        folium.LayerControl(collapsed=False).add_to(fmap)

    figure.html.add_child(
        Element(
            f'<div class="fm-title"><h1>{html.escape(title)}</h1><br><p>{html.escape(subtitle)}</p></div>'
            + _legend_html(layers[0])
            + f'<div class="fm-source">{html.escape(source_line)}</div>'
            + (
                '<div class="fm-panel"><ul>'
                + "".join(f"<li>{html.escape(line)}</li>" for line in panel)
                + "</ul></div>"
                if panel
                else ""
            )
        ),
        name="chrome",
    )
    _deterministic_ids(figure)
    return figure.render()
