"""A synthetic news corpus of a given size, the same for the same seed: real sentences from the bundled article
mixed with sentences naming countries by the gazetteer's forms, dated over two years.

    python tests/benchmarks/make_corpus.py OUT_DIR --megabytes 100 [--format jsonl|txt|csv] [--seed 7]

``jsonl`` writes shards of about 16 MB (``corpus-0000.jsonl``, one article a line: id, date, text); ``txt`` one
file per article in folders of a thousand; ``csv`` shards with columns id, date, text.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "data" / "forums" / "brf2023" / "articles" / "belt_and_road_forum_2023.txt"
NAMES = ROOT / "data" / "gazetteer" / "names.csv"
SHARD_BYTES = 16 << 20
TEMPLATES = (
    "Officials from {a} and {b} signed a memorandum on ports and railways on the sidelines of the forum.",
    "Trade between {a} and {b} grew last year, according to customs figures released on Monday.",
    "The delegation of {a} said it would join the new green finance platform.",
    "Analysts in {a} warned that debt from infrastructure loans could weigh on {b}.",
    "Ministers of {a}, {b} and {c} met to discuss a corridor linking their economies.",
    "A spokesperson said {a} welcomed the talks and hoped {b} would send a minister next time.",
)


def _sentences() -> list[str]:
    text = ARTICLE.read_text(encoding="utf-8")
    return [s.strip() for s in re.split(r"(?<=[.!?”])\s+", text) if len(s.strip()) > 30]


def _forms() -> list[str]:
    with NAMES.open(encoding="utf-8") as handle:
        return sorted({row["name"] for row in csv.DictReader(handle) if row.get("in_text", "yes") == "yes"})


def article_text(rng: random.Random, sentences: list[str], forms: list[str]) -> str:
    """One article: three to eight paragraphs, each of sentences of the bundled article and template sentences
    naming countries by ``forms``."""
    paragraphs = []
    for _ in range(rng.randint(3, 8)):
        picked = []
        for _ in range(rng.randint(2, 5)):
            if rng.random() < 0.5:
                picked.append(rng.choice(sentences))
            else:
                a, b, c = rng.sample(forms, 3)
                picked.append(rng.choice(TEMPLATES).format(a=a, b=b, c=c))
        paragraphs.append(" ".join(picked))
    return "\n\n".join(paragraphs)


def articles(megabytes: float, seed: int = 7) -> Iterator[dict]:
    """Articles (id, date, text) adding up to about ``megabytes`` MB of UTF-8 text."""
    rng = random.Random(seed)
    sentences, forms = _sentences(), _forms()
    first_day = dt.date(2023, 1, 1)
    budget = int(megabytes * 1_000_000)
    number = 0
    while budget > 0:
        text = article_text(rng, sentences, forms)
        date = first_day + dt.timedelta(days=rng.randrange(730))
        number += 1
        budget -= len(text.encode("utf-8"))
        yield {"id": f"a{number:08d}", "date": date.isoformat(), "text": text}


def write_corpus(out: Path, megabytes: float, *, fmt: str = "jsonl", seed: int = 7) -> list[Path]:
    """Write the corpus below ``out``; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    handle, size = None, SHARD_BYTES
    for number, article in enumerate(articles(megabytes, seed)):
        if fmt == "txt":
            path = out / f"{number // 1000:04d}" / f"{article['id']}.txt"
            path.parent.mkdir(exist_ok=True)
            path.write_text(f"{article['date']}\n\n{article['text']}\n", encoding="utf-8")
            written.append(path)
            continue
        if size >= SHARD_BYTES:
            if handle:
                handle.close()
            path = out / f"corpus-{len(written):04d}.{fmt}"
            handle = path.open("w", encoding="utf-8", newline="")
            writer = csv.DictWriter(handle, fieldnames=["id", "date", "text"]) if fmt == "csv" else None
            if writer:
                writer.writeheader()
            written.append(path)
            size = 0
        if writer:
            writer.writerow(article)
        else:
            handle.write(json.dumps(article, ensure_ascii=False) + "\n")
        size += len(article["text"]) + 40
    if handle:
        handle.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--megabytes", type=float, default=10)
    parser.add_argument("--format", choices=("jsonl", "txt", "csv"), default="jsonl")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    files = write_corpus(args.out, args.megabytes, fmt=args.format, seed=args.seed)
    print(f"wrote {len(files)} file(s) below {args.out}")


if __name__ == "__main__":
    main()
