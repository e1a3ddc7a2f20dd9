from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = "Content"

    def ready(self):
        from profiles import cache, receivers, signals

        receivers.connect()
        signals.profiles_changed.connect(cache.expire_changed, dispatch_uid="page-cache")
