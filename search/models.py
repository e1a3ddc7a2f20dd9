"""The search index: one row per published profile, its names, and the site's vocabulary.

Writes go through the ORM on every database; each engine adds its own index over these tables
in its own migration (SQLite FTS5 tables kept in step by triggers, PostgreSQL a generated
tsvector column and trigram indexes), so only the reading differs between engines.
"""

from django.db import models

from profiles.models import JobProfile


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
