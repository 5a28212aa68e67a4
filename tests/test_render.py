"""Map pages and pictures: self-contained, small, escaped, byte-identical; the shared basemap they draw."""

from __future__ import annotations

import doctest
import importlib
import json
import re
import struct
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st

from geo.boundaries import MISSING_STATES, TINY_STATES, web_basemap
from geo.build import build
from geo.evidence import Snippet
from geo.forums import discover
from geo.kinds.leaders import leaders_layer
from geo.kinds.mentions import mentions_layer
from geo.picture import render_png
from geo.projection import marker_clearance
from geo.render import (
    disputed_data,
    encode_arc,
    page_data,
    render_map,
    script_json,
    tooltip_html,
    value_text,
)

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
HOSTILE_TEXTS = ("<img src=x onerror=alert(1)>", "</script><script>alert(1)</script>")
SINGLE_LAYER_BUDGET = 800_000
MULTI_LAYER_BUDGET = 1_500_000
# Anything that would make a page fetch something: a script, stylesheet, image or font from elsewhere (a link
# a reader may follow, <a href>, fetches nothing).
EXTERNAL = re.compile(
    r"""<script[^>]*\ssrc=|<link\b|<img\b|<iframe\b|@import|(?-i:(?<![\w.])url)\(\s*['"]?(?!data:|#)|sourceMappingURL"""
    r"""|\ssrc=["']?(?:https?:)?//|<(?!a\s)[a-z][\w-]*\s[^<>]*\shref=["']?(?:https?:)?//""",
    re.IGNORECASE,
)


def decode_arc(text: str) -> list[list[int]]:
    """The page's decoder (geo/static/map.js) in Python."""
    values, i = [], 0
    while i < len(text):
        shift = result = 0
        while True:
            byte = ord(text[i]) - 63
            i += 1
            result |= (byte & 31) << shift
            shift += 5
            if byte < 32:
                break
        values.append(~(result >> 1) if result & 1 else result >> 1)
    return [values[k : k + 2] for k in range(0, len(values), 2)]


@given(st.lists(st.tuples(st.integers(-40_000, 40_000), st.integers(-40_000, 40_000)), max_size=50))
def test_arc_text_decodes_to_the_same_integers(points):
    assert decode_arc(encode_arc(points)) == [list(p) for p in points]


@pytest.mark.parametrize("text", [*HOSTILE_TEXTS, "<!-- x", "a & b", "{{ 7*7 }}", "\u2028", 'quote " and \\'])
def test_script_json_cannot_end_the_script_block(text):
    out = script_json({"name": text})
    assert "<" not in out and ">" not in out
    assert json.loads(out)["name"] == text


@pytest.mark.parametrize(
    ("value", "label", "units", "shown"),
    [
        (12, "8–15", "mentions", "12 mentions (class 8–15)"),
        (3, "3", "mentions", "3 mentions"),
        (0, "0", "mentions", "0 mentions"),
        ("head_of_state", "head of state", "level of attendance", "head of state"),
        ("2017", "2016–2017", "year joined", "year joined 2017 (class 2016–2017)"),
        ("", "not a partner", "year joined", "not a partner"),
    ],
)
def test_value_text(value, label, units, shown):
    assert value_text(value, label, units) == shown


def _hostile_leaders(countries: dict[str, str]):
    rows = [
        {"iso3": "MLT", "country": HOSTILE_TEXTS[0], "leader": HOSTILE_TEXTS[1], "title": HOSTILE_TEXTS[0],
         "role": "head_of_government", "category": "leader", "source": HOSTILE_TEXTS[1]},
    ]  # fmt: skip
    return leaders_layer("l", HOSTILE_TEXTS[0], pd.DataFrame(rows), countries, HOSTILE_TEXTS[1])


def test_tooltip_escapes_every_field():
    countries = {"MLT": "Malta", "KEN": "Kenya"}
    html = tooltip_html("MLT", HOSTILE_TEXTS[1], _hostile_leaders(countries))
    assert "<img" not in html and "<script" not in html and "</script" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    snippet = Snippet(HOSTILE_TEXTS[0], HOSTILE_TEXTS[1], "Kenya", HOSTILE_TEXTS[0])
    layer = mentions_layer("m", "M", {"KEN": 1}, {"KEN": [HOSTILE_TEXTS[0]]}, countries, "s", {"KEN": [snippet]})
    html = tooltip_html("KEN", "Kenya", layer)
    assert "<mark>Kenya</mark>" in html
    assert "<img" not in html and "<script" not in html
    assert "rank 1 of 1" in html


@pytest.fixture(scope="module")
def basemap():
    return web_basemap()


