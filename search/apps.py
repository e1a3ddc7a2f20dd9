import datetime

from django.apps import AppConfig
from django.utils import timezone

from lib import retention


def _counts_older_than(days):
    from search.models import SearchCount

    return SearchCount.objects.filter(day__lt=timezone.localdate() - datetime.timedelta(days=days))


class SearchConfig(AppConfig):
    name = "search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from search import defaults, receivers

        receivers.connect()
        post_migrate.connect(defaults.create_if_none, sender=self)
        retention.declare("search term counts", _counts_older_than)
