"""The index follows every save and delete of a profile or one of its rows, at once."""

import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete

from profiles.models import AlternativeTitle, JobProfile, Skill, Task
from search import index

_local = threading.local()


def _pending():
    if not hasattr(_local, "pending"):
        _local.pending, _local.deleting = set(), set()
    return _local.pending


def _flush():
    ids, _local.pending = _pending(), set()
    if ids:
        index.reindex(ids)


def follow(profile_id):
    """Reindex a profile now, and again when the transaction commits.

    Now, so a reader in the same transaction (the admin's redirect, a test) finds the change.
    Again at commit, because rows written in bulk in the same transaction (the seed loader's
    bulk_create) send no signals of their own.
    """
    if profile_id in _local.__dict__.get("deleting", ()):
        return
    index.reindex([profile_id])
    if transaction.get_connection().in_atomic_block:
        # Every row of an admin save lands here; the set makes that one reindex at commit. A
        # rolled-back transaction's ids stay for the next flush, which reads what is really
        # there, so nothing wrong is written.
        _pending().add(profile_id)
        transaction.on_commit(_flush)


# Raw saves too: restoring an old version of a profile (django-reversion) saves raw.
def _profile_saved(sender, instance, **kwargs):
    follow(instance.pk)


def _profile_deleting(sender, instance, **kwargs):
    # Before the cascade removes the document, so the vocabulary's counts go down with it; and
    # its rows' own deletions, which come first, must not index it again.
    _pending()
    _local.deleting.add(instance.pk)
    index.reindex([instance.pk], gone=[instance.pk])


def _profile_deleted(sender, instance, **kwargs):
    _pending()
    _local.deleting.discard(instance.pk)


def _row_changed(sender, instance, **kwargs):
    if instance.profile_id:
        follow(instance.profile_id)


def connect():
    post_save.connect(_profile_saved, sender=JobProfile, dispatch_uid="search.profile_saved")
    pre_delete.connect(_profile_deleting, sender=JobProfile, dispatch_uid="search.profile_deleting")
    post_delete.connect(_profile_deleted, sender=JobProfile, dispatch_uid="search.profile_deleted")
    for model in (AlternativeTitle, Skill, Task):
        post_save.connect(_row_changed, sender=model, dispatch_uid=f"search.{model.__name__}_saved")
        post_delete.connect(
            _row_changed, sender=model, dispatch_uid=f"search.{model.__name__}_deleted"
        )
