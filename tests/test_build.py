"""The whole build, as a user runs it: bundled data in, index + maps + CSVs out, nothing else touched."""

import csv
import datetime
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from geo.build import MANIFEST, build, write_atomic
from geo.errors import BuildError


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("maps")
    (out / "notes.txt").write_text("mine, not the build's", encoding="utf-8")
    build(out, ["brf2023"])
    return out


def test_index_links_every_map_with_its_csv(built):
    index = (built / "index.html").read_text(encoding="utf-8")
    for name in ("mentions", "leaders", "partners"):
        assert f'href="brf2023/{name}.html"' in index
        assert f'href="brf2023/{name}.csv"' in index
        assert (built / "brf2023" / f"{name}.html").stat().st_size > 10_000


def test_every_csv_starts_with_iso3_country_value_and_covers_the_world(built):
    for name in ("mentions", "leaders", "partners"):
        path = built / "brf2023" / f"{name}.csv"
        header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
        assert header[:3] == ["iso3", "country", "value"]
        rows = read_csv(path)
        assert len(rows) >= 170
        assert len({r["iso3"] for r in rows}) == len(rows)


def test_leaders_map_shows_kazakhstan_and_indonesia_heads_of_state(built):
    rows = {r["iso3"]: r for r in read_csv(built / "brf2023" / "leaders.csv")}
    assert rows["KAZ"]["value"] == "head_of_state"
    assert rows["IDN"]["value"] == "head_of_state"
    assert rows["HUN"]["value"] == "head_of_government"
    assert rows["FRA"]["value"] == "representative"
    assert rows["USA"]["value"] == "none"
    levels = [r["value"] for r in rows.values()]
    # 23 leaders named in the Chair's Statement + the host + 3 representatives.
    assert sum(v != "none" for v in levels) == 27


def test_mentions_map_has_china_then_russia_on_top(built):
    rows = read_csv(built / "brf2023" / "mentions.csv")
    top = sorted(rows, key=lambda r: -int(r["value"]))[:2]
    assert [r["iso3"] for r in top] == ["CHN", "RUS"]
    counts = {r["iso3"]: int(r["value"]) for r in rows}
    assert counts["CHN"] == 37 and counts["RUS"] == 16
    assert counts["FRA"] == 0


def test_partners_map_counts_150_gfdc_partners_plus_5(built):
    rows = read_csv(built / "brf2023" / "partners.csv")
    partners = [r for r in rows if r["status"]]
    assert len(partners) == 155
    status = {r["iso3"]: r["status"] for r in partners}
    assert status["ITA"] == status["PAN"] == "exited"
    assert {k for k, v in status.items() if v == "unclear"} == {"AUT", "COG", "NER", "RUS"}


def test_build_leaves_foreign_files_alone_and_keeps_a_manifest(built):
    assert (built / "notes.txt").read_text(encoding="utf-8") == "mine, not the build's"
    manifest = json.loads((built / MANIFEST).read_text(encoding="utf-8"))
    assert "index.html" in manifest["files"]
    assert "notes.txt" not in manifest["files"]
    assert not list(built.rglob("*.tmp"))


def test_rebuild_removes_only_its_own_stale_outputs(tmp_path):
    build(tmp_path, ["brf2023"])
    manifest = tmp_path / MANIFEST
    recorded = json.loads(manifest.read_text(encoding="utf-8"))
    write_atomic(tmp_path / "brf2023" / "old-map.html", "from an earlier build")
    digest = hashlib.sha256(b"from an earlier build").hexdigest()
    recorded["files"]["brf2023/old-map.html"] = {"sha256": digest, "forum": "brf2023"}
    manifest.write_text(json.dumps(recorded), encoding="utf-8")
    (tmp_path / "brf2023" / "my-notes.html").write_text("user file", encoding="utf-8")
    build(tmp_path, ["brf2023"])
    assert not (tmp_path / "brf2023" / "old-map.html").exists()
    assert (tmp_path / "brf2023" / "my-notes.html").read_text(encoding="utf-8") == "user file"


def test_out_naming_a_file_is_refused_before_any_work(tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(BuildError, match="is a file"):
        build(target, ["brf2023"])
    assert target.read_text(encoding="utf-8") == "x"


def test_outputs_follow_the_umask_not_the_temporary_files_0600(tmp_path):
    previous = os.umask(0o022)
    try:
        write_atomic(tmp_path / "a.html", "<p>x</p>")
    finally:
        os.umask(previous)
    assert (tmp_path / "a.html").stat().st_mode & 0o777 == 0o644


def test_forum_map_build_console_script(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "geo", "build", "--forum", "brf2023", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "wrote" in result.stderr and result.stdout == ""
    assert (tmp_path / "index.html").is_file()


def test_a_user_file_where_a_map_would_go_is_never_overwritten(tmp_path):
    (tmp_path / "brf2023").mkdir()
    (tmp_path / "brf2023" / "leaders.html").write_text("my own page", encoding="utf-8")
    with pytest.raises(BuildError, match="not written by forum-map"):
        build(tmp_path, ["brf2023"])
    assert (tmp_path / "brf2023" / "leaders.html").read_text(encoding="utf-8") == "my own page"
    assert not (tmp_path / "index.html").exists()
    assert not list(tmp_path.rglob("*.tmp"))


def test_every_piece_of_a_long_forum_article_reads_leaders_on_the_forums_date(tmp_path, monkeypatch):
    """A forum dated October 2023: Bolsonaro (president until 2022) is no mention, even in a later piece."""
    from geo import corpus
    from geo.kinds.mentions import forum_mentions

    monkeypatch.setattr(corpus, "PIECE_CHARS", 2000)
    text = "\n\n".join(f"Paragraph {i}: Bolsonaro spoke to the press in Chile." for i in range(200))
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    documents = list(corpus.read_documents([str(tmp_path / "long.txt")], date=datetime.date(2023, 10, 18)))
    assert len(documents) > 1
    found = forum_mentions(documents)
    assert found.tally.counts == {"CHL": 200}
    assert found.tally.forms() == {"CHL": ["Chile"]}


def test_a_published_address_makes_the_preview_and_embed_links_absolute(tmp_path):
    build(tmp_path, ["brf2019"], png=True, base_url="https://news.example/maps")
    page = (tmp_path / "brf2019" / "leaders.html").read_text(encoding="utf-8")
    assert '<meta property="og:url" content="https://news.example/maps/brf2019/leaders.html">' in page
    assert '<meta property="og:image" content="https://news.example/maps/brf2019/leaders.png">' in page
    assert "iframe src=&quot;https://news.example/maps/brf2019/leaders.html&quot;" in page
    assert 'href="leaders.csv"' in page  # the page's own links stay relative: the folder can move


@pytest.mark.parametrize("address", ["maps/", "ftp://news.example/maps", "https://news.example/maps?x=1", "https://"])
def test_a_published_address_that_is_not_a_web_folder_is_refused_before_any_work(tmp_path, address):
    with pytest.raises(BuildError, match="--base-url: .*"):
        build(tmp_path / "out", ["brf2019"], base_url=address)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
