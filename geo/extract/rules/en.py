"""English context rules: whether a matched form stands for its state (docs/mention-guidelines.md).

Each rule reads the normalised text (:class:`geo.extract.text.Doc`) around a match and answers for one kind of
form: a demonym that is a language, a name with another sense (a person, an American town or state, a pronoun),
a capital or seat that is a place. The words they read are in :mod:`geo.extract.vocabulary`.
"""

from __future__ import annotations

import re

from geo.extract.matcher import WordSearch
from geo.extract.text import Doc, is_name_like
from geo.extract.vocabulary import (
    AMERICAN_PLACES,
    CAUCASUS_STEMS,
    CAUCASUS_WORDS,
    CLAUSE_ENDERS,
    CURRENCIES,
    DEPARTURES,
    DIRECTIONS,
    FEATURE_WORDS,
    GEORGIA_CITIES,
    GEORGIA_COUNTRY_CUES,
    GEORGIA_NEIGHBOURS,
    GIVEN_NAMES,
    HONORIFICS,
    IN_PLACE,
    LANGUAGE_CUES,
    LANGUAGE_NAMES,
    LANGUAGE_NOUNS,
    LANGUAGE_TO_VERBS,
    OF_PLACE_WORDS,
    PERSON_LIKE_NAMES,
    PERSON_NAME_PLACE_WORDS,
    PLACE_CUES,
    PLACE_EVENTS,
    PLACE_NAME_FIRSTS,
    PLACE_NOUNS,
    PROVINCE_NAMES,
    ROUTE_NOUNS,
    STATE_FOLLOWERS,
    STATE_SOURCE_NOUNS,
    STATE_TO_WORDS,
    STREET_WORDS,
    TITLES,
    US_STATE_CUES,
    US_STATE_PAIRS,
    US_STATES,
    US_TOWN_NAMES,
    VENUE_NAMES,
    WEEKDAYS_MONTHS,
)

# What follows a name or demonym that only names a currency ("200 billion US dollars"); the scan tries the
# cheap tests first: the first letter (a one-letter string is a cached object), then three
CURRENCY_INITIALS = frozenset(word[0] for word in CURRENCIES)
CURRENCY_HEADS = frozenset(word[:3] for word in CURRENCIES)
# What follows a demonym in a street's, a feature's or a neighbourhood's name ("77 German St.", "Indian Run", "the
# French Quarter"), or a country's name in a street's ("Gibraltar Street"): the first letters, the first three, then
# the words
STREET_INITIALS = frozenset(word[1] for word in STREET_WORDS) | frozenset(word[0] for word in FEATURE_WORDS)
NAME_STREET_HEADS = frozenset(word[1:4] for word in STREET_WORDS)
# what follows a country's name when it names a currency or a street: the first letters (see the scan)
NAME_FOLLOWER_INITIALS = CURRENCY_INITIALS | frozenset(head[0] for head in NAME_STREET_HEADS)
STREET_HEADS = NAME_STREET_HEADS | frozenset(word[:3] for word in FEATURE_WORDS)
# before a name a person bears in the text, words that keep it the country: "in Jordan", "to Jordan"
PLACE_WORDS_BEFORE = IN_PLACE | PERSON_NAME_PLACE_WORDS
_FEATURE = re.compile(r" (?:" + "|".join(FEATURE_WORDS) + r")(?![\w-])")
CURRENCY = re.compile(r"\$| (?:" + "|".join(sorted(CURRENCIES)) + r")s?\b")
_LANGUAGE_WORD = re.compile(r"-(?:language|speaking|speaker)s?\b| (?:" + "|".join(sorted(LANGUAGE_NOUNS)) + r")\b")
# After a language name the clause ends or another language follows; after a demonym it goes on.
_CLAUSE_GOES_ON = re.compile(r"(?! (?:" + "|".join(sorted(CLAUSE_ENDERS)) + r")\b)(?: [^\W\d]| ?[(\d])")
# A text about American places (a Georgia there is the state), or about the Caucasus (the country).
GEORGIA_CUES = WordSearch(
    {
        "american": (
            (),
            (*sorted({w for w in AMERICAN_PLACES if " " not in w}), *(w for w in AMERICAN_PLACES if " " in w)),
        ),
        "caucasus": (CAUCASUS_STEMS, CAUCASUS_WORDS),
    }
)


_GEORGIA_COUNTRY_CUE = re.compile(r"(?:" + "|".join(map(re.escape, GEORGIA_COUNTRY_CUES)) + r")\b")


