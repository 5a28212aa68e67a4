"""Rebuild data/gazetteer/leaders.csv and leader_forms.csv from a researched leaders table.

A development tool, not used at run time:

    python scripts/make_leaders.py SOURCE.csv [--out DIR]

SOURCE.csv is the researched table of heads of state and government, which is not part of the repository: one row
per term with the columns ``iso3,name,aliases,role,start,end,source,notes`` (``aliases`` separated by ``|``, dates
as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``). The script turns each term into one row with full ISO dates and each
name form into one row, adds the forms without diacritics and the surnames news uses, and flags the forms that
only count after an anchor. Rows of ``leader_forms.csv`` added by hand (forms the research lacks) are kept.
"""

import argparse
import calendar
import csv
import unicodedata
from pathlib import Path

GAZETTEER_DIR = Path(__file__).resolve().parents[1] / "data" / "gazetteer"
SOURCE_COLUMNS = ("iso3", "name", "aliases", "role", "start", "end", "source", "notes")
LEADERS_HEADER = ("iso3", "leader", "role", "valid_from", "valid_to", "source", "note")
FORMS_HEADER = ("iso3", "leader", "form", "needs_anchor", "origin")

# Forms that are also common words, given names, other people's surnames or other
# abbreviations: they count only after the leader's full name or a title in the document.
NEEDS_ANCHOR = {
    "ADO", "APM", "ED", "EPN", "GEJ", "HH", "HSM", "IBK", "IOG", "JOH", "MAH", "NNN", "RTE",
    "SAJ", "TGV", "TMR", "VdB", "ASSK", "MBAR", "Abdo", "Achi", "Ahmed", "Ahmad", "Ali",
    "Abdullah", "Bio", "Boko", "Boris", "Brown", "Cameron", "Castro", "Cho", "Choi",
    "Chung", "Costa", "Dan", "Drew", "Dung", "Eke", "English", "Faure", "Fernández",
    "Fernandez", "Francis", "García", "Garcia", "Guillaume", "Han", "Harris", "Hassan",
    "Hung", "Hussein", "Hwang", "Ibrahim", "Johnson", "Kenny", "Kern", "Key", "Khan", "Kim",
    "Kolo", "Kun", "Lai", "Lam", "Lee", "Levy", "Li", "Lopes", "López", "Lopez", "Mara",
    "Martin", "May", "Meta", "Michel", "Mohamed", "Mohammed", "Moon", "Morales", "Mori",
    "Morrison", "Mulk", "Mustafa", "Odor", "Ódor", "Oli", "Park", "Paz", "Pena", "Peña",
    "Pérez", "Perez", "Philippe", "Rahman", "Rama", "Ramos", "Rodríguez", "Rodriguez",
    "Said", "Saleh", "Salih", "Salman", "Sánchez", "Sanchez", "Sang", "Santos", "Shah",
    "Sharif", "Sika", "Silva", "Su", "Taye", "Teo", "Tong", "Wale", "Wong", "Yang", "Young",
    "Abbott", "Turnbull", "Haas",
    # also common given names or surnames in North American local news, most of them town or county names too
    # (Henry County, Scott, Davis): "Officer Davis", "Scott said", "Cottage Grove, Henry and Puryear"
    "Henry", "Scott", "Davis", "Douglas", "Stuart", "Mason", "Pierre", "Bennett", "Burton", "Harper", "Granger",
    "Carney", "O'Neill", "Hernández", "Hernandez", "Medina", "Marin", "Solís", "Solis", "Alvarado", "Marrero",
}  # fmt: skip

# Forms the source lists that are bare titles, which the guidelines do not count.
DROP = {"the Queen", "the King"}

# Titles dropped from the front of a form: the extractor reads a title before a name itself, and a
# form "President Xi" would otherwise cut "President Xi Jinping" short.
TITLES = ("President ", "Premier ", "Prime Minister ", "PM ", "Sir ", "Chancellor ")

# Forms news uses that the source lacks, keyed by (iso3, name).
EXTRA = {
    ("CHN", "Li Qiang"): ["Li"],
    ("CHN", "Li Keqiang"): ["Li", "Premier Li"],
    ("SAU", "Salman bin Abdulaziz"): ["Salman"],
    ("SAU", "Mohammed bin Salman"): ["bin Salman", "Mohammed bin Salman"],
    ("TKM", "Serdar Berdimuhamedov"): ["Berdimuhamedov", "Berdymukhamedov"],
    ("VNM", "Phạm Minh Chính"): ["Chinh", "Chính"],
    ("KHM", "Hun Sen"): ["Hun Sen"],
    ("QAT", "Tamim bin Hamad Al Thani"): ["Emir Tamim", "Sheikh Tamim"],
}

# Countries whose leaders news does not call by the last word of their name: surname first (East
# Asia), patronyms and dynastic names (Arab monarchies, the Horn of Africa), no surnames (Myanmar).
NO_SURNAME_LAST = {
    "CHN", "TWN", "HKG", "MAC", "KOR", "PRK", "VNM", "KHM", "LAO", "SGP", "MMR", "MNG", "SAU", "ARE",
    "QAT", "KWT", "BHR", "OMN", "JOR", "BRN", "ETH", "ERI", "SOM", "ISL", "IDN", "THA", "AFG", "VAT",
    "BTN", "ESP", "AND", "MEX", "ARG", "COL", "PER", "CHL", "BOL", "ECU", "VEN", "PRY", "URY", "CRI",
    "PAN", "GTM", "HND", "SLV", "NIC", "DOM", "CUB", "GNQ",
}  # fmt: skip
# "of": Abdullah of Pahang is named after a state, not a surname
PARTICLES = {"van", "der", "de", "la", "i", "da", "dos", "du", "von", "le", "al", "bin", "el", "di", "del", "of"}