@pytest.fixture(scope="module")
def pages(basemap):
    names = dict(basemap.names)
    counts = {iso3: i % 40 for i, iso3 in enumerate(names)}
    layers = [mentions_layer(f"m{i}", f"Layer {i}", counts, {}, names, "src") for i in range(3)]
    render = lambda chosen, **kw: render_map(  # noqa: E731
        basemap, chosen, title="{{ 7*7 }} " + HOSTILE_TEXTS[0], subtitle=HOSTILE_TEXTS[1], source_line="s", **kw
    )
    return {
        "one": render(layers[:1]),
        "three": render(layers),
        "tiles": render(layers[:1], tiles="OpenStreetMap.Mapnik"),
    }


def test_page_loads_nothing_from_elsewhere(pages):
    for name in ("one", "three"):
        assert not EXTERNAL.search(pages[name]), EXTERNAL.search(pages[name]).group()
    for banned in ("jquery", "bootstrap", "font-awesome", "awesome-markers", "d3.min.js", "cdn."):
        assert banned not in pages["one"].lower()


def test_page_strings_are_text_not_markup_or_templates(pages):
    page = pages["one"]
    assert "{{ 7*7 }}" in page and ">49 " not in page
    assert page.count("<script") == 4
    assert HOSTILE_TEXTS[0] not in page and HOSTILE_TEXTS[1] not in page
    assert "<title>{{ 7*7 }} &lt;img src=x onerror=alert(1)&gt;</title>" in page


def test_layers_share_one_embedded_geometry(pages):
    assert pages["three"].count('"arcs":') == 1
    assert len(pages["three"]) - len(pages["one"]) < 2 * 60_000


def test_tiles_only_when_asked(pages):
    assert "tile.openstreetmap.org" in pages["tiles"]
    assert "tile" not in pages["one"].split("forumMap(", 1)[1]
    with pytest.raises(ValueError, match="unknown tile provider"):
        render_map(web_basemap(), [], title="t", subtitle="s", source_line="s", tiles="No.Such")


def test_pages_are_equal_earth_and_web_mercator_only_under_tiles(pages):
    assert "crs: L.CRS.EqualEarth," in pages["one"]
    assert "crs: L.CRS.EPSG3857," in pages["tiles"]


def _drawn(data: dict) -> set[str]:
    return {c["iso3"] for c in data["countries"]}


def test_antarctica_is_left_out_unless_asked(basemap):
    layer = mentions_layer("m", "Mentions", {"ATA": 3, "FRA": 1}, {}, dict(basemap.names), "src")
    left_out, asked = page_data(basemap, [layer]), page_data(basemap, [layer], antarctica=True)
    assert "ATA" not in _drawn(left_out) and not left_out["antarctica"]
    assert _drawn(asked) - _drawn(left_out) == {"ATA"} and asked["antarctica"]


def test_marker_clearance_is_measured_in_each_projection(basemap):
    """Equal Earth shrinks east-west distances at high latitudes and Web Mercator swells them: a marker's room
    around it differs, and the page reads the one of its own projection."""
    equal, mercator = marker_clearance(basemap, "EPSG:8857"), marker_clearance(basemap, "EPSG:3857")
    assert equal.keys() == mercator.keys() == basemap.tiny & basemap.anchors.keys()
    assert max(equal["VAT"], mercator["VAT"]) < 0.001  # an enclave: no room at all
    assert equal["LUX"] < mercator["LUX"]  # 50° N: Mercator's scale is 1.5 times the equator's
    clear = {c["iso3"]: c["clear"] for c in page_data(basemap, [])["countries"]}
    assert clear["LUX"] == {"EPSG:8857": equal["LUX"], "EPSG:3857": mercator["LUX"]}


NEIGHBOURS = [("FRA", "ESP"), ("DEU", "POL"), ("USA", "CAN"), ("IND", "PAK"), ("BRA", "ARG"), ("RUS", "KAZ")]


@pytest.mark.parametrize(("a", "b"), NEIGHBOURS)
def test_neighbours_share_their_simplified_border(basemap, a, b):
    first, second = basemap.shapes[a], basemap.shapes[b]
    assert first.intersection(second).area < 1e-6  # no overlap
    assert shapely.length(first.boundary.intersection(second.boundary)) > 1.0  # a common edge, no sliver between


def test_basemap_is_light_and_complete(basemap):
    assert not basemap.shapes.is_empty.any()
    assert all(basemap.topology["objects"][iso3] for iso3 in basemap.shapes.index)
    points = sum(len(arc) for arc in basemap.topology["arcs"])
    assert 15_000 < points < 60_000