def is_street(norm: str, end: int) -> bool:
    """Whether the rest of a street's name follows the demonym or name ending at ``end`` (``77 German St.``,
    ``Chinese Street``, ``Gibraltar Street``); not ``St.`` for Saint (a capitalised word after it: ``St.
    Petersburg``)."""
    if not norm.startswith(STREET_WORDS, end):
        return False
    return not norm.startswith(" St. ", end) or not norm[end + 5 : end + 6].isupper()


def is_feature(norm: str, start: int, end: int) -> bool:
    """Whether the rest of a natural feature's or a neighbourhood's name follows the demonym at ``start:end``
    (``Indian Run``, ``French Creek``, ``the French Quarter``); not after a country's name (the Jordan River is
    Jordan's), nor in a headline's capitals (``Troops Cross Ukrainian River``)."""
    return _FEATURE.match(norm, end) is not None and not _title_case_before(norm, start)


def _title_case_before(norm: str, start: int) -> bool:
    """Whether a capitalised word that is no function word (``The``) stands just before ``start``, as in a
    headline's title case."""
    space = norm.rfind(" ", max(0, start - 24), start - 1)
    return start > 1 and norm[start - 1] == " " and is_name_like(norm[space + 1 : start - 1])


def is_language(doc: Doc, start: int, end: int, previous_language_end: int) -> bool:
    """``in Chinese and Russian``, ``the Chinese language``, ``Russian-speaking``: a language."""
    token = doc.token_after(end)
    if token.isalpha():  # the patterns below, read on the word after one space
        if token in LANGUAGE_NOUNS:
            return True
        if token not in CLAUSE_ENDERS:
            return False
    elif _LANGUAGE_WORD.match(doc.norm, end):
        return True
    elif _CLAUSE_GOES_ON.match(doc.norm, end):
        return False
    before, gap = doc.word_before(start)
    cue = before.lower()
    if cue in LANGUAGE_CUES:
        return True
    if cue in ("both", "either", "fluent", "native", "plain"):
        earlier, _ = doc.word_before(start - len(before) - len(gap))
        return earlier.lower() in LANGUAGE_CUES
    if cue == "to" and gap == " " and doc.norm[end : end + 1] in ("", ".", "!", "?", ";"):
        # she switched to Chinese. (not: switched to Chinese, Russian and Indian buyers)
        return doc.word_before(start - len(before) - 1)[0].lower() in LANGUAGE_TO_VERBS
    if cue in ("and", "or"):
        return 0 <= start - previous_language_end <= 6 or _in_language_list(doc, start)
    return gap == ", " and before in LANGUAGE_NAMES and _in_language_list(doc, start)


def _in_language_list(doc: Doc, start: int) -> bool:
    """``in English, French and Russian``: a list of language names that a language cue opens."""
    position, want_item = start, False
    for _ in range(12):  # at most about six languages back
        word, gap = doc.word_before(position)
        if not word:
            return False
        position -= len(word) + len(gap)
        if want_item:
            if word not in LANGUAGE_NAMES or gap not in (" ", ", "):
                return False
            want_item = False
        elif gap == " " and word.lower() in LANGUAGE_CUES:
            return True
        elif gap == " " and word in ("and", "or"):
            want_item = True
        elif gap != ", " or word not in LANGUAGE_NAMES:
            return False
    return False


def is_other_sense(doc: Doc, start: int, end: int, people: set[str] | None = None) -> bool:
    """Names that are also people, US states or a pronoun: Michael Jordan, Georgia Tech, LET US. ``people``: the
    names the text gave a person so far (``Jordan Rogers``), which this call adds to; such a name alone is that
    person later (``Jordan said``) unless a word of place comes before it (``in Jordan``)."""
    surface = doc.norm[start:end]
    if surface == "US":
        before = doc.word_before(start)[0]
        return len(before) > 1 and before.isupper()  # LET US, TELL US: the pronoun in a headline
    if is_street(doc.norm, end):
        return True  # Lebanon Street, Cuba St.
    if surface in PROVINCE_NAMES and _in_province_list(doc.norm, start, end):
        return True  # the Zaire and Kwanza Sul provinces (Angola)
    if surface == "Georgia" and _is_us_state(doc, start, end):
        return True
    if surface == "South Georgia":  # the state's south, or the island of the South Atlantic (South Georgia Island)
        return _is_us_state(doc, start, end)
    if is_us_town(doc, end):
        return True  # Lebanon, Pa.; Holland, Mich.
    if surface in US_TOWN_NAMES:
        return False
    if _is_part_of_other_name(doc, start, end):
        if people is not None and surface in PERSON_LIKE_NAMES and _names_a_person(doc, start, end):
            people.add(surface)
        return True
    before, gap = doc.word_before(start)
    if _after_honorific(before, gap):  # Mr. Jordan: a person, who the name alone is later
        if people is not None and surface in PERSON_LIKE_NAMES:
            people.add(surface)
        return True
    return bool(people) and surface in people and before.lower() not in PLACE_WORDS_BEFORE


