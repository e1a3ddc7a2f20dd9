from django.apps import AppConfig


class DiscoverConfig(AppConfig):
    name = "discover"
    verbose_name = "Discover careers quiz"

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save

        from discover import defaults, models

        post_migrate.connect(defaults.create_if_none, sender=self)

        # Results pages show the questions' areas: a change to them retires every cached one.
        for signal in (post_save, post_delete):
            signal.connect(models.questions_changed, sender=models.Question)
