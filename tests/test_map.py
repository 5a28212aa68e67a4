"""``forum-map map`` on a user's table, run as a user runs it; the lazy ``import geo``; the GIS export."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DONE_WHEN = 'Country,Delegates\nRussia,40\n"Korea, Rep.",12\nTurkiye,9\nCôte d\'Ivoire,3\n'


def run(*args: str, stdin: str | None = None, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "geo", *args], input=stdin, capture_output=True, text=True, cwd=cwd, env=env, timeout=180
    )


def csv_rows(path: Path) -> list[list[str]]:
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_the_issue_pipe_example_writes_page_and_join(tmp_path):
    done = run("map", "-", "--value", "Delegates", "--out", "d.html", stdin=DONE_WHEN, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "d.html").read_text(encoding="utf-8")
    assert "forumMap(" in page and "Delegates by country" in page
    rows = csv_rows(tmp_path / "d.csv")
    assert rows[0][:3] == ["iso3", "country", "class"]
    assert [row[0] for row in rows[1:]] == ["RUS", "KOR", "TUR", "CIV"]
    assert [row[-1] for row in rows[1:]] == ["40", "12", "9", "3"]


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("Country,Delegates\nRusia,40\n", ["<stdin>:2: 'Rusia'", "Russia (RUS)"]),
        ("Country,Delegates\nRussia,40\nCongo,3\n", ["<stdin>:3: 'Congo' could be", "(COG)", "(COD)"]),
        ("Country,Delegates\nRussia,40\nRUS,3\n", ["<stdin>:3: Russia (RUS) again, first on line 2", "--sum"]),
        ("Country;Delegates\nAtlantis;1\nMordor;2\n", ["<stdin>:2: 'Atlantis'", "<stdin>:3: 'Mordor'"]),
    ],
    ids=["typo", "ambiguous", "duplicate", "every-problem-listed"],
)
def test_bad_rows_exit_1_naming_each_line_and_write_nothing(tmp_path, table, expected):
    done = run("map", "-", "--out", "d.html", stdin=table, cwd=tmp_path)
    assert done.returncode == 1
    for text in expected:
        assert text in done.stderr
    assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_skip_unknown_leaves_rows_out_and_the_page_says_how_many(tmp_path):
    table = "Country,Delegates\nRusia,40\nCongo,3\nFrance,2\n"
    done = run("map", "-", "--skip-unknown", "--out", "d.html", stdin=table, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Rusia" in done.stderr and "warning" in done.stderr
    assert "2 row(s) of the table left out" in (tmp_path / "d.html").read_text(encoding="utf-8")
    assert [row[0] for row in csv_rows(tmp_path / "d.csv")[1:]] == ["FRA"]


@pytest.mark.parametrize(("option", "value"), [("--sum", "43"), ("--first", "40")])
def test_repeated_countries_summed_or_first(tmp_path, option, value):
    table = "name\tn\nRussia\t40\nRU\t3\n643\t0\n"
    done = run("map", "-", option, "--out", "d.html", stdin=table, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert csv_rows(tmp_path / "d.csv")[1][0] == "RUS"
    assert csv_rows(tmp_path / "d.csv")[1][-1] == value


def test_file_with_bom_quoted_newline_and_formula_cell(tmp_path):
    (tmp_path / "t.csv").write_bytes('\ufeffCountry;Note;Value\n"Korea,\nRep.";=HYPERLINK(1);5\nChad;ok;7\n'.encode())
    done = run("map", "t.csv", "--out", "m.html", "--title", "Values", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = csv_rows(tmp_path / "m.csv")
    assert rows[1][0] == "KOR" and rows[1][4] == "'=HYPERLINK(1)"


def test_xlsx_sheet(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.title = "first"
    sheet = book.create_sheet("data")
    for row in (["iso3", "score"], ["FRA", 1.5], ["DEU", 2.5]):
        sheet.append(row)
    book.save(tmp_path / "b.xlsx")
    done = run("map", "b.xlsx", "--sheet", "data", "--scheme", "quantiles", "--k", "2", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert [row[0] for row in csv_rows(tmp_path / "b-map.csv")[1:]] == ["FRA", "DEU"]


def test_export_gpkg_reads_back_with_the_same_rows(tmp_path):
    import geopandas as gpd

    import geo

    done = run("map", "-", "--value", "Delegates", "--out", "d.html", "--export", "gpkg", stdin=DONE_WHEN, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    layer = gpd.read_file(tmp_path / "d.gpkg")
    world = geo.countries()
    assert len(layer) == len(world) and set(layer["iso3"]) == set(world.index)
    values = layer.set_index("iso3")["Delegates"].dropna().to_dict()
    assert values == {"RUS": 40, "KOR": 12, "TUR": 9, "CIV": 3}
    assert layer.crs.to_epsg() == 4326


def test_build_export_geojson_beside_each_map(tmp_path):
    import geopandas as gpd

    from geo.build import build

    build(tmp_path, ["brf2023"], export="geojson")
    layer = gpd.read_file(tmp_path / "brf2023" / "mentions.geojson")
    assert layer.set_index("iso3").loc["CHN", "value"] > 0
    assert len(layer) >= 236


def test_import_geo_is_light():
    """As geopandas tests its own imports: a fresh interpreter, then look at sys.modules."""
    code = (
        "import geo, sys; geo.resolve(['Lao PDR']); geo.resolve_one('Chad'); geo.count_mentions(['China.']);"
        "heavy = [m for m in ('geopandas', 'folium', 'shapely', 'matplotlib') if m in sys.modules];"
        "assert not heavy, heavy"
    )
    done = python("-c", code)
    assert done.returncode == 0, done.stderr


def python(*args: str, cwd: Path | None = None, timeout: float = 180) -> subprocess.CompletedProcess:
    """A fresh interpreter on this checkout: ``python("-c", code)`` or a script's path."""
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=timeout,
    )


def test_a_map_of_counts_does_not_load_the_classification_libraries(tmp_path):
    """mapclassify (and with it scipy and matplotlib) takes seconds to import: a map of counts, the forum maps'
    kind and a pasted table of whole numbers, classes its values without it."""
    (tmp_path / "counts.csv").write_text("country,value\nKazakhstan,3\nChina,5\nKenya,40\n", encoding="utf-8")
    code = (
        "import sys; from geo.cli import main\n"
        "assert main(['map', 'counts.csv', '--out', 'page.html']) in (0, None)\n"
        "heavy = [m for m in ('mapclassify', 'scipy', 'matplotlib') if m in sys.modules]\n"
        "assert not heavy, heavy"
    )
    done = python("-c", code, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Kenya" in (tmp_path / "page.html").read_text(encoding="utf-8")


def test_explore_takes_series_dataframe_and_geodataframe(tmp_path):
    import pandas as pd

    import geo

    world = geo.countries().head(3).assign(value=[1, 2, 3])
    for data in (pd.Series({"RUS": 4}), pd.DataFrame({"iso3": ["RUS"], "value": [4]}), world):
        fmap = geo.explore(data, "value")
        assert type(fmap).__name__ == "Map"
        assert "forumMap(" in fmap._repr_html_() or "data-html" in fmap._repr_html_()
    with pytest.raises(ValueError, match="ISO 3166-1"):
        geo.explore(pd.Series({"Russia": 4}), "value")


def test_example_notebook_runs(tmp_path):
    done = python(str(ROOT / "docs" / "example_notebook.py"), cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "delegates.html").stat().st_size > 100_000
