"""Country extraction and name resolution: forum-map against geotext, countrynames and country_converter.

    python tests/benchmarks/bench_extract.py [--megabytes 40] [--varied | --input FILE] [--anchors-python PYTHON]
        [--repeat 3]

Prints one table, all tools on the same input:

* extraction, whole process (each tool a fresh process timed from outside, like ``time forum-map extract FILE >
  /dev/null``: start-up, imports, reading, extracting, output), MB/s by wall clock and by CPU time (of the
  process and its workers), peak RSS (of the largest process) and the speed relative to geotext by each clock,
  best of ``--repeat`` rounds run in turn: ``forum-map extract FILE`` (the CLI as a user runs it: on an input this
  large, one worker process per core), the same with ``--engine serial`` (one process: the speed per core), the
  library calls ``forms_by_country`` and ``extract_mentions`` (one process), and geotext on the whole file;
* countrynames / country_converter applied to every 1- to 3-word n-gram of capitalised words (on a slice: they
  are slow, the rate is what counts), timed in-process;
* resolution, names/s and share resolved, on every name spelling in ``data/gazetteer`` (as written, lower
  case and upper case) plus look-alikes;
* with ``--cc-tests DIR`` (country_converter's ``tests/`` folder): the share of its regex test variants and
  must-not-match names that forum-map and country_converter resolve to the expected code.

The input is the bundled Belt and Road Forum article repeated to the size asked (dense forum news: about ten
country mentions per kilobyte), or with ``--varied`` generated articles (``make_corpus.py``: the article's
sentences mixed with sentences naming countries by every form of the gazetteer), unless ``--input`` names a file. The anchors need ``pandas<3`` (for
country_converter 1.3.2), so they run in their own interpreter; see README.md beside this file.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "data" / "forums" / "brf2023" / "articles" / "belt_and_road_forum_2023.txt"
GAZETTEER = ROOT / "data" / "gazetteer"
NGRAM_MEGABYTES = 1.0

# Each snippet runs in a fresh interpreter: argv[1] is the input file; it prints one JSON line.
PEAK = "import resource, json, sys, time; t0 = time.perf_counter()\n"
REPORT = (
    "print(json.dumps({'seconds': time.perf_counter() - t0, 'bytes': len(data), 'result': result,"
    " 'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))\n"
)
READ = "data = open(sys.argv[1], 'rb').read()\ntext = data.decode('utf-8')\n"
WHOLE = "import sys\n{code}"  # a snippet as a whole process: timed from outside
SNIPPETS = {
    "forum-map forms_by_country": "from geo.extract import forms_by_country\n"
    + READ
    + "result = len(forms_by_country(text))\n",
    "forum-map extract_mentions": "from geo.extract import extract_mentions, count_by_country\n"
    + READ
    + "result = len(count_by_country(extract_mentions(text)))\n",
    "geotext": "from geotext import GeoText\n" + READ + "result = len(GeoText(text).country_mentions)\n",
}
NGRAMS = textwrap.dedent(
    """
    import re
    {setup}
    data = open(sys.argv[1], 'rb').read()[: int({megabytes} * 1e6)]
    text = data.decode('utf-8', 'ignore')
    words = [m.group() for m in re.finditer(r"[A-Z][\\w'.-]*(?: [A-Z][\\w'.-]*){{0,2}}", text)]
    grams = [' '.join(w.split()[i:j]) for w in words for i in range(len(w.split())) for j in range(i + 1, len(w.split()) + 1)]
    result = sum(1 for g in grams if {call})
    """
)
NGRAM_TOOLS = {
    "countrynames on n-grams": ("import countrynames", "countrynames.to_code(g)"),
    "country_converter on n-grams": (
        "import logging, country_converter as coco\nlogging.disable(logging.WARNING)\ncc = coco.CountryConverter()",
        "cc.convert(g, to='ISO3', not_found=None) is not None",
    ),
}
RESOLVE = {
    "forum-map resolve": ("from geo.gazetteer import load\ng = load()", "g.resolve(n) is not None"),
    "countrynames": ("import countrynames", "countrynames.to_code(n) is not None"),
    "country_converter": (
        "import logging, country_converter as coco\nlogging.disable(logging.WARNING)\ncc = coco.CountryConverter()",
        "cc.convert(n, to='ISO3', not_found=None) is not None",
    ),
}
RESOLVE_SNIPPET = textwrap.dedent(
    """
    {setup}
    names = open(sys.argv[1], encoding='utf-8').read().splitlines()
    data = names
    t1 = time.perf_counter()
    resolved = sum(1 for n in names if {call})
    rate = len(names) / (time.perf_counter() - t1)
    result = {{'names_per_s': rate, 'resolved': resolved / len(names)}}
    """
)


def dense_news(path: Path, megabytes: float) -> Path:
    article = (ARTICLE.read_text(encoding="utf-8") + "\n\n").encode("utf-8")
    copies = int(megabytes * 1e6 / len(article)) + 1
    with path.open("wb") as handle:  # copy by copy: a child's peak RSS starts from this process's (Linux keeps
        for _ in range(copies):  # ru_maxrss across fork and exec), so this one stays small
            handle.write(article)
    return path


def varied_news(path: Path, megabytes: float) -> Path:
    """Generated articles in one file (make_corpus.py: the article's sentences mixed with sentences naming
    countries by every form of the gazetteer), paragraphs and articles apart by blank lines."""
    from make_corpus import articles

    with path.open("w", encoding="utf-8") as handle:
        for article in articles(megabytes):
            handle.write(article["text"] + "\n\n")
    return path


def names_file(path: Path) -> Path:
    names = []
    for file, column in (("names.csv", "name"), ("demonyms.csv", "form"), ("capitals.csv", "name")):
        with (GAZETTEER / file).open(encoding="utf-8", newline="") as handle:
            names += [row[column] for row in csv.DictReader(handle)]
    names += ["Europe", "Middle East", "NATO", "Xinhua", "New Mexico", "Georgia (US state)", "Man", "It"]
    names += [name.lower() for name in names] + [name.upper() for name in names]  # not only exact spellings
    path.write_text("\n".join(names * 10) + "\n", encoding="utf-8")
    return path


# country_converter's own regex tests: name_short<TAB>name_test files and a must-not-match list.
CC_EXPECTED = textwrap.dedent(
    """
    import csv, glob, os, logging, country_converter as coco
    logging.disable(logging.WARNING)
    cc = coco.CountryConverter()
    def code(name):
        found = cc.convert(name, to='ISO3', not_found='-')
        return None if found == '-' else found
    folder = sys.argv[1]
    data = []
    for path in sorted(glob.glob(os.path.join(folder, 'test_regex_*.txt'))):
        for short, test in csv.reader(open(path, encoding='utf-8'), delimiter='\\t'):
            if short == 'name_short':
                continue
            short, test = short.strip().strip('"'), test.strip().strip('"')
            expected = None if short == 'XXX' else ('COD' if short == 'Congo' else code(short))
            data.append((test, expected, code(test)))
    for line in open(os.path.join(folder, 'should_not_match.txt'), encoding='utf-8'):
        if line.strip() and not line.startswith('#'):
            data.append((line.strip(), None, code(line.strip())))
    result = data
    """
)


def cc_variants(anchors_python: str, folder: Path) -> None:
    """Share of country_converter's test variants (and must-not-match names) each tool gets right."""
    found = run(anchors_python, CC_EXPECTED, folder)
    if not found:
        return
    from geo.gazetteer import load

    gazetteer = load()
    # names of entities with no current ISO 3166-1 code (Netherlands Antilles, Zanzibar) are left out
    cases = [case for case in found["result"] if case[1] is None or case[1] in gazetteer.iso3_codes()]
    ours = sum((getattr(gazetteer.resolve(test), "iso3", None)) == expected for test, expected, _ in cases)
    theirs = sum(got == expected for _, expected, got in cases)
    print(
        f"\ncountry_converter test variants ({len(cases)})  forum-map {ours / len(cases):.1%}  country_converter {theirs / len(cases):.1%}"
    )


