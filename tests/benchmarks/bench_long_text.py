"""One long text read as one document: the rate must not fall as the text grows.

    python tests/benchmarks/bench_long_text.py [--sizes 1 2 4 8 16] [--repeat 3]

The library calls (``geo.count_mentions(text)``, ``forms_by_country``, ``extract_mentions``) read a string as one
document, however long; the command line cuts files into pieces, the library does not. A rule that looks at the
whole text for each name it reads makes that quadratic: on 4 Dec 2026 one 4 MB text of local news took 106 s (a
sentence reader made anew for each name, a slice from the text's start, a count over every country named for each
town). The text here is the local-news excerpts of ``tests/fixtures/homonyms_dev.csv``, which set the rules of
homonyms to work, repeated to each size; and, beside it, the bundled forum article repeated (world news, where
those rules do not run).

Prints, per size, the best of ``--repeat`` runs of ``forms_by_country`` in MB/s for each text, and the rate at the
largest size as a share of the rate at the smallest (about 1 when the time is linear in the text's length).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def _texts() -> dict[str, str]:
    with open(ROOT / "tests" / "fixtures" / "homonyms_dev.csv", encoding="utf-8", newline="") as handle:
        local = "\n\n".join(row["excerpt"] for row in csv.DictReader(handle))
    forum = (ROOT / "data" / "forums" / "brf2023" / "articles" / "belt_and_road_forum_2023.txt").read_text(
        encoding="utf-8"
    )
    return {"local news": local, "forum news": forum}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 4, 8, 16], help="megabytes")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from geo.extract import forms_by_country

    forms_by_country("Warm-up: Paris, Tenn., and Paris, France.")
    print(f"forms_by_country on one text, MB/s, best of {args.repeat}")
    print(f"{'text':<12}" + "".join(f"{size:>9g} MB" for size in args.sizes) + "   last/first")
    for name, unit in _texts().items():
        rates = []
        for size in args.sizes:
            chars = int(size * 1_000_000)
            text = (unit + "\n\n") * (chars // (len(unit) + 2) + 1)
            text = text[:chars]
            best = min(_seconds(forms_by_country, text) for _ in range(args.repeat))
            rates.append(len(text.encode("utf-8")) / 1e6 / best)
        cells = "".join(f"{rate:>12.1f}" for rate in rates)
        print(f"{name:<12}{cells}   {rates[-1] / rates[0]:>9.2f}")


def _seconds(call, text: str) -> float:
    start = time.perf_counter()
    call(text)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
