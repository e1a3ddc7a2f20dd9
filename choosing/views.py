from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from choosing import comparing, facts, filters, shortlist
from lib import page_cache
from lib.http import see_other
from lib.same_site import is_cross_site, local_path
from profiles.models import JobProfile


# Any other query string is redirected to its canonical form, which alone is stored.
@page_cache.query_keys(any_key=True)
@require_safe
def explore(request):
    selection = filters.Selection(request.GET, facts.current())
    paginator = Paginator(selection.profile_ids(), filters.PAGE_SIZE)
    page = paginator.get_page(selection.page)
    selection.page = page.number
    # One address for each combination: the page cache keeps one copy, search engines one page.
    canonical = selection.query().urlencode()
    if request.META.get("QUERY_STRING", "") != canonical:
        return HttpResponsePermanentRedirect(_explore_url(canonical))
    found = JobProfile.objects.for_explore().in_bulk(page.object_list)
    # A profile unpublished since the facts were read is simply not shown.
    page.object_list = [found[pk] for pk in page.object_list if pk in found]
    total = paginator.count
    context = {
        "selection": selection,
        "page": page,
        "total": total,
        "fields": selection.fields(selection.option_counts()),
        "loosening": selection.loosening() if total == 0 else [],
        "query": selection.query(),
        "sorts": list(filters.SORTS.items()),
        "clear_url": reverse("choosing:explore"),
        "remove_urls": _remove_urls(selection),
    }
    return render(request, "choosing/explore.html", context)


def _explore_url(query):
    path = reverse("choosing:explore")
    return f"{path}?{query}" if query else path


def _remove_urls(selection):
    """For each chosen option, the address with it unticked (the "selected filters" links)."""
    return [
        {
            "group": group,
            "value": value,
            "label": group.label(value),
            "url": _explore_url(selection.query(without=(group.name, value), page=1).urlencode()),
        }
        for group in selection.active_groups
        for value in selection.chosen[group.name]
    ]


@require_safe
def compare(request):
    comparison = comparing.Comparison(request.GET.getlist("p"))
    response = render(
        request,
        "choosing/compare.html",
        {"comparison": comparison},
        status=comparison.status,
    )
    if not comparison.problems:
        # "Add to compare" elsewhere adds to what this visitor is comparing now.
        comparing.remember(response, request, comparison.slugs)
    response["Cache-Control"] = "private, no-cache"
    return response


@csrf_exempt
@never_cache
@require_POST
def add_to_compare(request):
    _refuse_cross_site(request)
    slug = _posted_slug(request)
    return redirect(comparing.url_for([*comparing.remembered(request), slug]))


@never_cache
@require_safe
def saved(request):
    shared = request.GET.getlist("p")
    slugs = shortlist.clean(shared) if shared else shortlist.read(request)
    profiles = shortlist.profiles(slugs)
    context = {
        "profiles": profiles,
        "shared": bool(shared),
        "share_url": request.build_absolute_uri(shortlist.url_for([p.slug for p in profiles])),
        "limit": shortlist.LIMIT,
        "missing": len(slugs) - len(profiles),
    }
    return render(request, "choosing/saved.html", context)


@csrf_exempt
@never_cache
@require_POST
def save(request):
    _refuse_cross_site(request)
    slug = _posted_slug(request)
    slugs = shortlist.read(request)
    if slug not in slugs and len(slugs) >= shortlist.LIMIT:
        return render(request, "choosing/saved_full.html", {"limit": shortlist.LIMIT}, status=400)
    return _back(request, shortlist.with_added(slugs, slug))


@csrf_exempt
@never_cache
@require_POST
def remove(request):
    _refuse_cross_site(request)
    slug = request.POST.get("slug", "")
    return _back(request, [s for s in shortlist.read(request) if s != slug])


@csrf_exempt
@never_cache
@require_POST
def keep_shared(request):
    """Keep a shared list (one opened from its link) on this device, added to its own."""
    _refuse_cross_site(request)
    slugs = shortlist.read(request)
    for slug in shortlist.clean(request.POST.getlist("p")):
        slugs = shortlist.with_added(slugs, slug)
    response = see_other(reverse("choosing:saved"))
    shortlist.write(response, request, slugs[: shortlist.LIMIT])
    return response


def _refuse_cross_site(request):
    if is_cross_site(request):
        raise PermissionDenied("Careers can only be saved or compared from this site.")


def _posted_slug(request):
    """The published profile a form names; anything else is a 404 page, changing nothing."""
    slug = request.POST.get("slug", "")
    profile = JobProfile.objects.published().filter(slug=slug).only("slug").first()
    if profile is None:
        raise Http404("There is no published job profile with that address.")
    return profile.slug


def _back(request, slugs):
    """Back to the page the visitor was on (a form's next), with the list as it now is."""
    back = local_path(request.POST.get("next")) or reverse("choosing:saved")
    response = see_other(back)
    shortlist.write(response, request, slugs)
    return response
