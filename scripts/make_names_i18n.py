"""Rebuild data/gazetteer/names_i18n.csv: country names per language, and the inflected forms of every name.

A development tool, not used at run time (the product reads only the committed CSV files):

    pip install babel pycountry pymorphy3 pymorphy3-dicts-ru
    python scripts/make_names_i18n.py [--out DIR]

It writes one row per (country, language, form): the CLDR territory names (``babel``) and pycountry's ISO 3166-1
translations for zh (simplified and traditional), ru, fr, es, ar, de and pt; then the forms grammar makes of those
names and of the hand-curated forms in ``data/gazetteer/forms_i18n.csv``: Russian cases (pymorphy3), German
genitive -s, French/Spanish/Portuguese/German adjective endings, Arabic nisba endings and attached prefixes.
Each row says where it comes from.
"""

import argparse
import csv
import gettext
import sys
from pathlib import Path

GAZETTEER_DIR = Path(__file__).resolve().parents[1] / "data" / "gazetteer"
HEADER = ("iso3", "lang", "form", "kind", "leader", "source")
# language of the table -> (babel locales, pycountry gettext languages)
LANGUAGES = {
    "zh": (("zh_Hans", "zh_Hant"), ("zh_CN", "zh_TW")),
    "ru": (("ru",), ("ru",)),
    "fr": (("fr",), ("fr",)),
    "es": (("es",), ("es",)),
    "ar": (("ar",), ("ar",)),
    "de": (("de",), ("de",)),
    "pt": (("pt", "pt_PT"), ("pt", "pt_BR")),
}
RU_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
AR_PREFIXES = ("و", "ب", "ل", "ف", "ك", "وب", "ول", "لل")
# feminine, dual and sound plurals of a nisba adjective: صينية, صينيان / صينيين (dual), صينيتان / صينيتين
# (feminine dual), صينيون / صينيين (plural), صينيات (feminine plural)
AR_NISBA_ENDINGS = ("ة", "ان", "ين", "تان", "تين", "ون", "ات")


def need(module: str, package: str):
    try:
        return __import__(module)
    except ImportError:
        sys.exit(f"make_names_i18n.py needs {package}: pip install {package}")


def base_names() -> list[tuple[str, str, str, str, str, str]]:
    """CLDR and ISO names of every country in every language of the table."""
    babel = need("babel", "babel")
    pycountry = need("pycountry", "pycountry")
    rows = []
    for lang, (locales, iso_languages) in LANGUAGES.items():
        for locale_name in locales:
            territories = babel.Locale.parse(locale_name).territories
            for country in pycountry.countries:
                name = territories.get(country.alpha_2)
                if name:
                    rows.append((country.alpha_3, lang, name, "name", "", f"CLDR territory name ({locale_name})"))
            if "XK" in territories:
                rows.append(("XKX", lang, territories["XK"], "name", "", f"CLDR territory name ({locale_name})"))
        for iso_language in iso_languages:
            try:
                translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[iso_language])
            except OSError:
                continue
            for country in pycountry.countries:
                for field in ("name", "common_name", "official_name"):
                    english = getattr(country, field, None)
                    if english and translation.gettext(english) != english:
                        source = f"pycountry iso3166-1 {field} ({iso_language})"
                        rows.append((country.alpha_3, lang, translation.gettext(english), "name", "", source))
    return rows


