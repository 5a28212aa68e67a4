"""One build at a time writes into an output folder: a lock file naming its holder, under a file lock that ends
with the holder's process, so that a crashed build's lock file is taken over and a live one is waited for."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import signal
import socket
import stat
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from geo.errors import BuildError

LOCK = ".forum-map.lock"
LOCK_WAIT = 30.0  # seconds a build waits for another build's writing into the same folder (it takes about one)
HELD = (signal.SIGINT, signal.SIGTERM)
_HOLDER_RE = re.compile(r"pid (\d+) on (\S+)")

Report = Callable[[str], None]


def quiet(_message: str) -> None:
    """A report that goes nowhere."""


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT/SIGTERM for a step that must not be cut in two; a signal that came meanwhile acts after it.

    The handlers are swapped for one that only notes the signal: blocking the signal would not do, since the
    kernel may hand it to another thread (numpy's), and Python then runs its handler in the main thread anyway.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread runs signal handlers, and only it can change them
        return
    came: list[int] = []
    previous = {signum: signal.signal(signum, lambda s, _f: came.append(s)) for signum in HELD}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            if handler is not None:  # None: a handler not set from Python, which cannot be put back
                signal.signal(signum, handler)
        if came:
            handler = previous[came[0]]
            if callable(handler):
                handler(came[0], None)
            elif handler != signal.SIG_IGN:
                signal.raise_signal(came[0])


def _holder(fd: int) -> str:
    """Who holds the lock, from the lock file's content (``pid 1234 on host``)."""
    text = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
    return text if _HOLDER_RE.fullmatch(text) else "another process"


def _holder_gone(fd: int) -> bool:
    """Whether the lock file names a process of this host that no longer runs (for file systems without locks)."""
    found = _HOLDER_RE.fullmatch(os.pread(fd, 200, 0).decode("utf-8", "replace").strip())
    if not found or found.group(2) != socket.gethostname():
        return not found
    try:
        os.kill(int(found.group(1)), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def _open_lock(folder: Path, top: int) -> int | None:
    """The lock file, created if missing; None when it vanished meanwhile (its holder ended: try again)."""
    flags = os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        return os.open(LOCK, flags | os.O_CREAT | os.O_EXCL, 0o666, dir_fd=top)
    except FileExistsError:
        pass
    try:
        fd = os.open(LOCK, flags | os.O_NONBLOCK, dir_fd=top)
    except FileNotFoundError:
        return None
    except OSError as err:
        raise BuildError(f"{folder / LOCK}: not a lock file forum-map can use ({err.strerror}); remove it") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise BuildError(f"{folder / LOCK}: not a regular file; remove it")
    return fd


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as err:
        if err.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS):
            raise
        return _holder_gone(fd)  # a file system without file locks: the pid written in the file decides
    return True


def _is_current(fd: int, top: int) -> bool:
    """Whether ``fd`` is still the file at the lock's path (its holder may have removed it while we waited)."""
    try:
        there = os.stat(LOCK, dir_fd=top, follow_symlinks=False)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (there.st_dev, there.st_ino) == (mine.st_dev, mine.st_ino)


def _take(folder: Path, top: int, report: Report) -> tuple[int | None, str]:
    """One try: the locked lock file's descriptor, or None and who holds it."""
    fd = _open_lock(folder, top)
    if fd is None:
        return None, "a build that just ended"
    try:
        if not _try_lock(fd):
            holder = _holder(fd)
            os.close(fd)
            return None, holder
        if not _is_current(fd, top):
            os.close(fd)
            return None, "a build that just ended"
        if os.fstat(fd).st_size:
            if _holder(fd) == "another process":  # not a lock file of ours: someone's file of that name
                raise BuildError(f"{folder / LOCK}: not a lock file forum-map wrote; move it away")
            report(f"{folder / LOCK}: left by {_holder(fd)}, which has ended; taken over")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} on {socket.gethostname()}\n".encode(), 0)
    except BaseException:
        with contextlib.suppress(OSError):
            os.close(fd)
        raise
    return fd, ""


@contextlib.contextmanager
def folder_lock(
    folder: Path, *, notice: Report = quiet, report: Report = quiet, wait: float = LOCK_WAIT
) -> Iterator[int]:
    """Hold ``folder``'s lock (made when missing) and yield a descriptor of the folder. Waits up to ``wait``
    seconds for another holder (``notice`` hears that it waits), then BuildError naming the holder. The lock file
    is removed at the end, whatever the end; a lock file whose holder died is taken over (``report`` hears it)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        top = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as err:
        raise BuildError(f"--out {folder}: cannot be made or opened ({err.strerror})") from None
    fd, deadline, told = None, time.monotonic() + wait, False
    try:
        while fd is None:
            # Signals held so that an interrupt cannot come between making the lock file and knowing it is ours.
            with signals_held():
                fd, holder = _take(folder, top, report)
            if fd is not None:
                break
            if time.monotonic() >= deadline:
                raise BuildError(
                    f"{folder}: another build is writing into this folder ({holder}, see {folder / LOCK}); "
                    "let it end, or choose another --out"
                )
            if not told and holder != "a build that just ended":
                notice(f"waiting for the build of {holder} to finish writing into {folder} (up to {wait:.0f} s)")
                told = True
            time.sleep(0.05)
        yield top
    finally:
        with signals_held():
            if fd is not None:
                if _is_current(fd, top):
                    os.unlink(LOCK, dir_fd=top)
                os.close(fd)  # after the unlink: a build that waits then finds the path free or a new lock
            os.close(top)
