"""Whatever a user points forum-map at, the answer is a clear message naming the place, exit 1, no traceback,
and nothing written: forum folders with broken, odd or escaping content."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

VALID = Path(__file__).parent / "fixtures" / "forums" / "valid"
HEADER = "country,iso3,leader,title,role,category,notes,source"


def forum_map(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", *args], capture_output=True, text=True, timeout=180)


@pytest.fixture
def forum(tmp_path) -> Path:
    folder = tmp_path / "myforum"
    shutil.copytree(VALID, folder)
    return folder


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_unknown_country_fails_the_build_names_file_line_value_and_writes_nothing(forum, tmp_path):
    replace_in(forum / "leaders.csv", "Kazakhstan,KAZ,", "Kazakhztan,,")
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("unrelated", encoding="utf-8")
    result = forum_map("build", "--forum", str(forum), "--out", str(out))
    assert result.returncode == 1
    assert f"{forum / 'leaders.csv'}:4: unknown country 'Kazakhztan'" in result.stderr
    assert "Kazakhstan, KAZ" in result.stderr  # did you mean
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]
    assert (out / "keep.txt").read_text(encoding="utf-8") == "unrelated"


def refuse(forum: Path, *expected: str) -> None:
    result = forum_map("validate", "--forum", str(forum))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    for text in expected:
        assert text in result.stderr


def test_unknown_key_in_forum_toml_names_it_and_the_allowed_ones(forum):
    replace_in(forum / "forum.toml", 'title = "Fixture forum"', 'title = "Fixture forum"\ncolour = "red"')
    refuse(forum, "unknown key 'colour'", "allowed:", "declared_leaders")


def test_forum_toml_that_is_not_toml(forum):
    (forum / "forum.toml").write_text('title = "unclosed\n', encoding="utf-8")
    refuse(forum, f"{forum / 'forum.toml'}:1: not valid TOML")


def test_missing_table_file(forum):
    (forum / "leaders.csv").unlink()
    refuse(forum, "'leaders.csv' does not exist")


@pytest.mark.parametrize("path", ["../../etc/passwd", "/etc/passwd"])
def test_table_path_leaving_the_forum_is_refused(forum, path):
    replace_in(forum / "forum.toml", 'leaders = "leaders.csv"', f'leaders = "{path}"')
    refuse(forum, path, "refused" if path.startswith("..") else "absolute")


def test_symlink_pointing_out_of_the_forum_is_refused(forum, tmp_path):
    outside = tmp_path / "outside.csv"
    shutil.copy(forum / "leaders.csv", outside)
    (forum / "leaders.csv").unlink()
    os.symlink(outside, forum / "leaders.csv")
    refuse(forum, "leaves the forum folder")


def test_corpus_path_leaving_the_forum_is_refused(forum):
    replace_in(forum / "forum.toml", "declared_leaders = 2", 'declared_leaders = 2\ncorpus = ["../"]')
    refuse(forum, "leaves the forum folder")


def test_empty_table(forum):
    (forum / "leaders.csv").write_text("", encoding="utf-8")
    refuse(forum, f"{forum / 'leaders.csv'}:1: empty table")


def test_header_only_table_counts_zero_rows(forum):
    (forum / "leaders.csv").write_text(HEADER + "\n", encoding="utf-8")
    refuse(forum, "declared_leaders = 2")


def ok(forum: Path) -> None:
    result = forum_map("validate", "--forum", str(forum))
    assert result.returncode == 0, result.stderr


def test_csv_with_bom_crlf_and_trailing_blank_lines_is_read(forum):
    text = (forum / "leaders.csv").read_text(encoding="utf-8")
    (forum / "leaders.csv").write_bytes(b"\xef\xbb\xbf" + (text + "\n\n  \n").replace("\n", "\r\n").encode("utf-8"))
    ok(forum)


def test_csv_with_semicolons_and_quoted_newlines_is_read(forum):
    rows = [line.split(",") for line in (forum / "leaders.csv").read_text(encoding="utf-8").splitlines()]
    rows[2][6] = '"attended;\nmet Xi"'
    (forum / "leaders.csv").write_text("\n".join(";".join(r) for r in rows) + "\n", encoding="utf-8")
    ok(forum)


def test_quoted_newline_keeps_line_numbers_true(forum):
    rows = (forum / "leaders.csv").read_text(encoding="utf-8").splitlines()
    rows[1] = rows[1].replace(",,fixture", ',"two\nlines",fixture')
    rows[3] = rows[3].replace("Kazakhstan,KAZ,", "Kazakhztan,,")
    (forum / "leaders.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    refuse(forum, f"{forum / 'leaders.csv'}:5: unknown country 'Kazakhztan'")


def test_table_not_utf8(forum):
    (forum / "leaders.csv").write_bytes(b"country\xff\xfe\x00,iso3\n")
    refuse(forum, str(forum / "leaders.csv"))


def test_out_that_is_a_file_is_refused_before_any_work(tmp_path):
    target = tmp_path / "maps"
    target.write_text("not a folder", encoding="utf-8")
    result = forum_map("build", "--out", str(target))
    assert result.returncode == 1
    assert "is a file" in result.stderr and "Traceback" not in result.stderr
    assert target.read_text(encoding="utf-8") == "not a folder"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into any folder whatever its mode")
def test_out_that_cannot_be_written_is_refused(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    result = forum_map("build", "--out", str(locked / "maps"))
    assert result.returncode == 1 and "cannot be written" in result.stderr
