"""Words as search sees them: the same rules for what is indexed and what is asked."""

import re
import unicodedata

# Longer queries are cut, not refused: nobody types 200 characters on purpose, and a pasted
# paragraph still deserves results for its first words.
MAX_QUERY_LENGTH = 200
MAX_WORDS = 12

# Words too common to tell one job from another: the Snowball English list, which PostgreSQL's
# 'english' configuration drops too, so both engines see the same words; and "job" itself.
_STOP_WORDS = """
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she
her hers herself it its itself they them their theirs themselves what which who whom this that
these those am is are was were be been being have has had having do does did doing a an the and
but if or because as until while of at by for with about against between into through during
before after above below to from up down in out on off over under again further then once here
there when where why how all any both each few more most other some such no nor not only own same
so than too very s t can will just don should now job jobs
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

_WORD = re.compile(r"[^\W_]+")
_VOCABULARY_WORD = re.compile(r"[^\W\d_]{3,}")


def fold(text):
    """Lower case without accents: "Café" and "cafe" are the same word."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text):
    """The words of a text, folded; punctuation, symbols and emoji fall away."""
    return _WORD.findall(fold(text))


def normalise(text):
    """A name as compared for an exact match: folded words separated by single spaces."""
    return " ".join(words(text))


def vocabulary(text):
    """Words worth offering as a correction: letters only, 3 to 40 of them, not stop words."""
    return {
        word
        for word in _VOCABULARY_WORD.findall(fold(text))
        if len(word) <= 40 and word not in STOP_WORDS
    }


def query_words(words):
    """The words of a query that search for something: not stop words."""
    return [word for word in words if word not in STOP_WORDS]


def trigrams(word):
    """A word's trigrams padded as PostgreSQL's pg_trgm pads them (two spaces before, one after)."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a, b):
    """pg_trgm's similarity: shared trigrams over all trigrams, 0 to 1."""
    first, second = trigrams(a), trigrams(b)
    return len(first & second) / len(first | second)


def edit_distance(a, b, omission=1):
    """Optimal string alignment distance from a to b: insertions, deletions, substitutions, swaps.

    `omission` prices a letter b has and a lacks, the commonest slip in typing, below the others.
    """
    previous2, previous = None, [j * omission for j in range(len(b) + 1)]
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + omission, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def allowed_edits(word):
    """How many slips a word of this length may hold and still be corrected."""
    if len(word) < 4:
        return 0
    return 1 if len(word) < 7 else 2
