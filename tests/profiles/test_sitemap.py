import xml.etree.ElementTree as ET

from django.urls import reverse
from django.utils.timezone import localtime

from profiles.models import Category, JobProfile

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_entries(client):
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    return {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in root.findall("s:url", NS)
    }


def test_the_sitemap_lists_every_published_profile_with_its_last_change(client, seed_content):
    draft = JobProfile.objects.filter(slug="health-records-clerk")
    draft.update(status=JobProfile.Status.DRAFT)
    entries = sitemap_entries(client)
    for profile in JobProfile.objects.published():
        url = f"http://testserver{profile.get_absolute_url()}"
        assert entries[url] == localtime(profile.modified_at).date().isoformat(), url
    assert "http://testserver/job-profiles/health-records-clerk/" not in entries


def test_the_sitemap_lists_categories_that_have_published_profiles(client, seed_content):
    empty = Category.objects.create(name="Empty", slug="empty")
    entries = sitemap_entries(client)
    for category in Category.objects.exclude(pk=empty.pk):
        url = f"http://testserver{reverse('profiles:category', kwargs={'slug': category.slug})}"
        if category.profiles.published().exists():
            assert entries[url], url
    assert (
        f"http://testserver{reverse('profiles:category', kwargs={'slug': 'empty'})}" not in entries
    )


def test_the_sitemap_lists_the_pages_that_list_profiles(client, seed_content):
    entries = sitemap_entries(client)
    for name in ("profiles:home", "profiles:a_to_z", "profiles:categories"):
        assert f"http://testserver{reverse(name)}" in entries


def test_the_sitemap_takes_a_fixed_number_of_queries(
    client, seed_content, django_assert_num_queries
):
    # The lists' last change; the profiles and the categories, each read again for the
    # response's Last-Modified header.
    with django_assert_num_queries(5):
        client.get(reverse("sitemap"))
