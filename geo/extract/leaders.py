"""Leaders (docs/mention-guidelines.md, rule 4): a leader's name counts for their country only within their term on the document's
date, and a bare surname only when the text leaves no doubt whom it names."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from geo.extract.matcher import Kept
from geo.extract.text import Doc, is_name_like
from geo.extract.vocabulary import MONTH_CUES, NOT_THE_LEADER, TITLES, WEEKDAYS_MONTHS
from geo.gazetteer import LeaderForm, LeaderTerm

_NEXT_CAPITALISED = re.compile(r" ([A-Z][\w'-]*)")
_MONTH_NEXT = re.compile(r",? \d")
UNSEEN = object()  # no candidates summarised yet for a form (``None`` is: no leader in office)


def _names_one_of(word: str, leaders: frozenset[str]) -> bool:
    """Whether ``word`` may be the next name of one of ``leaders`` (its first four letters are those of a word of the
    name): ``Prime Minister Ranil Wickremasinghe`` (Ranil Wickremesinghe), not ``Chairman Lee Brown``."""
    head = word[:4].lower()
    return any(part[:4].lower() == head for leader in leaders for part in leader.split())


def _names_alone(surface: str) -> bool:
    """Whether a leader's form names the person by itself: several words (``Xi Jinping``, ``Kassym-Jomart``), or no
    Latin letter (``习近平``, ``Путин``)."""
    return " " in surface or "-" in surface or not any(char.isalpha() and char <= "\u024f" for char in surface)


class Candidates:
    """The leaders a form can name on the document's date."""

    __slots__ = ("forms", "full", "iso3", "needs_anchor", "leaders", "settled")

    def __init__(self, forms: tuple[LeaderForm, ...]) -> None:
        countries = {form.iso3 for form in forms}
        self.forms = forms
        # names the person alone: every form of the key is a name of several words or in another script (习近平); a
        # surname in Latin letters is a surname, accents or not (Sánchez, Støre: "Officer Sánchez", "Apple Store")
        self.full = all(_names_alone(form.surface) for form in forms)
        self.iso3 = countries.pop() if len(countries) == 1 else None  # the one country they all lead, if any
        self.needs_anchor = any(form.needs_anchor for form in forms)
        self.leaders = frozenset(form.leader for form in forms)
        # with one country: whether one of them has been named (anchored only grows, so this stays true)
        self.settled = False


