"""scripts/make_leaders.py rebuilds the leader tables from a research table, keeping the forms added by hand."""

import csv
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "make_leaders.py"
SOURCE = """\
iso3,name,aliases,role,start,end,source,notes
TUR,Recep Tayyip Erdoğan,Erdoğan,head_of_state,2014-08-28,,dataset A,
XYZ,Ann Example,,head_of_government,2019-03,2021,compiler knowledge,DOUBT: end year only
"""
HAND_ADDED = "XYZ,Ann Example,Annie,no,added: news usage\n"


def make_leaders(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=60)


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_terms_get_full_dates_and_forms_their_variants(tmp_path):
    (tmp_path / "research.csv").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "leader_forms.csv").write_text("iso3,leader,form,needs_anchor,origin\n" + HAND_ADDED, encoding="utf-8")
    result = make_leaders(str(tmp_path / "research.csv"), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr

    terms = rows(tmp_path / "leaders.csv")
    assert [(t["iso3"], t["valid_from"], t["valid_to"]) for t in terms] == [
        ("TUR", "2014-08-28", ""),
        ("XYZ", "2019-03-01", "2021-12-31"),
    ]
    assert terms[1]["note"] == (
        "start known to the month only; end known to the year only; DOUBT; unverified (no dataset match)"
    )
    forms = {(f["iso3"], f["form"]): (f["needs_anchor"], f["origin"]) for f in rows(tmp_path / "leader_forms.csv")}
    assert forms[("TUR", "Erdogan")] == ("no", "added: without diacritics")
    assert forms[("XYZ", "Example")] == ("yes", "added: surname, counts after the full name")
    assert forms[("XYZ", "Annie")] == ("no", "added: news usage")  # the row added by hand is kept
    assert (tmp_path / "leader_forms.csv").read_text(encoding="utf-8").endswith(HAND_ADDED)


def test_without_its_input_it_says_what_it_needs(tmp_path):
    result = make_leaders(str(tmp_path / "missing.csv"), "--out", str(tmp_path))
    assert result.returncode == 2 and "missing.csv: no such file" in result.stderr
    assert "iso3,name,aliases,role,start,end,source,notes" in make_leaders("--help").stdout
    (tmp_path / "wrong.csv").write_text("iso3,name\nTUR,Erdoğan\n", encoding="utf-8")
    result = make_leaders(str(tmp_path / "wrong.csv"), "--out", str(tmp_path))
    assert result.returncode == 1 and "missing column(s) aliases, role" in result.stderr
    assert not (tmp_path / "leaders.csv").exists()


def test_a_regenerated_form_replaces_its_old_row(tmp_path):
    """A form the research gives is written once, with its flag as the script sets it now: its row from the last
    run (here with another flag) is not kept as if added by hand."""
    (tmp_path / "research.csv").write_text(SOURCE, encoding="utf-8")
    old = "TUR,Recep Tayyip Erdoğan,Erdogan,yes,added: without diacritics\n"
    (tmp_path / "leader_forms.csv").write_text(
        "iso3,leader,form,needs_anchor,origin\n" + old + HAND_ADDED, encoding="utf-8"
    )
    fresh = make_leaders(str(tmp_path / "research.csv"), "--out", str(tmp_path / "new"))
    assert fresh.returncode == 0 and (tmp_path / "new" / "leader_forms.csv").exists()  # the folder is made
    result = make_leaders(str(tmp_path / "research.csv"), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    written = [(f["form"], f["needs_anchor"]) for f in rows(tmp_path / "leader_forms.csv") if f["iso3"] == "TUR"]
    assert written.count(("Erdogan", "no")) == 1 and ("Erdogan", "yes") not in written
    assert (tmp_path / "leader_forms.csv").read_text(encoding="utf-8").endswith(HAND_ADDED)
