"""The page as a reader sees it on a phone (390×844) and a desktop (1400×900): boxes apart and off the land,
tooltips above every box, the world framed to the window, tiny-state markers off their neighbours' land."""

from __future__ import annotations

import pytest

from tests.browser.test_maps import HOSTILE_MAPS, MAPS, _tooltip

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1400, "height": 900}}
MAX_LAND_COVERED = 0.10
WORLD_WIDTH_TOLERANCE = 0.05

# The boxes a reader sees over or around the map by default, each with its page rectangle.
BOXES_JS = """root => {
  const seen = el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  const picked = [...root.querySelectorAll(
    '.fm-title, .fm-search, .fm-side > *, .fm-controls, .leaflet-control-zoom, .leaflet-control-attribution')];
  return picked.filter(seen).filter(el => !(el.classList.contains('fm-controls')
      && getComputedStyle(el).display === 'contents') && !el.closest('.fm-side > * *'))
    .map(el => { const r = el.getBoundingClientRect();
      return {name: el.className.split(' ')[0], x: r.left, y: r.top, w: r.width, h: r.height}; });
}"""

# Of the land pixels of the map (a country's shape or a marker under the point), the share that a box covers,
# sampled on a grid.
LAND_COVERED_JS = """root => {
  const map = root.querySelector('.leaflet-container').getBoundingClientRect();
  // about 8,000 points whatever the window: every 6 px on a phone, every 12 px on a desktop
  const step = Math.max(6, Math.round(Math.sqrt(map.width * map.height / 8000)));
  let land = 0, covered = 0;
  for (let y = map.top + 2; y < map.bottom; y += step) for (let x = map.left + 2; x < map.right; x += step) {
    const stack = document.elementsFromPoint(x, y);
    const shape = stack.findIndex(el => el.matches && el.matches('path.fm-country, path.fm-tiny'));
    if (shape < 0) continue;
    land += 1;
    if (!stack[0].closest('.leaflet-map-pane')) covered += 1;
  }
  return {land, covered};
}"""


def _overlap(a: dict, b: dict) -> float:
    dx = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
    dy = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
    return max(dx, 0) * max(dy, 0)


def _inside(inner: dict, outer: dict) -> bool:
    return (
        inner["x"] >= outer["x"] - 0.5
        and inner["y"] >= outer["y"] - 0.5
        and inner["x"] + inner["w"] <= outer["x"] + outer["w"] + 0.5
        and inner["y"] + inner["h"] <= outer["y"] + outer["h"] + 0.5
    )


@pytest.fixture
def visit_at(chromium):
    contexts = []

    def open_map(path, size: str):
        context = chromium.new_context(viewport=SIZES[size], service_workers="block", has_touch=size == "phone")
        contexts.append(context)
        page = context.new_page()
        context.route(
            "**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort()
        )
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-fm-ready]", timeout=15_000)
        return page

    yield open_map
    for context in contexts:
        context.close()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", MAPS + HOSTILE_MAPS[:1])
def test_boxes_apart_and_off_the_land(visit_at, built, screenshots, name, size):
    page = visit_at(built / name, size)
    boxes = page.eval_on_selector("body", BOXES_JS)
    names = {box["name"] for box in boxes}
    assert "fm-title" in names
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if {a["name"], b["name"]} == {"fm-title", "fm-search"} and _inside(
                b if b["name"] == "fm-search" else a, a if a["name"] == "fm-title" else b
            ):
                continue  # the search box sits in the header's strip
            assert _overlap(a, b) < 1, f"{a['name']} overlaps {b['name']} at {size}"
    found = page.eval_on_selector("body", LAND_COVERED_JS)
    assert found["land"] > 500
    assert found["covered"] / found["land"] < MAX_LAND_COVERED, f"{found} at {size}"
    page.screenshot(path=str(screenshots / f"{name.replace('/', '_').removesuffix('.html')}_{size}.png"))


@pytest.mark.parametrize("size", SIZES)
def test_world_fits_the_window_width(visit_at, built, size):
    page = visit_at(built / "brf2023/partners.html", size)
    left, right = page.eval_on_selector_all(
        "path.fm-country",
        "els => { const r = els.map(e => e.getBoundingClientRect()).filter(r => r.width > 0);"
        " return [Math.min(...r.map(b => b.left)), Math.max(...r.map(b => b.right))]; }",
    )
    width = SIZES[size]["width"]
    assert abs((right - left) - width) <= WORLD_WIDTH_TOLERANCE * width, (left, right)
    assert page.evaluate("document.querySelector('meta[name=viewport]').content") == (
        "width=device-width, initial-scale=1"
    )
    assert page.locator("meta[name=viewport]").count() == 1