class LeaderContext:
    """Which leaders are in office on the document's date, and who has been named in full: one per scan.

    ``pairs`` are the matcher's (country, surface) pairs by code, to read the countries of the matches the scan
    kept (see :meth:`resolve`).
    """

    __slots__ = ("date", "anchored", "others", "local", "terms", "pairs", "countries", "_read", "by_entry")

    def __init__(
        self, terms: dict[str, list[LeaderTerm]], date: datetime.date | None, pairs: list[tuple[str | None, str]]
    ) -> None:
        self.date = date
        self.terms = terms
        self.pairs = pairs
        self.anchored: set[str] = set()
        self.others: set[str] = set()  # leaders whose surname another person named in full bears (John Albanese)
        self.local = False  # whether the text is local news (a US or Canadian local cue word, see geo.extract.scan)
        self.countries: set[str] = set()  # of the matches kept so far, read when needed (see likeliest)
        self._read = 0
        self.by_entry: dict[int, Candidates | None] = {}  # the candidates of each form, by its entry in the matcher

    def candidates(self, index: int, forms: tuple[LeaderForm, ...]) -> Candidates | None:
        """The forms of entry ``index`` whose leader is in office on the document's date, summarised once."""
        if index in self.by_entry:
            return self.by_entry[index]
        date = self.date
        current = tuple(f for f in forms if any(t.in_office(date) for t in self.terms.get(f.leader, ())))
        summary = Candidates(current) if current else None
        self.by_entry[index] = summary
        return summary

    def resolve(self, doc: Doc, start: int, end: int, found: Candidates, last_end: int, kept: list[Kept]) -> str | None:
        """The country of the leader named at ``start:end``, or None (docs/mention-guidelines.md, rule 4).

        ``found`` are the candidates of the form (see :meth:`candidates`); ``last_end`` is where the last mention
        of any kind ended; ``kept`` the matches the scan kept so far (the countries the text named), the same list
        growing from call to call. (Whether the form only goes on the name of the leader just named, the scan tells.)
        """
        norm = doc.norm
        before = ""
        if start > 2 and norm[start - 1] == " " and norm[start - 2].isalpha():
            space = norm.rfind(" ", start - 32 if start > 32 else 0, start - 1)
            # (a token of 31 characters or more, a web address say, is no title and no name)
            before = norm[space + 1 : start - 1] if space >= 0 or start <= 32 else ""
            if before in TITLES:
                if doc.word_before(start - len(before) - 1)[0] in NOT_THE_LEADER:
                    return None  # Vice President Kim, former Prime Minister Li
                if not found.full and norm[end + 1 : end + 2].isupper() and norm[end : end + 1] == " ":
                    following = _NEXT_CAPITALISED.match(norm, end)
                    if (
                        following
                        and following.group(1) not in WEEKDAYS_MONTHS
                        and not _names_one_of(following.group(1), found.leaders)
                        and not doc.opens_line(end + 1)
                    ):
                        return None  # a title and another person's name: Chairman Lee Brown
                return self.name(found, kept)
        if found.full:
            return self.name(found, kept)
        if start - 1 != last_end and before[:1].isupper() and is_name_like(before):
            self.others.update(found.leaders)
            return None  # another person of the same name: Melania Trump, Hunter Biden
        if norm[end + 1 : end + 2].isupper() and norm[end : end + 1] == " ":
            following = _NEXT_CAPITALISED.match(norm, end)
            if following and following.group(1) not in WEEKDAYS_MONTHS:
                return None  # Trump Tower, Boko Haram, Abbas Araghchi
        if (
            end - start == 3
            and norm[start:end] == "May"
            and (doc.word_before(start)[0].lower() in MONTH_CUES or _MONTH_NEXT.match(norm, end))
        ):
            return None  # the month
        if found.settled:
            return found.iso3
        if (
            self.local
            and self.others
            and not self.others.isdisjoint(found.leaders)
            and self.anchored.isdisjoint(found.leaders)
            and not self._named({form.iso3 for form in found.forms}, kept)
        ):
            return None  # in local news, the person of that name named before: John Albanese ... Albanese and Heller
        if self.anchored:
            if found.iso3 is not None:
                if not self.anchored.isdisjoint(found.leaders):
                    found.settled = True
                    return found.iso3
            else:
                named = [form for form in found.forms if form.leader in self.anchored]
                if named:
                    return named[-1].iso3
        if found.needs_anchor:
            return None
        if found.iso3 is None:
            named = self.likeliest(found.forms, kept)
            return named[0].iso3 if len({form.iso3 for form in named}) == 1 else None
        return found.iso3

    def name(self, found: Candidates, kept: list[Kept]) -> str | None:
        """A full name or a titled name: it names the person, who anchors later bare surnames."""
        if found.iso3 is not None:  # one country: whichever of them is meant, the answer is the same
            if not found.settled:
                if self.anchored.isdisjoint(found.leaders):
                    self.anchored.update(found.leaders)  # (else those named already are the ones meant)
                found.settled = True
            return found.iso3
        named = [form for form in found.forms if form.leader in self.anchored] or self.likeliest(found.forms, kept)
        iso3 = named[0].iso3
        if any(form.iso3 != iso3 for form in named):
            return None
        self.anchored.update(form.leader for form in named)
        return iso3

    def likeliest(self, forms: tuple[LeaderForm, ...], kept: list[Kept]) -> tuple[LeaderForm, ...]:
        """Of leaders of several countries with one name, those whose country the text already named."""
        self._named((), kept)
        named = tuple(form for form in forms if form.iso3 in self.countries)
        return named or forms

    def _named(self, iso3s: Iterable[str], kept: list[Kept]) -> bool:
        """Whether the text named one of ``iso3s`` before (``kept``: the matches the scan kept so far)."""
        if self._read < len(kept):
            pairs = self.pairs
            self.countries.update(
                pairs[match][0] if match.__class__ is int else match[3] for match in kept[self._read :]
            )
            self._read = len(kept)
        return not self.countries.isdisjoint(iso3s)
