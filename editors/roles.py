"""The roles, "Content editors" and "Publishers": what people who keep the profiles up to date
may do.

Editors write: they change drafts and hold changes to live profiles, and submit them for review.
Publishers also review: they approve and publish (or schedule) what someone else submitted, ask
for changes, and unpublish. Publishing one's own change, or one nobody reviewed, needs the
separate permission "Can publish without review (urgent corrections)", which no role has: a
superuser grants it to the people trusted with urgent corrections.

Editors work on job profiles, categories and every row of a profile, see and restore their
history, and triage feedback (read it, mark it resolved). They cannot manage users or groups:
a superuser does that.

A data migration (editors/migrations/0001) creates the group with the permissions that exist
then. Apps added later (feedback, say) get their permissions created after they migrate, so a
post_migrate handler adds those to the group as they appear. A superuser may take permissions
away in the admin (or delete the group), but the next `migrate` puts back the ones listed here:
change this list, not the group, to change the role.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

GROUP_NAME = "Content editors"
PUBLISHERS = "Publishers"

ALL = ("add", "change", "delete", "view")

# app label -> the actions editors may take on every model of that app.
PERMISSIONS = {
    "profiles": ALL,  # profiles, categories, their rows (opportunities too), renamed slugs
    "reversion": ("view",),  # history: restoring needs only the right to change the profile
    # Triage: read feedback and mark it resolved; what visitors wrote is never added or deleted.
    "feedback": ("view", "change"),
    # Privacy, cookies, accessibility and contact: their words, never how many there are.
    "service_pages": ("view", "change"),
    # Synonym sets; the index itself is written by the site, but has no admin page.
    "search": ALL,
    # The quiz's questions; its counts are only ever read (the admin offers nothing else).
    "discover": ALL,
}


# group name -> {app label -> actions}.
ROLES = {
    GROUP_NAME: PERMISSIONS,
    PUBLISHERS: {**PERMISSIONS, "profiles": (*ALL, "publish")},
}


def _permissions(apps, app_labels, using, role=PERMISSIONS):
    Permission = apps.get_model("auth", "Permission")
    found = []
    for app_label in app_labels:
        actions = role.get(app_label, ())
        permissions = Permission.objects.using(using).filter(content_type__app_label=app_label)
        found += [p for p in permissions if p.codename.split("_", 1)[0] in actions]
    return found


def grant(apps, app_labels=tuple(PERMISSIONS), using="default"):
    """Give each role's group the listed permissions of these apps that exist; the editors'
    group, or None if there is none."""
    Group = apps.get_model("auth", "Group")
    for name, role in ROLES.items():
        group = Group.objects.using(using).filter(name=name).first()
        if group is not None:
            group.permissions.add(*_permissions(apps, app_labels, using, role))
    return Group.objects.using(using).filter(name=GROUP_NAME).first()


def create_group(apps, schema_editor):
    """The data migration: the group, with every listed permission that exists so far."""
    using = schema_editor.connection.alias
    # Permissions are normally made after all migrations have run; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Group.objects.using(using).get_or_create(name=GROUP_NAME)
    grant(apps, using=using)


def delete_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name=GROUP_NAME).delete()


def grant_on_migrate(sender, using, apps=global_apps, **kwargs):
    # `flush` sends post_migrate without the migration state's apps. The group is made again if
    # it is missing (emptied by `flush`, or deleted by hand): the role is defined here.
    if sender.label in PERMISSIONS:
        for name in ROLES:
            apps.get_model("auth", "Group").objects.using(using).get_or_create(name=name)
        grant(apps, [sender.label], using)
