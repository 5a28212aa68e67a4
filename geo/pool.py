"""The processes engine: the serial engine's work spread over local worker processes, one per core.

The command reads the input itself, in order (so its warnings and errors are the serial engine's, said once), and
sends the documents and pieces in batches to the workers, which extract them (:func:`geo.engine.piece_work`); the
results are taken back in input order and folded as the serial engine folds them (:func:`geo.engine.fold`), so
the output is the serial engine's, byte for byte. A few batches per worker are in flight at a time: memory stays
bounded whatever the corpus size.

Workers are forked from the command: they start with its gazetteer and tables already read (no start-up of their
own). Where fork is not the platform's way of starting processes (Windows, macOS) the engine still runs when asked
for (``--engine processes``), its workers then starting afresh; ``auto`` picks it only where fork is the way.
"""

from __future__ import annotations

import collections
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator

from geo.corpus import Document, Notify, Position, Source
from geo.engine import (
    DocumentResult,
    EngineError,
    Job,
    Tick,
    document_items,
    fold,
    pack,
    piece_work,
    unpack,
    with_rows,
)

# Inputs smaller than this are read serially: starting the workers would cost more than they save.
AUTO_BYTES = 4 << 20
# Documents are sent in batches of about this many characters: a batch per small document would spend more in
# passing messages than in reading them; a long document's pieces (geo.corpus.PIECE_CHARS) go one by one.
BATCH_CHARS = 1 << 18
BATCHES_PER_WORKER = 3  # in flight at a time: enough that no worker waits, few enough to bound the memory
LOST_WORKER = (
    "a worker process ended before its work was done (killed by the system, perhaps for lack of memory): the rows "
    "printed so far are incomplete; run again with fewer --workers or --engine serial"
)


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it, else every core)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def forks() -> bool:
    """Whether worker processes start by fork here (Linux): then they cost almost nothing to start. (Told without
    importing multiprocessing, 10 ms that a small input read serially never needs.)"""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def worth_it(sources: list[Source], workers: int | None = None) -> bool:
    """Whether ``--engine auto`` runs the processes engine: workers start by fork, there are two cores or more (or
    ``workers`` asks for two or more), and the input is files of ``AUTO_BYTES`` or more (standard input, whose
    size is unknown, is read serially)."""
    if (workers or usable_cores()) < 2 or not forks() or any(s.path == "-" for s in sources):
        return False
    return sum(s.size for s in sources) >= AUTO_BYTES


_STOPS = {signal.SIGINT, signal.SIGTERM}


def _worker_start() -> None:
    """In each worker: Ctrl-C is the command's to handle (it stops the workers), and SIGTERM ends a worker at once
    (the command's own handler, inherited by fork, would raise in the middle of a batch). A worker starts with
    both held back (see :func:`_started_pool`): one sent before this ran arrives now."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)


def _started_pool(count: int):
    """An executor of ``count`` worker processes, started, and the signal mask to restore once the caller is ready
    to stop them (None where signals cannot be held back).

    Ctrl-C and SIGTERM are held back while the workers start (by fork, all at the first task) and in the thread
    that watches them: a stop in the middle of a fork would leave a worker that never ran :func:`_worker_start`,
    or workers nothing stops. The caller restores the mask inside the ``try`` whose ``finally`` stops them: a stop
    held back arrives there. (An executor rather than ``multiprocessing.Pool``: when a worker dies, killed for
    lack of memory say, its tasks fail at once instead of being waited for for ever.)"""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if forks() else "spawn")
    executor = ProcessPoolExecutor(count, mp_context=context, initializer=_worker_start)
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS) if hasattr(signal, "pthread_sigmask") else None
    try:
        executor.submit(len, ()).result()  # the workers and the thread watching them, started
    except BaseException:
        _stop(executor)
        if held is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        raise
    return executor, held


def _stop(executor) -> None:
    """The workers stopped at once, whatever they are doing (the run was stopped or failed), and the executor's
    thread that watches them ended too: left running, it may close its pipe while Python, exiting, writes to it
    (CPython 3.11), and a traceback would follow the run's message."""
    processes = list((getattr(executor, "_processes", None) or {}).values())
    watcher = getattr(executor, "_executor_manager_thread", None)
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join()
    if watcher is not None:
        watcher.join(timeout=10)