def run(python: str, code: str, argument: Path) -> dict | None:
    done = subprocess.run([python, "-c", PEAK + code + REPORT, str(argument)], capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        print(
            f"  skipped ({done.stderr.strip().splitlines()[-1] if done.stderr.strip() else 'failed'})", file=sys.stderr
        )
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_whole(command: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT) -> dict | None:
    """One child process timed from outside, as ``time COMMAND > /dev/null`` does: wall clock from start to exit
    (interpreter start, imports, gazetteer, reading, extraction, output), its CPU time and its peak RSS."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    errors = child.stderr.read().decode(errors="replace").strip()
    child.stderr.close()
    if child.returncode != 0:
        print(f"  {command[0]} skipped ({errors.splitlines()[-1] if errors else 'failed'})", file=sys.stderr)
        return None
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}


def whole_process(text: Path, anchors_python: str, repeat: int) -> list[tuple[str, dict]]:
    """The CLI, the two library calls and geotext as whole processes, ``repeat`` rounds in turn; best of each."""
    script = Path(sys.executable).with_name("forum-map")
    cli = [str(script)] if script.exists() else [sys.executable, "-m", "geo"]
    commands = {
        "forum-map extract (CLI)": [*cli, "extract", "-q", str(text)],
        "forum-map extract --engine serial": [*cli, "extract", "-q", "--engine", "serial", str(text)],
        **{name: [sys.executable, "-c", WHOLE.format(code=SNIPPETS[name]), str(text)] for name in list(SNIPPETS)[:2]},
        "geotext": [anchors_python, "-c", WHOLE.format(code=SNIPPETS["geotext"]), str(text)],
    }
    best: dict[str, dict] = {}
    for _ in range(repeat):
        for name, command in commands.items():
            found = run_whole(command)
            if found and (name not in best or found["wall"] < best[name]["wall"]):
                best[name] = found
    return [(name, best[name]) for name in commands if name in best]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=40.0)
    parser.add_argument("--input", type=Path, help="a text file to use instead of the generated dense news")
    parser.add_argument(
        "--varied", action="store_true", help="generated articles (make_corpus.py) instead of the article repeated"
    )
    parser.add_argument("--anchors-python", default="anchors-venv/bin/python")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the whole-process runs (best is shown)")
    parser.add_argument("--cc-tests", type=Path, help="country_converter's tests/ folder (from its repository)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        make = varied_news if args.varied else dense_news
        text = args.input or make(Path(work) / "news.txt", args.megabytes)
        names = names_file(Path(work) / "names.txt")
        print(f"input: {text} ({text.stat().st_size / 1e6:.1f} MB)")
        size_mb = text.stat().st_size / 1e6
        print(
            f"\nextraction, whole process, best of {args.repeat}   MB/s (wall)  MB/s (CPU)  peak MB"
            "  x geotext (wall)  x geotext (CPU)"
        )
        rows = whole_process(text, args.anchors_python, args.repeat)
        geotext = dict(rows).get("geotext")
        for name, result in rows:
            ratio = (
                f"{geotext['wall'] / result['wall']:17.2f} {geotext['cpu'] / result['cpu']:16.2f}" if geotext else ""
            )
            print(
                f"{name:38} {size_mb / result['wall']:11.1f} {size_mb / result['cpu']:11.1f} "
                f"{result['peak_mb']:8.0f} {ratio}"
            )
        print(f"\n{'n-gram anchors, in-process':44} {'MB/s':>8} {'peak MB':>8}")
        for name, (setup, call) in NGRAM_TOOLS.items():
            code = NGRAMS.format(setup=setup, call=call, megabytes=NGRAM_MEGABYTES)
            result = run(args.anchors_python, code, text)
            if result:
                label = f"{name} ({NGRAM_MEGABYTES:g} MB slice)"
                print(f"{label:44} {result['bytes'] / 1e6 / result['seconds']:8.1f} {result['peak_mb']:8.0f}")
        print(f"\n{'resolution':38} {'names/s':>10} {'resolved':>9}")
        for name, (setup, call) in RESOLVE.items():
            python = sys.executable if name.startswith("forum-map") else args.anchors_python
            result = run(python, RESOLVE_SNIPPET.format(setup=setup, call=call), names)
            if result:
                found = result["result"]
                print(f"{name:38} {found['names_per_s']:10,.0f} {found['resolved']:9.1%}")
        if args.cc_tests:
            cc_variants(args.anchors_python, args.cc_tests)


if __name__ == "__main__":
    main()
