"""The index follows profiles_changed: each changed profile re-indexed once a transaction."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete

from lib import page_cache
from profiles.signals import profiles_changed
from search import index
from search.models import ProfileDocument, SynonymSet


def _profiles_changed(sender, profile_ids, **kwargs):
    index.reindex(profile_ids)


def _document_deleting(sender, instance, **kwargs):
    # A deleted profile takes its document with it by cascade, before any reindex could see
    # it: its words leave the vocabulary now, while the document still says which they are.
    index.forget(instance)


def _synonyms_changed(sender, **kwargs):
    # Every search page may read differently now, and the synonyms held in memory follow the
    # content version this moves (search/synonyms.py).
    transaction.on_commit(lambda: page_cache.expire(page_cache.ALL_CONTENT))


def connect():
    from search import views

    page_cache.served_from_cache.connect(views.counted_from_cache, dispatch_uid="search")
    profiles_changed.connect(_profiles_changed, dispatch_uid="search")
    pre_delete.connect(_document_deleting, sender=ProfileDocument, dispatch_uid="search")
    for signal in (post_save, post_delete):
        signal.connect(_synonyms_changed, sender=SynonymSet, dispatch_uid="search")
