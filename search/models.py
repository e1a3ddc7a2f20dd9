"""The search index: one row per published profile, its names, and the site's vocabulary.

Writes go through the ORM on every database; each engine adds its own index over these tables
in its own migration (SQLite FTS5 tables kept in step by triggers, PostgreSQL a generated
tsvector column and trigram indexes), so only the reading differs between engines.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models

from profiles.models import JobProfile
from search import text

# The most words a synonym may have: a name, not a sentence.
SYNONYM_WORDS = 6


class ProfileDocument(models.Model):
    """A published profile's searchable text, weighted by field from title down to body."""

    profile = models.OneToOneField(
        JobProfile, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    title = models.CharField(max_length=120)
    alternative_titles = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True, help_text="Tasks and skills.")

    def __str__(self):
        return self.title

    @property
    def text_fields(self):
        return (self.title, self.alternative_titles, self.summary, self.body)


class Name(models.Model):
    """A profile's title or one of its alternative titles: exact matches and suggestions."""

    document = models.ForeignKey(ProfileDocument, on_delete=models.CASCADE, related_name="names")
    text = models.CharField(max_length=120)
    normalised = models.CharField(max_length=120, db_index=True)
    is_title = models.BooleanField(default=False)
    # A hidden search title: it finds the profile, and suggestions never show it.
    is_hidden = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_title", "text"]

    def __str__(self):
        return self.text


class Term(models.Model):
    """A word used in published profiles, and in how many: "Did you mean" picks from these."""

    word = models.CharField(max_length=60, unique=True)
    documents = models.PositiveIntegerField(default=0)
    in_names = models.PositiveIntegerField(
        default=0, help_text="How many profiles use the word in a title or alternative title."
    )

    class Meta:
        ordering = ["word"]

    def __str__(self):
        return self.word


class SynonymSet(models.Model):
    """Words or names visitors use for the same thing: a search for one finds the others.

    "GP, general practitioner, family doctor": each is matched as a whole (a phrase), in any
    query, alone or beside other words.
    """

    terms = models.TextField(
        help_text="Two or more words or names that mean the same, separated by commas or on "
        "lines of their own, as “GP, general practitioner, family doctor”. Up to "
        f"{SYNONYM_WORDS} words each. Capitals and accents make no difference."
    )
    note = models.CharField(
        max_length=200, blank=True, help_text="Why these belong together, for other editors."
    )
    modified_at = models.DateTimeField("last saved", auto_now=True)

    class Meta:
        ordering = ["terms"]
        verbose_name = "search synonym set"

    def __str__(self):
        return ", ".join(self.term_list())

    def term_list(self):
        """The terms as written, without blanks or repeats."""
        found = {}
        for term in re.split(r"[,\n]", self.terms):
            if term.strip():
                found.setdefault(text.normalise(term), term.strip())
        return list(found.values())

    def phrases(self):
        """Each term as the words search matches: folded, without stop words."""
        phrases = []
        for term in self.term_list():
            words = tuple(text.query_words(text.words(term)))
            if words and words not in phrases:
                phrases.append(words)
        return phrases

    def clean(self):
        terms, phrases = self.term_list(), self.phrases()
        if any(len(text.words(term)) > SYNONYM_WORDS for term in terms):
            raise ValidationError(
                {
                    "terms": f"Keep each term to {SYNONYM_WORDS} words or fewer: a name, not a sentence."
                }
            )
        if len(phrases) < 2:
            raise ValidationError(
                {
                    "terms": "Give at least two different words or names, separated by commas. "
                    "Words like “the” and “of” do not count on their own."
                }
            )


class SearchCountQuerySet(models.QuerySet):
    def since(self, day):
        return self.filter(day__gte=day)


class SearchCount(models.Model):
    """How often a search was made on one day: the words searched for (folded), never anything
    about who searched. A term searched fewer than KEEP_FROM times in a day is never written
    here (search/counting.py), so nobody's rare, personal words are kept."""

    KEEP_FROM = 3

    day = models.DateField()
    term = models.CharField(max_length=200)
    searches = models.PositiveIntegerField(default=0)
    results = models.PositiveIntegerField(default=0, help_text="How many it found, last time.")

    objects = SearchCountQuerySet.as_manager()

    class Meta:
        ordering = ["-day", "-searches", "term"]
        verbose_name = "search term count"
        verbose_name_plural = "what visitors searched for"
        constraints = [
            models.UniqueConstraint(fields=["day", "term"], name="search_count_one_a_day"),
        ]

    def __str__(self):
        return f"{self.term} ({self.day:%-d %B %Y})"
