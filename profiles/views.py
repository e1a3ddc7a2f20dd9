from functools import wraps
from string import ascii_uppercase

from django.core.exceptions import BadRequest, PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from lib import page_cache
from lib.http import see_other
from lib.same_site import is_cross_site, local_path
from profiles import layout
from profiles.cache import profile_tag
from profiles.models import Category, JobProfile, LayoutUptake, SlugRedirect


@require_safe
def home(request):
    categories = Category.objects.with_profile_counts().filter(profile_count__gt=0)
    return render(request, "profiles/home.html", {"categories": categories})


# Long enough to scan, short enough for a phone; a letter can hold hundreds of profiles.
LIST_PAGE_SIZE = 50


@page_cache.query_keys("letter", "page")
@require_safe
def a_to_z(request):
    initials = JobProfile.objects.initials()
    letters = [{"letter": letter, "found": letter in initials} for letter in ascii_uppercase]
    letter = request.GET.get("letter", "").upper()
    if len(letter) != 1 or letter not in ascii_uppercase:
        # No letter, or not a letter: start at the first letter that has profiles.
        letter = min(initials & set(ascii_uppercase), default="A")
    profiles = JobProfile.objects.for_listing().starting_with(letter)
    page = Paginator(profiles, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "profiles/a_to_z.html", {"letters": letters, "letter": letter, "page": page}
    )


@require_safe
def category_list(request):
    categories = Category.objects.with_profile_counts()
    return render(request, "profiles/categories.html", {"categories": categories})


@page_cache.query_keys("page")
@require_safe
def category_detail(request, slug):
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        # Typed in capitals, as people copy addresses from print: the category's own address.
        lower = Category.objects.filter(slug=slug.lower()).first() if slug != slug.lower() else None
        if lower is None:
            raise Http404("There is no category with this address.")
        query = request.META.get("QUERY_STRING")
        return HttpResponsePermanentRedirect(
            lower.get_absolute_url() + (f"?{query}" if query else "")
        )
    profiles = JobProfile.objects.for_listing().filter(categories=category)
    # Counted as profiles change, not at every request (45 ms of 100 at 100,000 profiles).
    paginator = Paginator(profiles, LIST_PAGE_SIZE)
    paginator.count = category.published_count
    page = paginator.get_page(request.GET.get("page"))
    crumbs = [{"url": reverse("profiles:categories"), "label": "Job categories"}]
    return render(
        request, "profiles/category.html", {"category": category, "page": page, "crumbs": crumbs}
    )


def _redirect_renamed(view):
    """Answer a slug that is no published profile's own, but leads to one, with a permanent
    redirect to the profile's current address."""

    @wraps(view)
    def view_or_redirect(request, slug):
        try:
            return view(request, slug)
        except Http404:
            profile = _redirect_target(slug)
            if profile is None:
                raise
            query = request.META.get("QUERY_STRING")
            url = profile.get_absolute_url() + (f"?{query}" if query else "")
            return HttpResponsePermanentRedirect(url)

    return view_or_redirect


def _redirect_target(slug):
    """Where a slug leads: a renamed profile's current address, or, for a slug typed in
    capitals (as people copy it from print), the profile it names in lower case."""
    old = SlugRedirect.objects.to_published().filter(old_slug=slug).first()
    if old is not None:
        return old.profile
    lower = slug.lower()
    if lower == slug:
        return None
    return JobProfile.objects.published().filter(slug=lower).first() or _redirect_target(lower)


@require_safe
@_redirect_renamed
def profile_detail(request, slug):
    improved = layout.chosen(request) == layout.IMPROVED
    profiles = JobProfile.objects.published().for_profile_page(improved=improved)
    profile = get_object_or_404(profiles, slug=slug)
    # Cached until this profile (or one it links to) changes, not whenever any content changes.
    page_cache.tag_page(request, profile_tag(profile.pk))
    response = layout.render_profile(request, profile, improved=improved)
    # Both layouts share this URL. The page cache keys the original on the layout cookie (see
    # profiles.layout.page_cache_variant) and adds Vary: Cookie; the improved page, a visitor's
    # own choice, stays out of every shared cache, since some CDNs ignore Vary.
    if improved:
        patch_vary_headers(response, ["Cookie"])
        patch_cache_control(response, private=True, max_age=0)
    return response


# No CSRF token: a token in the form would make every profile page different for every visitor
# and so uncacheable, and all a forged post could do is switch someone's layout. Cross-site posts
# are still refused, by the browser's own Sec-Fetch-Site, Origin and Referer headers.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def choose_layout(request):
    next_path = request.POST.get("next") or request.GET.get("next")
    back = local_path(next_path) or reverse("profiles:home")
    if request.method != "POST":
        # Following or reloading this address changes nothing; only the form's button does.
        return redirect(back)
    if is_cross_site(request):
        raise PermissionDenied("The page layout can only be changed from this site.")
    wanted = request.POST.get("layout")
    if wanted not in layout.LAYOUTS:
        raise BadRequest("Choose the original or the improved layout.")
    if wanted != layout.chosen(request):
        LayoutUptake.record(improved=wanted == layout.IMPROVED)
    response = see_other(back)
    layout.remember(response, request, wanted)
    return response
