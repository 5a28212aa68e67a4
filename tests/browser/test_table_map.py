"""A user's table on a map (``forum-map map``) and a notebook's map (``geo.explore`` + ``geo.to_html``) in the
browser: offline, and the countries of the table coloured, the others "no data"."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pandas as pd

import geo
from geo.cli import main
from geo.layers import NO_DATA_COLOR

DONE_WHEN = 'Country,Delegates\nRussia,40\n"Korea, Rep.",12\nTurkiye,9\nCôte d\'Ivoire,3\n'


def _fill(page, iso3: str) -> str:
    return page.get_attribute(f"path.fm-country.fm-{iso3}", "fill").lower()


def _opens_offline(seen) -> None:
    assert seen.blocked == [], "the page tried to reach the network"
    assert seen.errors == [] and seen.dialogs == []


def test_done_when_page_colours_the_table_countries(visit, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(DONE_WHEN.encode()), encoding="utf-8"))
    assert main(["map", "-", "--value", "Delegates", "--out", "d.html"]) == 0
    seen = visit(Path(tmp_path) / "d.html")
    _opens_offline(seen)
    fills = {iso3: _fill(seen.page, iso3) for iso3 in ("RUS", "KOR", "TUR", "CIV")}
    assert NO_DATA_COLOR not in fills.values(), fills
    # classes spaced by value: 40 in 32–40, 12 and 9 both in 8–15, 3 in 2–3
    assert fills["KOR"] == fills["TUR"] and len({fills["RUS"], fills["KOR"], fills["CIV"]}) == 3, fills
    assert _fill(seen.page, "FRA") == NO_DATA_COLOR
    assert "no data" in seen.page.inner_text(".fm-legend")


def test_explore_page_opens_offline(visit, tmp_path):
    m = geo.explore(pd.DataFrame({"iso3": ["BRA", "IND"], "value": [1.5, 7.25]}), "value", title="Scores")
    page_path = geo.to_html(m, tmp_path / "scores.html")
    seen = visit(page_path)
    _opens_offline(seen)
    assert _fill(seen.page, "BRA") != NO_DATA_COLOR and _fill(seen.page, "IND") != NO_DATA_COLOR
    assert _fill(seen.page, "BRA") != _fill(seen.page, "IND")
    assert "Scores" in seen.page.inner_text(".fm-title")
