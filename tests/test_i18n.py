"""Country mentions in Chinese, Russian, French, Spanish, Arabic, German and Portuguese (geo/extract/i18n.py)."""

import csv
import datetime
import json
from collections import Counter
from pathlib import Path

import pytest

from geo.extract import extract_mentions
from geo.extract.lang import detect
from geo.gazetteer import load

DEV = Path(__file__).parent / "fixtures" / "i18n_dev" / "dev.jsonl"


def found(text: str, lang: str, date: str | None = None) -> list[tuple[str, str]]:
    day = datetime.date.fromisoformat(date) if date else None
    return [(m.surface, m.iso3) for m in extract_mentions(text, lang=lang, date=day)]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("zh", "中俄两国元首会谈", [("中", "CHN"), ("俄", "RUS")]),
        ("zh", "促进发展中国家团结", []),
        ("zh", "印度洋航线", []),
        ("zh", "海尔马里亚姆说", []),
        ("zh", "法新社报道", []),
        ("zh", "访华期间", [("华", "CHN")]),
        ("zh", "中方和哈方", [("中方", "CHN"), ("哈方", "KAZ")]),
        ("zh", "在北京会谈", []),
        ("zh", "北京表示支持", [("北京", "CHN")]),
        ("zh", "在巴西利亚举行", []),
        ("zh", "价值十亿美元", []),
        ("zh", "中美洲国家", []),
        ("ru", "Путин прибыл в Пекин", [("Путин", "RUS")]),
        ("ru", "Пекин заявил", [("Пекин", "CHN")]),
        ("ru", "переговоры России и Китая", [("России", "RUS"), ("Китая", "CHN")]),
        ("ru", "200 миллиардов долларов США", []),
        ("ru", "на китайском языке", []),
        ("ru", "саммит БРИКС и ШОС", []),
        ("ru", "Токаевым и Си Цзиньпином", [("Токаевым", "KAZ"), ("Си Цзиньпином", "CHN")]),
        # a full name declines as a whole: the given name with the surname
        ("ru", "встреча с Владимиром Путиным", [("Владимиром Путиным", "RUS")]),
        (
            "ru",
            "с Касым-Жомартом Токаевым и Нарендрой Моди",
            [("Касым-Жомартом Токаевым", "KAZ"), ("Нарендрой Моди", "IND")],
        ),
        (
            "ru",
            "с Александром Вучичем и Реджепом Тайипом Эрдоганом",
            [("Александром Вучичем", "SRB"), ("Реджепом Тайипом Эрдоганом", "TUR")],
        ),
        ("fr", "à Pékin", []),
        ("fr", "Pékin et Moscou prônent", [("Pékin", "CHN"), ("Moscou", "RUS")]),
        ("fr", "traduit en chinois", []),
        ("fr", "les dirigeants chinoise et l'UE", [("chinoise", "CHN")]),
        ("es", "en Pekín", []),
        ("es", "Pekín insiste", [("Pekín", "CHN")]),
        ("es", "dólares estadounidenses", []),
        (
            "es",
            "disponible en español; el gobierno español y el presidente colombiano",
            [("español", "ESP"), ("colombiano", "COL")],
        ),
        ("pt", "versão em português; o governo português", [("português", "PRT")]),
        ("fr", "la présidente sud-coréenne et l'armée libyenne", [("sud-coréenne", "KOR"), ("libyenne", "LBY")]),
        ("ru", "Китайская сторона заявила. Испанское правительство", [("Китайская", "CHN"), ("Испанское", "ESP")]),
        ("ru", "в Японском море и Индийским океаном", []),
        ("es", "el presidente ruso y Kazajistán", [("ruso", "RUS"), ("Kazajistán", "KAZ")]),
        ("pt", "em Pequim", []),
        ("pt", "Eles irão discutir", []),
        ("pt", "Irão discutir o acordo", []),
        ("pt", "o Irão e os EUA", [("Irão", "IRN"), ("EUA", "USA")]),
        ("de", "PEKING (dpa) - Chinas Präsident", [("Chinas", "CHN")]),
        ("de", "zwischen Moskau und Neu-Delhi", [("Moskau", "RUS"), ("Neu-Delhi", "IND")]),
        ("de", "russischen Truppen", [("russischen", "RUS")]),
        # the Latin-script languages share their leaders' spellings (this one is French and Portuguese news's)
        ("pt", "Massoud Pezeshkian disse", [("Massoud Pezeshkian", "IRN")]),
        ("es", "el presidente Ilham Aliev", [("Ilham Aliev", "AZE")]),
        ("ar", "والصين وروسيا", [("والصين", "CHN"), ("وروسيا", "RUS")]),
        # an event or agreement named by its city is the place; the state's own voice still counts
        ("fr", "Le sommet de Pékin s'ouvre; la position de Pékin", [("Pékin", "CHN")]),
        ("fr", "l'accord de Paris", []),
        ("es", "antes de la reunión de Beijing", []),
        ("pt", "a cimeira de Pequim e a posição de Pequim", [("Pequim", "CHN")]),
        ("de", "der Peking-Besuch des Kanzlers", []),
        ("zh", "北京峰会期间", []),
        ("zh", "克里姆林宮周日表示，白宮發言人說", [("克里姆林宮", "RUS"), ("白宮", "USA")]),
        ("ar", "قمة الرياض", []),
        # a dateline with a colon; Arabic ب attached to a capital: in Riyadh
        ("fr", "NEW DELHI: Le Premier ministre est arrivé.", []),
        # a dateline opens any line, below a headline or in a file of several articles
        (
            "fr",
            "Poutine à Pékin\n\nPEKIN (Reuters) - Le président russe est arrivé.",
            [("Poutine", "RUS"), ("russe", "RUS")],
        ),
        ("ru", "Визит в Китай\nПЕКИН, 3 июля. Путин прибыл.", [("Китай", "CHN"), ("Путин", "RUS")]),
        ("ar", "حل مساء أمس بالرياض", []),
        ("ar", "قالت الرياض", [("الرياض", "SAU")]),
        ("ar", "الرئيس الصيني شي جين بينغ", [("الصيني", "CHN"), ("شي جين بينغ", "CHN")]),
        ("ar", "في بكين", []),
        ("ar", "باللغة الصينية", []),
    ],
)
def test_rules_per_language(lang, text, expected):
    assert found(text, lang) == expected


