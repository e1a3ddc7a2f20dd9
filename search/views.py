from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
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
    return render(request, "search/results.html", {"search": found, "page": page})


@require_safe
def suggestions(request):
    return JsonResponse({"suggestions": engine.suggest(request.GET.get("q", ""))})
