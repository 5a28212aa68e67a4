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
    "Abbas", "Abdullah", "Bio", "Boko", "Boris", "Brown", "Cameron", "Castro", "Cho", "Choi",
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

# Forms news uses that the source lacks, keyed by (iso3, name).
EXTRA = {
    ("CHN", "Li Qiang"): ["Li"],
    ("CHN", "Li Keqiang"): ["Li", "Premier Li"],
    ("SAU", "Salman bin Abdulaziz"): ["Salman"],
    ("SAU", "Mohammed bin Salman"): ["bin Salman", "Mohammed bin Salman"],
}

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
    forms: dict[tuple[str, str], list[str]] = {}
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
            known = forms.setdefault(key, [])
            for form in [row["name"], *row["aliases"].split("|"), *EXTRA.get(key, [])]:
                for variant in (form.strip(), strip_diacritics(form.strip())):
                    if variant and variant not in DROP and variant not in known:
                        known.append(variant)
    with (HERE / "leaders.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["iso3", "leader", "role", "valid_from", "valid_to", "source", "note"])
        writer.writerows(terms)
    with (HERE / "leader_forms.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["iso3", "leader", "form", "needs_anchor"])
        for (iso3, name), known in forms.items():
            for form in known:
                anchor = form in NEEDS_ANCHOR or (len(form) <= 2 and form.isascii() and form != "Xi")
                writer.writerow([iso3, name, form, "yes" if anchor else "no"])


if __name__ == "__main__":
    main(Path(sys.argv[1]))