class Russian:
    """Case forms of Russian names, adjectives and surnames (pymorphy3, with a rule for surnames it lacks)."""

    def __init__(self) -> None:
        self.morph = need("pymorphy3", "pymorphy3 pymorphy3-dicts-ru").MorphAnalyzer()

    def _parse(self, word: str, kind: str):
        parses = self.morph.parse(word)
        wanted = ("Surn",) if kind == "leader" else ("Geox", "ADJF", "NOUN")
        for tag in wanted:
            for parse in parses:
                if tag in parse.tag and "nomn" in parse.tag:
                    return parse
        return None

    def word_forms(self, word: str, kind: str) -> set[str]:
        if kind == "demonym":
            parse = self._parse(word, kind)
            forms = {f.word for f in parse.lexeme if f.tag.POS in ("ADJF", "NOUN")} if parse else set()
        elif kind == "leader":  # by rule: pymorphy3 guesses foreign surnames (Цзиньпин) as -ин surnames
            noun = word.endswith("\u0301")  # (a mark for: not a Russian surname, -ом not -ым)
            word = word.removesuffix("\u0301")
            forms = {word, *_surname_cases(word, noun).values()}
        else:
            parse = self._parse(word, kind)
            if parse is None or "Fixd" in parse.tag:
                return {word}
            forms = {parse.inflect({case, "sing"}).word for case in RU_CASES if parse.inflect({case, "sing"})}
        forms = {_like(form, word) for form in forms} | {word}
        if kind == "demonym":  # capitalised at a sentence's start: Китайская сторона заявила
            forms |= {form[:1].upper() + form[1:] for form in forms}
        return forms | {form.replace("ё", "е") for form in forms}

    def forms(self, phrase: str, kind: str) -> set[str]:
        words = phrase.split(" ")
        if kind == "leader":
            # a Chinese name (Си Цзиньпин): only the given name declines, as a noun (Си Цзиньпином); any other:
            # the given name declines with the surname, case by case (Касым-Жомартом Токаевым, Нарендрой Моди)
            if len(words) == 2 and len(words[0]) <= 2:
                last = self.word_forms(words[-1] + "\u0301", kind)
                return {" ".join([*words[:-1], form.replace("\u0301", "")]) for form in last}
            if len(words) == 1:
                return self.word_forms(phrase, kind)
            if words[-1].endswith(("ий", "ой", "ый")) and not words[-1].endswith(("ский", "цкий")):
                return {phrase}  # an ordinal or an epithet (Абдалла Второй, Маркос-младший): not by this rule
            surname = _surname_cases(words[-1])
            found = {phrase}
            for case, last in surname.items():
                found.add(" ".join([*(_given_name_case(word, case) for word in words[:-1]), last]))
            return found | {form.replace("ё", "е") for form in found}
        if len(words) == 1:
            return self.word_forms(phrase, kind)
        # every word in the same case: Южная Корея -> Южной Кореи; agreement by pymorphy3's inflection
        found = {phrase}
        parses = [self._parse(word, kind) for word in words]
        for case in RU_CASES:
            out = []
            for word, parse in zip(words, parses, strict=True):
                made = parse.inflect({case}) if parse is not None and "Fixd" not in parse.tag else None
                out.append(_like(made.word, word) if made else word)
            found.add(" ".join(out))
        return found


_OBLIQUE = ("gent", "datv", "accs", "ablt", "loct")


def _surname_cases(word: str, noun: bool = False) -> dict[str, str]:
    """The oblique cases of a surname by rule (pymorphy3 guesses foreign surnames such as Цзиньпин as -ин ones):
    -ский adjectives, -ов/-ин surnames (-ым), other consonants (-ом, -ем after a hushing one: Вучичем); a foreign
    surname ending in a vowel does not decline (Моди); -й and -ь are soft (Милеем). ``noun``: a name that declines as a noun (Цзиньпином)."""
    if word.endswith(("ский", "цкий")):
        stem = word[:-2]
        return dict(zip(_OBLIQUE, (stem + "ого", stem + "ому", stem + "ого", stem + "им", stem + "ом"), strict=True))
    if word[-1] in "аеиоуыэюяё":
        return dict.fromkeys(_OBLIQUE, word)
    if word[-1] in "йь":  # Милей: Милея, Милеем
        stem = word[:-1]
        return dict(zip(_OBLIQUE, (stem + "я", stem + "ю", stem + "я", stem + "ем", stem + "е"), strict=True))
    if not noun and word.endswith(("ов", "ев", "ёв", "ин", "ын")):
        instrumental = "ым"
    else:
        instrumental = "ем" if word[-1] in "жшчщц" else "ом"
    return dict(zip(_OBLIQUE, (word + "а", word + "у", word + "а", word + instrumental, word + "е"), strict=True))


