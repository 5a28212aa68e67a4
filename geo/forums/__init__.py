"""A forum folder (forum.toml + CSV tables + articles) loaded into validated participation tables.

forum_toml reads forum.toml, tables reads and checks the CSV tables, leaders checks a leaders table against the
gazetteer, loading puts them together. Every name is importable from ``geo.forums``."""

from geo.forums.forum_toml import (  # noqa: F401
    ARTICLE_SUFFIXES,
    FORUM_KEYS,
    MAP_KEYS,
    PARTNER_LIST_KEYS,
    REPORTED_KEYS,
    REPORTED_TOPICS,
    REPORTED_UNITS,
    REQUIRED_FORUM_KEYS,
    Forum,
    MapSpec,
    PartnerList,
    Report,
    Reported,
    Source,
    corpus_files,
    discover,
    find_forum,
    inside,
    load_forum,
    map_problems,
    reported_problem,
    toml_lines,
)
from geo.forums.leaders import (  # noqa: F401
    KnownLeader,
    known_leaders,
    leader_problems,
    name_tokens,
    same_person,
)
from geo.forums.loading import (  # noqa: F401
    LoadedForum,
    data_counts,
    load_editions,
    load_forums,
    load_tables,
    map_data_problems,
    reported_counts,
)
from geo.forums.tables import (  # noqa: F401
    COUNTRY_NAME_KINDS,
    LEADER_TOTALS,
    ROW_CHECKS,
    TABLE_SCHEMAS,
    Column,
    DeclaredTotal,
    declared_totals,
    iso3_code,
    load_table,
    one_of,
    partner_row_problem,
    read_csv_rows,
    table_schema,
    total_problems,
    year,
)
