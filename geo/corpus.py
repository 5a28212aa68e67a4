"""Documents streamed from text, JSON-lines and CSV files (gzipped or not), folders and stdin, decoded to text.

Memory stays bounded whatever the corpus: files are read in blocks, JSON-lines and CSV one record at a time, and
a long text is cut at paragraph breaks into pieces of about ``PIECE_CHARS`` characters; each piece carries the end
of the one before it as context, so that rules looking back (a leader's surname after its anchor) still work.
"""

from __future__ import annotations

import codecs
import datetime as dt
import gzip
import io
import json
import mmap
import os
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from geo.csvio import CsvError, decoded_lines, records
from geo.extract import Mention, extract_mentions, find_document_date

TYPE_CHECKING = False  # (typing itself is not imported: it costs 4 ms of every start-up)
if TYPE_CHECKING:
    from typing import BinaryIO

Notify = Callable[[str], None]

SUFFIXES = {".txt": "txt", ".text": "txt", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}
BLOCK_BYTES = 1 << 20
PIECE_CHARS = 1 << 20
CONTEXT_CHARS = 4000
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class Document:
    """A document, or one piece of a long one: ``text`` starts at character ``offset`` of the document, and its
    first ``context`` characters repeat the end of the previous piece (read for context, not counted again)."""

    id: str  # the path as the user gave it ("-" for stdin), or the record's id, so rows point back to the input
    text: str
    date: dt.date | None = None
    offset: int = 0
    context: int = 0
    lang: str = "auto"  # its language where the reader was told it (a forum's corpus entry); auto: detected


@dataclass(frozen=True, slots=True)
class Source:
    """One input to read: a file (or stdin, ``-``) in a format; a JSON-lines file may be read by byte range."""

    path: str
    format: str
    size: int = 0  # bytes on disk, for progress and partitioning; 0 when unknown
    start: int = 0
    end: int | None = None
    first_line: int = 1


@dataclass(frozen=True, slots=True)
class ReadOptions:
    date: dt.date | None = None  # for documents that carry none
    text_column: str = "text"
    id_column: str = "id"
    date_column: str = "date"
    column_hint: str = "use --text-column"  # said when a CSV lacks the text column
    lang: str = "auto"  # the documents' language (geo.extract.lang.CHOICES), detected per document when auto


@dataclass(slots=True)
class Position:
    """Where reading is in the file being read (compressed bytes for gzip), for a progress bar."""

    handle: BinaryIO | None = None

    def tell(self) -> int:
        try:
            return self.handle.tell() if self.handle else 0
        except (OSError, ValueError):  # a pipe, or a file already closed
            return 0


def format_of(path: str, forced: str | None = None) -> str:
    """The format named by ``forced``, else by the file's suffix (``.gz`` looked through); text by default."""
    if forced:
        return forced
    name = path[:-3] if path.lower().endswith(".gz") else path
    return SUFFIXES.get(os.path.splitext(name)[1].lower(), "txt")


def _wanted_in_folder(name: str) -> bool:
    lower = name.lower()
    lower = lower[:-3] if lower.endswith(".gz") else lower
    return os.path.splitext(lower)[1] in SUFFIXES


def _walk(folder: Path, error: Notify) -> Iterator[Path]:
    """Every corpus file below ``folder``, sorted by path; broken links and unreadable folders are reported."""

    def unreadable(err: OSError) -> None:
        error(f"{err.filename}: cannot read folder: {err.strerror}")

    found = []
    for root, _dirs, files in os.walk(folder, onerror=unreadable):
        for name in files:
            if not _wanted_in_folder(name):
                continue
            path = Path(root, name)
            if path.is_symlink() and not path.exists():
                error(f"{path}: broken symbolic link")
            else:
                found.append(path)
    yield from sorted(found)


def plan_sources(paths: Iterable[str], *, input_format: str | None = None, error: Notify) -> Iterator[Source]:
    """The files named, and the corpus files (.txt, .jsonl, .csv, and .gz of each) below each folder named."""
    for given in paths:
        if given == "-":
            yield Source("-", input_format or "txt")
            continue
        path = Path(given)
        if path.is_dir():
            for found in _walk(path, error):
                yield Source(str(found), format_of(found.name, input_format), _size(found))
        elif path.is_symlink() and not path.exists():
            error(f"{given}: broken symbolic link")
        else:
            yield Source(given, format_of(given, input_format), _size(path))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def split_source(source: Source, target_bytes: int) -> list[Source]:
    """A plain JSON-lines file cut at line ends into ranges of about ``target_bytes``, so workers share it."""
    if source.format != "jsonl" or source.path == "-" or source.size <= target_bytes:
        return [source]
    try:
        with open(source.path, "rb") as handle:
            head = handle.read(4096)
            if head.startswith((_GZIP_MAGIC, *_UTF16_BOMS)) or b"\x00" in head:
                return [source]
            with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
                ranges, start, line, size = [], 0, 1, len(data)
                while start < size:  # each range ends with the first line that reaches the target size
                    cut = data.find(b"\n", start + target_bytes - 1)
                    stop = size if cut < 0 else cut + 1
                    ranges.append(Source(source.path, "jsonl", stop - start, start, stop, line))
                    line += data[start:stop].count(b"\n")
                    start = stop
            return ranges
    except (OSError, ValueError):  # (ValueError: it was emptied meanwhile, and an empty file cannot be mapped)
        return [source]  # reading it again will report the problem


