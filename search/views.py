from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from lib import page_cache
from search import counting, engine

# The count the page found, for counting a search answered from the page cache too.
RESULTS_HEADER = "X-Search-Results"


@page_cache.query_keys("q", "page")
@require_safe
def results(request):
    found = engine.search(request.GET.get("q", ""))
    page = None
    if found.results is not None:
        found.results.expect_page(request.GET.get("page"), engine.RESULTS_PER_PAGE)
        paginator = Paginator(found.results, engine.RESULTS_PER_PAGE)
        page = paginator.get_page(request.GET.get("page"))
    context = {"search": found, "page": page, "canonical_path": _canonical_path(found, page)}
    response = render(request, "search/results.html", context)
    if found.query:
        count = page.paginator.count if page is not None else 0
        response[RESULTS_HEADER] = str(count)
        if _first_page(request):
            counting.record(found.query, count)
    return response


def _first_page(request):
    # A visitor reading page 2 searched once, not twice.
    return request.GET.get("page", "1") in ("", "1")


def counted_from_cache(sender, request, answer, **kwargs):
    """A served_from_cache receiver: a search answered from the page cache counts too."""
    count = answer.header(RESULTS_HEADER)
    if count is None or not _first_page(request):
        return
    if request.GET.get("q", "").strip() and request.path == reverse("search:results"):
        counting.record(request.GET["q"], int(count))


def _canonical_path(found, page):
    """The one address of these results: the words searched for and the page after the first.

    Tracking parameters, spacing and page=1 would otherwise make one page many to a search engine.
    """
    params = {}
    if query := " ".join(found.query.split()):
        params["q"] = query
    if page is not None and page.number > 1:
        params["page"] = page.number
    path = reverse("search:results")
    return f"{path}?{urlencode(params)}" if params else path


@page_cache.query_keys("q")
@require_safe
def suggestions(request):
    return JsonResponse({"suggestions": engine.suggest(request.GET.get("q", ""))})