# capitalised parts of Arabic names that do not decline before the rest (Мухаммедом бен Заидом Аль Нахайяном)
_NAME_PARTICLES = frozenset(["Аль", "Эль", "Ас", "Бен", "Бин", "Ибн", "Абдель", "Абдул"])


def _given_name_case(word: str, case: str) -> str:
    """A given name in ``case``, as Russian declines first names by their ending (Владимир -> Владимиром, Андрей ->
    Андрея, Нарендра -> Нарендрой); a hyphenated name declines its last part (Касым-Жомарта), a particle (да, Аль)
    and a name ending in another vowel (Эмомали) stay as they are."""
    if not word[:1].isupper() or word in _NAME_PARTICLES:
        return word
    head, _, last = word.rpartition("-")
    prefix = head + "-" if head else ""
    hushing = last[-1:] in "жшчщц"
    if last.endswith(("й", "ь")):
        stem, endings = last[:-1], ("я", "ю", "я", "ем", "е")
    elif last.endswith("а"):
        soft = last[-2:-1] in "гкхжшчщ"
        stem = last[:-1]
        endings = ("и" if soft else "ы", "е", "у", "ей" if last[-2:-1] in "жшчщц" else "ой", "е")
    elif last.endswith("я"):
        stem, endings = last[:-1], ("и", "е", "ю", "ей", "е")
    elif last[-1:] in "еиоуыэюё":
        return word
    else:
        stem, endings = last, ("а", "у", "а", "ем" if hushing else "ом", "е")
    return prefix + stem + endings[_OBLIQUE.index(case)]


def _like(form: str, model: str) -> str:
    """``form`` with the capitals of ``model`` (pymorphy3 answers in lower case)."""
    if model.isupper() and len(model) > 1:
        return form.upper()
    if "-" in model:
        return "-".join(_like(part, ref) for part, ref in zip(form.split("-"), model.split("-"), strict=False))
    return form[:1].upper() + form[1:] if model[:1].isupper() else form


def romance_forms(lang: str, form: str) -> set[str]:
    """Feminine and plural of a French, Spanish or Portuguese adjective, and the capitalised noun in French."""
    found = {form}
    if lang == "fr":
        if form.endswith("e"):
            found |= {form + "s"}
        elif form.endswith("en"):  # indien, sud-coréen, libyen: indienne, sud-coréenne, libyenne
            found |= {form + "ne", form + "s", form + "nes"}
        elif form.endswith("s"):
            found |= {form + "e", form + "es"}
        else:
            found |= {form + "e", form + "s", form + "es"}
        found |= {f[0].upper() + f[1:] for f in found}  # les Chinois, un Russe
    elif lang in ("es", "pt"):
        accents = str.maketrans("áéíóú", "aeiou")
        if form.endswith("ão"):  # alemão, afegão (tested before -o, which would make alemãa)
            found |= {form[:-2] + "ã", form[:-2] + "ães", form[:-2] + "ãos", form[:-2] + "ãs"}
        elif form.endswith("o"):
            found |= {form[:-1] + "a", form + "s", form[:-1] + "as"}
        elif form.endswith(("e", "a")):
            found |= {form + "s"}
        elif form.endswith(("í", "ú")):
            found |= {form + "es", form + "s"}
        elif form.endswith(("i", "u")):  # Portuguese somali, hindu
            found |= {form + "s"}
        elif form.endswith("ís"):  # Spanish kirguís, kirguises
            found |= {form[:-2] + "ises"}
        elif lang == "pt" and form.endswith("ol"):  # mongol, mongola, mongóis
            found |= {form + "a", form + "as", form[:-2] + "óis"}
        elif form.endswith(("és", "ês")):
            stem = form[:-2] + "es"
            found |= {stem + "a", stem + "es", stem + "as"}
        elif form.endswith("án"):  # alemán
            stem = form[:-2] + "an"
            found |= {stem + "a", stem + "es", stem + "as"}
        else:
            found |= {form + "es", form + "a", form + "as"}
        found |= {f.translate(accents) if f.endswith(("esa", "eses", "esas", "ana", "anes")) else f for f in found}
    return found


