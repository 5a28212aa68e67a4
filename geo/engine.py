"""Country mentions for a whole corpus, per document, in input order: serially, in local worker processes
(:mod:`geo.pool`) or on a Dask cluster.

Every engine runs the same per-piece work (:func:`piece_work`) and folds it into documents the same way
(:func:`fold`), so their output is identical; the engine only decides where it runs. Workers import only the text
modules (corpus, extract, gazetteer): never geopandas, folium or shapely.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from geo.corpus import Document, Notify, Position, ReadOptions, Source, piece_mentions, read_source, split_source
from geo.csvio import csv_lines
from geo.extract import Mention, find_document_date, forms_by_country

ENGINES = ("auto", "serial", "processes", "dask")
INSTALL_DASK = "pip install 'forum-map[dask]'  (in a checkout: pip install -e '.[dask]')"


class EngineError(Exception):
    """The engine cannot run (Dask missing, scheduler unreachable); the message says what to do."""


@dataclass(frozen=True, slots=True)
class CountryCount:
    iso3: str
    mentions: int
    forms: tuple[str, ...]  # surface forms, whitespace collapsed, in order of first appearance


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """What one document says: its countries, most mentioned first (or, with ``mentions``, a piece's mentions)."""

    document: str
    date: dt.date | None  # given, or else the first full date written in the text
    countries: tuple[CountryCount, ...] = ()
    mentions: tuple[Mention, ...] = ()
    text: str = ""  # with Job.output: the output rows, formatted where they were read (on Dask, a partition's)


@dataclass(frozen=True, slots=True)
class Job:
    """What to read and what to return: ``mentions`` for every mention, else per-country counts; with
    ``output`` ("csv" or "jsonl"), those rows as text, so that a Dask worker, not the command, formats them. With
    ``output`` only the results' text is meant to be used: on Dask one result carries a whole partition's rows."""

    read: ReadOptions = ReadOptions()
    mentions: bool = False
    output: str | None = None


MENTION_HEADER = ("document", "start", "end", "surface", "iso3", "kind")
COUNT_HEADER = ("document", "iso3", "country", "mentions", "forms")


def render_rows(result: DocumentResult, job: Job, country_name: Callable[[str], str]) -> str:
    """A result's output rows as CSV (no header) or JSON lines, in the order the command prints them."""
    if job.mentions:
        header = MENTION_HEADER
        rows = [(m.document, m.start, m.end, m.surface, m.iso3, m.kind) for m in result.mentions]
    else:
        header = COUNT_HEADER
        rows = [
            (result.document, c.iso3, country_name(c.iso3), c.mentions, "|".join(c.forms)) for c in result.countries
        ]
    return format_rows(header, rows, job.output or "csv")


def with_rows(result: DocumentResult, job: Job, country_name: Callable[[str], str]) -> DocumentResult:
    """``result`` with its output rows as text when ``job.output`` asks (then only the text is meant to be used),
    else ``result`` itself."""
    if not job.output:
        return result
    return DocumentResult(result.document, result.date, text=render_rows(result, job, country_name))


def format_rows(header: Sequence[str], rows: Iterable[tuple], fmt: str) -> str:
    """Rows as CSV lines (no header, cells safe for spreadsheets) or as JSON lines keyed by ``header``."""
    if fmt == "jsonl":
        return "".join(json.dumps(dict(zip(header, row, strict=True)), ensure_ascii=False) + "\n" for row in rows)
    return csv_lines(rows)


class CountryTally:
    """Mentions per country and their surface forms (whitespace collapsed, in order of first appearance): one
    document's pieces summed here, a forum's articles for its mentions map."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self._forms: dict[str, dict[str, None]] = {}

    def add(self, iso3: str, surface: str, times: int = 1) -> None:
        """Count ``surface`` as ``times`` mentions of ``iso3``."""
        self.counts[iso3] += times
        self._forms.setdefault(iso3, {})[" ".join(surface.split())] = None

    def add_forms(self, found: Mapping[str, Counter[str]]) -> None:
        """Add one piece's surface forms per country, as :func:`geo.extract.forms_by_country` counts them."""
        for iso3, surfaces in found.items():
            for surface, times in surfaces.items():
                self.add(iso3, surface, times)

    def forms(self) -> dict[str, list[str]]:
        """The forms found per country."""
        return {iso3: list(forms) for iso3, forms in self._forms.items()}

    def countries(self) -> tuple[CountryCount, ...]:
        """Every country counted, most mentioned first (ties by ISO3)."""
        ranked = sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return tuple(CountryCount(iso3, n, tuple(self._forms[iso3])) for iso3, n in ranked)


def document_items(
    source: Source, job: Job, *, warn: Notify, error: Notify, position: Position | None = None
) -> Iterator[tuple[Document, dt.date | None]]:
    """Every document or piece of one source with its document's date (given, or found in its first piece, so
    that every piece picks the same leaders)."""
    date = None
    for doc in read_source(source, job.read, warn=warn, error=error, position=position):
        if not doc.context:  # a new document, not the next piece of a long one
            date = doc.date or find_document_date(doc.text)
        yield doc, date


def piece_work(doc: Document, date: dt.date | None, job: Job, gaz) -> tuple[Mention, ...] | dict[str, Counter[str]]:
    """What one document or piece gives: its mentions (``job.mentions``), else its surface forms per country."""
    if job.mentions:
        return tuple(piece_mentions(doc, gaz, date, job.read.lang))
    # counts only: no Mention per occurrence
    return forms_by_country(
        doc.text, date=date, gazetteer=gaz, context=doc.context, find_date=not doc.context, lang=job.read.lang
    )


def fold(
    worked: Iterable[tuple[Document, dt.date | None, object]], job: Job, *, rendered: bool = False
) -> Iterator[DocumentResult]:
    """The results of documents from their pieces' work (see :func:`piece_work`), in order: a long document's
    pieces summed (counts) or streamed (mentions; with ``rendered``, each piece's work is its rows as text)."""
    tally = CountryTally()
    current: tuple[str, dt.date | None] | None = None
    for doc, date, work in worked:
        if not doc.context:  # a new document, not the next piece of a long one
            if current and not job.mentions:
                yield DocumentResult(*current, countries=tally.countries())
            current = (doc.id, date)
            tally = CountryTally()
        if work.__class__ is DocumentResult:  # a whole document, folded where it was read (geo.pool)
            current = None
            yield work
            continue
        if job.mentions:
            yield DocumentResult(*current, text=work) if rendered else DocumentResult(*current, mentions=work)
        else:
            tally.add_forms(work)
    if current and not job.mentions:
        yield DocumentResult(*current, countries=tally.countries())


def _source_results(
    source: Source, job: Job, gaz, *, warn: Notify, error: Notify, position: Position | None = None
) -> Iterator[DocumentResult]:
    """Results for every document of one source; a long document's pieces are summed (or streamed, mentions)."""
    items = document_items(source, job, warn=warn, error=error, position=position)
    return fold(((doc, date, piece_work(doc, date, job, gaz)) for doc, date in items), job)


def source_results(
    source: Source, job: Job, gaz, *, warn: Notify, error: Notify, position: Position | None = None
) -> Iterator[DocumentResult]:
    """Results for every document of one source, with their output rows as text when ``job.output`` asks."""
    for result in _source_results(source, job, gaz, warn=warn, error=error, position=position):
        yield with_rows(result, job, gaz.country_name)


@dataclass(frozen=True, slots=True)
class Tick:
    """Progress: documents finished and bytes read since the last tick."""

    documents: int
    nbytes: int


def run(
    sources: list[Source],
    job: Job,
    *,
    engine: str = "auto",
    workers: int | None = None,
    scheduler: str | None = None,
    warn: Notify,
    error: Notify,
    progress: Callable[[Tick], None] = lambda _t: None,
) -> Iterator[DocumentResult]:
    """Results for every document of ``sources``, in input order, from the chosen engine: ``auto`` is the processes
    engine for large inputs on a machine with several cores (see :func:`geo.pool.worth_it`), else serial."""
    if engine not in ENGINES:
        raise ValueError(f"engine {engine!r}: expected one of {', '.join(ENGINES)}")
    if engine == "dask":
        return _dask(sources, job, workers=workers, scheduler=scheduler, warn=warn, error=error, progress=progress)
    if engine != "serial":
        from geo import pool

        if engine == "processes" or pool.worth_it(sources, workers):
            return pool.run_processes(sources, job, workers=workers, warn=warn, error=error, progress=progress)
    return _serial(sources, job, warn=warn, error=error, progress=progress)


def _serial(
    sources: list[Source], job: Job, *, warn: Notify, error: Notify, progress: Callable[[Tick], None]
) -> Iterator[DocumentResult]:
    from geo import gazetteer

    gaz = gazetteer.load()
    for source in sources:
        position = Position()
        reported = 0
        for result in source_results(source, job, gaz, warn=warn, error=error, position=position):
            yield result
            now = position.tell()
            progress(Tick(1, max(now - reported, 0)))
            reported = max(now, reported)
        progress(Tick(0, max(source.size - reported, 0)))


# --- Dask ---


def partitions(sources: list[Source], workers: int) -> list[list[Source]]:
    """Sources grouped into partitions of similar size, a few per worker, large JSON-lines files split."""
    total = sum(s.size for s in sources)
    target = min(max(total // (workers * 8), 1 << 20), 8 << 20)  # small enough that the last ones end together
    groups: list[list[Source]] = []
    size = target
    for source in sources:
        for part in split_source(source, target):
            cost = max(part.size, 4096)  # an empty or unknown-size file still costs an open
            if size >= target or size + cost > target * 3 // 2:  # partitions of about one size balance the load
                groups.append([])
                size = 0
            groups[-1].append(part)
            size += cost
    return groups


def pack(result: DocumentResult) -> tuple:
    """A result as plain tuples: they pickle ten times faster than dataclasses, and workers send many. When the
    rows are already text, the text is all the command needs."""
    if result.text:
        return (result.document, result.date, (), (), result.text)
    return (
        result.document,
        result.date,
        tuple((c.iso3, c.mentions, c.forms) for c in result.countries),
        tuple((m.document, m.start, m.end, m.surface, m.iso3, m.kind) for m in result.mentions),
        "",
    )


def unpack(packed: tuple) -> DocumentResult:
    document, date, countries, mentions, text = packed
    if text:
        return DocumentResult(document, date, text=text)
    return DocumentResult(
        document, date, tuple(CountryCount(*c) for c in countries), tuple(Mention(*m) for m in mentions)
    )


def process_partition(group: list[Source], job: Job) -> tuple[list[tuple], list[tuple[str, str]], int, int]:
    """On a worker: the packed results of a partition, the messages it raised (in order), the bytes it read and
    the number of documents. With ``job.output`` the partition's rows come back as one text (one result), so that
    the command, which shares the machine with the workers, only writes them out."""
    from geo import gazetteer

    gaz = gazetteer.load()
    messages: list[tuple[str, str]] = []
    results: list[tuple] = []
    texts: list[str] = []  # strings, unlike tuples, are no work for the garbage collector while they pile up
    documents = 0
    for source in group:
        found = source_results(
            source,
            job,
            gaz,
            warn=lambda m: messages.append(("warn", m)),
            error=lambda m: messages.append(("error", m)),
        )
        for result in found:
            documents += 1
            if job.output:
                texts.append(result.text)
            else:
                results.append(pack(result))
    if job.output and documents:
        results = [("", None, (), (), "".join(texts))]
    return results, messages, sum(s.size for s in group), documents


# For the cluster the command starts and stops itself, which nobody watches on a dashboard: an idle Dask cluster
# keeps busy with its own monitoring (measured on 2 cores: the command's process 7% of a core, each worker 4.5%)
# and every wake-up of a worker's event loop takes the interpreter lock from the task. Without the profile's
# stack sampling, the 20 ms event-loop tick and the frequent system and memory monitors: 1% and 0.4%.
QUIET_CLUSTER = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
}


def _client(workers: int | None, scheduler: str | None):
    try:
        import dask.bag  # noqa: F401 (checked here so the message is about the missing extra)
        from distributed import Client, LocalCluster
    except ImportError:
        raise EngineError(
            f"--engine dask needs Dask and dask.distributed, not installed here: {INSTALL_DASK}"
        ) from None
    if scheduler:
        try:
            return Client(scheduler, timeout="15s"), None
        except (OSError, TimeoutError) as err:
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from None
    import logging

    import dask

    with dask.config.set(QUIET_CLUSTER):  # read as the scheduler, the workers and the client start
        cluster = LocalCluster(
            n_workers=workers or os.cpu_count() or 1,
            threads_per_worker=1,  # extraction is pure Python: one process per core, not threads
            processes=True,
            dashboard_address=":0",  # a free port: never collide with another cluster on 8787
            silence_logs=logging.CRITICAL,  # a worker losing its heartbeat while the cluster shuts down is no news
        )
        return Client(cluster), cluster


def _dask(
    sources: list[Source],
    job: Job,
    *,
    workers: int | None,
    scheduler: str | None,
    warn: Notify,
    error: Notify,
    progress: Callable[[Tick], None],
) -> Iterator[DocumentResult]:
    if any(s.path == "-" for s in sources):
        raise EngineError(
            "--engine dask reads files on the workers; standard input needs --engine auto, serial or processes"
        )
    client, cluster = _client(workers, scheduler)
    try:
        import dask.bag as db

        n_workers = max(len(client.scheduler_info().get("workers", {})), 1)
        groups = partitions(sources, n_workers)
        if not groups:
            return
        bag = db.from_sequence(groups, npartitions=len(groups)).map(process_partition, job)
        parts = bag.to_delayed()
        # partitions in flight, results taken in order: enough that a slow one does not leave a worker idle
        # while it finishes, few enough to bound the memory of results waiting their turn (an 8 MB partition
        # comes back as about 3 MB of rows)
        window = 8 * n_workers
        futures = [client.compute(part) for part in parts[:window]]
        warned: set[str] = set()
        for index in range(len(parts)):
            [(results, messages, nbytes, documents)] = futures[index].result()
            futures[index] = None
            if index + window < len(parts):
                futures.append(client.compute(parts[index + window]))
            for level, message in messages:
                if level == "error":
                    error(message)
                elif message not in warned:  # ranges of one file each warn about its encoding: say it once
                    warned.add(message)
                    warn(message)
            yield from map(unpack, results)
            progress(Tick(documents, nbytes))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
