"""Documents from files, folders and stdin, decoded to text, and their mentions counted per country."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from geo.extract import Mention, extract_mentions


@dataclass(frozen=True, slots=True)
class Document:
    id: str  # the path as the user gave it (or "-" for stdin), so output rows point back to the input
    text: str
    date: dt.date | None = None


class CorpusError(Exception):
    """An input could not be read; the message names it."""


def decode(data: bytes, name: str, warn) -> str:
    """Text from bytes: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252 with a warning."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        warn(f"{name}: not UTF-8, decoded as Windows-1252")
        return data.decode("cp1252", errors="replace")


def expand(paths: Iterable[str]) -> Iterator[Path | str]:
    """Files named, and every ``*.txt`` below each folder named (sorted); ``-`` passes through."""
    for given in paths:
        if given == "-":
            yield given
            continue
        path = Path(given)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.txt") if p.is_file())
        else:
            yield path


def read_documents(paths: Iterable[str], *, date: dt.date | None = None, warn=None) -> Iterator[Document]:
    """Documents from the given paths, in order; raises CorpusError for a path that cannot be read."""
    warn = warn or (lambda message: print(f"forum-map: warning: {message}", file=sys.stderr))
    for item in expand(paths):
        if item == "-":
            yield Document("-", decode(sys.stdin.buffer.read(), "<stdin>", warn), date)
            continue
        try:
            data = item.read_bytes()
        except OSError as err:
            raise CorpusError(f"{item}: cannot read: {err.strerror or err}") from None
        if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            warn(f"{item}: binary file, skipped")
            continue
        yield Document(str(item), decode(data, str(item), warn), date)


def document_mentions(documents: Iterable[Document]) -> Iterator[Mention]:
    for doc in documents:
        yield from extract_mentions(doc.text, document=doc.id, date=doc.date)
