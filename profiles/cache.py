"""Which cached pages a change to profiles or categories expires (see careers_site/page_cache.py).

A profile page is tagged with its profile; every other public page (lists, categories, search,
the API, the sitemap) shows many profiles and is expired by any public change (ALL_CONTENT).
Changes the public cannot see, such as editing a draft, expire nothing.

Signals do not fire for QuerySet.update(), bulk_create() or raw SQL: code that changes public
content that way must call expire_profiles() itself.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from lib.page_cache import ALL_CONTENT, expire
from profiles.models import Category, JobProfile, RelatedCareer


def profile_tag(profile_id):
    return f"profile:{profile_id}"


def expire_profiles(profile_ids):
    """Expire these profiles' pages, the pages of profiles linking to them, and every list."""
    profile_ids = set(profile_ids)
    linking = RelatedCareer.objects.filter(to_profile__in=profile_ids).values_list(
        "from_profile", flat=True
    )
    expire(ALL_CONTENT, *(profile_tag(pk) for pk in profile_ids | set(linking)))


def _remember_visibility(sender, instance, raw, **kwargs):
    """Note whether the public could see the profile before this save."""
    instance._was_public = (
        instance.pk is not None and JobProfile.objects.published().filter(pk=instance.pk).exists()
    )


def _profile_changed(sender, instance, **kwargs):
    if instance.is_published or getattr(instance, "_was_public", instance.is_published):
        expire_profiles([instance.pk])


def _row_changed(sender, instance, **kwargs):
    """A row of a profile (a skill, a task, a related career...) was saved or deleted."""
    profile_ids = {
        getattr(instance, field.attname)
        for field in sender._meta.concrete_fields
        if field.is_relation and field.related_model is JobProfile
    }
    public = JobProfile.objects.published().filter(pk__in=profile_ids)
    if public_ids := list(public.values_list("pk", flat=True)):
        expire_profiles(public_ids)


def _categories_changed(sender, instance, action, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if isinstance(instance, JobProfile):
        if instance.is_published:
            expire_profiles([instance.pk])
    else:
        expire_profiles(instance.profiles.published().values_list("pk", flat=True))


def _category_changed(sender, instance, **kwargs):
    expire_profiles(instance.profiles.published().values_list("pk", flat=True))


def _profile_rows():
    """Every model, in any app, with a foreign key to JobProfile: the profile's rows."""
    return [
        model
        for model in apps.get_models()
        if model is not JobProfile
        and any(
            field.is_relation and field.many_to_one and field.related_model is JobProfile
            for field in model._meta.concrete_fields
        )
    ]


def connect():
    """Expire cached pages whenever public content changes; called once from AppConfig.ready."""
    uid = "page-cache"
    pre_save.connect(_remember_visibility, sender=JobProfile, dispatch_uid=uid)
    post_save.connect(_profile_changed, sender=JobProfile, dispatch_uid=uid)
    # Before deleting, while the related careers still say which pages link to the profile.
    pre_delete.connect(_profile_changed, sender=JobProfile, dispatch_uid=uid)
    for model in _profile_rows():
        post_save.connect(_row_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_row_changed, sender=model, dispatch_uid=uid)
    m2m_changed.connect(_categories_changed, sender=JobProfile.categories.through, dispatch_uid=uid)
    post_save.connect(_category_changed, sender=Category, dispatch_uid=uid)
    # Before deleting, while the category still lists its profiles.
    pre_delete.connect(_category_changed, sender=Category, dispatch_uid=uid)
