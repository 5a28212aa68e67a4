"""Input an attacker or a careless user could give: nothing it says reaches a spreadsheet as a formula or a page
as a reordering control, no link takes text from outside the forum folder, and no input ends in a traceback."""

import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_bad_input import VALID, forum_map, replace_in

SEED_ARTICLES = Path(__file__).parent.parent / "data" / "forums" / "brf2023" / "articles"


@pytest.fixture
def forum(tmp_path) -> Path:
    folder = tmp_path / "myforum"
    shutil.copytree(VALID, folder)
    return folder


def run(*args: str, stdin=None, env=None, input_text=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "geo", *args],
        capture_output=True,
        text=True,
        timeout=180,
        stdin=stdin,
        input=input_text,
        env={**os.environ, **(env or {})},
    )


def with_articles(forum: Path, corpus: str = '["articles"]') -> None:
    replace_in(forum / "forum.toml", "[tables]", f"corpus = {corpus}\n\n[tables]")
    with open(forum / "forum.toml", "a", encoding="utf-8") as toml:
        toml.write('\n[[maps]]\nid = "talk"\nkind = "mentions"\ntitle = "T"\n')


# --- spreadsheet formulas in every CSV the program writes ---


def test_extract_neutralises_a_document_id_that_is_a_formula(tmp_path):
    corpus = tmp_path / "feed.jsonl"
    corpus.write_text('{"id": "=HYPERLINK(\\"http://x\\")", "text": "Kazakh leaders met."}\n', encoding="utf-8")
    for mode in ([], ["--mentions"]):
        result = run("extract", *mode, str(corpus))
        assert result.returncode == 0, result.stderr
        row = result.stdout.splitlines()[1]
        assert row.startswith("\"'=HYPERLINK("), row


def test_resolve_neutralises_a_name_that_is_a_formula():
    result = run("resolve", "=1+2", "@SUM(A1)", "Kazakh")
    assert result.stdout.splitlines()[1:] == ["'=1+2,,,", "'@SUM(A1),,,", "Kazakh,KAZ,Kazakhstan,demonym"]


def test_map_tables_and_extract_rows_neutralise_the_same_cells():
    """One rule for every CSV the tool writes: a cell a spreadsheet would run gets an apostrophe; a lone dash or
    plus (an empty value, not a formula) and numbers stay as they are."""
    import pandas as pd

    from geo.build import csv_text
    from geo.csvio import csv_lines

    cells = ["=1+2", "@SUM(A1)", "-2+3", "+1", "-", "+", "Kazakhstan", 3]
    written = ["'=1+2", "'@SUM(A1)", "'-2+3", "'+1", "-", "+", "Kazakhstan", "3"]
    assert csv_text(pd.DataFrame({"cell": cells})).splitlines()[1:] == written
    assert csv_lines([[cell] for cell in cells]).splitlines() == written


# --- bidirectional controls ---


def test_a_bidi_override_in_a_title_or_place_never_reaches_the_page(forum, tmp_path):
    replace_in(
        forum / "forum.toml", 'title = "Fixture forum"', 'title = "Fixture \u202eforum"\nplace = "Bei\u2067jing"'
    )
    replace_in(forum / "forum.toml", 'title = "Fixture map"', 'title = "Fixture \u202emap"')
    result = forum_map("build", "--forum", str(forum), "--out", str(tmp_path / "out"), "--png")
    assert result.returncode == 0, result.stderr
    pages = list((tmp_path / "out").rglob("*.html"))
    assert len(pages) == 2
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "\u202e" not in text and "\u2067" not in text
        assert "Fixture forum" in text or "Fixture map" in text


# --- links and paths that leave the forum folder ---


def test_a_link_inside_a_corpus_folder_pointing_out_is_refused_and_its_text_never_published(forum, tmp_path):
    secret = tmp_path / "private.txt"
    secret.write_text("My diary: the Kazakh ambassador's phone number is 555-0199.", encoding="utf-8")
    (forum / "articles").mkdir()
    shutil.copy(next(SEED_ARTICLES.glob("*.txt")), forum / "articles" / "a.txt")
    (forum / "articles" / "leak.txt").symlink_to(secret)
    with_articles(forum)
    out = tmp_path / "out"
    result = forum_map("build", "--forum", str(forum), "--out", str(out))
    assert result.returncode == 1
    assert "'articles/leak.txt' is a symbolic link out of the forum folder; refused" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists() or not any(out.rglob("*.html"))


@pytest.mark.parametrize("where", ["up and back", "absolute", "linked"])
def test_an_edition_must_be_a_forum_folder_beside_this_one(forum, tmp_path, where):
    private = tmp_path / "elsewhere" / "private"
    shutil.copytree(VALID, private)
    edition = {"up and back": "../elsewhere/private", "absolute": str(private), "linked": "linked"}[where]
    (tmp_path / "linked").symlink_to(private)
    replace_in(forum / "forum.toml", "[tables]", f'editions = ["{edition}"]\n\n[tables]')
    result = forum_map("validate", "--forum", str(forum))
    assert result.returncode == 1
    assert f"edition '{edition}' is not a forum folder beside this one" in result.stderr


