from collections.abc import Sequence

from django.core.paginator import EmptyPage, Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse

from api import openapi as openapi_document
from api.http import ApiError, api_view, json_response
from choosing import facts, filters
from lib import page_cache
from profiles import interchange
from profiles.models import JobProfile
from search import engine as search_engine
from search import text as search_text

PAGE_SIZE = 50
SUMMARY_FIELDS = ("slug", "title", "content_updated")
# Longer queries than this are mistakes or abuse; the site's search reads no further either.
MAX_QUERY_LENGTH = search_text.MAX_QUERY_LENGTH


def _summary(request, profile):
    return {
        "slug": profile.slug,
        "title": profile.title,
        "url": request.build_absolute_uri(profile.get_absolute_url()),
        "api_url": request.build_absolute_uri(
            reverse("api:profile", kwargs={"slug": profile.slug})
        ),
        "content_updated": profile.content_updated.isoformat(),
    }


def _page_number(request):
    raw = request.GET.get("page", "1")
    if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
        raise ApiError(400, "page must be a whole number from 1.")
    return int(raw)


def _page_link(request, number):
    query = request.GET.copy()
    query["page"] = number
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def _paginated(request, profiles):
    """One page of profile summaries, with links to the pages either side.

    profiles is a queryset, or anything else Paginator can count and slice that gives profiles.
    """
    number = _page_number(request)
    page_size = PAGE_SIZE
    if isinstance(profiles, QuerySet):
        profiles = profiles.only(*SUMMARY_FIELDS)
    paginator = Paginator(profiles, page_size)
    try:
        page = paginator.page(number)
    except EmptyPage as error:
        raise ApiError(
            404, f"There is no page {number}; the last page is {paginator.num_pages}."
        ) from error
    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "page_size": page_size,
        "next": _page_link(request, number + 1) if page.has_next() else None,
        "previous": _page_link(request, number - 1) if page.has_previous() else None,
        "results": [_summary(request, profile) for profile in _with_summary_fields(page)],
    }


def _with_summary_fields(page):
    """The page's profiles, read again in one query if they lack a field a summary shows."""
    profiles = list(page)
    if all(not (set(SUMMARY_FIELDS) & p.get_deferred_fields()) for p in profiles):
        return profiles
    found = JobProfile.objects.only(*SUMMARY_FIELDS).in_bulk([p.pk for p in profiles])
    return [found[p.pk] for p in profiles if p.pk in found]


@page_cache.query_keys(*filters.PARAMETERS)
@api_view
def profile_list(request):
    # The explore page's filters, read and applied by the same code.
    selection = filters.Selection(request.GET, facts.current())
    if problems := selection.problems(request.GET):
        raise ApiError(400, " ".join(problems))
    if unknown := selection.unknown_categories(request.GET):
        raise ApiError(
            404, f"There is no category with the slug {unknown[0][:100]!r}; see /job-categories/."
        )
    return json_response(_paginated(request, _InOrder(selection.profile_ids())))


class _InOrder(Sequence):
    """Profiles by id, in the order given, read a page at a time as Paginator slices them."""

    def __init__(self, ids):
        self.ids = ids

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        ids = self.ids[index] if isinstance(index, slice) else [self.ids[index]]
        found = JobProfile.objects.only(*SUMMARY_FIELDS).in_bulk(ids)
        profiles = [found[pk] for pk in ids if pk in found]
        return profiles if isinstance(index, slice) else profiles[0]


@api_view
def profile_detail(request, slug):
    queryset = interchange.with_format_rows(JobProfile.objects.published())
    profile = queryset.filter(slug=slug).first()
    if profile is None:
        raise ApiError(404, f"No published job profile has the slug {slug!r}.")
    document = interchange.profile_to_dict(profile, public=True)
    links = _summary(request, profile)
    return json_response(
        {"slug": profile.slug, "url": links["url"], "api_url": links["api_url"], **document}
    )


@page_cache.query_keys("q", "page")
@api_view
def search(request):
    # Checked as the OpenAPI document says (present, 1 to 200 characters) and no further: what
    # counts as a word is the search's business, and a query of none simply finds nothing.
    query = request.GET.get("q", "")
    if not query:
        raise ApiError(400, "q is required: give some words to search for.")
    if len(query) > MAX_QUERY_LENGTH:
        raise ApiError(400, f"q must be at most {MAX_QUERY_LENGTH} characters.")
    # The site's own search: the same results, in the same order, as /search/ shows.
    found = search_engine.search(query)
    page = _paginated(request, found.results if found.results is not None else [])
    return json_response({"query": found.query, "did_you_mean": found.did_you_mean or None, **page})


@api_view
def openapi(request):
    return json_response(openapi_document.document())


@api_view
def not_found(request, path=""):
    raise Http404("There is nothing at this address in the API; see /api/openapi.json.")
