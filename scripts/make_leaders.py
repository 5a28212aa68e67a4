"""Rebuild leaders.csv and leader_forms.csv from a researched leaders table.

A development tool, not used at run time: ``python data/gazetteer/make_leaders.py SOURCE.csv``
where SOURCE.csv has the columns ``iso3,name,aliases,role,start,end,source,notes``.
It turns each term into one row with full ISO dates and each name form into one row,
adds the forms without diacritics, and flags the forms that only count after an anchor.
"""

import calendar
import csv
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).parent

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


def main(source: Path) -> None:
    terms = []
    forms: dict[tuple[str, str], dict[str, str]] = {}
    with source.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            start, start_note = full_date(row["start"], end=False)
            end, end_note = full_date(row["end"], end=True)
            flags = [f for f in ("UNVERIFIED", "DOUBT") if f in row["notes"]]
            if "compiler knowledge" in row["source"]:
                flags.append("unverified (no dataset match)")
            note = "; ".join(n for n in (start_note, end_note, *flags) if n)
            terms.append([row["iso3"], row["name"], row["role"], start, end, row["source"], note])
            key = (row["iso3"], row["name"])
            known = forms.setdefault(key, {})
            spellings = [(row["name"], "name")]
            spellings += [(alias, "source alias") for alias in row["aliases"].split("|")]
            spellings += [(extra, "added: news usage") for extra in EXTRA.get(key, [])]
            words = row["name"].split()
            if (
                row["iso3"] not in NO_SURNAME_LAST
                and len(words) > 1
                and words[-2] not in PARTICLES
                and words[-1][:1].isupper()
                and len(words[-1]) > 3
            ):
                spellings.append((words[-1], "added: surname, counts after the full name"))
            for form, origin in spellings:
                form = form.strip()
                for title in TITLES:
                    form = form.removeprefix(title)
                for variant, how in ((form, origin), (strip_diacritics(form), "added: without diacritics")):
                    if variant and variant not in DROP and variant not in known:
                        known[variant] = how
    with (HERE / "leaders.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["iso3", "leader", "role", "valid_from", "valid_to", "source", "note"])
        writer.writerows(terms)
    with (HERE / "leader_forms.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["iso3", "leader", "form", "needs_anchor", "origin"])
        for (iso3, name), known in forms.items():
            for form, origin in known.items():
                anchor = (
                    form in NEEDS_ANCHOR
                    or (len(form) <= 2 and form.isascii() and form != "Xi")
                    or "counts after the full name" in origin
                )
                writer.writerow([iso3, name, form, "yes" if anchor else "no", origin])


if __name__ == "__main__":
    main(Path(sys.argv[1]))
