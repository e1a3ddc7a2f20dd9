import reversion
from django.db import models, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from lib import page_cache
from profiles.models import MARKDOWN_HELP


class ServicePageManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class ServicePage(models.Model):
    """One of the few pages about the service itself, written by the people who run it."""

    # Each page's address and its title until an editor changes it.
    class Slug(models.TextChoices):
        PRIVACY = "privacy", "Privacy notice"
        COOKIES = "cookies", "Cookies"
        ACCESSIBILITY = "accessibility-statement", "Accessibility statement"
        CONTACT = "contact", "Contact us"

    slug = models.SlugField(max_length=40, choices=Slug, unique=True, editable=False)
    title = models.CharField(max_length=120)
    body = models.TextField(
        help_text=MARKDOWN_HELP + " Headings: start a line with '## ' ('### ' for a smaller one)."
    )
    updated = models.DateField(
        "last updated",
        default=timezone.localdate,
        help_text="Shown on the page. Change it when what the page says changes.",
    )
    modified_at = models.DateTimeField(auto_now=True)

    # Known by its slug, so a backup loaded into a new site (which has made its own copies of the
    # four pages) replaces them instead of colliding with them.
    objects = ServicePageManager()

    class Meta:
        ordering = ["slug"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(f"service_pages:{self.slug}")

    def natural_key(self):
        return (self.slug,)

    @property
    def cache_tag(self):
        return f"service-page:{self.slug}"


reversion.register(ServicePage)


@receiver(post_save, sender=ServicePage)
def _expire_cached_copies(sender, instance, **kwargs):
    # Once the change is committed, as page_cache.expire() asks; a restored version saves too.
    transaction.on_commit(lambda: page_cache.expire(instance.cache_tag))
