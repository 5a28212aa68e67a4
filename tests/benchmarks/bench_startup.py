"""Start-up costs a reader or a script notices: loading the gazetteer, and a map page's first render.

    python tests/benchmarks/bench_startup.py [--repeat 5] [--chromium /usr/bin/chromium]

Prints, best of ``--repeat`` runs each:

* the gazetteer's load time in a fresh interpreter (``from geo.gazetteer import load; load()``), from its cache on
  disk as a user's second run would, next to the interpreter's own start (``python -c pass``) in the same run;
* for every map of the bundled forums, built once into a temporary folder, the time from navigation to the page's
  ``data-fm-ready`` mark (the map drawn, legend and controls in place) in headless Chromium at 1280×720, from
  ``file://`` with the network blocked.

These were once assertions in the test suite (0.3 s, 1,500 ms); timings belong here, where they are read next
to the anchors of the same run and never fail a build on a busy machine.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def _python_seconds(code: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
        best = min(best, time.perf_counter() - started)
    return best


def _gazetteer(repeat: int) -> None:
    load = (
        "import time; t = time.perf_counter(); from geo.gazetteer import load; load(); print(time.perf_counter() - t)"
    )
    subprocess.run([sys.executable, "-c", load], check=True, cwd=ROOT, capture_output=True)  # fills the cache
    inside = min(
        float(subprocess.check_output([sys.executable, "-c", load], text=True, cwd=ROOT)) for _ in range(repeat)
    )
    print(f"interpreter start (python -c pass), whole process: {_python_seconds('pass', repeat):.3f} s")
    print(f"gazetteer import + load, inside the process:       {inside:.3f} s")


def _pages(repeat: int, chromium: str) -> None:
    from playwright.sync_api import sync_playwright

    from geo.build import build
    from geo.forums import discover

    out = Path(tempfile.mkdtemp(prefix="forum-map-bench-"))
    build(out, [str(p) for p in discover()])
    pages = sorted(p for p in out.rglob("*.html") if p.name != "index.html")
    print(f"\nfirst render (navigation to data-fm-ready), best of {repeat}, ms:")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox"])
        for path in pages:
            best = float("inf")
            for _ in range(repeat):
                context = browser.new_context(viewport={"width": 1280, "height": 720})
                context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
                page = context.new_page()
                page.goto(path.as_uri())
                page.wait_for_selector("body[data-fm-ready]", timeout=60_000)
                best = min(best, int(page.get_attribute("body", "data-fm-ready")))
                context.close()
            print(f"  {path.relative_to(out)}: {best} ms ({path.stat().st_size / 1e6:.1f} MB)")
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    _gazetteer(args.repeat)
    _pages(args.repeat, args.chromium)


if __name__ == "__main__":
    main()