def german_forms(form: str, kind: str) -> set[str]:
    """Adjective endings (chinesische, russischen); genitive -s of a name (Chinas, Russlands)."""
    if kind == "demonym" and form[0].islower():
        endings = ("e", "en", "em", "er", "es")
        found = {form} | {form + e for e in endings}
        return found | {(form + e)[0].upper() + (form + e)[1:] for e in endings}  # sentence start
    if kind in ("name", "short", "capital") and " " not in form and form[-1] not in "sßxz":
        return {form, form + "s"}
    if kind == "leader" and form[-1] not in "sßxz":  # Putins Besuch, Wladimir Putins
        return {form, form + "s"}
    return {form}


def arabic_forms(form: str, kind: str) -> set[str]:
    """Nisba endings of an adjective, the article, and the attached prefixes (و ب ل ف ك)."""
    found = {form}
    words = form.split(" ")
    if kind == "demonym" and (len(words) == 1 or all(word.endswith("ي") for word in words)):
        # every word of a nisba phrase agrees (كوري جنوبي: الكورية الجنوبية) and takes the article
        found |= {" ".join(word + ending for word in words) for ending in AR_NISBA_ENDINGS}
        found |= {" ".join("ال" + word for word in f.split(" ")) for f in found}
        found.add(" ".join(word + "ا" for word in words))  # indefinite accusative (وفدا صينيا): no article
    first = form.split(" ")[0]
    if kind in ("name", "short", "capital", "seat", "demonym", "leader"):
        for item in list(found):
            head = item.split(" ")[0]
            if head != first and kind != "demonym":
                continue
            for prefix in AR_PREFIXES:
                if prefix == "لل":
                    if item.startswith("ال"):
                        found.add("لل" + item[2:])
                elif prefix in ("ل", "ول") and item.startswith("ال"):
                    found.add(prefix[:-1] + "لل" + item[2:])
                else:
                    found.add(prefix + item)
    return found


def expanded(rows, russian: Russian) -> list[tuple[str, str, str, str, str, str]]:
    """The grammatical forms of ``rows`` (not the rows themselves)."""
    out = []
    for iso3, lang, form, kind, leader, _ in rows:
        if kind == "shield" or "," in form or "(" in form:
            continue
        if lang == "ru" and not form.isupper():
            made, how = russian.forms(form, kind), "pymorphy3 case form"
        elif lang == "de":
            made, how = german_forms(form, kind), "German ending rule"
        elif lang in ("fr", "es", "pt") and kind == "demonym":
            made, how = romance_forms(lang, form), "adjective ending rule"
        elif lang == "ar":
            made, how = arabic_forms(form, kind), "Arabic nisba ending / attached prefix rule"
        else:
            continue
        out += [(iso3, lang, new, kind, leader, f"{how} of {form}") for new in sorted(made - {form})]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=GAZETTEER_DIR, help="folder to write names_i18n.csv into")
    args = parser.parse_args()
    russian = Russian()
    with (GAZETTEER_DIR / "forms_i18n.csv").open(encoding="utf-8", newline="") as handle:
        curated = [tuple(row[c] for c in HEADER) for row in csv.DictReader(handle)]
    base = base_names()
    with (GAZETTEER_DIR / "leader_forms.csv").open(encoding="utf-8", newline="") as handle:
        # German writes the genitive of every leader's name with -s (Putins, Xi Jinpings): the English forms too
        leaders = [
            (row["iso3"], "de", row["form"], "leader", row["leader"], "")
            for row in csv.DictReader(handle)
            if row["needs_anchor"] == "no" and row["form"][-1:].isalpha() and row["form"].isascii()
        ]
    rows, seen = [], {(r[0], r[1], r[2]) for r in curated}
    for row in [*base, *expanded(base, russian), *expanded(curated, russian), *expanded(leaders, russian)]:
        if (row[0], row[1], row[2]) not in seen:
            seen.add((row[0], row[1], row[2]))
            rows.append(row)
    target = args.out / "names_i18n.csv"
    partial = target.with_suffix(".csv.part")
    with partial.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    partial.replace(target)
    print(f"wrote {len(rows)} rows to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
