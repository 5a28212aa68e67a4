"""Property: whatever bytes a corpus file or a list of names holds, `extract` and `resolve` answer with rows and
messages and an exit code of 0 or 1, never an exception."""

import gzip
import io
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.cli import main

SUFFIXES = [".txt", ".jsonl", ".csv", ".txt.gz", ".jsonl.gz", ".csv.gz"]
PIECES = st.sampled_from(
    [
        b"Kazakh",
        b"Tokayev said",
        b'{"id": "=1+1", "text": "Beijing said"}\n',
        b'{"text": 5}\n',
        b"id,text,date\n",
        b'"unclosed,',
        b"\x00",
        b"\xff\xfe",
        b"\xef\xbb\xbf",
        b"\xe9t\xe9",
        b"\n",
        b",",
        b";",
        b'"',
        b"2023-13-45",
        "\u202eRussia".encode(),
    ]
)
CONTENT = st.lists(st.one_of(PIECES, st.binary(max_size=40)), max_size=30).map(b"".join)


class Stdin(io.TextIOWrapper):
    def isatty(self) -> bool:
        return False


@pytest.fixture
def run(capsys, monkeypatch):
    def run_main(args: list[str], stdin: bytes = b"") -> int:
        monkeypatch.setattr(sys, "stdin", Stdin(io.BufferedReader(io.BytesIO(stdin))))
        code = main(args)
        capsys.readouterr()
        return code

    return run_main


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=CONTENT, suffix=st.sampled_from(SUFFIXES), mentions=st.booleans())
def test_extract_survives_any_file(tmp_path_factory, run, content, suffix, mentions):
    folder = tmp_path_factory.mktemp("corpus")
    path = folder / f"input{suffix}"
    path.write_bytes(gzip.compress(content, mtime=0) if suffix.endswith(".gz") else content)
    assert run(["extract", *(["--mentions"] if mentions else []), str(path)]) in (0, 1)
    assert run(["extract", "--series", "month", str(folder)]) in (0, 1)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=CONTENT)
def test_extract_and_resolve_survive_any_standard_input(run, content):
    assert run(["extract", "-"], content) in (0, 1)
    assert run(["resolve", "-"], content) in (0, 1)