def _after_honorific(before: str, gap: str) -> bool:
    """Whether the word before a name (and the gap after it) is an honorific: ``Mr. Jordan``, ``Dr London``."""
    return before in HONORIFICS and gap in (" ", ". ")


_PROVINCE_ITEM = r"(?:[a-z]+ )?[A-Z][\w'-]*(?: [A-Z][\w'-]*)?"  # central Kwanza Sul
_PROVINCES_AFTER = re.compile(rf"(?:(?:, |,? and ){_PROVINCE_ITEM}){{0,4}} [Pp]rovinces\b")
_PROVINCES_BEFORE = re.compile(rf"[Pp]rovinces of (?:{_PROVINCE_ITEM}(?:, |,? and ))+\Z")


def _in_province_list(norm: str, start: int, end: int) -> bool:
    """``the Zaire and Kwanza Sul provinces``, ``the provinces of Uige and Zaire``: a list of provinces."""
    return (
        _PROVINCES_AFTER.match(norm, end) is not None
        or _PROVINCES_BEFORE.search(norm, max(0, start - 80), start) is not None
    )


def is_us_town(doc: Doc, end: int) -> bool:
    """``Lebanon, Pa.``, ``Peru, Indiana,``, ``Moscow, Idaho``: a place followed by an American state."""
    norm = doc.norm
    if not norm.startswith(", ", end):
        return False
    state = norm[end + 2 : end + 16]
    for pair in US_STATE_PAIRS:
        if state.startswith(pair):
            stop = end + 2 + len(pair)
            break
    else:
        word = state.split(" ", 1)[0].rstrip(",;:)")
        if word not in US_STATES:
            word = word.rstrip(".")  # Peru, Indiana.
            if word not in US_STATES:
                return False
        stop = end + 2 + len(word)
    if norm.startswith((", and ", ", or "), stop):
        return False  # Mexico, Texas, and California: a list of places
    return stop >= len(norm) or norm[stop] in ",.;:)-" or norm[stop - 1] == "."  # a list goes on with "and"


# a direction before a country's name that names a part of it (Western Chad), not another place (West Jordan, Utah)
_REGIONS = frozenset(word for word in DIRECTIONS if word.endswith("ern")) | {"central"}


def _names_a_person(doc: Doc, start: int, end: int) -> bool:
    """Whether the name at ``start:end``, part of another name, is a person's of two words: after a first name
    (``Michael Jordan``) or, a given name, before a surname that ends the name (``Jordan Rogers won``; not ``Mexico
    Beach``); not at a line's start (a headline's ``Netherlands`` / ``Holland meets Holland``), in a longer name
    (``the Holland Area Convention``) nor after a word that begins a place's name (``the Lake Chad basin``)."""
    if doc.opens_line(start):
        return False
    before = doc.capitalised_word_before(start)
    if before:
        return before not in PLACE_NAME_FIRSTS and before.lower() not in _REGIONS  # not Lake Chad, Western Chad
    if doc.norm[start:end] not in GIVEN_NAMES:
        return False
    gap, after = doc.word_after(end)
    if gap != " " or not is_name_like(after) or doc.opens_line(end + 1):
        return False  # (a headline's last word and the next line's first are no name)
    return not doc.word_after(end + 1 + len(after))[1][:1].isupper()


def _is_part_of_other_name(doc: Doc, start: int, end: int) -> bool:
    """``Michael Jordan``, ``Chad Smith``: a capitalised neighbour that is not a title nor a region's word
    (``Western Chad``: the country's west)."""
    before = doc.capitalised_word_before(start)
    if (
        before
        and before not in TITLES
        and not before.endswith(("ing", "ed", "ly"))
        and not doc.opens_line(start)
        and before.lower() not in _REGIONS
    ):
        return True
    gap, after = doc.word_after(end)
    return gap == " " and after[:1].isupper() and after not in STATE_FOLLOWERS and not doc.opens_line(end + 1)