def test_tiny_states_have_points_and_the_shapeless_vatican_is_drawn(basemap):
    assert set(basemap.anchors) >= TINY_STATES
    assert {"SGP", "MLT", "BHR", "MDV", "TUV", "FJI", "KIR", "BRB", "TTO", "VAT"} <= TINY_STATES
    # The boundary file's rounding leaves the Vatican no shape: it is a marker at its point.
    assert basemap.names["VAT"] == "Vatican" and "VAT" not in basemap.topology["objects"]
    assert basemap.anchors["VAT"] == MISSING_STATES["VAT"][1:3]
    # Tuvalu has a shape of its own in the file: its marker sits on Funafuti, not at the listed point.
    assert basemap.names["TUV"] == "Tuvalu" and basemap.topology["objects"]["TUV"]
    west, south, east, north = basemap.extents["TUV"]
    lon, lat = basemap.anchors["TUV"]
    assert west <= lon <= east and south <= lat <= north
    west, south, east, north = basemap.extents["SGP"]
    lon, lat = basemap.anchors["SGP"]
    assert west <= lon <= east and south <= lat <= north


def test_page_carries_the_disputed_areas_in_lat_lng_and_the_boundary_policy(basemap):
    data = page_data(basemap, [_hostile_leaders(dict(basemap.names))])
    assert data["boundaries"] == "Boundaries: Natural Earth, as the UN draws borders; disputed areas hatched"
    areas = {area["name"]: area for area in data["disputed"]}
    assert {name: area["country"] for name, area in areas.items()} == {
        "Crimea": "UKR",
        "Western Sahara": "ESH",
        "Siachen Glacier": "",
    }
    # Leaflet takes [latitude, longitude]: Crimea lies between 44 and 47 N, 32 and 37 E.
    points = [point for polygon in areas["Crimea"]["polygons"] for ring in polygon for point in ring]
    assert all(44 < lat < 47 and 32 < lng < 37 for lat, lng in points)
    assert "occupied by Russia since 2014" in areas["Crimea"]["note"]


def test_disputed_note_is_escaped(basemap):
    area = basemap.disputed[0]
    hostile = type(area)(HOSTILE_TEXTS[1], "UKR", HOSTILE_TEXTS[0], area.geometry)
    note = disputed_data([hostile])[0]["note"]
    assert "<img" not in note and "</script>" not in note and "&lt;img" in note


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """brf2023 and the hostile fixture built twice: here, and by the CLI in a fresh process."""
    first, second = tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second")
    forums = ["brf2023", str(HOSTILE)]
    build(first, forums, png=True)
    subprocess.run(
        [sys.executable, "-m", "geo", "build", "-q", "--png", "--out", str(second)]
        + [arg for forum in forums for arg in ("--forum", forum)],
        check=True,
    )
    return first, second


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(two_builds):
    first, second = (_files(folder) for folder in two_builds)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_png_per_map_with_the_same_size(two_builds):
    pictures = sorted(two_builds[0].rglob("*.png"))
    assert len(pictures) == 6
    for picture in pictures:
        data = picture.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", data[16:24]) == (1200, 700)


def test_png_is_deterministic_and_shows_text_as_typed(basemap):
    layer = _hostile_leaders(dict(basemap.names))
    first = render_png(basemap, layer, title="$x$ " + HOSTILE_TEXTS[0], subtitle="s", date="2024-01-01")
    assert first == render_png(basemap, layer, title="$x$ " + HOSTILE_TEXTS[0], subtitle="s", date="2024-01-01")


def test_bundled_maps_within_size_budgets_and_self_contained(tmp_path):
    build(tmp_path, [str(p) for p in discover()])
    pages = sorted(tmp_path.rglob("*/*.html"))
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        multi = 'name="fm-layer"' in text
        budget = MULTI_LAYER_BUDGET if multi else SINGLE_LAYER_BUDGET
        assert page.stat().st_size <= budget, f"{page.name}: {page.stat().st_size} bytes"
        assert not EXTERNAL.search(text), f"{page}: {EXTERNAL.search(text).group()}"


@pytest.mark.parametrize(
    "module", ["geo.render", "geo.layers", "geo.kinds.mentions", "geo.kinds.partners", "geo.evidence", "geo.boundaries"]
)
def test_docstring_examples(module):
    failed, _ = doctest.testmod(importlib.import_module(module))
    assert failed == 0


def test_hostile_source_url_is_never_a_link(tmp_path):
    build(tmp_path, [str(HOSTILE)])
    texts = [page.read_text(encoding="utf-8") for page in (tmp_path / "hostile").glob("*.html")]
    assert any('<p class="fm-sources">Sources: &lt;img' in text for text in texts)  # named, as text
    assert not any("javascript:" in text.lower() for text in texts)


def test_a_legend_counts_only_the_countries_drawn():
    # Antarctica is left out of world views: the legend's "0 (… countries)" must not count it
    countries = {"CHN": "China", "FRA": "France", "ATA": "Antarctica"}
    layer = mentions_layer("m", "Mentions", {"CHN": 3}, {}, countries, "src")
    from geo.render import chrome_html

    assert "0 <small>(2 countries)</small>" in chrome_html([layer], "t", "s", "")
    assert "0 <small>(1 country)</small>" in chrome_html([layer], "t", "s", "", left_out=frozenset({"ATA"}))
