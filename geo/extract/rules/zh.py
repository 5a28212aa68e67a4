"""Chinese context rules (docs/mention-guidelines.md, "Chinese"): no spaces, so forms need no word boundary, and
what decides is the characters around a form.

- Phrases that hold a country's name without naming it (发展中国家, 印度洋, 海尔马里亚姆, 法新社) are shields in
  ``data/gazetteer/forms_i18n.csv``: the longest match wins, so the name inside does not count.
- The one-character forms (中, 俄, 美, 哈, 华, ...) count only in the compounds made from :data:`ONE_CHAR` by
  :data:`PAIR` (中俄, 中美, 中哈: each character one mention) and in :data:`PATTERNS` (访华, 来华).
- A capital is a place after 在/于/赴/抵达 and before 市/时间; else it stands for the state (北京表示).
"""

from geo.extract.rules.common import LanguageRules

# one-character forms; a character that stands for two states in news (巴: Brazil, Pakistan; 乌: Ukraine,
# Uzbekistan; 土: Turkey, but also "earth") is left out
ONE_CHAR = {
    "中": "CHN",
    "俄": "RUS",
    "美": "USA",
    "哈": "KAZ",
    "印": "IND",
    "日": "JPN",
    "韩": "KOR",
    "朝": "PRK",
    "蒙": "MNG",
    "越": "VNM",
    "吉": "KGZ",
    "塔": "TJK",
    "英": "GBR",
    "法": "FRA",
    "德": "DEU",
}
# two one-character forms side by side name two states (中俄关系, 中美): every ordered pair counts, with the
# first character being 中 or 俄 or 美 (the pairs news writes; 日韩, 英法 are rarer and could be words: 法德?)
PAIR_FIRSTS = ("中", "俄", "美")
# a verb or preposition with 华 (China) or another one-character form: 访华 (visit China), 来华, 对华, 驻华
PATTERNS = {
    "中印尼": "CHN IDN",
    "访华": " CHN",
    "来华": " CHN",
    "对华": " CHN",
    "驻华": " CHN",
    "访俄": " RUS",
    "访美": " USA",
    "对美": " USA",
}


def compounds() -> dict[str, tuple[str, str]]:
    """Every compound key and the states of its first character and of the rest ("" where it names none)."""
    found: dict[str, tuple[str, ...]] = {}
    for first in PAIR_FIRSTS:
        for second, iso3 in ONE_CHAR.items():
            if second != first:
                found[first + second] = (ONE_CHAR[first], iso3)
    for pattern, iso3 in PATTERNS.items():
        first, _, rest = iso3.partition(" ")
        found[pattern] = (first, rest)
    return found


RULES = LanguageRules(
    place_nouns=frozenset(("首都",)),
    place_before=frozenset(["在", "于", "赴", "抵达", "到达", "前往", "飞抵", "来到"]),
    place_after=("市", "时间", "大学", "冬奥", "奥运", "举行", "召开", "开幕", "峰会", "峰會", "宣言"),
    currency_before=(),
    language_after=("语", "文"),
)
