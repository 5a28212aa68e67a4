"""The pages' Equal Earth projection in the browser: where pyproj (EPSG:8857, the PNGs' projection) puts every
point, the world framed without Antarctica, zoom and panning bounded."""

from __future__ import annotations

import numpy as np
import pyproj
import pytest

from tests.browser.test_layout import SIZES, visit_at  # noqa: F401 (a fixture)

# Every 10° of longitude and a spread of latitudes, poles and the antimeridian included.
GRID = [(lng, lat) for lng in range(-180, 181, 10) for lat in (-90, -89.5, -75, -60, -33.3, -1, 0, 12, 45, 66, 89, 90)]
MAX_METRES = 0.01
MAX_DEGREES = 1e-7  # about a centimetre

PROJECT_JS = """points => points.map(([lng, lat]) => {
  const P = L.CRS.EqualEarth.projection, p = P.project(L.latLng(lat, lng)), back = P.unproject(p);
  return [p.x, p.y, back.lng, back.lat];
})"""
# How many pixels of a country's fill, counted every pixel of its box.
FILL_JS = """iso => {
  const path = document.querySelector('path.fm-country.fm-' + iso), m = path.getScreenCTM().inverse();
  const r = path.getBoundingClientRect(), p = path.ownerSVGElement.createSVGPoint();
  let inside = 0;
  for (let y = r.top + 0.5; y < r.bottom; y += 1) for (let x = r.left + 0.5; x < r.right; x += 1) {
    p.x = x; p.y = y;
    if (path.isPointInFill(p.matrixTransform(m))) inside += 1;
  }
  return inside;
}"""
MAP_JS = "Object.keys(window).filter(k => /^map_[0-9a-f]+$/.test(k)).map(k => window[k])[0]"


def _map(page, script: str):
    return page.evaluate(f"(() => {{ const map = {MAP_JS}; {script} }})()")


def test_equal_earth_agrees_with_pyproj(visit_at, built):  # noqa: F811
    page = visit_at(built / "brf2023/partners.html", "desktop")
    found = np.array(page.evaluate(PROJECT_JS, GRID))
    lng, lat = np.array(GRID, dtype=float).T
    x, y = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:8857", always_xy=True).transform(lng, lat)
    assert np.abs(found[:, 0] - x).max() < MAX_METRES
    assert np.abs(found[:, 1] - y).max() < MAX_METRES
    inside = np.abs(lat) < 90  # at a pole every longitude is one point of the poles' line: latitude only
    assert np.abs(found[inside, 2] - lng[inside]).max() < MAX_DEGREES
    assert np.abs(found[:, 3] - lat).max() < 1e-5
    assert np.abs(found[inside, 3] - lat[inside]).max() < MAX_DEGREES


def test_page_draws_the_world_in_equal_earth(visit_at, built):  # noqa: F811
    page = visit_at(built / "brf2023/mentions.html", "desktop")
    assert _map(page, "return map.options.crs.code;") == "EPSG:8857"
    assert page.locator("path.fm-globe").count() == 1  # the ocean: the world's outline, as on the PNG
    # Equal area: Greenland (2.17 million km²) drawn about as large as the Democratic Republic of the Congo
    # (2.34 million km²), not several times larger as on Web Mercator.
    greenland, congo = (page.evaluate(FILL_JS, iso3) for iso3 in ("GRL", "COD"))
    assert 0.8 < greenland / congo < 1.05


@pytest.mark.parametrize("size", SIZES)
def test_antarctica_not_on_the_world_view(visit_at, built, size):  # noqa: F811
    page = visit_at(built / "brf2023/partners.html", size)
    assert page.locator("path.fm-ATA").count() == 0
    assert "Antarctica" not in page.eval_on_selector_all(".fm-pick option", "els => els.map(e => e.text)")
    # Nothing drawn, land or ocean, reaches south of 60° S.
    south = _map(
        page,
        "const shapes = [...document.querySelectorAll('path.fm-country, path.fm-globe')];"
        "const bottom = Math.max(...shapes.map(e => e.getBoundingClientRect().bottom));"
        "const top = map.getContainer().getBoundingClientRect().top;"
        "return map.containerPointToLatLng([map.getSize().x / 2, bottom - top - 1]).lat;",
    )
    assert south > -60.5


@pytest.mark.parametrize("size", SIZES)
def test_zoom_and_panning_are_bounded(visit_at, built, size):  # noqa: F811
    page = visit_at(built / "brf2023/partners.html", size)
    world = _map(page, "return [map.getZoom(), map.getMinZoom(), map.getMaxZoom()];")
    assert world[0] == pytest.approx(world[1])  # the world view is the farthest out
    assert world[2] <= 8
    page.locator(".leaflet-control-zoom-out").click(force=True)
    assert _map(page, "return map.getZoom();") == pytest.approx(world[0])
    for _ in range(12):
        _map(page, "map.zoomIn(1, {animate: false}); return 0;")
    zoom = _map(page, "return map.getZoom();")
    assert zoom == world[2]
    # At the deepest zoom the geometry's 3 km simplification stays within a few pixels: Singapore (50 km across)
    # is a shape, not a blown-up polygon of a few straight edges.
    step = _map(page, "const a = map.latLngToContainerPoint([1.35, 103.8]);"
                "return a.distanceTo(map.latLngToContainerPoint([1.35, 103.83]));")  # fmt: skip
    assert 1 < step <= 5
    # Panned as far as can be, the view stays on the world's frame: its edges within the equator's length (256
    # pixels at zoom 0) and between 60° S and the pole.
    for dx, dy in ((1e6, 0), (-1e6, 0), (0, 1e6), (0, -1e6)):
        west, east, south, north = _map(
            page,
            f"map.panBy([{dx}, {dy}], {{animate: false}}); map.fire('moveend'); const b = map.getPixelBounds();"
            "const corner = p => map.unproject(p);"
            "return [map.project(corner(b.min), 0).x, map.project(corner(b.max), 0).x,"
            " corner(b.max).lat, corner(b.min).lat];",
        )
        assert west >= -0.01 and east <= 256.01, (dx, dy, west, east)
        assert south >= -60.01, (dx, dy, south)
        assert north <= 90
