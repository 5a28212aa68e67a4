"""Text input: every odd file a user may point at gets read, or reported by name, and the rest still runs."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import os
import subprocess
import sys

import pytest

from geo import corpus
from geo.cli import main
from geo.corpus import ReadOptions, Source, read_documents, read_source
from geo.extract import extract_mentions

TEXT = "China and Russia signed a deal. France was not there.\nThe Kenyan delegation left early."
EXPECTED = {"CHN", "RUS", "FRA", "KEN"}


def run_cli(capsys, *args: str) -> tuple[int, list[dict], str]:
    code = main(["extract", *args])
    out, err = capsys.readouterr()
    return code, list(csv.DictReader(io.StringIO(out))), err


def documents(*paths, **kwargs):
    warnings, errors = [], []
    docs = list(read_documents([str(p) for p in paths], warn=warnings.append, error=errors.append, **kwargs))
    return docs, warnings, errors


@pytest.mark.parametrize(
    ("name", "data", "warned"),
    [
        ("utf8.txt", TEXT.encode("utf-8"), False),
        ("utf8-bom.txt", b"\xef\xbb\xbf" + TEXT.encode("utf-8"), False),
        ("utf16-le.txt", TEXT.encode("utf-16"), False),
        ("utf16-be.txt", b"\xfe\xff" + TEXT.encode("utf-16-be"), False),
        ("latin1.txt", ("Café in Zürich: " + TEXT).encode("latin-1"), True),
        ("cp1252.txt", ("“Quoted” — " + TEXT).encode("cp1252"), True),
        ("crlf.txt", TEXT.replace("\n", "\r\n").encode("utf-8"), False),
        ("no-newline.txt", TEXT.rstrip("\n").encode("utf-8"), False),
        ("trailing-newline.txt", (TEXT + "\n").encode("utf-8"), False),
    ],
)
def test_encodings_and_line_ends_give_the_same_countries(tmp_path, capsys, name, data, warned):
    path = tmp_path / name
    path.write_bytes(data)
    code, rows, err = run_cli(capsys, str(path))
    assert code == 0
    assert {r["iso3"] for r in rows} == EXPECTED
    assert ("decoded as Windows-1252" in err and name in err) == warned
    docs, _, _ = documents(path)
    assert not docs[0].text.startswith("\ufeff")


def test_mention_spans_slice_back_to_the_decoded_text(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(("Ünïcode fïrst. " + TEXT).replace("\n", "\r\n").encode("utf-8-sig"))
    [doc], _, _ = documents(path)
    mentions = list(corpus.document_mentions([doc]))
    assert mentions and all(doc.text[m.start : m.end] == m.surface for m in mentions)


def test_empty_file_is_a_document_without_mentions(tmp_path, capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    code, rows, err = run_cli(capsys, str(tmp_path / "empty.txt"))
    assert (code, rows, err) == (0, [], "")
    docs, warnings, errors = documents(tmp_path / "empty.txt")
    assert [d.text for d in docs] == [""] and not warnings and not errors


def test_binary_file_is_skipped_with_a_warning_naming_it(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    code, rows, err = run_cli(capsys, str(tmp_path))
    assert code == 0
    assert {r["document"] for r in rows} == {str(tmp_path / "a.txt")}
    assert f"{tmp_path / 'b.txt'}: binary file, skipped" in err


def test_unreadable_file_and_broken_symlinks_are_reported_and_the_rest_processed(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text(TEXT, encoding="utf-8")
    (folder / "locked.txt").write_text(TEXT, encoding="utf-8")
    (folder / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / "given-dangling.txt").symlink_to(tmp_path / "also-gone.txt")
    real_open = corpus._open

    def refuse_locked(source):  # root reads mode-000 files, so refuse the way the OS would for a user
        if source.path.endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", source.path)
        return real_open(source)

    monkeypatch.setattr(corpus, "_open", refuse_locked)
    code, rows, err = run_cli(capsys, str(folder), str(tmp_path / "given-dangling.txt"), str(tmp_path / "missing.txt"))
    assert code == 1
    assert {r["document"] for r in rows} == {str(folder / "good.txt")}
    assert f"{folder / 'locked.txt'}: cannot read: Permission denied" in err
    assert f"{folder / 'dangling.txt'}: broken symbolic link" in err
    assert f"{tmp_path / 'given-dangling.txt'}: broken symbolic link" in err
    assert f"{tmp_path / 'missing.txt'}: cannot read: No such file or directory" in err
    assert "4 input problem(s)" in err
    assert "Traceback" not in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_file_without_read_permission(tmp_path, capsys):
    (tmp_path / "locked.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "locked.txt").chmod(0)
    code, rows, err = run_cli(capsys, str(tmp_path / "locked.txt"))
    assert code == 1 and rows == [] and "locked.txt: cannot read: Permission denied" in err


def test_folder_with_thousands_of_files_is_read_in_path_order(tmp_path, capsys):
    for i in range(2500):
        sub = tmp_path / f"{i % 7}"
        sub.mkdir(exist_ok=True)
        (sub / f"{i:05d}.txt").write_text("Chile" if i % 2 else "Peru and Chile", encoding="utf-8")
    (tmp_path / "notes.md").write_text("Japan", encoding="utf-8")  # not a corpus file: ignored in folders
    code, rows, _ = run_cli(capsys, str(tmp_path))
    assert code == 0
    documents_seen = list(dict.fromkeys(r["document"] for r in rows))
    assert len(documents_seen) == 2500 and documents_seen == sorted(documents_seen)
    assert sum(r["iso3"] == "PER" for r in rows) == 1250


def test_stdin_is_one_document(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "geo", "extract", "-"],
        input=TEXT.encode("utf-16"),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout.decode())))
    assert {r["iso3"] for r in rows} == EXPECTED and {r["document"] for r in rows} == {"-"}


def test_jsonl_records_with_ids_dates_and_problems(tmp_path, capsys):
    lines = [
        json.dumps({"id": "one", "text": "Chile and Peru", "date": "2023-10-17", "url": "https://example.org/1"}),
        "",
        json.dumps({"text": "Japan"}),
        "{not json",
        json.dumps({"id": "no-text"}),
        json.dumps({"id": 7, "text": "Ghana", "date": "17/10/2023"}),
    ]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    code, rows, err = run_cli(capsys, str(path))
    assert code == 1
    assert [(r["document"], r["iso3"]) for r in rows] == [
        ("one", "CHL"),
        ("one", "PER"),
        (f"{path}:3", "JPN"),
        ("7", "GHA"),
    ]
    assert f"{path}:4: not a JSON object" in err
    assert f"{path}:5: expected an object with a string 'text'" in err
    assert f"{path}:6: date '17/10/2023' is not of the form YYYY-MM-DD" in err
    docs, _, _ = documents(path)
    assert docs[0].date == dt.date(2023, 10, 17) and docs[1].date is None


def test_csv_with_text_column_quoted_newlines_semicolons_and_bom(tmp_path, capsys):
    path = tmp_path / "articles.csv"
    path.write_bytes('\ufeffid;date;body\nx1;2024-01-05;"Chile\nand Peru"\n\nx2;;Japan\n'.encode())
    code, rows, err = run_cli(capsys, "--text-column", "body", str(path))
    assert (code, err) == (0, "")
    assert [(r["document"], r["iso3"]) for r in rows] == [("x1", "CHL"), ("x1", "PER"), ("x2", "JPN")]
    code, rows, err = run_cli(capsys, str(path))
    assert code == 1 and rows == []
    assert f"{path}: no text column 'text' (columns: 'id', 'date', 'body'); use --text-column" in err


@pytest.mark.parametrize("fmt", ["txt", "jsonl", "csv"])
def test_gzip_of_each_format(tmp_path, capsys, fmt):
    body = {
        "txt": TEXT,
        "jsonl": json.dumps({"id": "d", "text": TEXT}) + "\n",
        "csv": 'id,text\nd,"' + TEXT + '"\n',
    }[fmt]
    path = tmp_path / f"doc.{fmt}.gz"
    path.write_bytes(gzip.compress(body.encode("utf-8")))
    code, rows, _ = run_cli(capsys, str(tmp_path))
    assert code == 0 and {r["iso3"] for r in rows} == EXPECTED


def test_corrupt_gzip_is_reported(tmp_path, capsys):
    path = tmp_path / "bad.txt.gz"
    path.write_bytes(gzip.compress(TEXT.encode())[:30])
    code, _, err = run_cli(capsys, str(path))
    assert code == 1 and f"{path}: cannot read" in err and "Traceback" not in err


def test_long_text_in_pieces_gives_the_mentions_of_the_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(corpus, "PIECE_CHARS", 2000)
    monkeypatch.setattr(corpus, "BLOCK_BYTES", 777)  # blocks end inside multi-byte characters
    paragraphs = [
        f"Paragraph {i}: Zoë from Côte d'Ivoire met Chinese and Peruvian envoys in Chile." for i in range(300)
    ]
    text = "\n\n".join(paragraphs) + " Canada" + " x" * 3000 + " Japan"
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    docs, _, _ = documents(path)
    assert len(docs) > 10
    assert "".join(d.text[d.context :] for d in docs) == text
    whole = [(m.start, m.end, m.surface, m.iso3) for m in extract_mentions(text, document=str(path))]
    pieced = [(m.start, m.end, m.surface, m.iso3) for m in corpus.document_mentions(docs)]
    assert pieced == whole


def test_jsonl_byte_ranges_read_the_same_records(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps({"text": f"Chile {i}"}) + "\n" for i in range(500)), encoding="utf-8")
    whole = Source(str(path), "jsonl", path.stat().st_size)
    ranges = corpus.split_source(whole, 1000)
    assert len(ranges) > 5
    read = [d for r in ranges for d in read_source(r, ReadOptions(), warn=print, error=print)]
    assert read == list(read_source(whole, ReadOptions(), warn=print, error=print))
    assert read[-1].id == f"{path}:500"


def test_single_large_file_in_bounded_memory(tmp_path):
    """A 12 MB text file in one document: peak RSS must not follow the file size (the 200 MB run is in the
    benchmark, tests/benchmarks/bench_corpus.py --big-file)."""
    path = tmp_path / "big.txt"
    paragraph = ("Ministers of Chile, Peru and Ghana met in Lima to discuss copper. " * 20 + "\n\n").encode()
    with path.open("wb") as handle:
        for _ in range(12_000_000 // len(paragraph)):
            handle.write(paragraph)
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking parent (pytest, large here).
    script = (
        "import re, sys; from geo.cli import main; code = main(['extract', '-q', sys.argv[1]]); "
        "status = open('/proc/self/status').read(); "
        "print(re.search(r'VmHWM:\\s+(\\d+)', status).group(1), file=sys.stderr); sys.exit(code)"
    )
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    peak_mb = int(done.stderr.strip().splitlines()[-1]) / 1024
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert {r["iso3"] for r in rows} >= {"CHL", "PER", "GHA"}
    assert peak_mb < 200, f"peak RSS {peak_mb:.0f} MB for a 12 MB file"


def test_read_documents_keeps_going_after_a_problem(tmp_path):
    (tmp_path / "a.txt").write_text("Chile", encoding="utf-8")
    docs, _, errors = documents(tmp_path / "missing.txt", tmp_path / "a.txt")
    assert [d.id for d in docs] == [str(tmp_path / "a.txt")] and len(errors) == 1


def _stderr_on_a_terminal(*args: str) -> str:
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    process = subprocess.Popen([sys.executable, "-m", "geo", "extract", *args], stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait()
    os.close(master)
    return b"".join(chunks).decode(errors="replace")


def test_progress_bar_on_a_terminal_only_and_not_with_quiet(tmp_path, capsys):
    for i in range(50):
        (tmp_path / f"{i}.txt").write_text(TEXT * 50, encoding="utf-8")
    shown = _stderr_on_a_terminal(str(tmp_path))
    assert "100%" in shown and "50 docs" in shown and "docs/s" in shown and "B/s" in shown
    assert _stderr_on_a_terminal("-q", str(tmp_path)) == ""
    code, rows, err = run_cli(capsys, str(tmp_path))  # stderr captured: not a terminal
    assert code == 0 and err == ""


@pytest.mark.parametrize("mode", ["mentions", "counts"])
def test_a_date_written_in_a_later_piece_does_not_date_an_undated_document(tmp_path, monkeypatch, capsys, mode):
    """The whole text has no date in its opening lines, so every leader since 2015 counts; a later piece that
    happens to start with a date must read the same way, or Bolsonaro (president until 2022) would be lost."""
    monkeypatch.setattr(corpus, "PIECE_CHARS", 2000)
    opening = "\n\n".join(f"Paragraph {i} is about trade and ports." for i in range(80))  # no date here
    later = "\n\n".join(f"Paragraph {i}: the port authority met, and Bolsonaro spoke again." for i in range(120))
    text = opening + "\n\nOn 5 January 2025 the talks resumed.\n\n" + later
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    whole = [m.iso3 for m in extract_mentions(text)]
    assert whole == ["BRA"] * 120
    args = [str(path), "--mentions"] if mode == "mentions" else [str(path)]
    code, rows, _ = run_cli(capsys, *args)
    assert code == 0
    found = [r["iso3"] for r in rows] if mode == "mentions" else {r["iso3"]: r["mentions"] for r in rows}
    assert found == (whole if mode == "mentions" else {"BRA": "120"})
