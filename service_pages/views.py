from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from lib import cookies, page_cache
from service_pages.models import ServicePage


@require_safe
def page(request, slug):
    service_page = get_object_or_404(ServicePage, slug=slug)
    page_cache.tag_page(request, service_page.cache_tag)
    context = {"page": service_page}
    if slug == ServicePage.Slug.COOKIES:
        # From the code's own list, so the page names every cookie the site can set.
        context["cookies"] = cookies.declared()
    return render(request, "service_pages/page.html", context)
