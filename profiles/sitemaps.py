"""/sitemap.xml: every public page a search engine should know, with when it last changed."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse

from profiles.models import Category, JobProfile


class ProfileSitemap(Sitemap):
    priority = 0.8

    def items(self):
        return JobProfile.objects.published().only("slug", "modified_at").order_by("slug")

    def lastmod(self, profile):
        # modified_at, not content_updated: any change to the page (a new related career, a
        # fixed typo) is worth a search engine's fresh look.
        return profile.modified_at


class CategorySitemap(Sitemap):
    priority = 0.6

    def items(self):
        return (
            Category.objects.annotate(
                last_change=Max(
                    "profiles__modified_at", filter=Q(profiles__status=JobProfile.Status.PUBLISHED)
                )
            )
            .filter(last_change__isnull=False)
            .only("slug")
            .order_by("slug")
        )

    def location(self, category):
        return reverse("profiles:category", kwargs={"slug": category.slug})

    def lastmod(self, category):
        return category.last_change


class ListSitemap(Sitemap):
    """The pages that list profiles: they change whenever a published profile does."""

    priority = 1.0

    def items(self):
        return ["profiles:home", "profiles:a_to_z", "profiles:categories"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        if not hasattr(self, "_latest"):
            self._latest = JobProfile.objects.published().aggregate(latest=Max("modified_at"))[
                "latest"
            ]
        return self._latest


SITEMAPS = {"lists": ListSitemap, "profiles": ProfileSitemap, "categories": CategorySitemap}
