"""The index follows profiles_changed: each changed profile re-indexed once a transaction."""

from django.db.models.signals import pre_delete

from profiles.signals import profiles_changed
from search import index
from search.models import ProfileDocument


def _profiles_changed(sender, profile_ids, **kwargs):
    index.reindex(profile_ids)


def _document_deleting(sender, instance, **kwargs):
    # A deleted profile takes its document with it by cascade, before any reindex could see
    # it: its words leave the vocabulary now, while the document still says which they are.
    index.forget(instance)


def connect():
    profiles_changed.connect(_profiles_changed, dispatch_uid="search")
    pre_delete.connect(_document_deleting, sender=ProfileDocument, dispatch_uid="search")