def _is_us_state(doc: Doc, start: int, end: int) -> bool:
    """``Atlanta, Georgia``, ``Georgia's governor``, ``the state of Georgia``."""
    before, gap = doc.word_before(start)
    if gap == ", " and (before in GEORGIA_CITIES or before.title() in GEORGIA_CITIES):
        return False  # TBILISI, Georgia: a dateline of the country
    lists_countries = before in GEORGIA_NEIGHBOURS or doc.norm.startswith((" and ", " or "), end)
    if gap == ", " and before[:1].isupper() and not lists_countries:
        # Atlanta, Georgia; but not "Turkey, Georgia and Armenia", nor "America, Georgia, and the world" in a text
        # about the Caucasus (Tbilisi, Georgian) and no American place
        return before in AMERICAN_PLACES or _georgia_cues(doc) != {"caucasus"}
    gap, after = doc.word_after(end)
    if gap == " " and after in US_STATE_CUES:
        return True
    if doc.norm.startswith("'s ", end):
        if doc.word_after(end + 3)[1] in US_STATE_CUES:
            return True
        if _GEORGIA_COUNTRY_CUE.match(doc.norm, end + 3):
            return False  # Georgia's president, Georgia's breakaway regions
    if doc.norm[max(0, start - 9) : start].lower() == "state of ":
        return True
    return _georgia_cues(doc) == {"american"}  # a text about American places, not the Caucasus


def _georgia_cues(doc: Doc) -> set[str]:
    """Whether the text is about American places, the Caucasus, both or neither: read once a text (``doc.memo``)."""
    cues = doc.memo.get("georgia")
    if cues is None:
        cues = doc.memo["georgia"] = set(GEORGIA_CUES.found(doc.norm, doc.latin1))
    return cues


def capital_is_place(
    doc: Doc, start: int, end: int, kind: str, place_end: int, state_names: tuple[str, ...] = ()
) -> bool:
    """Whether a capital or seat names a place rather than the state (docs/mention-guidelines.md, rule 3).

    ``place_end`` is where the last capital read as a place ended: ``in Pretoria and Nairobi``; ``state_names``
    are the names of the capital's state: ``Baku, Azerbaijan`` is an address.
    """
    norm = doc.norm
    before, gap = doc.word_before(start)
    cue = before.lower()
    if gap == " ":
        if cue in DIRECTIONS:
            return True  # north London, north-west London
        if cue in ("of", "for", "between"):
            earlier, earlier_gap = doc.word_before(start - len(before) - 1)
            lower = earlier.lower()
            if lower in (DIRECTIONS if cue == "of" else DEPARTURES if cue == "for" else ROUTE_NOUNS):
                return True  # north of Cairo, left for Washington, flights between London and Harare
            if cue == "of" and lower in OF_PLACE_WORDS and norm[end : end + 2] not in ("'s", "'S"):
                return True  # outside of Kyiv, the outskirts of Moscow (but the heart of Beijing's policy)
            if cue == "of" and earlier_gap == " " and is_name_like(earlier) and norm[end : end + 2] not in ("'s", "'S"):
                first = doc.word_before(start - len(before) - 2 - len(earlier))
                if first[1] == " " and is_name_like(first[0]):
                    return True  # where a person or body is: Darlene Bjorkman of Whitehall, the Lions Club of Paris
            if cue == "for" and earlier_gap == " " and is_name_like(earlier):
                first = start - len(before) - 2 - len(earlier)
                if doc.word_before(first)[0].lower() in DEPARTURES:
                    return True  # leaving Detroit for Beijing
    elif gap == ", " and before in VENUE_NAMES:
        return True  # Convention Centre, Dublin
    if (cue in ("and", "or") and gap == " ") or gap == ", ":
        if 0 <= start - place_end <= 6:
            return True
        item = before if gap == ", " else doc.capitalised_word_before(start - len(before) - 1)
        item_start = start - len(before) - len(gap) - (0 if gap == ", " else len(item) + 1)
        if item[:1].isupper() and item.isalpha() and doc.word_before(item_start)[0] in IN_PLACE:
            return True  # in Johannesburg and Nairobi: a list of places
    if kind == "seat" and cue == "the":
        before, gap = doc.word_before(start - len(before) - len(gap))
        cue = before.lower()
    elif cue in ("the", "capital"):
        return True  # the Beijing meeting; the capital, Abuja; Chinese capital Beijing
    following = norm[end : end + 1]
    if cue in PLACE_CUES and gap.strip(" ,") == "" and not (following == "'" and norm[end + 1 : end + 2] in "sS"):
        # "at Washington's tariffs", "in Moscow's view": the possessed noun decides (below)
        if cue == "from" or cue == "to":
            earlier = doc.word_before(start - len(before) - len(gap))[0].lower()
            if earlier in (STATE_SOURCE_NOUNS if cue == "from" else STATE_TO_WORDS):
                # pressure from Washington, talking to Moscow, according to Beijing; but a place noun after it makes
                # it the city: according to Paris Police Chief Bob Hundley
                return norm[end : end + 1] == " " and doc.word_after(end)[1].lower().rstrip("'") in PLACE_NOUNS
        return True  # in Beijing, landed in Beijing, trip to Moscow
    if _place_by_what_follows(doc, start, end, kind, state_names):
        return True
    if _after_honorific(before, gap):
        return True  # a person: Mr. Paris, Dr. London
    # George Washington; Birds Point-New Madrid (not a line's last word: a headline's)
    return (
        kind == "capital"
        and gap == " "
        and before[:1].isupper()  # (not pro-Western Kyiv)
        and is_name_like(before.rpartition("-")[2])
        and not doc.opens_line(start)
    )