def test_leaders_follow_the_document_date():
    assert found("Байден заявил", "ru", "2023-10-18") == [("Байден", "USA")]
    assert found("Байден заявил", "ru", "2025-10-18") == []


def test_de_la_in_are_never_codes():
    assert found("la reunión de la OCS in situ de los países", "es") == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("中俄两国元首在北京会谈。", "zh"),
        ("Путин прибыл в Пекин.", "ru"),
        ("الرئيس الصيني في بكين", "ar"),
        ("Le président russe a remercié son homologue chinois pour son invitation.", "fr"),
        ("El presidente ruso llegó a Pekín para el foro de la Franja y la Ruta.", "es"),
        ("Der russische Präsident ist in Peking eingetroffen, um mit dem Gastgeber zu sprechen.", "de"),
        ("O presidente russo chegou a Pequim para o fórum, que não tem precedentes.", "pt"),
        ("The summit opened in Beijing with the leaders of China and Russia.", "en"),
    ],
)
def test_language_detection(text, lang):
    assert detect(text) == lang


@pytest.mark.parametrize(
    "text",
    [
        "Le sommet s'ouvre: les dirigeants, selon l'AFP (et les « autres »), sont à Pékin — pour le forum.",
        "O presidente NÃO tem; são também os da… “pelo” fórum, e-os 2os do_s",
        "Der² die³ das½ und×den dem÷ist MIT-von; ein/eine auf?nicht sich\u2028wurde\xa0der",
        "The  leaders’ talks, “the” U.S. and the E.U.: THE end... of 2023's the",
        "Путин и the leaders of the world and the summit",  # letters beyond Latin-1: read as text
    ],
)
def test_the_function_word_vote_reads_the_words_of_its_pattern(text):
    """The vote's two ways of reading a sample count what the word pattern finds in it, marks, digits, blanks and
    capitals included (the faster way is taken for text with no letter beyond Latin-1)."""
    from geo.extract import lang

    expected = dict.fromkeys(lang._FUNCTION_WORDS, 0)
    for word in lang._WORD.findall(text.lower()):
        if word in lang._VOTES:
            expected[lang._VOTES[word]] += 1
    assert sum(expected.values()) >= 5
    assert lang._votes(text.lower()) == expected
    automaton = lang._vote_automaton()
    if automaton is not None and not lang._has_other_letters(text):
        assert lang._latin1_votes(text, automaton) == expected


def test_auto_reads_each_language():
    assert [m.iso3 for m in extract_mentions("Путин и Си Цзиньпином", lang="auto")] == ["RUS", "CHN"]


@pytest.mark.parametrize("name", ["Казахстан", "哈萨克斯坦", "Kazajistán", "Kasachstan", "كازاخستان"])
def test_resolve_in_every_language(name):
    assert load().resolve(name).iso3 == "KAZ"


def _f1(gold: Counter, got: Counter) -> float:
    hits = sum((gold & got).values())
    if not gold and not got:
        return 1.0
    return 2 * hits / (sum(gold.values()) + sum(got.values()))


