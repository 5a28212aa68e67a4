"""Every page for a reader with a keyboard, a screen reader or no JavaScript, and what it links to: axe-core
finds no serious or critical violation, the map is one named Tab stop, a country list moves between countries,
the data is a table under the map, the CSV, index and embed snippet are linked, the attribution has no flag."""

from __future__ import annotations

import csv

import pytest

from tests.browser.test_maps import HOSTILE_MAPS, MAPS, _tooltip

SERIOUS = {"serious", "critical"}


@pytest.mark.parametrize("name", [*MAPS, *HOSTILE_MAPS, "index.html"])
def test_axe_finds_no_serious_violation(chromium, built, name):
    axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright")
    context = chromium.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        page.goto((built / name).as_uri())
        if name != "index.html":
            page.wait_for_selector("body[data-fm-ready]", timeout=15_000)
        found = axe_playwright.Axe().run(page).response["violations"]
    finally:
        context.close()
    serious = [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in found if v["impact"] in SERIOUS]
    assert serious == []


@pytest.mark.parametrize("name", MAPS[:1] + ["brf-editions/editions.html"])
def test_the_map_is_one_named_tab_stop_and_the_data_a_table(visit, built, name):
    page = visit(built / name).page
    assert page.get_attribute("html", "lang") == "en"
    assert page.get_attribute(".leaflet-container", "aria-label").startswith("Map: ")
    focused = []
    for _ in range(60):  # one round of the page's Tab stops
        page.keyboard.press("Tab")
        stop = page.evaluate(
            "(document.activeElement.matches('.leaflet-container') ? 'map' : document.activeElement.tagName"
            ".toLowerCase()) + ':' + (document.activeElement.className.baseVal ?? document.activeElement.className)"
        )
        if focused and stop == focused[0]:
            break
        focused.append(stop)
    focused = [stop.split(":")[0] for stop in focused]
    assert focused.count("map") == 1
    assert "path" not in focused
    with (built / name.replace(".html", ".csv")).open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    table = page.locator(".fm-data table")
    assert table.locator("thead th").all_inner_texts() == rows[0]
    assert table.locator("tbody tr").count() == len(rows) - 1


def test_the_country_list_moves_between_countries_with_the_keyboard(visit, built):
    page = visit(built / "brf2023/leaders.html").page
    page.focus(".fm-pick select")
    page.select_option(".fm-pick select", "KEN")
    assert "KEN" in _tooltip(page, "Kenya")
    page.keyboard.press("ArrowDown")
    following = page.eval_on_selector(".fm-pick select", "s => s.options[s.selectedIndex].text")
    assert following != "Kenya" and following in _tooltip(page, following)


def test_links_embed_snippet_preview_tags_and_attribution(visit, built):
    page = visit(built / "brf2023/partners.html").page
    links = page.locator(".fm-links > a")
    hrefs = {links.nth(i).inner_text(): links.nth(i).get_attribute("href") for i in range(links.count())}
    assert hrefs == {"Data (CSV)": "partners.csv", "All maps": "../index.html"}  # no picture in this build
    assert (built / "brf2023" / hrefs["Data (CSV)"]).exists() and (built / "index.html").exists()
    sources = page.locator(".fm-sources a")
    assert sources.count() == 1 and sources.get_attribute("href").startswith("https://greenfdc.org/")
    assert "noopener" in sources.get_attribute("rel")  # the partners map cites its own source only
    snippet = page.input_value(".fm-embed")
    assert snippet.startswith('<iframe src="partners.html"') and "</iframe>" in snippet
    assert page.get_attribute('meta[property="og:title"]', "content") == page.title()
    assert page.locator('meta[property="og:image"]').count() == 0
    attribution = page.locator(".leaflet-control-attribution")
    assert attribution.inner_text().startswith("Leaflet")
    assert attribution.locator("svg").count() == 0  # no flag


def test_pictures_are_linked_and_previewed_when_built(visit, tmp_path):
    from geo.build import build
    from geo.forums import discover

    build(tmp_path, [str(p) for p in discover() if p.name == "brf2017"], png=True)
    page = visit(tmp_path / "brf2017" / "leaders.html").page
    assert page.locator(".fm-links a", has_text="Picture (PNG)").get_attribute("href") == "leaders.png"
    assert page.get_attribute('meta[property="og:image"]', "content") == "leaders.png"
    assert page.get_attribute('meta[name="twitter:card"]', "content") == "summary_large_image"
