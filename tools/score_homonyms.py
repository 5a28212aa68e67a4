"""The error rates of places that share a name with a country, on the dev excerpts of US and Canadian local news
(tests/fixtures/homonyms_dev.csv), counted as the accuracy section of docs/performance.md reports them.

    PYTHONPATH=CHECKOUT python tools/score_homonyms.py [DEV.csv] [--errors]

Each row of the table has an excerpt, the countries its mentions should give in order (``expected``, the mention
guidelines' reading) and its annotated places (``places``: ``Surface=XX`` separated by ``; ``, every whole-word
occurrence of the surface; ``XX`` is a state or province for a US or Canadian town, ``TX``, or a country's ISO3 code
for a place of that country, ``AFG``). It prints:

- mentions found, and how many of the expected ones (in each row, as a multiset of codes);
- the wrong-country share: of the mentions that land on an annotated place, those whose country is not the
  place's (a mention of Paris, France, on Paris, Tennessee);
- country recall: of the annotated occurrences of a country's name (not its capital), those a mention with the
  right code covers;
- the towns read as a country: annotated US or Canadian town occurrences that a mention covers;
- the rows read exactly as expected.

``--errors`` lists every row that is not read exactly. Run it with the checkout to measure first on ``PYTHONPATH``.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "tests" / "fixtures" / "homonyms_dev.csv"


@dataclass
class Score:
    """The counts behind the rates (see the module's doc)."""

    rows: int = 0
    exact: int = 0
    found: int = 0
    expected: int = 0
    expected_found: int = 0
    landing: int = 0
    wrong: int = 0
    names: int = 0
    names_found: int = 0
    towns: int = 0
    towns_read_as_country: int = 0
    errors: list[tuple[str, list[str], list[str]]] = field(default_factory=list)

    @property
    def wrong_share(self) -> float:
        return self.wrong / self.landing if self.landing else 0.0

    @property
    def recall(self) -> float:
        return self.names_found / self.names if self.names else 1.0

    def report(self) -> str:
        return "\n".join(
            [
                f"excerpts: {self.rows}, read exactly: {self.exact} ({self.exact / self.rows:.1%})",
                f"mentions found: {self.found}; expected: {self.expected}, of them found: {self.expected_found}",
                f"wrong country among mentions on an annotated place: {self.wrong} of {self.landing} "
                f"({self.wrong_share:.1%})",
                f"country recall (annotated country names with a mention of that country): {self.names_found} of "
                f"{self.names} ({self.recall:.1%})",
                f"US/Canadian town occurrences read as a country: {self.towns_read_as_country} of {self.towns}",
            ]
        )


def _capitals() -> frozenset[str]:
    with (ROOT / "data" / "gazetteer" / "capitals.csv").open(encoding="utf-8", newline="") as handle:
        return frozenset(row["name"] for row in csv.DictReader(handle))


def _regions() -> dict[str, str]:
    with (ROOT / "data" / "gazetteer" / "states_provinces.csv").open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["country"] for row in csv.DictReader(handle)}


def _occurrences(text: str, surface: str) -> list[tuple[int, int]]:
    pattern = r"(?<![\w.])" + re.escape(surface) + (r"(?!\w)" if surface[-1].isalnum() else "")
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def score(rows: list[dict[str, str]]) -> Score:
    """The counts on ``rows`` (dicts with ``excerpt``, ``expected`` and ``places``)."""
    from geo.extract import extract_mentions  # (the checkout on PYTHONPATH)

    capitals, regions = _capitals(), _regions()
    result = Score()
    for row in rows:
        text = row["excerpt"]
        mentions = extract_mentions(text)
        got, want = [m.iso3 for m in mentions], row["expected"].split()
        result.rows += 1
        result.exact += got == want
        if got != want:
            result.errors.append((text, want, got))
        result.found += len(got)
        result.expected += len(want)
        result.expected_found += sum((Counter(got) & Counter(want)).values())
        landed: set[int] = set()  # the mentions on a place of another country
        on_places: set[int] = set()
        for item in filter(None, (part.strip() for part in row.get("places", "").split(";"))):
            surface, code = item.rsplit("=", 1)
            country = regions[code] if len(code) == 2 else code
            for start, end in _occurrences(text, surface):
                over = [i for i, m in enumerate(mentions) if m.start < end and start < m.end]
                landed.update(i for i in over if mentions[i].iso3 != country)
                if len(code) == 2:
                    result.towns += 1
                    result.towns_read_as_country += bool(over)
                elif surface not in capitals:
                    result.names += 1
                    result.names_found += any(mentions[i].iso3 == country for i in over)
                on_places.update(over)
        result.landing += len(on_places)
        result.wrong += len(landed)
    return result


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dev", nargs="?", type=Path, default=DEV)
    parser.add_argument("--errors", action="store_true", help="list the rows not read exactly")
    args = parser.parse_args(argv)
    result = score(read(args.dev))
    print(result.report())
    if args.errors:
        for text, want, got in result.errors:
            print(f"\n- expected {' '.join(want) or '-'}, got {' '.join(got) or '-'}: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
