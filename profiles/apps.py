from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = "Content"

    def ready(self):
        from profiles import cache, counts, receivers, signals

        receivers.connect()
        # Counts first: a page rendered once the pages expire shows the new ones.
        signals.profiles_changed.connect(counts.recount_categories, dispatch_uid="counts")
        signals.profiles_changed.connect(cache.expire_changed, dispatch_uid="page-cache")
