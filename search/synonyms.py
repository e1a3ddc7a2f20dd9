"""Synonym sets applied to a query: each run of words that is a term becomes a group that
matches any of its set's terms.

Held in memory and read again when public content changes (the page cache's content version,
which a synonym set's change moves, as it expires every cached search page): no query a search.
"""

import threading

import snowballstemmer

from lib import page_cache

_stemmer = snowballstemmer.stemmer("english")
_stem_lock = threading.Lock()  # a Snowball stemmer object is not safe to share between threads


def stems(words):
    with _stem_lock:
        return tuple(_stemmer.stemWords(list(words)))


class Synonyms:
    def __init__(self, sets):
        """sets: each a list of phrases (tuples of words)."""
        # A phrase's stems: every phrase of its sets, this one first. Matched by stems, so
        # "lorries" finds the set that says "lorry".
        self.alternatives = {}
        for phrases in sets:
            for phrase in phrases:
                known = self.alternatives.setdefault(stems(phrase), [phrase])
                known += [other for other in phrases if other not in known]
        self.longest = max((len(phrase) for phrase in self.alternatives), default=0)

    @classmethod
    def from_database(cls):
        from search.models import SynonymSet

        return cls([synonym_set.phrases() for synonym_set in SynonymSet.objects.all()])

    def segments(self, words):
        """The query's words as runs: (phrase alternatives, is a synonym) for each, in order.

        Longest terms first: "family doctor surgery" takes "family doctor" before "doctor".
        """
        found, start, stemmed = [], 0, stems(words)
        while start < len(words):
            for length in range(min(self.longest, len(words) - start), 0, -1):
                phrase = stemmed[start : start + length]
                if phrase in self.alternatives:
                    found.append((self.alternatives[phrase], True))
                    start += length
                    break
            else:
                found.append(([(words[start],)], False))
                start += 1
        return found

    def of_whole(self, words):
        """Every phrase meaning the whole query, if the whole query is one term; else []."""
        return self.alternatives.get(stems(words), [])


_held = page_cache.HeldByContentVersion(Synonyms.from_database, "search synonyms")


def current():
    return _held.current()
