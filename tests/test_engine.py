"""The serial and Dask engines give the same rows (the processes engine: test_pool.py); Dask workers stay free of GIS libraries; coverage over time."""

from __future__ import annotations

import csv
import gzip
import io
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from geo.cli import main
from geo.corpus import ReadOptions, plan_sources
from geo.engine import CountryCount, CountryTally, Job, partitions, run
from tests.benchmarks.make_corpus import articles, write_corpus


def forum_map(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", *args], capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """200 generated articles as .txt files, plus a JSON-lines file, a gzipped CSV and a binary file."""
    root = tmp_path_factory.mktemp("corpus")
    write_corpus(root / "txt", 0.6, fmt="txt", seed=3)
    assert len(list((root / "txt").rglob("*.txt"))) >= 200
    with (root / "more.jsonl").open("w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(a) + "\n" for a in articles(0.3, seed=4))
    table = io.StringIO()
    writer = csv.DictWriter(table, fieldnames=["id", "date", "text"])
    writer.writeheader()
    writer.writerows(articles(0.1, seed=5))
    (root / "more.csv.gz").write_bytes(gzip.compress(table.getvalue().encode()))
    (root / "picture.txt").write_bytes(b"\x00\x01\x02" * 100)
    return root


dask = pytest.importorskip("distributed", reason="the Dask engine is an optional extra: pip install -e '.[dask]'")


@pytest.mark.parametrize("mode", [[], ["--mentions"], ["--series", "month", "--format", "jsonl"]])
def test_dask_prints_exactly_the_serial_output(folder, mode):
    serial = forum_map("extract", *mode, str(folder))
    parallel = forum_map("extract", *mode, "--engine", "dask", "--workers", "2", str(folder))
    assert serial.returncode == parallel.returncode == 0, parallel.stderr
    assert len(serial.stdout.splitlines()) > 1000
    assert parallel.stdout == serial.stdout
    assert "picture.txt: binary file, skipped" in parallel.stderr


def test_split_json_lines_give_the_serial_results(folder):
    """A JSON-lines file cut into byte ranges on several workers reads the same records with the same ids."""
    sources = list(plan_sources([str(folder / "more.jsonl")], error=print))
    assert len(partitions(sources, 8)[0]) == 1 and len(sum(partitions(sources, 8), [])) == 1
    job = Job(ReadOptions(id_column="no-such-field"))  # ids are then path:line, which ranges must get right
    serial = list(run(sources, job, warn=print, error=print))
    from geo import engine

    small = [r for s in sources for r in engine.split_source(s, 20_000)]
    assert len(small) > 5
    parallel = list(run(small, job, engine="dask", workers=2, warn=print, error=print))
    assert parallel == serial


def test_workers_import_no_gis_library():
    from distributed import Client, LocalCluster

    def loaded() -> list[str]:
        from geo import engine

        engine.process_partition([], Job())
        return sorted(m for m in ("geopandas", "folium", "shapely", "branca", "matplotlib") if m in sys.modules)

    with LocalCluster(n_workers=1, processes=True, dashboard_address=":0") as cluster, Client(cluster) as client:
        assert list(client.run(loaded).values()) == [[]]


def test_without_dask_the_message_says_how_to_install(monkeypatch, capsys, tmp_path):
    (tmp_path / "a.txt").write_text("Chile", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "distributed", None)
    code = main(["extract", "--engine", "dask", "--workers", "2", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 1
    assert "pip install 'forum-map[dask]'" in err and "Traceback" not in err


def test_stdin_needs_another_engine_than_dask(capsys):
    assert main(["extract", "--engine", "dask", "--workers", "1", "-"]) == 1
    assert "standard input needs --engine auto, serial or processes" in capsys.readouterr().err


def test_monthly_series_and_map(folder, tmp_path):
    page = tmp_path / "coverage.html"
    done = forum_map("extract", "--series", "month", "--map", str(page), str(folder / "more.jsonl"))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert list(rows[0]) == ["period", "iso3", "country", "mentions", "documents"]
    periods = sorted({r["period"] for r in rows})
    assert periods[0].startswith("2023-") and all(len(p) == 7 for p in periods)
    assert all(int(r["mentions"]) >= int(r["documents"]) >= 1 for r in rows)
    html = page.read_text(encoding="utf-8")
    assert periods[0] in html and periods[-1] in html


def test_coverage_examples():
    import doctest

    from geo import coverage

    assert doctest.testmod(coverage).failed == 0


def test_forum_with_a_monthly_map(tmp_path):
    """A forum's ``mentions_by_month`` map: one layer per month (empty months too) and the series as CSV."""
    forum = tmp_path / "monthly"
    (forum / "articles").mkdir(parents=True)
    (forum / "forum.toml").write_text(
        'title = "Monthly"\ncorpus = ["articles"]\n\n[[maps]]\nid = "by-month"\nkind = "mentions_by_month"\n'
        'title = "Coverage by month"\n',
        encoding="utf-8",
    )
    records = [
        {"id": "a", "date": "2023-10-17", "text": "China and Russia met. China again."},
        {"id": "b", "date": "2023-12-02", "text": "Kenya and Chile."},
        {"id": "c", "text": "Peru, undated."},
    ]
    (forum / "articles" / "news.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "maps"
    assert main(["build", "-q", "--forum", str(forum), "--out", str(out)]) == 0
    table = list(csv.DictReader((out / "monthly" / "by-month.csv").open(encoding="utf-8")))
    counted = {(r["period"], r["iso3"]): r["value"] for r in table if r["value"] not in ("", "0")}
    assert counted == {
        ("2023-10", "CHN"): "2",
        ("2023-10", "RUS"): "1",
        ("2023-12", "CHL"): "1",
        ("2023-12", "KEN"): "1",
    }
    assert {r["period"] for r in table} == {"2023-10", "2023-11", "2023-12"}
    page = (out / "monthly" / "by-month.html").read_text(encoding="utf-8")
    assert "2023-11" in page and "1 undated document left out" in page


def test_partitions_are_of_about_one_size(tmp_path):
    """Even partitions keep both workers busy to the end: no partition takes a file's tail plus a whole range."""
    line = json.dumps({"id": "x", "text": "China and Russia. " * 50}) + "\n"
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.jsonl").write_text(line * (int(2.65 * (1 << 20)) // len(line)), encoding="utf-8")
    sources = list(plan_sources([str(tmp_path)], error=print))
    groups = partitions(sources, 2)
    sizes = [sum(part.size for part in group) for group in groups]
    assert sum(sizes) == sum(source.size for source in sources)
    assert max(sizes) <= 1.5 * (1 << 20)
    assert sum(size < 0.9 * (1 << 20) for size in sizes) <= len(sources)  # only a file's last range is short


def test_one_tally_sums_single_mentions_and_pieces_alike():
    """The forum's mentions map counts mention by mention, the engine piece by piece: one tally, one result."""
    one_by_one, by_piece = CountryTally(), CountryTally()
    for iso3, surface in [("CHN", "China"), ("CHN", "Chinese"), ("VNM", "Viet  Nam"), ("CHN", "China")]:
        one_by_one.add(iso3, surface)
    by_piece.add_forms({"VNM": Counter({"Viet Nam": 1})})
    by_piece.add_forms({"CHN": Counter({"China": 2, "Chinese": 1})})
    expected = (CountryCount("CHN", 3, ("China", "Chinese")), CountryCount("VNM", 1, ("Viet Nam",)))
    assert one_by_one.countries() == by_piece.countries() == expected
    assert one_by_one.forms() == {"CHN": ["China", "Chinese"], "VNM": ["Viet Nam"]}
