"""Search: one interface, an engine per database.

`search()` and `suggest()` are all views need. The rules (which words count, exact names first,
"Did you mean" from the site's own words, paging) live here once; an engine only answers a few
small questions in its own SQL: how many profiles match, which rank highest, which vocabulary
words look like a misspelling, which names start with what was typed.

A query is a list of groups, one per word the visitor typed; a group holds the word and, if it
looks misspelt, its correction, and matches a profile containing any of them. Groups must all
match; if that finds nothing, any group may.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection
from django.db.models import Q
from django.db.models.functions import Length

from profiles.models import JobProfile
from search import synonyms, text
from search.models import Name, Term

RESULTS_PER_PAGE = 10
MAX_SUGGESTIONS = 5
MIN_SUGGESTION_LENGTH = 2
# A word this long that matches nothing may be the start of one: "pharm", "plumb".
MIN_COMPLETION_LENGTH, MAX_COMPLETIONS = 4, 3
# At most so many profiles come first for a name holding every word typed.
NAME_MATCHES = 10


# How much a word counts in each field of a profile's document, the title's as 1: the one
# place both engines' ranking weights come from.
FIELD_WEIGHTS = {"title": 1.0, "alternative_titles": 0.4, "summary": 0.1, "body": 0.02}


class Engine:
    """The questions every engine answers. Words reaching here are already `text.words`."""

    def count(self, groups, match_all, exclude):
        """How many profiles match, leaving out `exclude`."""
        raise NotImplementedError

    def ranked_ids(self, groups, match_all, exclude, limit, offset):
        """Ids of matching profiles, best first, leaving out `exclude`."""
        raise NotImplementedError

    def ranked_ids_and_count(self, groups, match_all, exclude, limit, offset):
        """`ranked_ids()` and `count()` together; engines that can do both in one pass do."""
        return (
            self.ranked_ids(groups, match_all, exclude, limit, offset),
            self.count(groups, match_all, exclude),
        )

    def matches_word(self, word):
        """Whether any published profile holds this word or another form of it."""
        raise NotImplementedError

    def similar_words(self, word, limit):
        """Vocabulary words sharing the most trigrams with this one.

        As (word, profiles using it, profiles naming it) triples.
        """
        raise NotImplementedError

    def names_starting(self, prefixes, limit):
        """(profile id, name, is title, is hidden) for names with a word starting with each
        prefix."""
        raise NotImplementedError

    def tidy(self):
        """Make the index quick to read after many writes (a rebuild, a bulk import)."""


def _cursor_rows(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _placeholders(values):
    return ", ".join(["%s"] * len(values))


class SQLiteEngine(Engine):
    """FTS5: bm25 over weighted columns, Porter stemming, a trigram table for the vocabulary."""

    # bm25's column weights, in the FTS table's column order (title, alternative titles,
    # summary, body), scaled so the smallest is 1.
    RANK = "bm25(search_document_fts, {})".format(
        ", ".join(f"{w / FIELD_WEIGHTS['body']:.1f}" for w in FIELD_WEIGHTS.values())
    )

    @staticmethod
    def _phrase(word):
        # Quoted, so a word is only ever a word to FTS5, never an operator or a column name.
        return '"' + word.replace('"', '""') + '"'

    def _match(self, groups, match_all):
        joiner = " AND " if match_all else " OR "
        return joiner.join(
            "(" + " OR ".join(self._phrase(word) for word in group) + ")" for group in groups
        )

    @staticmethod
    def _not_in(exclude):
        if not exclude:
            return ""
        return f"AND search_document_fts.rowid NOT IN ({_placeholders(exclude)})"

    def count(self, groups, match_all, exclude):
        exclude = list(exclude)
        sql = (
            "SELECT count(*) FROM search_document_fts WHERE search_document_fts MATCH %s "
            + self._not_in(exclude)
        )
        return _cursor_rows(sql, [self._match(groups, match_all), *exclude])[0][0]

    def ranked_ids(self, groups, match_all, exclude, limit, offset):
        exclude = list(exclude)
        not_in = self._not_in(exclude)
        # Ties go by id, not title: fetching every match's title to sort on trebled the time.
        sql = (
            "SELECT search_document_fts.rowid FROM search_document_fts "
            f"WHERE search_document_fts MATCH %s {not_in} "
            f"ORDER BY {self.RANK}, search_document_fts.rowid LIMIT %s OFFSET %s"
        )
        params = [self._match(groups, match_all), *exclude, limit, offset]
        return [row[0] for row in _cursor_rows(sql, params)]

    def matches_word(self, word):
        sql = "SELECT 1 FROM search_document_fts WHERE search_document_fts MATCH %s LIMIT 1"
        return bool(_cursor_rows(sql, [self._phrase(word)]))

    def similar_words(self, word, limit):
        padded = f" {word} "
        grams = sorted({padded[i : i + 3] for i in range(len(padded) - 2)})
        sql = (
            "SELECT search_term.word, search_term.documents, search_term.in_names "
            "FROM search_term_trigrams "
            "JOIN search_term ON search_term.id = search_term_trigrams.rowid "
            "WHERE search_term_trigrams MATCH %s ORDER BY rank LIMIT %s"
        )
        return _cursor_rows(sql, [" OR ".join(self._phrase(gram) for gram in grams), limit])

    def names_starting(self, prefixes, limit):
        sql = (
            "SELECT search_name.document_id, search_name.text, search_name.is_title, "
            "search_name.is_hidden "
            "FROM search_name_fts JOIN search_name ON search_name.id = search_name_fts.rowid "
            "WHERE search_name_fts MATCH %s "
            "ORDER BY search_name.normalised LIKE %s ESCAPE '\\' DESC, search_name.is_title DESC, "
            "length(search_name.text), search_name.text LIMIT %s"
        )
        match = " AND ".join(self._phrase(prefix) + "*" for prefix in prefixes)
        return _cursor_rows(sql, [match, _like_prefix(prefixes), limit])

    def tidy(self):
        with connection.cursor() as cursor:
            for table in ("search_document_fts", "search_name_fts", "search_term_trigrams"):
                # Merges the b-trees that incremental writes leave behind into one.
                cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
            cursor.execute("ANALYZE")


class PostgreSQLEngine(Engine):
    """Full-text search on a weighted tsvector, pg_trgm similarity for the vocabulary."""

    # ts_rank's weights for D (body), C (summary), B (alternative titles), A (title): the
    # generated vector's labels (migration 0003), lowest first.
    WEIGHTS = "'{" + ", ".join(str(w) for w in reversed(FIELD_WEIGHTS.values())) + "}'"

    def _tsquery(self, groups, match_all):
        joiner = " && " if match_all else " || "
        sql = joiner.join(
            # phraseto_tsquery: a synonym of several words matches as a phrase, as in FTS5.
            "(" + " || ".join(["phraseto_tsquery('english', %s)"] * len(group)) + ")"
            for group in groups
        )
        return sql, [word for group in groups for word in group]

    def count(self, groups, match_all, exclude):
        query, params = self._tsquery(groups, match_all)
        sql = (
            "SELECT count(*) FROM search_profiledocument "
            f"WHERE vector @@ ({query}) AND NOT (profile_id = ANY(%s::bigint[]))"
        )
        return _cursor_rows(sql, [*params, list(exclude)])[0][0]

    def ranked_ids(self, groups, match_all, exclude, limit, offset):
        query, params = self._tsquery(groups, match_all)
        sql = (
            f"SELECT profile_id FROM search_profiledocument, (SELECT {query}) AS query(q) "
            "WHERE vector @@ q AND NOT (profile_id = ANY(%s::bigint[])) "
            f"ORDER BY ts_rank({self.WEIGHTS}, vector, q, 1) DESC, profile_id LIMIT %s OFFSET %s"
        )
        return [row[0] for row in _cursor_rows(sql, [*params, list(exclude), limit, offset])]

    def ranked_ids_and_count(self, groups, match_all, exclude, limit, offset):
        # Deciding which rows match is most of the work, and both answers need it.
        query, params = self._tsquery(groups, match_all)
        sql = (
            "SELECT profile_id, count(*) OVER () FROM search_profiledocument, "
            f"(SELECT {query}) AS query(q) "
            "WHERE vector @@ q AND NOT (profile_id = ANY(%s::bigint[])) "
            f"ORDER BY ts_rank({self.WEIGHTS}, vector, q, 1) DESC, profile_id LIMIT %s OFFSET %s"
        )
        rows = _cursor_rows(sql, [*params, list(exclude), limit, offset])
        if not rows:
            # Past the last page, or nothing matches: the count has to be asked for alone.
            return [], self.count(groups, match_all, exclude)
        return [row[0] for row in rows], rows[0][1]

    def matches_word(self, word):
        sql = (
            "SELECT 1 FROM search_profiledocument "
            "WHERE vector @@ plainto_tsquery('english', %s) LIMIT 1"
        )
        return bool(_cursor_rows(sql, [word]))

    def similar_words(self, word, limit):
        # `%%` is pg_trgm's "similar to" operator, escaped for the driver's placeholders.
        sql = (
            "SELECT word, documents, in_names FROM search_term WHERE word %% %s "
            "ORDER BY similarity(word, %s) DESC, documents DESC LIMIT %s"
        )
        return _cursor_rows(sql, [word, word, limit])

    def names_starting(self, prefixes, limit):
        sql = (
            "SELECT document_id, text, is_title, is_hidden FROM search_name "
            "WHERE to_tsvector('simple'::regconfig, normalised) "
            "@@ to_tsquery('simple'::regconfig, %s) "
            "ORDER BY normalised LIKE %s DESC, is_title DESC, length(text), text LIMIT %s"
        )
        # Words are letters and digits only, so quoting them is all to_tsquery needs.
        match = " & ".join(f"'{prefix}':*" for prefix in prefixes)
        return _cursor_rows(sql, [match, _like_prefix(prefixes), limit])

    def tidy(self):
        with connection.cursor() as cursor:
            for table in ("search_profiledocument", "search_name", "search_term"):
                cursor.execute(f"ANALYZE {table}")


def _like_prefix(prefixes):
    phrase = " ".join(prefixes)
    return phrase.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


ENGINES = {"sqlite": SQLiteEngine, "postgresql": PostgreSQLEngine}


def get_engine():
    """The engine for the default database."""
    try:
        return ENGINES[connection.vendor]()
    except KeyError:
        raise NotImplementedError(f"Search has no engine for {connection.vendor}.") from None


def _best_correction(word, candidates):
    """The vocabulary word this one most likely meant, or None.

    Fewest slips first, a missed letter counting less than others; then a word from job titles, since titles are what people search for
    ("electrican" means electrician more often than electrical); then the closest in trigrams;
    then the most used.
    """
    allowed = text.allowed_edits(word)
    scored = []
    for candidate, documents, in_names in candidates:
        distance = text.edit_distance(word, candidate, omission=0.75)
        if 0 < distance <= allowed:
            similarity = text.similarity(word, candidate)
            scored.append((distance, not in_names, -similarity, -documents, candidate))
    return min(scored)[-1] if scored else None


def _checked(engine, words):
    """({misspelt word: its correction}, {word typed part-way: the words it begins}).

    A word that matches nothing and begins a word of job titles ("pharm", "phleb") was typed
    part-way: that reading beats a correction ("harm"). Otherwise the closest correction; failing
    that, any vocabulary words it begins.
    """
    candidates = [word for word in words if text.allowed_edits(word) and not word.isdigit()]
    if not candidates:
        return {}, {}
    known = set(Term.objects.filter(word__in=candidates).values_list("word", flat=True))
    fixes, begun = {}, {}
    for word in candidates:
        if word in known or engine.matches_word(word):
            continue
        completed = _completions(word)
        if completed and completed[0][1]:
            begun[word] = [w for w, _ in completed]
            continue
        best = _best_correction(word, engine.similar_words(word, limit=30))
        if best:
            fixes[word] = best
        elif completed:
            begun[word] = [w for w, _ in completed]
    return fixes, begun


def _completions(word):
    """(vocabulary word, used in names) for the words this one begins, names' words first;
    failing that, the words its stem begins, when it has an ending to take off ("warehousing":
    "wareh", "warehouse")."""
    stem = synonyms.stems([word])[0]
    for start in [word, stem] if len(stem) < len(word) else [word]:
        if len(start) < MIN_COMPLETION_LENGTH:
            continue
        started = Term.objects.filter(word__startswith=start).order_by(
            "-in_names", "-documents", "word"
        )
        rows = started.values_list("word", "in_names")[:MAX_COMPLETIONS]
        if rows := [(begun, in_names > 0) for begun, in_names in rows]:
            return rows
    return []


class Results:
    """One search's matching profiles: counted and sliced lazily, as Paginator asks.

    `expect_page()` says which page is coming, so an engine that can count the matches and rank
    that page in one pass over them (PostgreSQL) does, instead of two passes.
    """

    def __init__(self, engine, groups, exact_ids):
        self.engine, self.groups, self.exact_ids = engine, groups, exact_ids
        self._window = (0, RESULTS_PER_PAGE)
        self._ranked = {}  # (match_all, offset): (limit, ids), from the counting pass

    def expect_page(self, number, per_page):
        """Count and rank this page (1-based) together if the engine can; any page still works."""
        try:
            number = max(1, int(number))
        except (TypeError, ValueError):
            number = 1
        self._window = ((number - 1) * per_page, number * per_page)

    def _fts_window(self, start, stop):
        """(limit, offset) of the text search's part of results[start:stop]."""
        wanted = stop - start - len(self.exact_ids[start:stop])
        return wanted, max(0, start - len(self.exact_ids))

    def _count_ranking(self, match_all):
        limit, offset = self._fts_window(*self._window)
        if limit <= 0:
            return self.engine.count(self.groups, match_all, self.exact_ids)
        ids, found = self.engine.ranked_ids_and_count(
            self.groups, match_all, self.exact_ids, limit, offset
        )
        self._ranked[(match_all, offset)] = (limit, ids)
        return found

    @cached_property
    def _counted(self):
        """Every word must match, unless that finds nothing and a word alone would.

        Counts leave out the exact-name matches, which come first whatever the text search says.
        """
        if not self.groups:
            return True, 0
        found = self._count_ranking(match_all=True)
        if found or self.exact_ids or len(self.groups) == 1:
            return True, found
        return False, self._count_ranking(match_all=False)

    @property
    def match_all(self):
        return self._counted[0]

    @property
    def _fts_count(self):
        return self._counted[1]

    def count(self):
        return self._fts_count + len(self.exact_ids)

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        if not isinstance(window, slice):
            raise TypeError("Results are read a page at a time.")
        start, stop = window.start or 0, window.stop
        ids = self.exact_ids[start:stop]
        limit, offset = self._fts_window(start, stop)
        if limit > 0 and self.groups and self._fts_count:
            # Paginator shortens the last page to the count, so a shorter window is fine.
            primed_limit, ranked = self._ranked.get((self.match_all, offset), (0, None))
            if ranked is None or limit > primed_limit:
                ranked = self.engine.ranked_ids(
                    self.groups, self.match_all, self.exact_ids, limit, offset
                )
            ids += ranked[:limit]
        profiles = JobProfile.objects.for_listing().in_bulk(ids)
        return [profiles[pk] for pk in ids if pk in profiles]