SPECIAL_LETTERS = str.maketrans(
    {"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss",
     "æ": "ae", "Æ": "Ae", "œ": "oe", "ð": "d", "þ": "th", "ʻ": "'", "’": "'"}
)  # fmt: skip


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(SPECIAL_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def full_date(value: str, *, end: bool) -> tuple[str, str]:
    """An ISO date and a note on its precision, widening month- or year-only dates."""
    if not value:
        return "", ""
    parts = value.split("-")
    if len(parts) == 3:
        return value, ""
    year, month = int(parts[0]), int(parts[1]) if len(parts) == 2 else (12 if end else 1)
    if len(parts) == 1:
        month = 12 if end else 1
    day = calendar.monthrange(year, month)[1] if end else 1
    which = "end" if end else "start"
    precision = "month" if len(parts) == 2 else "year"
    return f"{year:04d}-{month:02d}-{day:02d}", f"{which} known to the {precision} only"


def read_source(source: Path) -> tuple[list[list[str]], dict[tuple[str, str], dict[str, str]]]:
    """The terms (rows of leaders.csv) and, per (iso3, leader), each form with where it comes from."""
    terms = []
    forms: dict[tuple[str, str], dict[str, str]] = {}
    with source.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in SOURCE_COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise SystemExit(f"{source}: missing column(s) {', '.join(missing)}; expected {','.join(SOURCE_COLUMNS)}")
        for row in reader:
            start, start_note = full_date(row["start"], end=False)
            end, end_note = full_date(row["end"], end=True)
            flags = [f for f in ("UNVERIFIED", "DOUBT") if f in row["notes"]]
            if "compiler knowledge" in row["source"]:
                flags.append("unverified (no dataset match)")
            note = "; ".join(n for n in (start_note, end_note, *flags) if n)
            terms.append([row["iso3"], row["name"], row["role"], start, end, row["source"], note])
            key = (row["iso3"], row["name"])
            known = forms.setdefault(key, {})
            for form, origin in spellings(row):
                form = form.strip()
                for title in TITLES:
                    form = form.removeprefix(title)
                for variant, how in ((form, origin), (strip_diacritics(form), "added: without diacritics")):
                    if variant and variant not in DROP and variant not in known:
                        known[variant] = how
    return terms, forms


def spellings(row: dict[str, str]) -> list[tuple[str, str]]:
    """A term's name, its aliases, the forms news uses and, where news calls the leader by it, the surname."""
    key = (row["iso3"], row["name"])
    found = [(row["name"], "name")]
    found += [(alias, "source alias") for alias in row["aliases"].split("|")]
    found += [(extra, "added: news usage") for extra in EXTRA.get(key, [])]
    words = row["name"].split()
    if (
        row["iso3"] not in NO_SURNAME_LAST
        and len(words) > 1
        and words[-2] not in PARTICLES
        and words[-1][:1].isupper()
        and len(words[-1]) > 3
    ):
        found.append((words[-1], "added: surname, counts after the full name"))
    return found


def form_rows(forms: dict[tuple[str, str], dict[str, str]], previous: Path) -> list[list[str]]:
    """The rows of leader_forms.csv: the generated ones, then those of ``previous`` that were added by hand."""
    rows = []
    for (iso3, name), known in forms.items():
        for form, origin in known.items():
            anchor = (
                form in NEEDS_ANCHOR
                or (len(form) <= 2 and form.isascii() and form != "Xi")
                or "counts after the full name" in origin
            )
            rows.append([iso3, name, form, "yes" if anchor else "no", origin])
    if previous.exists():
        # a form the table gives is generated again (its flag or origin may have changed): only the others are
        # hand-made rows
        generated = {tuple(row[:3]) for row in rows}
        with previous.open(encoding="utf-8", newline="") as handle:
            rows += [row for row in list(csv.reader(handle))[1:] if row and tuple(row[:3]) not in generated]
    return rows


def write(path: Path, header: tuple[str, ...], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Rebuild leaders.csv and leader_forms.csv from a researched leaders table.",
        epilog="SOURCE is not part of the repository: the research table with the columns "
        f"{','.join(SOURCE_COLUMNS)}, one row per term. Rows of DIR/leader_forms.csv that the table does not give "
        "(forms added by hand) are kept.",
    )
    parser.add_argument("source", type=Path, metavar="SOURCE", help="the researched leaders table (CSV)")
    parser.add_argument(
        "--out", type=Path, default=GAZETTEER_DIR, metavar="DIR", help=f"where to write (default: {GAZETTEER_DIR})"
    )
    args = parser.parse_args(argv)
    if not args.source.is_file():
        parser.error(f"{args.source}: no such file")
    args.out.mkdir(parents=True, exist_ok=True)
    terms, forms = read_source(args.source)
    rows = form_rows(forms, args.out / "leader_forms.csv")
    write(args.out / "leaders.csv", LEADERS_HEADER, terms)
    write(args.out / "leader_forms.csv", FORMS_HEADER, rows)


if __name__ == "__main__":
    main()
