"""The one notice that profiles changed, for the layers above (the search index, the page cache).

Whatever writes profiles (an admin save, a restore from history, an import, a bulk action,
generate_profiles, a QuerySet.update()) ends up in changed(): model signals reach it through
profiles/receivers.py, bulk writes call it themselves. It collects the profiles' ids for the
transaction and sends profiles_changed once, when the transaction commits, so each profile is
re-indexed and its pages expired once however many of its rows were written.

Receivers get profile_ids (every profile changed) and visible_ids (those the public could see
before or after the change: editing a draft changes nothing public).
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.dispatch import Signal

from profiles.models import JobProfile

profiles_changed = Signal()


@dataclass
class _Batch:
    profile_ids: set = field(default_factory=set)
    was_public: set = field(default_factory=set)
    # A category changed: lists change even when no profile of it is public.
    lists_changed: bool = False


def changed(profile_ids, *, was_public=None, lists_changed=False, using=None):
    """Note profiles written in this transaction; profiles_changed follows at commit.

    was_public: those of them the public could see before the change; None (the bulk
    writers' case) counts them all as public, which at worst expires a page for nothing.
    """
    profile_ids = set(profile_ids)
    connection = transaction.get_connection(using)
    batch = getattr(connection, "profiles_changed_batch", None)
    if batch is None:
        batch = connection.profiles_changed_batch = _Batch()
    batch.profile_ids |= profile_ids
    batch.was_public |= profile_ids if was_public is None else set(was_public)
    batch.lists_changed |= lists_changed
    if _in_transaction(connection):
        # Once per call: the first to run sends the whole batch, the others find it empty. A
        # rolled-back transaction's ids wait for the next commit, which reads what is there.
        transaction.on_commit(lambda: _send(connection), using=using, robust=True)
    else:
        _send(connection)


def _in_transaction(connection):
    """Whether a transaction is open that will commit.

    A test runs inside a transaction that Django marks and never commits: there the notice goes
    at once, every time, so that the test sees what each write would do once committed.
    """
    blocks = connection.atomic_blocks
    return bool(blocks) and not getattr(blocks[0], "_from_testcase", False)


def _send(connection):
    batch, connection.profiles_changed_batch = connection.profiles_changed_batch, None
    if batch is None or not (batch.profile_ids or batch.lists_changed):
        return
    public_now = JobProfile.objects.published().filter(pk__in=batch.profile_ids)
    visible = batch.was_public | set(public_now.values_list("pk", flat=True))
    profiles_changed.send(
        sender=JobProfile,
        profile_ids=frozenset(batch.profile_ids),
        visible_ids=frozenset(visible & batch.profile_ids),
        lists_changed=batch.lists_changed,
    )
