"""Finding your way: the header marks where you are, and an address typed in capitals works."""

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("path", "section"),
    [
        ("/search/?q=nurse", "Search"),
        ("/job-profiles/", "Job profiles A to Z"),
        ("/job-profiles/health-records-clerk/", "Job profiles A to Z"),
        ("/job-categories/", "Job categories"),
        ("/job-categories/healthcare/", "Job categories"),
        ("/explore-careers/", "Explore careers"),
        ("/saved-careers/", "Saved careers"),
    ],
)
def test_the_header_marks_the_section_a_page_is_in(seeded_site, page, path, section):
    page.goto(f"{seeded_site.url}{path}")
    navigation = page.get_by_role("navigation", name="Menu")
    current = navigation.locator("[aria-current]")
    assert current.count() == 1
    assert current.inner_text().strip() == section
    # Marked for sight too, not only for screen readers.
    item = navigation.locator(".govuk-service-navigation__item--active")
    assert item.inner_text().strip() == section


@pytest.mark.parametrize(
    ("typed", "lands_on"),
    [
        ("/job-profiles/HEALTH-RECORDS-CLERK/", "/job-profiles/health-records-clerk/"),
        ("/job-categories/HEALTHCARE/", "/job-categories/healthcare/"),
    ],
)
def test_an_address_in_capitals_lands_on_the_page(seeded_site, page, typed, lands_on):
    response = page.goto(f"{seeded_site.url}{typed}")
    assert response.status == 200
    assert page.url == f"{seeded_site.url}{lands_on}"