def test_a_corpus_folder_means_its_text_files_not_the_forums_tables(forum, tmp_path):
    shutil.copy(next(SEED_ARTICLES.glob("*.txt")), forum / "article.txt")
    with_articles(forum, '["."]')
    out = tmp_path / "out"
    result = forum_map("build", "--forum", str(forum), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "text column" not in result.stderr
    table = (out / "myforum" / "talk.csv").read_text(encoding="utf-8")
    assert "KAZ,Kazakhstan," in table  # the article was read…
    assert "leaders.csv" not in (out / "myforum" / "talk.html").read_text(encoding="utf-8")  # …and not the table


def test_a_corpus_file_that_cannot_be_read_fails_the_build(forum, tmp_path):
    (forum / "feed.csv").write_text("id,body\n1,Kazakh leaders\n", encoding="utf-8")
    with_articles(forum, '["feed.csv"]')
    result = forum_map("build", "--forum", str(forum), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "no text column 'text'" in result.stderr and "--text-column" not in result.stderr


# --- forum tables as people save them ---


def test_a_table_saved_by_excel_on_windows_is_read_with_a_warning(forum, tmp_path):
    text = (forum / "leaders.csv").read_text(encoding="utf-8").replace("Tokayev", "Tokayév")
    (forum / "leaders.csv").write_bytes(text.encode("cp1252"))
    result = forum_map("validate", "--forum", str(forum))
    assert f"warning: {forum / 'leaders.csv'}: not UTF-8, decoded as Windows-1252" in result.stderr
    assert "byte" not in result.stderr and "Traceback" not in result.stderr


def test_a_lost_closing_quote_in_a_big_table_is_one_problem_with_its_line(forum):
    lines = (forum / "leaders.csv").read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",", ',"', 1)  # an opening quote that is never closed
    filler = ["Kazakhstan,KAZ,Nobody,President,head_of_state,leader,," + "x" * 200] * 1000
    (forum / "leaders.csv").write_text("\n".join(lines + filler) + "\n", encoding="utf-8")
    result = forum_map("validate", "--forum", str(forum))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{forum / 'leaders.csv'}:3: a quoted cell runs from line 3 to line" in result.stderr
    assert len(result.stderr) < 2000


def test_ten_thousand_unknown_names_are_listed_fifty_then_counted(forum):
    header = (forum / "leaders.csv").read_text(encoding="utf-8").splitlines()[0]
    rows = [f"Nowhereland{i},,Someone,President,head_of_state,leader,,src" for i in range(10_000)]
    (forum / "leaders.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    result = forum_map("validate", "--forum", str(forum))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 52, lines[-3:]
    assert lines[50] == "… and 9,950 more"
    assert "10,000 problem(s)" in lines[51] or "problem(s)" in lines[51]


def test_a_forum_toml_nested_thousands_deep_is_a_problem_not_a_crash(forum):
    (forum / "forum.toml").write_text("title = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    result = forum_map("validate", "--forum", str(forum))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "forum.toml" in result.stderr


# --- standard input and output ---


@pytest.mark.parametrize("command", [["extract"], ["resolve", "-"], ["extract", "--mentions", "-"]])
def test_a_closed_standard_input_is_said_not_a_traceback(command):
    result = subprocess.run(
        [sys.executable, "-m", "geo", *command], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL
    )
    assert result.returncode == 0  # an empty input is fine…
    closed = subprocess.run(
        f"{sys.executable} -m geo {' '.join(command)} <&-", shell=True, capture_output=True, text=True, timeout=60
    )
    assert closed.returncode == 1  # …a closed one is said
    assert "standard input is closed" in closed.stderr
    assert "Traceback" not in closed.stderr


def test_an_ascii_terminal_gets_escapes_and_a_warning_not_a_crash():
    result = run("resolve", "Türkiye", env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0
    assert "T\\xfcrkiye,TUR," in result.stdout
    assert "PYTHONIOENCODING=utf-8" in result.stderr
    assert "Traceback" not in result.stderr


def test_latin1_names_on_standard_input_are_read_with_a_warning():
    result = subprocess.run(
        [sys.executable, "-m", "geo", "resolve", "-"], input=b"T\xfcrkiye\n", capture_output=True, timeout=60
    )
    assert result.returncode == 0
    assert result.stdout.decode().splitlines()[1] == "Türkiye,TUR,Türkiye,name"
    assert b"<stdin>: not UTF-8, decoded as Windows-1252" in result.stderr


def test_extract_on_a_terminal_says_it_reads_standard_input():
    controller, terminal = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "geo", "extract"], stdin=terminal, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        os.write(controller, b"Kazakh leaders met.\n\x04\x04")
        out, err = process.communicate(timeout=60)
    finally:
        os.close(controller)
        os.close(terminal)
    assert b"reading text from standard input" in err
    assert b"KAZ" in out
