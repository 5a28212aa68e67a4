"""CSV in and out, one way for every table: decoded lines, records with the line each starts on, and cells
written so that a spreadsheet shows them as text, never runs them as formulas."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterable, Iterator

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
FIELD_LIMIT = 1 << 30  # a long article in one cell is normal in a corpus
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
LONG_RECORD_LINES = 200  # a forum table's record running over more lines than this has lost a closing quote


class CsvError(ValueError):
    """A record the csv module cannot read (a NUL byte, a quote in the wrong place), with its line."""

    def __init__(self, line: int, message: str):
        super().__init__(f"{line}: {message}")
        self.line, self.message = line, message


def decoded_lines(stream: io.BufferedReader, name: str, warn: Callable[[str], None]) -> Iterator[str]:
    """Decoded lines (ends kept): UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252 with a warning."""
    if not hasattr(stream, "peek"):  # a BytesIO standing in for stdin
        stream = io.BufferedReader(stream)
    head = stream.peek(4)[:4]
    if head.startswith(_UTF16_BOMS):
        yield from codecs.getreader("utf-16")(stream)
        return
    warned = False
    first = True
    for raw in stream:
        if first and raw.startswith(codecs.BOM_UTF8):
            raw = raw[3:]
        first = False
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            if not warned:
                warn(f"{name}: not UTF-8, decoded as Windows-1252")
                warned = True
            yield raw.decode("cp1252", errors="replace")


DELIMITERS = (",", ";", "\t", "|")


def delimiter_of(header_line: str) -> str:
    """The one of ``, ; tab |`` the header holds most often, comma on a tie: ``;`` is a spreadsheet saved in a
    comma-decimal locale, tab a copy from one.

    >>> delimiter_of("country;iso3;source"), delimiter_of("country,iso3"), delimiter_of("country\\tvalue")
    (';', ',', '\\t')
    """
    return max(DELIMITERS, key=lambda d: (header_line.count(d), d == ","))


def records(lines: Iterable[str]) -> Iterator[tuple[int, int, list[str]]]:
    """(first line, last line, cells) of every record, the delimiter chosen by the first line; quoted newlines
    are kept in their cell. A record the csv module refuses raises :class:`CsvError` with its line.

    >>> [(a, b, cells) for a, b, cells in records(['name;n\\n', '"Korea,\\n', 'Rep.";3\\n'])]
    [(1, 1, ['name', 'n']), (2, 3, ['Korea,\\nRep.', '3'])]
    """
    lines = iter(lines)
    first = next(lines, "")
    csv.field_size_limit(FIELD_LIMIT)
    reader = csv.reader(_chain(first, lines), delimiter=delimiter_of(first))
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            raise CsvError(start, f"cannot read this CSV record: {err}") from None
        yield start, reader.line_num, cells
        start = reader.line_num + 1


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    if first:
        yield first
    yield from rest


def neutralise_formula(cell: object) -> object:
    """A text cell a spreadsheet would run as a formula (``=HYPERLINK(...)``, ``@SUM``, ``-2+3``) gets a
    leading apostrophe so that it is shown as text; numbers, other cells and a lone ``-`` pass unchanged.

    >>> neutralise_formula("=1+1"), neutralise_formula("Kazakhstan"), neutralise_formula(-3), neutralise_formula("-")
    ("'=1+1", 'Kazakhstan', -3, '-')
    """
    return safe_row((cell,))[0]


def safe_row(row: Iterable[object]) -> list[object]:
    """A row with every cell neutralised (see :func:`neutralise_formula`), with no call per cell: the rows of a
    corpus are hundreds of thousands."""
    return [
        "'" + cell if isinstance(cell, str) and cell.startswith(FORMULA_PREFIXES) and cell not in ("-", "+") else cell
        for cell in row
    ]


def csv_lines(rows: Iterable[Iterable[object]]) -> str:
    """Rows as CSV text (``\\n`` line ends), every cell safe to open in a spreadsheet.

    >>> csv_lines([["document", "iso3"], ["=HYPERLINK(1)", "KAZ"]])
    "document,iso3\\n'=HYPERLINK(1),KAZ\\n"
    """
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(map(safe_row, rows))
    return buffer.getvalue()