@pytest.mark.parametrize("size", SIZES)
def test_tooltip_above_every_box(visit_at, built, size):
    page = visit_at(built / "brf-editions/editions.html", size)
    if size == "phone":  # a tooltip opened by the search, then the panel opened over it
        page.click(".fm-toggle")
        page.fill(".fm-q", "China")
        page.press(".fm-q", "Enter")
        _tooltip(page, "China")
        page.evaluate("document.querySelector('.fm-toggle').click()")
        assert page.locator(".fm-legend:visible").count() == 1
    else:
        box = page.locator("path.fm-CHN").bounding_box()
        page.mouse.move(box["x"] + box["width"] * 0.55, box["y"] + box["height"] * 0.55)
        _tooltip(page, "China")
    area = page.locator(".leaflet-container").bounding_box()
    area = {"x": area["x"], "y": area["y"], "w": area["width"], "h": area["height"]}
    checked = 0
    for rect in page.eval_on_selector("body", BOXES_JS):
        if _overlap(rect, area) < 1:
            continue  # beside the map (the header): no tooltip can go under it
        checked += 1
        top, left = max(rect["y"], area["y"]), max(rect["x"], area["x"])
        x = (left + min(rect["x"] + rect["w"], area["x"] + area["w"])) / 2
        y = top + min((min(rect["y"] + rect["h"], area["y"] + area["h"]) - top) / 2, 10)
        on_top = page.evaluate(
            """([x, y]) => { const tip = [...document.querySelectorAll('.leaflet-tooltip')].find(t => t.textContent.includes('China'));
               const pane = tip.parentNode.getBoundingClientRect();
               tip.style.pointerEvents = "auto";  // hit-testing sees only what takes the pointer
               tip.style.transform = `translate3d(${x - pane.left - 20}px, ${y - pane.top - 8}px, 0)`;
               return !!document.elementFromPoint(x, y).closest('.leaflet-tooltip'); }""",
            [x, y],
        )
        assert on_top, f"the tooltip is under {rect['name']} at {size}"
    assert checked >= 3


# A point of the country's own fill nearest its box's centre, and how many of its fill's pixels a marker or a
# box takes from it.
OWN_LAND_JS = """iso => {
  const path = document.querySelector('path.fm-country.fm-' + iso);
  const r = path.getBoundingClientRect(), m = path.getScreenCTM().inverse();
  const svg = path.ownerSVGElement, p = svg.createSVGPoint();
  let own = 0, taken = 0, best = null;
  const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
  for (let y = r.top + 0.5; y < r.bottom; y += 1) for (let x = r.left + 0.5; x < r.right; x += 1) {
    p.x = x; p.y = y;
    if (!path.isPointInFill(p.matrixTransform(m))) continue;
    const top = document.elementFromPoint(x, y);
    own += 1;
    if (top.matches('path.fm-tiny') || !top.closest('.leaflet-container')) taken += 1;
    const d = (x - cx) ** 2 + (y - cy) ** 2;
    if (top === path && (!best || d < best.d)) best = {x, y, d};
  }
  return {own, taken, best};
}"""


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    ("iso3", "name"), [("ISR", "Israel"), ("CHE", "Switzerland"), ("BEL", "Belgium"), ("ITA", "Italy")]
)
def test_tiny_markers_leave_their_neighbours_land_alone(visit_at, built, size, iso3, name):
    page = visit_at(built / "brf2023/mentions.html", size)
    found = page.evaluate(OWN_LAND_JS, iso3)
    assert found["own"] > 0
    assert found["taken"] / found["own"] <= 0.02, found
    page.mouse.move(found["best"]["x"], found["best"]["y"])
    assert iso3 in _tooltip(page, name)


def test_tiny_state_reachable_by_search_tap_and_keyboard(visit_at, built):
    page = visit_at(built / "brf2023/partners.html", "phone")
    page.click(".fm-toggle")
    page.fill(".fm-q", "Vatican")
    page.press(".fm-q", "Enter")
    assert "VAT" in _tooltip(page, "Vatican")
    assert not page.locator(".fm-controls").is_visible()  # the panel closed to show the country
    marker = page.locator("path.fm-tiny.fm-SMR")
    marker.wait_for(state="visible")
    marker.tap()
    assert "SMR" in _tooltip(page, "San Marino")


def test_a_long_column_scrolls_below_the_zoom_buttons(visit_at, tmp_path):
    """Three years of months on ``extract --series month --map``: the column of boxes (its layer list a month a line)
    is taller than the window leaves it. It stays below the zoom buttons and scrolls: the last month can still
    be chosen."""
    import json
    import subprocess
    import sys

    corpus = tmp_path / "dated.jsonl"
    months = [f"{year}-{month:02d}-15" for year in (2022, 2023, 2024) for month in range(1, 13)]
    corpus.write_text(
        "".join(json.dumps({"id": d, "date": d, "text": "China and Kazakhstan met in Astana."}) + "\n" for d in months),
        encoding="utf-8",
    )
    page_path = tmp_path / "coverage.html"
    command = [sys.executable, "-m", "geo", "extract", "-q", "--series", "month", "--map", str(page_path), str(corpus)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    page = visit_at(page_path, "desktop")
    column = page.eval_on_selector(
        ".fm-side", "el => ({y: el.getBoundingClientRect().top, scrolls: el.scrollHeight > el.clientHeight})"
    )
    zoom = page.locator(".leaflet-control-zoom").bounding_box()
    assert column["scrolls"]
    assert column["y"] >= zoom["y"] + zoom["height"], (column, zoom)
    page.locator("input[name=fm-layer]").last.check()  # scrolled to, then chosen
    assert page.locator(".fm-legend:visible").get_attribute("data-layer") == "35"