def _work(batch: list[tuple[Document, object, bool]], job: Job) -> list:
    """In a worker: each document or piece's work (see :func:`geo.engine.piece_work`). A whole document, not a
    piece of a long one, comes back folded already, as a packed result (:func:`geo.engine.pack`), its rows as text
    when ``job.output`` asks; so do a piece's mentions: the command then only writes them out."""
    from geo import gazetteer

    gaz = gazetteer.load()
    done = []
    for doc, date, whole in batch:
        work = piece_work(doc, date, job, gaz)
        if job.mentions:
            if job.output:
                work = with_rows(DocumentResult(doc.id, date, mentions=work), job, gaz.country_name).text
        elif whole:  # folded as the command would fold it
            work = pack(with_rows(next(fold([(doc, date, work)], job)), job, gaz.country_name))
        done.append(work)
    return done


def _marked(items: Iterable[tuple[Document, object]]) -> Iterator[tuple[Document, object, bool]]:
    """``items`` each with whether it is a whole document: it starts one, and the next item starts another."""
    previous = None
    for item in items:
        if previous is not None:
            yield previous[0], previous[1], not previous[0].context and not item[0].context
        previous = item
    if previous is not None:
        yield previous[0], previous[1], not previous[0].context


def _batches(items: Iterable[tuple[Document, object, bool]]) -> Iterator[list[tuple[Document, object, bool]]]:
    """``items`` in batches of about ``BATCH_CHARS`` characters."""
    batch: list[tuple[Document, object, bool]] = []
    chars = 0
    for item in items:
        batch.append(item)
        chars += len(item[0].text)
        if chars >= BATCH_CHARS:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def run_processes(
    sources: list[Source],
    job: Job,
    *,
    workers: int | None,
    warn: Notify,
    error: Notify,
    progress: Callable[[Tick], None],
) -> Iterator[DocumentResult]:
    """Results for every document of ``sources``, in input order, the work done by ``workers`` processes (default:
    one per usable core)."""
    from concurrent.futures.process import BrokenProcessPool

    from geo import gazetteer
    from geo.extract import forms_by_country

    count = workers or usable_cores()
    gaz = gazetteer.load()
    if forks():
        forms_by_country("China")  # the English tables and automata, read once here and shared by fork
    try:
        executor, held = _started_pool(count)
    except BrokenProcessPool:  # (a worker killed as the workers started)
        raise EngineError(LOST_WORKER) from None
    finished = False
    try:
        if held is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        yield from _results(executor, count, sources, job, gaz, warn=warn, error=error, progress=progress)
        finished = True
    finally:
        if finished:
            executor.shutdown(wait=True)
        else:
            _stop(executor)


def _results(
    executor, count: int, sources: list[Source], job: Job, gaz, *, warn: Notify, error: Notify, progress
) -> Iterator[DocumentResult]:
    """The results of every source: batches sent ahead across the sources' ends (a folder of small files keeps
    every worker busy), their work folded in order."""
    items: collections.deque[tuple[Document, object]] = collections.deque()  # sent, not yet folded
    position = Position()  # in the source being read
    finished = [0]  # the bytes of the sources read to the end

    def read() -> Iterator[tuple[Document, object]]:
        for source in sources:
            for item in document_items(source, job, warn=warn, error=error, position=position):
                items.append(item)
                yield item
            finished[0] += source.size
            position.handle = None

    def worked() -> Iterator[tuple[Document, object, object]]:
        from concurrent.futures.process import BrokenProcessPool

        pending: collections.deque = collections.deque()
        try:
            for batch in _batches(_marked(read())):
                pending.append(executor.submit(_work, batch, job))
                if len(pending) >= BATCHES_PER_WORKER * count:
                    yield from taken(pending.popleft().result())
            while pending:
                yield from taken(pending.popleft().result())
        except BrokenProcessPool:  # (from a task's result, or from the next task sent once one failed)
            raise EngineError(LOST_WORKER) from None

    def taken(done: list) -> Iterator[tuple[Document, object, object]]:
        for work in done:
            doc, date = items.popleft()
            yield doc, date, unpack(work) if work.__class__ is tuple and not job.mentions else work

    reported = 0
    for result in fold(worked(), job, rendered=bool(job.mentions and job.output)):  # (see _work)
        if not result.text:  # a long document's pieces, summed here
            result = with_rows(result, job, gaz.country_name)
        yield result
        now = finished[0] + position.tell()  # (reading is a few batches ahead of the results)
        progress(Tick(1, max(now - reported, 0)))
        reported = max(now, reported)
