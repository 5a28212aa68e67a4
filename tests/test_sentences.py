"""Sentence ends: the sentence around a mention, read once per text, is the sentence its windows alone give."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

import geo.sentences
from geo.corpus import Document
from geo.evidence import Snippets, sentence_around
from geo.sentences import Sentences

END = re.compile(r"[.!?][\"'”’)\]]*\s+|\n\s*\n")


def bounds_of_windows(text, start, end, reach):
    """The definition: the last end in the ``reach`` characters before the mention, the first in those after."""
    head = 0
    for found in END.finditer(text, max(0, start - reach), start):
        head = found.end()
    found = END.search(text, end, end + reach)
    return head, found.start() + len(found.group().rstrip()) if found else min(len(text), end + reach)


PIECES = ["Kenya", "word", " ", "  ", "\n", "\n\n", "\n \n", ". ", ".", "!?", "”", ")", "\t", "…", "é"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=80), st.integers(1, 40), st.data())
def test_the_sentence_around_a_mention_is_the_one_its_windows_give(pieces, reach, data):
    text = "".join(pieces)
    sentences = Sentences(text)
    for _ in range(5):
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, min(len(text), start + 6)))
        assert sentences.bounds(start, end, reach) == bounds_of_windows(text, start, end, reach)


def test_a_long_stretch_without_a_sentence_end_is_cut_to_the_window():
    text = "word " * 5000 + "Kenya signed"
    snippet = sentence_around(text, text.index("Kenya"), text.index("Kenya") + 5, "a.txt")
    assert snippet.before == "…" + ("word " * 40)[-160:].lstrip()
    assert snippet.after == " signed"


class Counting:
    """A pattern that counts the searches started on it."""

    def __init__(self, pattern):
        self.pattern, self.searches = pattern, 0

    def finditer(self, *args):
        self.searches += 1
        return self.pattern.finditer(*args)

    def search(self, *args):
        self.searches += 1
        return self.pattern.search(*args)


def test_the_evidence_of_a_long_article_reads_its_sentence_ends_once(monkeypatch):
    """Every mention of Kenya gives the same sentence, so each asks for evidence again: one pass over the text, not
    one search per mention (a search per mention made a 100 MB article take minutes)."""
    from geo.kinds.mentions import forum_mentions

    counting = Counting(geo.sentences._END)
    monkeypatch.setattr(geo.sentences, "_END", counting)
    text = "Kenya signed a deal. " * 3000
    found = forum_mentions([Document("a.txt", text)])
    assert dict(found.tally.counts) == {"KEN": 3000}
    assert [(s.before, s.match, s.after) for s in found.evidence["KEN"]] == [("", "Kenya", " signed a deal.")]
    assert counting.searches == 1


def test_snippets_of_one_text_read_its_ends_once_for_many_mentions(monkeypatch):
    counting = Counting(geo.sentences._END)
    monkeypatch.setattr(geo.sentences, "_END", counting)
    text = "Rain fell. Kenya signed a deal. " * 500
    snippets = Snippets(text, "a.txt")
    found = {snippets.around(m.start(), m.end()) for m in re.finditer("Kenya", text)}
    assert [(s.before, s.after) for s in found] == [("", " signed a deal.")]
    assert counting.searches == 1
