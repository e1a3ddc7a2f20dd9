from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from search import engine


@require_safe
def results(request):
    found = engine.search(request.GET.get("q", ""))
    page = None
    if found.results is not None:
        found.results.expect_page(request.GET.get("page"), engine.RESULTS_PER_PAGE)
        paginator = Paginator(found.results, engine.RESULTS_PER_PAGE)
        page = paginator.get_page(request.GET.get("page"))
    context = {"search": found, "page": page, "canonical_path": _canonical_path(found, page)}
    return render(request, "search/results.html", context)


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


@require_safe
def suggestions(request):
    return JsonResponse({"suggestions": engine.suggest(request.GET.get("q", ""))})
