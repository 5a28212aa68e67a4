"""A language per corpus entry in forum.toml (geo/forums/articles.py), used by the build instead of detection."""

from pathlib import Path

import pytest

from geo.build import forum_documents
from geo.errors import ForumError
from geo.forums import load_forum
from geo.kinds.mentions import forum_mentions

# French with too few function words to be told from English: detected, it is read as English
FRENCH = "Poutine et Xi à Pékin, 16 mai 2024.\n"


def forum(tmp_path: Path, corpus: str) -> Path:
    (tmp_path / "fr").mkdir()
    (tmp_path / "fr" / "a.txt").write_text(FRENCH, encoding="utf-8")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "b.txt").write_text(FRENCH, encoding="utf-8")
    (tmp_path / "forum.toml").write_text(
        f'title = "Forum"\n{corpus}\n[[maps]]\nid = "m"\nkind = "mentions"\ntitle = "Mentions"\n', encoding="utf-8"
    )
    return tmp_path


@pytest.mark.parametrize(
    "corpus",
    [
        'corpus = [{ path = "fr", lang = "fr" }, "other"]',
        '[[corpus]]\npath = "fr"\nlang = "fr"\n[[corpus]]\npath = "other"\n',
    ],
    ids=["inline", "tables"],
)
def test_an_entry_s_language_is_read_instead_of_the_detected_one(tmp_path, corpus):
    loaded = load_forum(forum(tmp_path, corpus))
    assert [(path.parent.name, lang) for path, lang in zip(loaded.corpus, loaded.corpus_langs, strict=True)] == [
        ("fr", "fr"),
        ("other", "auto"),
    ]
    documents = forum_documents(loaded)
    assert [doc.lang for doc in documents] == ["fr", "auto"]
    counted = forum_mentions(documents[:1]).tally.counts
    assert dict(counted) == {"RUS": 1, "CHN": 1}  # Poutine and Xi as French names them; "à Pékin" is a place
    assert "RUS" not in forum_mentions(documents[1:]).tally.counts  # detected as English: Poutine is no name


@pytest.mark.parametrize(
    ("corpus", "message"),
    [
        ('corpus = [{ path = "fr", lang = "klingon" }]', "lang 'klingon' is not a language forum-map reads"),
        ('corpus = [{ path = "fr", language = "fr" }]', "unknown key 'language' (allowed: path, lang)"),
        ("corpus = [{ lang = 'fr' }]", "a corpus entry is a path or a table with 'path' and 'lang'"),
    ],
)
def test_a_bad_entry_is_a_problem_at_its_line(tmp_path, corpus, message):
    with pytest.raises(ForumError) as raised:
        load_forum(forum(tmp_path, corpus))
    problem = raised.value.problems[0]
    assert problem.line == 2 and message in problem.message
