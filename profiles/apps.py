from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = "Job profiles"

    def ready(self):
        from profiles import cache

        cache.connect()