def _place_by_what_follows(doc: Doc, start: int, end: int, kind: str, state_names: tuple[str, ...]) -> bool:
    """A place, read on what follows the capital: a place noun, a name it begins, an address, a dateline, a route."""
    norm = doc.norm
    following = norm[end : end + 1]
    if following == " ":
        after = doc.word_after(end)[1]
        if after.lower().rstrip("'") in PLACE_NOUNS:
            return True  # Beijing summit, Moscow airport, London boroughs' budgets
        if kind == "capital" and after[:1].isupper() and after not in WEEKDAYS_MONTHS:
            return True  # Washington Post, Astana Declaration
        if end - start > 3 and norm[start:end].isupper():
            return True  # BEIJING (Reuters), BEIJING — Officials said
        if kind == "capital" and after in ("came", "was", "were", "is", "has", "had"):
            _, event = doc.word_after(end + 1 + len(after))
            if event == "been":
                _, event = doc.word_after(end + 7 + len(after))
            return event in PLACE_EVENTS  # Tripoli was shelled, Kyiv has been bombed
    elif following in (",", "(", ":"):
        return _place_in_address(doc, start, end, following, state_names)
    elif following == "-":
        if norm.startswith(("-based", "-born", "-area"), end):
            return True
        if norm[end + 1 : end + 2].isupper():  # the Jakarta-Bandung high-speed railway, the Moscow-Kazan flight
            return any(
                word.strip(",.;:").lower() in ROUTE_NOUNS for word in norm[end + 1 : end + 60].split(None, 4)[1:4]
            )
    elif following == "'":  # Beijing's cavernous Great Hall, Moscow's Red Square
        for word in norm[end : end + 40].split(None, 4)[1:4]:
            if word.strip(",.;:").lower() in PLACE_NOUNS:
                return True
    return False


def _place_in_address(doc: Doc, start: int, end: int, following: str, state_names: tuple[str, ...]) -> bool:
    """``Moscow, Idaho``, ``Washington, D.C.``, ``Kuala Lumpur, Malaysia``, ``BEIJING, Oct 11``: an address or a
    dateline (``following``, the character after the capital, is a comma, bracket or colon)."""
    norm = doc.norm
    if following == ",":
        if is_us_town(doc, end):
            return True  # Moscow, Idaho; Paris, Texas
        if norm.startswith((", D.C.", ", DC ", ", DC,", ", DC."), end):
            return True  # Washington, D.C.
        if state_names and norm.startswith(", ", end) and norm.startswith(state_names, end + 2):
            name = next(n for n in state_names if norm.startswith(n, end + 2))  # the longest: they come so
            following = norm[end + 2 + len(name) : end + 3 + len(name)]
            if not following.isalnum() and following != "'":
                return True  # Kuala Lumpur, Malaysia; BAKU, Azerbaijan (not "Moscow, Russia's ally")
    if end - start > 3 and norm[start:end].isupper():
        return True  # BEIJING, Oct 11
    if following == "," and doc.starts_sentence(start):
        after = doc.word_after(end)[1]
        if after[:1].isupper() or norm[end + 2 : end + 3].isdigit():
            return True  # Beijing, Oct 11:
    return False
