from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EditorsConfig(AppConfig):
    name = "editors"
    verbose_name = "Content editors"

    def ready(self):
        from editors import roles

        # Every app's permissions are created after migrating it, some (such as feedback's)
        # perhaps long after the group itself: top the group up as each app's appear.
        post_migrate.connect(roles.grant_on_migrate, dispatch_uid="editors_grant_on_migrate")
