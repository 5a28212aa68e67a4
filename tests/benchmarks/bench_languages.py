"""Extraction in Chinese, Russian and French, and in English before and after, against two anchors.

    python tests/benchmarks/bench_languages.py [--megabytes 20] [--anchors-python PYTHON] [--repeat 3]
        [--base-checkout DIR] [--languages zh ru fr]

Prints one table, every tool on the same files, in one run:

* per language, one file of ``--megabytes`` MB: the excerpts of the dev set in that language
  (``tests/fixtures/i18n_dev/dev.jsonl``) repeated, paragraphs apart by blank lines;
* ``forum-map extract FILE`` as a whole process timed from outside (start-up, imports, tables, reading,
  detection, extraction, output), MB/s by wall clock and by CPU time, best of ``--repeat`` rounds: as a user runs
  it (a file this large: one worker process per core) and with ``--engine serial`` (one process);
* the CLDR-name dictionary: babel's territory names in the language, lower case, and a longest-match scan written
  here (the most words at each word; in Chinese, the most characters at each character), a whole process too;
* countrynames on every 1- to 3-word n-gram (in Chinese, every 2- to 4-character n-gram) of a slice of
  ``--ngram-megabytes``, timed in-process (it is slow: its rate per MB is what compares);
* English: the bundled Belt and Road Forum article repeated to the same size, ``forum-map extract`` of this
  checkout and, with ``--base-checkout DIR``, of that checkout (``PYTHONPATH=DIR python -m geo extract``), and
  geotext, in the same rounds.

The anchors run in their own interpreter (``--anchors-python``, see README.md beside this file): ``geotext``,
``countrynames`` and ``babel`` must be installed there. Compare numbers from one run only.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_extract import ROOT, SNIPPETS, WHOLE, dense_news, run, run_whole  # noqa: E402

DEV_SET = ROOT / "tests" / "fixtures" / "i18n_dev" / "dev.jsonl"

# argv[1]: the file, argv[2]: the language; prints the number of names found
CLDR_SCAN = textwrap.dedent(
    """
    import re, sys
    from babel import Locale
    lang = sys.argv[2]
    words = re.compile(r"\\w+")
    names = {}
    for code, name in Locale.parse(lang).territories.items():
        if len(code) == 2 and code.isalpha():  # countries and territories, not regions (001, 150)
            names[name.lower() if lang == "zh" else " ".join(words.findall(name.lower()))] = code
    text = open(sys.argv[1], encoding="utf-8").read().lower()
    found = 0
    if lang == "zh":  # no spaces: at each character that may start a name, the longest name there
        longest = max(map(len, names))
        first = re.compile("[" + "".join(sorted({re.escape(name[0]) for name in names})) + "]")
        match = first.search(text)
        while match:
            position = match.start()
            for size in range(longest, 0, -1):
                if text[position : position + size] in names:
                    found += 1
                    position += size
                    break
            else:
                position += 1
            match = first.search(text, position)
    else:  # at each word, the name of the most words there
        longest = max(name.count(" ") + 1 for name in names)
        tokens = words.findall(text)
        position = 0
        while position < len(tokens):
            for size in range(longest, 0, -1):
                if " ".join(tokens[position : position + size]) in names:
                    found += 1
                    position += size
                    break
            else:
                position += 1
    print(found)
    """
)
NGRAMS = textwrap.dedent(
    """
    import re, countrynames
    data = open(sys.argv[1], 'rb').read()[: int({megabytes} * 1e6)]
    text = data.decode('utf-8', 'ignore')
    t0 = time.perf_counter()
    if {chinese}:
        runs = re.findall(r"[\\u4e00-\\u9fff]+", text)
        grams = [r[i : i + n] for r in runs for n in (2, 3, 4) for i in range(len(r) - n + 1)]
    else:
        tokens = re.findall(r"\\w+", text)
        grams = [" ".join(tokens[i : i + n]) for n in (1, 2, 3) for i in range(len(tokens) - n + 1)]
    result = sum(1 for g in grams if countrynames.to_code(g))
    """
)


def language_file(path: Path, lang: str, megabytes: float) -> Path:
    """The dev set's excerpts in ``lang`` repeated to ``megabytes`` (cut at the last whole character)."""
    rows = [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    block = "".join(row["text"] + "\n\n" for row in rows if row["lang"] == lang).encode("utf-8")
    size = int(megabytes * 1e6)
    data = (block * (size // len(block) + 1))[:size]
    path.write_bytes(data.decode("utf-8", "ignore").encode("utf-8"))
    return path


Command = tuple[list[str], dict[str, str] | None, Path]  # the command, its environment, its folder


def forum_map(text: Path, checkout: Path, pycache: Path, *options: str) -> Command:
    """``forum-map extract -q [OPTIONS] FILE`` of ``checkout``, run in that folder with its package first on the
    path, and its modules' bytecode read as an installed package has it: written at the first round, in ``pycache``
    (not in the checkout)."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env |= {"PYTHONPATH": str(checkout), "PYTHONPYCACHEPREFIX": str(pycache)}
    return [sys.executable, "-m", "geo", "extract", "-q", *options, str(text)], env, checkout


def best_of(commands: dict[str, Command], repeat: int) -> dict[str, dict]:
    """Each command as a whole process, ``repeat`` rounds in turn; the fastest run of each by wall clock."""
    best: dict[str, dict] = {}
    for _ in range(repeat):
        for name, (command, env, cwd) in commands.items():
            found = run_whole(command, env, cwd)
            if found and (name not in best or found["wall"] < best[name]["wall"]):
                best[name] = found
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=20.0)
    parser.add_argument("--languages", nargs="+", default=["zh", "ru", "fr"])
    parser.add_argument("--anchors-python", default="anchors-venv/bin/python")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the whole-process runs (best is shown)")
    parser.add_argument("--ngram-megabytes", type=float, default=0.2)
    parser.add_argument("--base-checkout", type=Path, help="an older checkout: its English extraction as 'before'")
    args = parser.parse_args()
    anchors = args.anchors_python
    with tempfile.TemporaryDirectory() as work:
        files = {lang: language_file(Path(work) / f"{lang}.txt", lang, args.megabytes) for lang in args.languages}
        files["en"] = dense_news(Path(work) / "en.txt", args.megabytes)
        commands: dict[str, Command] = {}
        for lang, path in files.items():
            commands[f"{lang}  forum-map extract"] = forum_map(path, ROOT, Path(work) / "new")
            commands[f"{lang}  forum-map extract --engine serial"] = forum_map(
                path, ROOT, Path(work) / "new", "--engine", "serial"
            )
            if lang == "en":
                if args.base_checkout:
                    commands["en  forum-map extract, base checkout"] = forum_map(
                        path, args.base_checkout.resolve(), Path(work) / "base"
                    )
                commands["en  geotext"] = (
                    [anchors, "-c", WHOLE.format(code=SNIPPETS["geotext"]), str(path)],
                    None,
                    ROOT,
                )
            else:
                commands[f"{lang}  CLDR-name dictionary"] = ([anchors, "-c", CLDR_SCAN, str(path), lang], None, ROOT)
        best = best_of(commands, args.repeat)
        print(f"files of {args.megabytes:g} MB; whole process, best of {args.repeat}")
        print(f"{'language  tool':44} {'MB/s wall':>10} {'MB/s CPU':>9} {'peak MB':>8}")
        for name in commands:
            if name in best:
                size = files[name.split()[0]].stat().st_size / 1e6
                result = best[name]
                print(f"{name:44} {size / result['wall']:10.1f} {size / result['cpu']:9.1f} {result['peak_mb']:8.0f}")
        print(f"\ncountrynames on n-grams, in-process, {args.ngram_megabytes:g} MB slice   MB/s")
        for lang in args.languages:
            code = NGRAMS.format(megabytes=args.ngram_megabytes, chinese=lang == "zh")
            result = run(anchors, code, files[lang])
            if result:
                print(f"{lang:44} {result['bytes'] / 1e6 / result['seconds']:10.2f}")


if __name__ == "__main__":
    main()
