"""Numeric claims in news text: each number with what it counts, its qualifier, its topic and its sentence."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.claims import extract_claims, number_value, panel_lines, participation_claims, sentences

# Sentences of the seed article (data/forums/brf2023/articles), copied so the test stands alone.
SEED = (
    "Chinese leader Xi Jinping told Russian President Vladimir Putin on Wednesday that “political mutual trust” "
    "between their countries was “continuously deepening”, Beijing’s state media reported.\n"
    "He also called for joint efforts by China and Russia to “safeguard international fairness” and “justice”, "
    "state news agency Xinhua said, hailing the “close and effective strategic coordination” between their two "
    "countries.\n"
    "“Bilateral trade volume has reached a historical high, which is progressing toward the goal of 200 billion US "
    "dollars set by the two sides,” Xi added.\n"
    "The Chinese leader also noted that he had met with Putin “42 times in the past 10 years and (had) developed a "
    "good working relationship and a deep friendship”.\n"
    "Beijing this week hosts representatives of 130 countries for a forum on the Belt and Road Initiative, Xi’s vast "
    "trade and infrastructure project.\n"
    "China is Russia’s largest trading partner, with exchange between the nations reaching a record $190 billion "
    "last year, Beijing customs data shows.\n"
    "Meanwhile, Xi is set to outline his views on the past and future of the Belt and Road Initiative, as Beijing "
    "hosts world dignitaries on Tuesday and Wednesday at a forum marking the 10th anniversary of its signature "
    "foreign policy strategy.\n"
    "China’s State Council recently said that about 150 countries and 30 international organizations had signed BRI "
    "cooperation agreements by June this year, with construction contracts reaching $2 trillion.\n"
    "Putin spoke after Xi, who welcomed two dozen world leaders and more than a hundred delegations to an event "
    "marking the 10th anniversary of the Belt and Road Initiative – an ambitious yet controversial undertaking.\n"
    "Hosting leaders in Beijing – China’s first major international event since the end of the Covid-19 pandemic – "
    "is a key part of his push to pitch that vision.\n"
    "World leaders, representatives and delegations from more than 140 countries – including in the Middle East and "
    "the Taliban – are attending the gathering marking one decade since the launch of Xi’s flagship Belt and Road "
    "Initiative."
)

# (text, value, unit, qualifier, topic, start of its sentence)
SEED_CLAIMS = [
    ("200 billion US dollars", 200e9, "money", "", "", "“Bilateral trade volume"),
    ("42 times", 42, "times", "", "", "The Chinese leader also noted"),
    ("10 years", 10, "duration", "", "", "The Chinese leader also noted"),
    ("representatives of 130 countries", 130, "countries", "", "attendance", "Beijing this week hosts"),
    ("a record $190 billion", 190e9, "money", "a record", "", "China is Russia’s largest"),
    ("about 150 countries", 150, "countries", "about", "signatories", "China’s State Council"),
    ("30 international organizations", 30, "organizations", "about", "signatories", "China’s State Council"),
    ("$2 trillion", 2e12, "money", "", "", "China’s State Council"),
    ("two dozen world leaders", 24, "leaders", "", "leaders", "Putin spoke after Xi"),
    ("more than a hundred delegations", 100, "delegations", "more than", "attendance", "Putin spoke after Xi"),
    ("delegations from more than 140 countries", 140, "countries", "more than", "attendance", "World leaders,"),
    ("one decade", 1, "duration", "", "", "World leaders,"),
]


def test_seed_article_claims_each_with_its_sentence():
    found = extract_claims(SEED, document="seed.txt")
    assert [(c.text, c.value, c.unit, c.qualifier, c.topic) for c in found] == [row[:5] for row in SEED_CLAIMS]
    for claim, (*_, sentence_start) in zip(found, SEED_CLAIMS, strict=True):
        assert claim.sentence.startswith(sentence_start)
        assert claim.text in " ".join(claim.sentence.split())
        assert " ".join(SEED[claim.start : claim.end].split()) == claim.text
        assert claim.document == "seed.txt"


def test_participation_claims_of_the_seed():
    found = participation_claims([("seed.txt", SEED)])
    assert [(c.value, c.unit) for c in found] == [
        (130, "countries"),
        (150, "countries"),
        (30, "organizations"),
        (24, "leaders"),
        (100, "delegations"),
        (140, "countries"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # (text, value, unit, qualifier, topic) of every claim in the sentence
        (
            "Leaders from 37 countries attended the second forum.",
            [("Leaders from 37 countries", 37, "countries", "", "leaders")],
        ),
        (
            "Mahathir joined 36 other world leaders in Beijing.",
            [("36 other world leaders", 36, "leaders", "", "leaders")],
        ),
        (
            "Wang Yi said more than 10,000 representatives from 151 countries and 41 international organizations took part.",
            [
                ("more than 10,000 representatives", 10000, "representatives", "more than", "attendance"),
                ("representatives from 151 countries", 151, "countries", "", "attendance"),
                ("41 international organizations", 41, "organizations", "", "attendance"),
            ],
        ),
        (
            "The spokesman said 29 foreign heads of state and government would attend.",
            [("29 foreign heads of state and government", 29, "leaders", "", "leaders")],
        ),
        ("Over 130 countries will send delegations.", [("Over 130 countries", 130, "countries", "over", "attendance")]),
        ("Some 1,500 delegates came.", [("Some 1,500 delegates", 1500, "representatives", "some", "attendance")]),
        (
            "Nearly 5,000 foreign guests arrived.",
            [("Nearly 5,000 foreign guests", 5000, "representatives", "nearly", "attendance")],
        ),
        (
            "The BRI now has 150+ partner countries.",
            [("150+ partner countries", 150, "countries", "more than", "signatories")],
        ),
        ("It drew 130-plus nations.", [("130-plus nations", 130, "countries", "more than", "participation")]),
        (
            "China had signed more than 200 cooperation documents with over 150 countries by June.",
            [
                ("more than 200 cooperation documents", 200, "agreements", "more than", ""),
                ("over 150 countries", 150, "countries", "over", "signatories"),
            ],
        ),
        (
            "Representatives of about 140 countries and over 30 international organisations attended the opening.",
            [
                ("Representatives of about 140 countries", 140, "countries", "about", "attendance"),
                ("over 30 international organisations", 30, "organizations", "over", "attendance"),
            ],
        ),
        ("Twenty-nine leaders sat at the roundtable.", [("Twenty-nine leaders", 29, "leaders", "", "leaders")]),
        ("A dozen heads of state came.", [("A dozen heads of state", 12, "leaders", "", "leaders")]),
        (
            "Trade grew 5.2 percent, or 5%, to US$ 1.5 billion.",
            [
                ("5.2 percent", 5.2, "percent", "", ""),
                ("5%", 5, "percent", "", ""),
                ("US$ 1.5 billion", 1.5e9, "money", "", ""),
            ],
        ),
        ("Projects worth 1 trillion yuan were signed.", [("1 trillion yuan", 1e12, "money", "", "")]),
        ("The forum was held in 2017, 2019 and 2023.", []),
        ("It was a 130-nation gathering.", [("130-nation", 130, "countries", "", "attendance")]),
        (
            "Li Qiang told 1,000 business leaders in Beijing.",
            [("1,000 business leaders", 1000, "representatives", "", "attendance")],
        ),
        (
            "China pledged RMB 80 billion and USD 10 billion.",
            [("RMB 80 billion", 80e9, "money", "", ""), ("USD 10 billion", 10e9, "money", "", "")],
        ),
        ("20-odd leaders came.", [("20-odd leaders", 20, "leaders", "about", "leaders")]),
        (
            "Heads of state or government from 28 countries attended.",
            [("Heads of state or government from 28 countries", 28, "countries", "", "leaders")],
        ),
        (
            "Attendees from 151 countries and regions gathered.",
            [("Attendees from 151 countries and regions", 151, "countries", "", "attendance")],
        ),
        (
            "Some 140 nations have joined the initiative.",
            [("Some 140 nations", 140, "countries", "some", "signatories")],
        ),
    ],
)
def test_other_phrasings(text, expected):
    assert [(c.text, c.value, c.unit, c.qualifier, c.topic) for c in extract_claims(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "The two leaders met in Beijing.",
        "Relations between their two countries are deepening.",
        "It marked the 10th anniversary of the initiative.",
        "The end of the Covid-19 pandemic changed travel.",
        "In 2013 Xi launched the initiative; on 18 October 2023 he spoke.",
        "Guests have been arriving one after another.",
        "Three quarters of all countries are involved.",
        "No one country can do it alone.",
    ],
)
def test_numbers_that_count_nothing_are_not_claims(text):
    assert [c for c in extract_claims(text) if c.about_participation] == []


def test_sentences_respect_abbreviations_and_lines():
    text = "Mr. Xi met the U.S. envoy on Monday. Then 130 countries came!\nA new paragraph without a stop"
    assert [text[a:b] for a, b in sentences(text)] == [
        "Mr. Xi met the U.S. envoy on Monday.",
        "Then 130 countries came!",
        "A new paragraph without a stop",
    ]


def test_claim_is_tied_to_its_own_sentence():
    text = "The U.S. sent no delegation. About 140 countries attended. Trade hit $190 billion."
    (claim,) = participation_claims([("a", text)])
    assert claim.sentence == "About 140 countries attended."


@pytest.mark.parametrize(
    ("written", "value"),
    [("1,500", 1500), ("2.5", 2.5), ("two dozen", 24), ("half a dozen", 6), ("a hundred", 100), ("ninety-nine", 99)],
)
def test_number_value(written, value):
    assert number_value(written) == value


def test_panel_lines_set_coverage_beside_data():
    found = participation_claims([("seed.txt", SEED)])
    data = {
        "signatories": "150 (GFDC, Dec 2023) + 5 later or disputed",
        "leaders": "23 leaders + host + 3 leaders' representatives",
        "attendance": "leaders or representatives of 27 countries (host included)",
        "organizations": "none: international organisations are not mapped",
    }
    lines = panel_lines(found, data)
    assert "coverage: about 150 countries (signatories) · data: 150 (GFDC, Dec 2023) + 5 later or disputed" in lines
    assert "coverage: two dozen world leaders (leaders) · data: 23 leaders + host + 3 leaders' representatives" in lines
    assert len(lines) == 6
    assert panel_lines(found, {})[0] == "coverage: representatives of 130 countries (at the forum)"
    reported = {("attendance", "countries"): "151 countries (Wang Yi)"}
    assert panel_lines(found, {}, reported)[0] == (
        "coverage: representatives of 130 countries (at the forum) · official: 151 countries (Wang Yi)"
    )


FRAGMENTS = [
    "about 150 countries",
    " and ",
    "30 international organizations",
    "representatives of 130 countries",
    "two dozen world leaders",
    "$190 billion",
    "Mr. Xi",
    "the U.S.",
    ". ",
    "\n",
    "Covid-19",
    "in 2023",
    "42 times",
    "more than",
    " ",
    "1,500 delegates",
    "the two leaders",
    "“",
    "”",
]


@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=8), max_size=25).map("".join))
def test_every_claim_slices_back_to_its_text_and_sentence(text):
    for claim in extract_claims(text):
        assert " ".join(text[claim.start : claim.end].split()) == claim.text
        assert text[claim.start : claim.end] in claim.sentence
        assert claim.value >= 0