def _open(source: Source) -> BinaryIO:
    if source.path == "-":
        return sys.stdin.buffer
    return open(source.path, "rb")  # noqa: SIM115 (closed by the caller)


def read_source(
    source: Source, options: ReadOptions, *, warn: Notify, error: Notify, position: Position | None = None
) -> Iterator[Document]:
    """The documents of one source, in order. Problems are reported through ``warn``/``error``, never raised:
    whatever could be read before a problem is kept."""
    name = "<stdin>" if source.path == "-" else source.path
    try:
        raw = _open(source)
    except OSError as err:
        error(f"{name}: cannot read: {err.strerror or err}")
        return
    try:
        if source.start:
            raw.seek(source.start)
        stream = _maybe_gunzip(raw, source)
        if position is not None:
            position.handle = raw
        if source.format == "jsonl":
            yield from _jsonl_documents(stream, source, options, name, warn, error)
        elif source.format == "csv":
            yield from _csv_documents(stream, source, options, name, warn, error)
        else:
            yield from _text_documents(stream, source.path, options.date, name, warn)
    except UnicodeError as err:
        error(f"{name}: cannot decode: {err}")
    except (OSError, EOFError, zlib.error) as err:
        error(f"{name}: cannot read: {getattr(err, 'strerror', None) or err}")
    finally:
        if raw is not sys.stdin.buffer:
            raw.close()


def read_documents(
    paths: Iterable[str],
    *,
    date: dt.date | None = None,
    warn: Notify | None = None,
    error: Notify | None = None,
    options: ReadOptions | None = None,
    input_format: str | None = None,
) -> Iterator[Document]:
    """Every document (or piece of one) below the given paths, in order; problems reported, never raised."""
    warn = warn or (lambda message: print(f"forum-map: warning: {message}", file=sys.stderr))
    error = error or (lambda message: print(f"forum-map: error: {message}", file=sys.stderr))
    options = options or ReadOptions(date=date)
    for source in plan_sources(paths, input_format=input_format, error=error):
        yield from read_source(source, options, warn=warn, error=error)


class _Limited(io.RawIOBase):
    """A file read up to a byte position: a JSON-lines range ends at its last line's end."""

    def __init__(self, raw: BinaryIO, remaining: int):
        self.raw, self.remaining = raw, remaining

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.remaining <= 0:
            return 0
        data = self.raw.read(min(len(buffer), self.remaining))
        buffer[: len(data)] = data
        self.remaining -= len(data)
        return len(data)


def _maybe_gunzip(raw: BinaryIO, source: Source) -> io.BufferedReader:
    """``raw`` as a buffered stream, decompressed when it starts with the gzip magic number."""
    if source.end is not None:
        raw = _Limited(raw, source.end - source.start)
    stream = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw, BLOCK_BYTES)
    if stream.peek(2)[:2] == _GZIP_MAGIC:
        return io.BufferedReader(gzip.GzipFile(fileobj=stream, mode="rb"), BLOCK_BYTES)
    return stream


def _is_binary(head: bytes) -> bool:
    return b"\x00" in head[:4096] and not head.startswith(_UTF16_BOMS)


def _cut(text: str) -> int:
    """Where to end a piece: the last paragraph break in its second half, else line break, else space."""
    low, high = PIECE_CHARS // 2, PIECE_CHARS
    paragraph = max(text.rfind("\n\n", low, high), text.rfind("\n\r\n", low, high))
    if paragraph >= 0:
        return text.index("\n", paragraph + 1) + 1
    for separator in ("\n", " "):
        at = text.rfind(separator, low, high)
        if at >= 0:
            return at + 1
    return high


