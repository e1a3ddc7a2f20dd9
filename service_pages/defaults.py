"""The four pages' default words, in fixtures/service_pages/, for the people running the service
to adapt. Made after every migrate (and flush) for any page that does not exist yet, so a new
site has them and an editor's words are never overwritten."""

from django.conf import settings


def create_missing(sender, using="default", **kwargs):
    """A post_migrate receiver: every page that is missing, with its default words."""
    from service_pages.models import ServicePage

    folder = settings.BASE_DIR / "fixtures" / "service_pages"
    existing = set(ServicePage.objects.using(using).values_list("slug", flat=True))
    ServicePage.objects.using(using).bulk_create(
        ServicePage(
            slug=slug,
            title=title,
            body=(folder / f"{slug}.md").read_text(encoding="utf-8").strip(),
        )
        for slug, title in ServicePage.Slug.choices
        if slug not in existing
    )