@dataclass
class Search:
    """What a visitor asked for and what we made of it."""

    query: str
    words: list = field(default_factory=list)
    truncated: bool = False
    did_you_mean: str = ""
    results: Results | None = None


def search(query):
    """Search published profiles: exact names first, then by weighted relevance."""
    query = query.strip()
    truncated = len(query) > text.MAX_QUERY_LENGTH
    query = query[: text.MAX_QUERY_LENGTH]
    all_words = text.words(query)[: text.MAX_WORDS]
    words = text.query_words(all_words)
    found = Search(query=query, words=words, truncated=truncated)
    if not all_words:
        return found
    engine = get_engine()
    known = synonyms.current()
    segments = known.segments(words)
    plain = [alternatives[0][0] for alternatives, is_synonym in segments if not is_synonym]
    fixes, begun = _checked(engine, plain)
    if fixes:
        found.did_you_mean = " ".join(fixes.get(word, word) for word in all_words)
    groups = []
    for alternatives, is_synonym in segments:
        if is_synonym:
            # A phrase of several words is matched as a phrase by both engines.
            groups.append([" ".join(phrase) for phrase in alternatives])
        else:
            word = alternatives[0][0]
            groups.append([word, *([fixes[word]] if word in fixes else begun.get(word, []))])
    names = [" ".join(all_words), *(" ".join(p) for p in known.of_whole(words))]
    exact_ids = list(
        Name.objects.filter(normalised__in=names)
        .order_by("-is_title", "document_id")
        .values_list("document_id", flat=True)
    )
    first = list(dict.fromkeys([*exact_ids, *names_holding_every_word(groups)]))
    found.results = Results(engine, groups, first)
    return found


