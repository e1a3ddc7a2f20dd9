"""The model signals of profiles and their parts, turned into profiles' own (see signals.py).

Receivers rather than save() methods: restoring a version from history saves rows raw, and
deleting a profile deletes its rows by cascade, and both must count as changes.
"""

import threading

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from profiles import signals
from profiles.models import Category, FigureSource, JobProfile, SlugRedirect


def _note_stored(sender, instance, update_fields=None, **kwargs):
    """Before a profile is saved: its stored slug (for redirects) and whether it was public."""
    if instance.pk is None:
        instance._stored_slug, instance._was_public = None, False
        return
    stored = JobProfile.objects.filter(pk=instance.pk).values_list("slug", "status").first()
    slug, status = stored or (None, None)
    instance._was_public = status == JobProfile.Status.PUBLISHED
    instance._stored_slug = instance.slug if update_fields and "slug" not in update_fields else slug


def _profile_saved(sender, instance, created, **kwargs):
    stored = getattr(instance, "_stored_slug", instance.slug)
    # A held change's copy shares its live profile's slug: the live one owns the redirects.
    if not instance.is_held_change and (created or stored != instance.slug):
        SlugRedirect.objects.record_rename(instance, stored)
    was_public = [instance.pk] if getattr(instance, "_was_public", False) else []
    signals.changed([instance.pk], was_public=was_public)


# Profiles being deleted: their rows go first, by cascade, and are no change of their own.
_deleting = threading.local()


def _profile_deleting(sender, instance, **kwargs):
    _deleting.__dict__.setdefault("ids", set()).add(instance.pk)


def _profile_deleted(sender, instance, **kwargs):
    _deleting.ids.discard(instance.pk)
    signals.changed([instance.pk], was_public=[instance.pk] if instance.is_published else [])


def _row_changed(sender, instance, **kwargs):
    """A row of a profile's part (a skill, a task, a related career...) was saved or deleted."""
    profile_id = getattr(instance, _owner_fields[sender])
    if profile_id is not None and profile_id not in _deleting.__dict__.get("ids", ()):
        signals.changed([profile_id], was_public=[])


def _categories_changed(sender, instance, action, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if isinstance(instance, JobProfile):
        signals.changed([instance.pk], was_public=[])
    else:
        _category_changed(sender, instance)


def _category_changed(sender, instance, **kwargs):
    profile_ids = instance.profiles.published().values_list("pk", flat=True)
    signals.changed(profile_ids, lists_changed=True)


def _figure_source_changed(sender, instance, **kwargs):
    """A source's name, link or interval shows on every page citing it (a held change's copy
    cites it too, but is no one's page)."""
    profile_ids = JobProfile.objects.published().citing([instance.pk]).values_list("pk", flat=True)
    signals.changed(profile_ids)


# A part's model: the column naming the profile that owns each row.
_owner_fields = {}


def connect():
    """Connect the model signals; called once from AppConfig.ready."""
    uid = "profiles"
    pre_save.connect(_note_stored, sender=JobProfile, dispatch_uid=uid)
    post_save.connect(_profile_saved, sender=JobProfile, dispatch_uid=uid)
    pre_delete.connect(_profile_deleting, sender=JobProfile, dispatch_uid=uid)
    post_delete.connect(_profile_deleted, sender=JobProfile, dispatch_uid=uid)
    for part in JobProfile.parts.notifying:
        _owner_fields[part.model] = part.model._meta.get_field(part.fk).attname
        post_save.connect(_row_changed, sender=part.model, dispatch_uid=uid)
        post_delete.connect(_row_changed, sender=part.model, dispatch_uid=uid)
    m2m_changed.connect(_categories_changed, sender=JobProfile.categories.through, dispatch_uid=uid)
    post_save.connect(_category_changed, sender=Category, dispatch_uid=uid)
    # Before deleting, while the category still lists its profiles.
    pre_delete.connect(_category_changed, sender=Category, dispatch_uid=uid)
    post_save.connect(_figure_source_changed, sender=FigureSource, dispatch_uid=uid)
