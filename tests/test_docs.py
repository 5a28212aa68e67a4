"""The documents a user reads agree with the code: every counting rule cited exists, numbered in order."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUIDELINES = ROOT / "docs" / "mention-guidelines.md"
CITATION = re.compile(r"\brule (\d+)\b", re.IGNORECASE)
HEADING = re.compile(r"^#+ Rule (\d+)\. \S", re.MULTILINE)


def rule_headings() -> list[int]:
    return [int(number) for number in HEADING.findall(GUIDELINES.read_text(encoding="utf-8"))]


def citations(*folders: str) -> dict[int, list[str]]:
    """Every ``rule N`` in the files of ``folders``, with where it is written."""
    found: dict[int, list[str]] = {}
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in (".py", ".csv", ".md", ".js", ".toml") or not path.is_file():
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                for match in CITATION.finditer(line):
                    found.setdefault(int(match.group(1)), []).append(f"{path.relative_to(ROOT)}:{number}")
    return found


def test_the_rules_are_numbered_from_one_without_gaps():
    assert rule_headings() == list(range(1, len(rule_headings()) + 1))
    assert len(rule_headings()) >= 10


def test_every_rule_cited_in_code_tests_and_data_is_in_the_guidelines():
    cited = citations("geo", "tests", "data")
    missing = {number: where for number, where in cited.items() if number not in rule_headings()}
    assert missing == {}, f"cited but not in {GUIDELINES.relative_to(ROOT)}: {missing}"


def test_the_extraction_tests_name_every_rule():
    cited = citations("tests")
    assert [number for number in rule_headings() if number not in cited] == []
