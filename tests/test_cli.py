"""The command-line contracts that other tools rely on: headers, order, exit codes, light imports."""

import csv
import io
import subprocess
import sys

import pytest

SEED = "data/forums/brf2023/articles/belt_and_road_forum_2023.txt"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "geo", *args], input=stdin, capture_output=True, text=True, timeout=120
    )


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_extract_prints_one_row_per_document_and_country():
    result = run("extract", SEED, "--date", "2023-10-18")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "document,iso3,country,mentions,forms"
    table = {r["iso3"]: r for r in rows(result.stdout)}
    assert table["CHN"]["mentions"] == "37"
    assert table["CHN"]["document"] == SEED
    assert table["KAZ"]["country"] == "Kazakhstan"
    assert set(table["KAZ"]["forms"].split("|")) == {"Kazakh", "Kassym-Jomart Tokayev"}


def test_extract_mentions_rows_slice_back_to_the_text():
    result = run("extract", "--mentions", "-", stdin="Kazakh President Kassym-Jomart Tokayev met Xi Jinping.")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "document,start,end,surface,iso3,kind"
    text = "Kazakh President Kassym-Jomart Tokayev met Xi Jinping."
    found = rows(result.stdout)
    assert [r["iso3"] for r in found] == ["KAZ", "KAZ", "CHN"]
    for r in found:
        assert r["document"] == "-"
        assert text[int(r["start"]) : int(r["end"])] == r["surface"]


def test_extract_jsonl():
    result = run("extract", "--format", "jsonl", "-", stdin="Russia and China.")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and '"iso3": "RUS"' in lines[0] + lines[1]


def test_resolve_keeps_input_order_and_leaves_non_countries_empty():
    result = run("resolve", "Lao PDR", "Türkiye", "Europe", "Viet Nam", "-", stdin="Kazakh\n")
    assert result.returncode == 0, result.stderr
    table = rows(result.stdout)
    assert [r["name"] for r in table] == ["Lao PDR", "Türkiye", "Europe", "Viet Nam", "-"]
    assert [r["iso3"] for r in table][:4] == ["LAO", "TUR", "", "VNM"]


def test_resolve_reads_stdin_with_a_dash():
    result = run("resolve", "-", stdin="Kazakhstan\nthe Kremlin\nAtlantis\n")
    assert [r["iso3"] for r in rows(result.stdout)] == ["KAZ", "RUS", ""]


@pytest.mark.parametrize("command", ["extract", "resolve"])
def test_text_commands_do_not_import_gis_libraries(command):
    code = (
        "import sys, io; sys.stdin = io.TextIOWrapper(io.BytesIO(b'China'));"
        f"from geo.cli import main; main(['{command}', '-']);"
        "heavy = {'geopandas', 'folium', 'shapely', 'branca', 'matplotlib'} & set(sys.modules);"
        "sys.exit(f'imported {heavy}' if heavy else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_usage_error_exits_2():
    result = run("extract", "--date", "18/10/2023", "-", stdin="")
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr


def test_unknown_forum_exits_1_with_a_message_and_no_traceback(tmp_path):
    result = run("build", "--forum", "no-such-forum", "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "no-such-forum" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_validate_bundled_data_exits_0():
    result = run("validate")
    assert result.returncode == 0, result.stderr
    assert "brf2023: ok" in result.stderr