def _pieces(text: str, final: bool) -> tuple[list[str], str]:
    """Cut ``text`` into pieces of about PIECE_CHARS; keep the rest for more text unless ``final``."""
    pieces = []
    while len(text) > PIECE_CHARS + (0 if final else PIECE_CHARS // 2):
        cut = _cut(text)
        pieces.append(text[:cut])
        text = text[cut:]
    if final:
        pieces.append(text)
        text = ""
    return pieces, text


def _text_documents(
    stream: io.BufferedReader, doc_id: str, date: dt.date | None, name: str, warn: Notify
) -> Iterator[Document]:
    """One document from a text stream, in pieces when long; binary streams are skipped with a warning."""
    head = stream.peek(4096)[:4096]
    if _is_binary(head):
        warn(f"{name}: binary file, skipped")
        return
    decoder = codecs.getincrementaldecoder("utf-16" if head.startswith(_UTF16_BOMS) else "utf-8-sig")()
    pending, offset, previous = "", 0, ""
    while True:
        block = stream.read(BLOCK_BYTES)
        try:
            pending += decoder.decode(block, final=not block)
        except UnicodeDecodeError:
            warn(f"{name}: not UTF-8, decoded as Windows-1252")
            held = decoder.getstate()[0]
            decoder = codecs.getincrementaldecoder("cp1252")(errors="replace")
            pending += decoder.decode(held + block, final=not block)
        pieces, pending = _pieces(pending, final=not block)
        for piece in pieces:
            if offset and not piece:
                continue
            context = previous[-CONTEXT_CHARS:]
            yield Document(doc_id, context + piece, date, offset - len(context), len(context))
            offset += len(piece)
            previous = piece
        if not block:
            return


def _parse_date(value: object, where: str, error: Notify, default: dt.date | None) -> dt.date | None:
    if value in (None, ""):
        return default
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        error(f"{where}: date {text!r} is not of the form YYYY-MM-DD; the document is read without it")
        return default


def _jsonl_documents(
    stream: io.BufferedReader, source: Source, options: ReadOptions, name: str, warn: Notify, error: Notify
) -> Iterator[Document]:
    """One document per line: an object with ``text`` and optional ``id``, ``date``, ``url``."""
    if source.start == 0 and _is_binary(stream.peek(4096)[:4096]):
        warn(f"{name}: binary file, skipped")
        return
    for number, line in enumerate(decoded_lines(stream, name, warn), start=source.first_line):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            record = json.loads(line)
        except ValueError as err:
            error(f"{where}: not a JSON object ({err})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get(options.text_column), str):
            error(f"{where}: expected an object with a string {options.text_column!r}")
            continue
        doc_id = record.get(options.id_column)
        date = _parse_date(record.get(options.date_column), where, error, options.date)
        yield Document(where if doc_id in (None, "") else str(doc_id), record[options.text_column], date)


def _csv_documents(
    stream: io.BufferedReader, source: Source, options: ReadOptions, name: str, warn: Notify, error: Notify
) -> Iterator[Document]:
    """One document per record of a CSV with a header; the text column is ``options.text_column``."""
    if _is_binary(stream.peek(4096)[:4096]):
        warn(f"{name}: binary file, skipped")
        return
    rows = records(decoded_lines(stream, name, warn))
    try:
        _, _, header = next(rows, (1, 1, []))
        header = [cell.strip() for cell in header]
        if options.text_column not in header:
            columns = ", ".join(repr(c) for c in header) or "none"
            hint = f"; {options.column_hint}" if options.column_hint else ""
            error(f"{name}: no text column {options.text_column!r} (columns: {columns}){hint}")
            return
        text_at = header.index(options.text_column)
        id_at = header.index(options.id_column) if options.id_column in header else None
        date_at = header.index(options.date_column) if options.date_column in header else None
        for line, _, cells in rows:
            where = f"{name}:{line}"
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) <= text_at:
                error(f"{where}: {len(cells)} cells, no text column")
                continue
            doc_id = cells[id_at].strip() if id_at is not None and id_at < len(cells) else ""
            date = _parse_date(
                cells[date_at] if date_at is not None and date_at < len(cells) else "", where, error, options.date
            )
            yield Document(doc_id or where, cells[text_at], date)
    except CsvError as err:
        error(f"{name}:{err.line}: {err.message}; the rest of the file is not read")


def mentions_by_piece(documents: Iterable[Document], lang: str = "auto") -> Iterator[tuple[Document, list[Mention]]]:
    """Each document or piece with its mentions, spans relative to the whole document; every piece of a long
    document reads leaders on the date of its first piece. ``lang``: the documents' language, or auto (then a
    document's own ``lang``, auto unless its reader was told it)."""
    from geo import gazetteer

    gaz = gazetteer.load()
    date = None
    for doc in documents:
        if not doc.context:  # a new document, not the next piece of a long one
            date = doc.date or find_document_date(doc.text)
        yield doc, piece_mentions(doc, gaz, date, doc.lang if lang == "auto" else lang)


def document_mentions(documents: Iterable[Document], lang: str = "auto") -> Iterator[Mention]:
    """Mentions of every document, spans relative to the whole document (pieces of a long one put back)."""
    for _, mentions in mentions_by_piece(documents, lang):
        yield from mentions


def piece_mentions(doc: Document, gaz, date: dt.date | None, lang: str = "auto") -> list[Mention]:
    """Mentions in one document or piece, context left out, spans in the whole document's characters.

    ``date`` is the document's (given, or found in its first piece), so that every piece picks the same leaders.
    """
    # A later piece is as undated as the first one was: it must not take a date written inside it.
    found = extract_mentions(doc.text, document=doc.id, date=date, gazetteer=gaz, find_date=not doc.context, lang=lang)
    if not doc.offset and not doc.context:
        return found
    return [
        Mention(m.document, m.start + doc.offset, m.end + doc.offset, m.surface, m.iso3, m.kind)
        for m in found
        if m.start >= doc.context
    ]
