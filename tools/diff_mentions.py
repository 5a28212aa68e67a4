"""A differential check of the extraction: the mentions of a fixed corpus of texts, written so that two versions
of forum-map can be compared text by text.

    PYTHONPATH=CHECKOUT python tools/diff_mentions.py write OUT.jsonl
    python tools/diff_mentions.py compare A.jsonl B.jsonl

The corpus is the same for every run: the bundled articles, every string literal of the extraction and gazetteer
tests, random mixes of article sentences and gazetteer forms (fixed seed), and generated articles. Each line of
OUT holds one text's ``extract_mentions`` (with the date found in it, read as undated, and with a date given) and its
``forms_by_country``. ``compare`` prints how many texts differ and the first few differences; it exits 1 when any
does. Run ``write`` with the checkout to test first on ``PYTHONPATH`` (the import comes from there).
"""

from __future__ import annotations

import argparse
import ast
import csv
import datetime as dt
import importlib.util
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "data" / "forums"
TEST_FILES = [ROOT / "tests" / name for name in ("test_extract.py", "test_gazetteer.py", "test_homonyms.py")]
NAMES = ROOT / "data" / "gazetteer"
SEED = 13
MIXES = 3000
GENERATED = 200
DATE = dt.date(2017, 5, 14)  # a date given with the text: other leaders are in office than in 2023
GLUE = [" ", "  ", "\n", "\n\n", ", ", ". ", "’s ", " and ", " in ", " — ", "\u00a0", "\t", " (", ") ", " - "]
CUES = ["President", "in", "to", "from", "the", "of", "Prime Minister", "former", "north", "Mr", "speaks", "US"]


def _article_sentences() -> list[str]:
    sentences = []
    for path in sorted(ARTICLES.glob("*/articles/*.txt")):
        text = path.read_text(encoding="utf-8")
        sentences += [s.strip() for s in re.split(r"(?<=[.!?”])\s+", text) if s.strip()]
    return sentences


def _forms() -> list[str]:
    """Every surface form in the gazetteer's tables (a column named like a name or form)."""
    found: set[str] = set()
    for path in sorted(NAMES.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                for column in ("name", "demonym", "capital", "form", "surface", "phrase"):
                    if row.get(column):
                        found.add(row[column])
    return sorted(found)


def _test_strings() -> list[str]:
    strings = []
    for path in TEST_FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                strings.append(node.value)
    return strings


def _mixes(rng: random.Random, sentences: list[str], forms: list[str]) -> Iterator[str]:
    for _ in range(MIXES):
        parts = []
        for _ in range(rng.randint(1, 12)):
            roll = rng.random()
            if roll < 0.3:
                parts.append(rng.choice(sentences))
            elif roll < 0.45:
                parts.append(rng.choice(CUES))
            else:
                form = rng.choice(forms)
                parts.append(form.upper() if rng.random() < 0.05 else form)
            parts.append(rng.choice(GLUE))
        yield "".join(parts)


def _generated(rng: random.Random, sentences: list[str], forms: list[str]) -> Iterator[str]:
    """Dated articles as tests/benchmarks/make_corpus.py writes them (its generator, from this tool's checkout)."""
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "tests" / "benchmarks" / "make_corpus.py")
    make_corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_corpus)
    first_day = dt.date(2023, 1, 1)
    for _ in range(GENERATED):
        day = first_day + dt.timedelta(days=rng.randrange(730))
        yield f"{day:%d %B %Y}\n\n" + make_corpus.article_text(rng, sentences, forms)


def corpus() -> list[str]:
    rng = random.Random(SEED)
    sentences, forms = _article_sentences(), _forms()
    texts = [path.read_text(encoding="utf-8") for path in sorted(ARTICLES.glob("*/articles/*.txt"))]
    texts += _test_strings()
    texts += _mixes(rng, sentences, forms)
    texts += _generated(rng, sentences, forms)
    return texts


def _record(number: int, text: str) -> dict:
    from geo.extract import extract_mentions, forms_by_country

    def mentions(**options) -> list:
        return [[m.start, m.end, m.surface, m.iso3, m.kind] for m in extract_mentions(text, **options)]

    return {
        "n": number,
        "text": text,
        "mentions": mentions(),
        "undated": mentions(find_date=False),
        "dated": mentions(date=DATE),
        "forms": {iso3: dict(counts) for iso3, counts in forms_by_country(text).items()},
    }


def write(out: Path) -> int:
    texts = corpus()
    with out.open("w", encoding="utf-8") as handle:
        for number, text in enumerate(texts):
            handle.write(json.dumps(_record(number, text), ensure_ascii=False) + "\n")
    return len(texts)


def compare(first: Path, second: Path, show: int = 5) -> int:
    """How many texts differ (a text missing on one side counts)."""
    with first.open(encoding="utf-8") as a, second.open(encoding="utf-8") as b:
        left, right = [json.loads(line) for line in a], [json.loads(line) for line in b]
    differing = 0
    for number in range(max(len(left), len(right))):
        one = left[number] if number < len(left) else None
        two = right[number] if number < len(right) else None
        if one == two:
            continue
        differing += 1
        if differing <= show:
            print(f"--- text {number}: {json.dumps((one or two)['text'][:300], ensure_ascii=False)}")
            for field in ("mentions", "undated", "dated", "forms"):
                if (one or {}).get(field) != (two or {}).get(field):
                    print(f"  {field}:\n    A {(one or {}).get(field)}\n    B {(two or {}).get(field)}")
    print(f"{max(len(left), len(right))} texts, {differing} differing")
    return differing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("write", help="write the mentions of every text").add_argument("out", type=Path)
    both = commands.add_parser("compare", help="compare two files written by 'write'")
    both.add_argument("first", type=Path)
    both.add_argument("second", type=Path)
    args = parser.parse_args()
    if args.command == "write":
        count = write(args.out)
        import geo

        print(f"{count} texts from {Path(geo.__file__).parent} written to {args.out}")
        return 0
    return 1 if compare(args.first, args.second) else 0


if __name__ == "__main__":
    sys.exit(main())
