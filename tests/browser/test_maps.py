"""Every built map in a real browser: offline, drawn, legend, tooltip, search, layers, tiny states, no script
injected by the data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from geo.boundaries import TINY_STATES
from geo.forums import discover, load_forum

HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
MAPS = [f"{folder.name}/{spec.id}.html" for folder in discover() for spec in load_forum(folder).maps]
HOSTILE_MAPS = [f"hostile/{spec.id}.html" for spec in load_forum(HOSTILE).maps]
SCRIPTS = 4  # Leaflet, folium's switches, our page code, the map and its data
MIN_SHAPES = 170
HOSTILE_TEXTS = ("<img src=x onerror=alert(1)>", "</script><script>alert(1)</script>")


def _fills(page) -> list[str]:
    return page.eval_on_selector_all("path.fm-country, path.fm-tiny", "els => els.map(e => e.getAttribute('fill'))")


def _tooltip(page, showing: str) -> str:
    """The text of the open tooltip about ``showing`` (a closed one fades out for a moment beside it).

    The wait is generous because a loaded machine can be slow to deliver a hover; a passing test does not wait."""
    tooltip = page.locator(".leaflet-tooltip", has_text=showing)
    tooltip.wait_for(timeout=10_000)
    return tooltip.inner_text()


def _search(page, query: str) -> None:
    page.fill(".fm-q", query)
    page.press(".fm-q", "Enter")


@pytest.mark.parametrize("name", MAPS + HOSTILE_MAPS)
def test_map_renders_offline_with_legend(visit, built, screenshots, name):
    seen = visit(built / name)
    page = seen.page
    assert seen.blocked == [], f"{name} tried to reach the network"
    assert all(url.startswith("file://") for url in seen.requests)
    assert seen.errors == []
    assert seen.dialogs == []
    assert page.locator("path.fm-country").count() >= MIN_SHAPES
    assert seen.ready_ms > 0  # the page drew its map (its time is measured in tests/benchmarks/bench_startup.py)
    legend = page.locator(".fm-legend:visible")
    assert legend.count() == 1
    assert legend.locator(".fm-swatch").count() >= 3
    assert "no data" in legend.inner_text()
    fills = _fills(page)
    assert not {f.lower() for f in fills} & {"#000", "#000000", "black", None}, "a country is painted black"
    shot = screenshots / (name.replace("/", "_").removesuffix(".html") + ".png")
    page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_hover_shows_name_code_value_and_rank(visit, built):
    page = visit(built / "brf2023/mentions.html").page
    box = page.locator("path.fm-CHN").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.55, box["y"] + box["height"] * 0.55)
    text = _tooltip(page, "China")
    assert "CHN" in text
    assert re.search(r"\d+ mentions", text)
    assert "rank 1 of" in text


def test_tiny_states_are_markers_with_the_same_tooltip(visit, built):
    page = visit(built / "brf2023/partners.html").page
    for iso3 in ("SGP", "MLT", "BHR", "MDV", "TUV", "FJI", "BRB"):
        assert page.locator(f"path.fm-tiny.fm-{iso3}").count() == 1, iso3
    assert page.locator("path.fm-tiny").count() == len(TINY_STATES)
    for iso3 in ("TUV", "MDV", "FJI", "KIR"):  # far from other land: shown at the world view
        assert page.locator(f"path.fm-tiny.fm-{iso3}").is_visible(), iso3
    # Malta's marker would cover Sicily at the world view: it shows once the reader zooms in one step (placed at
    # the end of the zoom; a second step would take it above the window's top edge).
    malta = page.locator("path.fm-tiny.fm-MLT")
    assert not malta.is_visible()
    page.click(".leaflet-control-zoom-in")
    malta.wait_for(state="visible", timeout=10_000)
    malta.hover()
    text = _tooltip(page, "Malta")
    assert "MLT" in text and "year joined" in text


def test_search_box_is_reachable_by_keyboard_and_finds_by_name_or_code(visit, built):
    page = visit(built / "brf2023/leaders.html").page
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('fm-q')"):
            break
    assert page.evaluate("document.activeElement.classList.contains('fm-q')"), (
        "the search box is not reachable with Tab"
    )
    page.keyboard.type("sgp")
    page.keyboard.press("Enter")
    assert "SGP" in _tooltip(page, "Singapore")
    assert page.inner_text(".fm-message") == "Singapore (SGP)"
    _search(page, "kazakh")
    assert "KAZ" in _tooltip(page, "Kazakhstan")
    _search(page, "Atlantis")
    assert page.inner_text(".fm-message") == "No country matches “Atlantis”."


def test_layer_switcher_restyles_the_shared_geometry(visit, built):
    page = visit(built / "brf-editions/editions.html").page
    radios = page.locator("input[name=fm-layer]")
    assert radios.count() >= 2
    assert page.locator("script").count() == SCRIPTS  # one geometry for every layer, not one script per layer
    before = _fills(page)
    radios.nth(radios.count() - 1).check()
    assert _fills(page) != before
    visible = page.locator(".fm-legend:visible")
    assert visible.count() == 1
    assert visible.get_attribute("data-layer") == str(radios.count() - 1)


@pytest.mark.parametrize("name", HOSTILE_MAPS)
def test_hostile_strings_render_as_text(visit, built, name):
    seen = visit(built / name)
    page = seen.page
    assert page.locator("script").count() == SCRIPTS
    assert page.locator("script[src]").count() == 0
    assert page.locator("img").count() == 0
    assert "{{ 7*7 }}" in page.inner_text(".fm-title")  # shown as typed, never evaluated as a template
    shown = page.inner_text("body")
    assert all(hostile in shown for hostile in HOSTILE_TEXTS)  # in the subtitle: shown as text, never run
    for iso3 in ("KEN", "SGP", "TUV", "MLT"):
        _search(page, iso3)
        _tooltip(page, iso3)
    text = _tooltip(page, "Malta")
    assert any(hostile in text for hostile in HOSTILE_TEXTS), text
    assert page.locator("img").count() == 0
    assert seen.dialogs == []
    assert seen.errors == []
    assert "{{ 7*7 }}" in page.title()


def test_monthly_coverage_map_switches_between_months(visit, tmp_path):
    """``extract --series month --map`` on a dated corpus: one layer a month, each with its own colours."""
    import json
    import subprocess
    import sys

    articles = [
        ("2023-08-03", "China and Russia signed a deal. Beijing said it welcomed Kazakhstan."),
        ("2023-09-14", "Kazakhstan and Uzbekistan met; Tokayev spoke. Kazakh officials agreed."),
        ("2023-10-18", "Indonesia, Kenya and Chile sent delegations. Widodo flew in."),
    ]
    corpus = tmp_path / "dated.jsonl"
    corpus.write_text(
        "".join(json.dumps({"id": f"a{n}", "date": d, "text": t}) + "\n" for n, (d, t) in enumerate(articles)),
        encoding="utf-8",
    )
    page_path = tmp_path / "coverage.html"
    done = subprocess.run(
        [sys.executable, "-m", "geo", "extract", "-q", "--series", "month", "--map", str(page_path), str(corpus)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    seen = visit(page_path)
    page = seen.page
    radios = page.locator("input[name=fm-layer]")
    labels = page.inner_text("fieldset.fm-layers")
    assert radios.count() == 3 and all(month in labels for month in ("2023-08", "2023-09", "2023-10"))
    shown = []
    for index in range(3):
        radios.nth(index).check()
        shown.append(_fills(page))
        assert page.locator(".fm-legend:visible").get_attribute("data-layer") == str(index)
    assert len({tuple(fills) for fills in shown}) == 3  # every month colours other countries
    assert seen.errors == [] and seen.blocked == []


def _two_maps_page(path: Path) -> None:
    """A page of our own holding two maps, each in its own container with its title, search box, legends and
    layer switcher, as someone embedding them would write it."""
    import pandas as pd

    from geo import assets
    from geo.boundaries import web_basemap
    from geo.kinds.leaders import leaders_layer
    from geo.kinds.mentions import mentions_layer
    from geo.render import chrome_html, page_data, script_json

    basemap = web_basemap()
    names = dict(basemap.names)
    leaders = pd.DataFrame(
        [{"iso3": "KEN", "country": "Kenya", "leader": "W. Ruto", "title": "President", "role": "head_of_state",
          "category": "leader", "source": "s"}]
    )  # fmt: skip
    maps = [
        [
            leaders_layer("l", "Leaders", leaders, names, "s"),
            mentions_layer("m", "Mentions", {"FRA": 2}, {}, names, "s"),
        ],
        [mentions_layer(f"m{i}", f"Month {i}", {"KEN": 1 + i, "FRA": 3 * i}, {}, names, "s") for i in range(2)],
    ]
    blocks = "".join(
        f'<div class="fm-map" style="position:relative;height:360px">{chrome_html(shown, f"Map {n}", "", "s")}'
        '<div class="folium-map" style="position:relative;width:100%;height:100%"></div></div>'
        for n, shown in enumerate(maps)
    )
    calls = "".join(
        f"forumMap(L.map(document.querySelectorAll('.folium-map')[{n}], {{center: [20, 10], zoom: 1}}), "
        f"{script_json(page_data(basemap, shown))});"
        for n, shown in enumerate(maps)
    )
    path.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f"<style>{assets.leaflet_css()}</style><script>{assets.leaflet_js()}</script>"
        f"<style>{assets.page_css()}</style><script>{assets.page_js()}</script></head><body>{blocks}"
        f"<script>{calls} document.body.setAttribute('data-fm-ready', '0');</script></body></html>",
        encoding="utf-8",
    )


def _fills_in(container) -> list[str]:
    return container.locator("path.fm-country").evaluate_all("els => els.map(e => e.getAttribute('fill'))")


def test_two_maps_share_a_page_each_with_its_own_search_legends_and_layers(visit, tmp_path):
    _two_maps_page(tmp_path / "two.html")
    seen = visit(tmp_path / "two.html")
    page = seen.page
    first, second = page.locator(".fm-map").nth(0), page.locator(".fm-map").nth(1)
    assert page.locator(".fm-map[data-fm-ready]").count() == 2
    assert all(box.locator("path.fm-country").count() >= MIN_SHAPES for box in (first, second))
    # The only ids are made by each map for itself, numbered per map: its country list and its hatch patterns.
    ids = page.eval_on_selector_all("[id]", "els => els.map(e => e.id)")
    assert sorted(ids) == ["fm-hatch-1", "fm-hatch-1-none", "fm-hatch-2", "fm-hatch-2-none", "fm-names-1", "fm-names-2"]
    assert second.locator("datalist option").count() >= MIN_SHAPES

    second.locator(".fm-q").fill("kenya")
    second.locator(".fm-q").press("Enter")
    assert second.locator(".fm-message").inner_text() == "Kenya (KEN)"
    assert first.locator(".fm-message").inner_text() == ""

    before = _fills_in(first)
    second.locator("input[name=fm-layer]").nth(1).check()
    assert _fills_in(first) == before
    assert first.locator("input[name=fm-layer]").nth(0).is_checked()  # radio groups do not span the maps
    assert second.locator(".fm-legend:visible").get_attribute("data-layer") == "1"
    assert first.locator(".fm-legend:visible").get_attribute("data-layer") == "0"
    first.locator("input[name=fm-layer]").nth(1).check()
    assert _fills_in(first) != before
    assert second.locator("input[name=fm-layer]").nth(1).is_checked()
    assert seen.errors == [] and seen.blocked == []


@pytest.mark.parametrize(
    ("query", "iso3"),
    [
        ("UK", "GBR"),
        ("Britain", "GBR"),
        ("Ivory Coast", "CIV"),
        ("Lao PDR", "LAO"),
        ("Burma", "MMR"),
        ("Swaziland", "SWZ"),
        ("Czech Republic", "CZE"),
        ("Ukraine", "UKR"),
        ("Cameroun", "CMR"),
    ],
)
def test_search_knows_the_names_resolve_knows(visit, built, query, iso3):
    page = visit(built / "brf2023/partners.html").page
    _search(page, query)
    assert page.inner_text(".fm-message").endswith(f"({iso3})")


@pytest.mark.parametrize(("query", "codes"), [("Congo", {"COG", "COD"}), ("Korea", {"KOR", "PRK"})])
def test_search_offers_each_country_a_shared_name_may_mean(visit, built, query, codes):
    page = visit(built / "brf2023/partners.html").page
    _search(page, query)
    message = page.locator(".fm-message")
    assert "may mean" in message.inner_text()
    choices = message.locator("button")
    assert {re.search(r"\((\w{3})\)", t).group(1) for t in choices.all_inner_texts()} == codes
    second = re.search(r"\((\w{3})\)", choices.nth(1).inner_text()).group(1)
    choices.nth(1).click()
    assert message.inner_text().endswith(f"({second})")
    assert second in _tooltip(page, f"{second}")