def dev_scores() -> dict[str, tuple[float, float]]:
    """Pair F1 (document, country) and mention F1 (document, surface, country) per language on the dev set."""
    pairs: dict[str, tuple[Counter, Counter]] = {}
    mentions: dict[str, tuple[Counter, Counter]] = {}
    for number, line in enumerate(DEV.read_text(encoding="utf-8").splitlines()):
        item = json.loads(line)
        got = found(item["text"], "auto", item["date"])
        gold = [tuple(pair) for pair in item["gold"]]
        p, m = (
            pairs.setdefault(item["lang"], (Counter(), Counter())),
            mentions.setdefault(item["lang"], (Counter(), Counter())),
        )
        p[0].update({(number, iso3) for _, iso3 in gold})
        p[1].update({(number, iso3) for _, iso3 in got})
        m[0].update((number, *pair) for pair in gold)
        m[1].update((number, *pair) for pair in got)
    return {lang: (_f1(*pairs[lang]), _f1(*mentions[lang])) for lang in pairs}


def test_dev_set_scores():
    scores = dev_scores()
    for lang, (pair, mention) in scores.items():
        assert pair >= 0.9, (lang, pair, mention)
        assert mention >= 0.85, (lang, pair, mention)


def test_a_forum_of_chinese_and_russian_articles_colours_the_countries_they_name(tmp_path):
    from geo.build import build

    folder = Path(__file__).parent / "fixtures" / "forums_i18n" / "sco-zh-ru"
    build(tmp_path, [str(folder)])
    with (tmp_path / "sco-zh-ru" / "mentions.csv").open(encoding="utf-8", newline="") as handle:
        counted = {row["iso3"]: row for row in csv.DictReader(handle)}
    named = {iso3 for iso3, row in counted.items() if row[list(row)[2]] not in ("", "0")}
    assert {"CHN", "RUS", "UZB", "IND"} <= named
    assert "USA" not in named
    page = next((tmp_path / "sco-zh-ru").glob("mentions*.html")).read_text(encoding="utf-8")
    assert "Uzbekistan" in page


MIXED = (
    "Kazakhstan's President Tokayev welcomed the leaders to Astana on 3 July 2024.\n\n"
    "Путин прибыл в Астану. Россия и Китай подписали соглашение о сотрудничестве.\n\n"
    "The summit closed with a declaration."
)


def test_a_text_of_an_english_and_a_russian_paragraph_reads_each_in_its_language():
    from geo.extract import forms_by_country
    from geo.extract.lang import segments

    english, russian, closing = MIXED.split("\n\n")
    assert [(MIXED[start:end].strip(), lang) for start, end, lang in segments(MIXED)] == [
        (english, "en"),
        (russian, "ru"),
        (closing, "en"),
    ]
    found = [(m.surface, m.iso3) for m in extract_mentions(MIXED, lang="auto")]
    assert found == [("Kazakhstan", "KAZ"), ("Tokayev", "KAZ"), ("Путин", "RUS"), ("Россия", "RUS"), ("Китай", "CHN")]
    for lang in ("en", "ru"):  # one language for the whole text misses some
        assert [(m.surface, m.iso3) for m in extract_mentions(MIXED, lang=lang)] != found
    assert all(MIXED[m.start : m.end] == m.surface for m in extract_mentions(MIXED, lang="auto"))
    assert forms_by_country(MIXED, lang="auto") == {
        "KAZ": Counter({"Kazakhstan": 1, "Tokayev": 1}),
        "RUS": Counter({"Путин": 1, "Россия": 1}),
        "CHN": Counter({"Китай": 1}),
    }
    # the paragraphs before ``context`` are read, not counted
    assert set(forms_by_country(MIXED, lang="auto", context=len(english) + 2)) == {"RUS", "CHN"}


@pytest.mark.parametrize(
    "text",
    [
        "Putin met Xi in Beijing.\n\nThe slogan 一带一路 means Belt and Road; мир means peace.",
        "Путин прибыл в Пекин.\n\nСи Цзиньпин (Xi Jinping) встретил его.",
        "中俄两国元首会谈。\n\n新华社 Xinhua 报道。",
    ],
)
def test_a_text_in_one_script_keeps_the_document_s_language(text):
    from geo.extract.lang import segments

    assert segments(text) == [(0, len(text), detect(text))]
    assert extract_mentions(text, lang="auto") == extract_mentions(text, lang=detect(text))


def _dev_texts() -> list[tuple[str, str]]:
    path = Path(__file__).parent / "fixtures" / "i18n_dev" / "dev.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(row["lang"], row["text"]) for row in rows]


@pytest.mark.parametrize(("lang", "text"), _dev_texts())
def test_counting_a_text_gives_the_mentions_of_every_language(lang, text):
    # `forum-map extract` counts with forms_by_country; a page's evidence lists extract_mentions: they must agree
    from geo.extract import forms_by_country

    # (counting has a loop of its own in the languages with spaces: the forms as written must agree too)
    for asked in (lang, "auto"):
        counted = {
            (iso3, surface): n
            for iso3, forms in forms_by_country(text, lang=asked).items()
            for surface, n in forms.items()
        }
        assert counted == Counter((m.iso3, m.surface) for m in extract_mentions(text, lang=asked)), asked