def names_holding_every_word(groups):
    """Profiles with a name holding a word of every group (any form of it), for queries of two
    words or more: a phrase in order first, then titles before other names, then the shortest.

    Read from the names in Python terms, so both engines put them in the same order. A word is
    matched by its stem inside the name ("records" in "Medical records clerk").
    """
    if len(groups) < 2:
        return []
    condition = Q()
    for group in groups:
        either = Q()
        for term in group:
            for stem in synonyms.stems(term.split()):
                either |= Q(normalised__contains=stem)
        condition &= either
    rows = (
        Name.objects.filter(condition)
        .order_by(Length("normalised"), "document_id")
        .values_list("document_id", "normalised", "is_title")
    )
    phrase = " ".join(group[0] for group in groups)
    ranked = sorted(
        rows[: NAME_MATCHES * 4],
        key=lambda row: (phrase not in row[1], not row[2], len(row[1]), row[0]),
    )
    return list(dict.fromkeys(document_id for document_id, _, _ in ranked))[:NAME_MATCHES]


def suggest(query):
    """Up to five profiles whose title or alternative title starts like what is being typed."""
    query = query.strip()[: text.MAX_QUERY_LENGTH]
    prefixes = text.words(query)[:6]
    if len("".join(prefixes)) < MIN_SUGGESTION_LENGTH:
        return []
    rows = get_engine().names_starting(prefixes, limit=MAX_SUGGESTIONS * 4)
    chosen = {}
    for profile_id, name, is_title, is_hidden in rows:
        if profile_id not in chosen and len(chosen) < MAX_SUGGESTIONS:
            # A hidden title finds the profile; the suggestion names only the title.
            chosen[profile_id] = (name, is_title or is_hidden)
    profiles = JobProfile.objects.published().only("title", "slug").in_bulk(chosen)
    return [
        {
            "title": profiles[pk].title,
            "matched": "" if is_title else name,
            "url": profiles[pk].get_absolute_url(),
        }
        for pk, (name, is_title) in chosen.items()
        if pk in profiles
    ]
