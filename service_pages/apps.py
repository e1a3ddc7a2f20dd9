from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ServicePagesConfig(AppConfig):
    """The pages every public service needs: privacy, cookies, accessibility, contact."""

    name = "service_pages"
    verbose_name = "Service pages"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from service_pages import defaults

        post_migrate.connect(defaults.create_missing, sender=self)
