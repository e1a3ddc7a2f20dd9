from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.db import DatabaseError
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from feedback.forms import FeedbackForm, UsefulForm
from feedback.models import PAGE_MAX_LENGTH, Feedback
from lib import rate_limit
from lib.http import see_other
from lib.same_site import is_cross_site, local_path
from profiles.models import JobProfile


def _url(name, **params):
    params = {key: value for key, value in params.items() if value}
    # "/" left as it is, so the page reads as a path in the address bar, as the banner's link does.
    return reverse(name) + (f"?{urlencode(params, safe='/')}" if params else "")


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _seconds_to_wait(request, scope, limit):
    """Count this request against the client's allowance; how long to wait if it is spent."""
    usage = rate_limit.count_request(
        request,
        scope=f"feedback:rate:{scope}",
        salt="feedback.client",
        limit=limit,
        window=settings.FEEDBACK_RATE_WINDOW,
    )
    return usage.retry_after if usage.exceeded else 0


def too_many_requests(request, wait):
    """The 429 page (or JSON for the page's own script), saying how long to wait."""
    minutes = max(1, -(-wait // 60))
    if _wants_json(request):
        response = JsonResponse({"error": "too_many_requests", "retry_after": wait}, status=429)
    else:
        response = render(request, "429.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(wait)
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def feedback_form(request):
    if request.method == "POST":
        if wait := _seconds_to_wait(request, "messages", settings.FEEDBACK_RATE_LIMIT_MESSAGES):
            return too_many_requests(request, wait)
        form = FeedbackForm(request.POST)
        if form.is_valid():
            form.save()
            return see_other(_url("feedback:thanks", page=form.cleaned_data["page"]))
    else:
        form = FeedbackForm(
            initial={
                "page": request.GET.get("page", ""),
                "kind": request.GET.get("kind", ""),
                "answer": request.GET.get("answer", ""),
            }
        )
    return render(
        request,
        "feedback/form.html",
        {
            "form": form,
            "is_problem": form.kind_value == Feedback.Kind.PROBLEM,
            "answered_no": request.GET.get("answered") == "no",
            "reported": _page_named(form.page_value),
        },
    )


def _page_named(path):
    """The page a visitor is telling us about, as the form names it: its title when it is a
    job profile, else its address; None when we do not know the page."""
    if not path:
        return None
    title = ""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        match = None
    if match is not None and match.view_name == "profiles:detail":
        try:
            profile = JobProfile.objects.published().filter(slug=match.kwargs["slug"]).first()
        except DatabaseError:
            profile = None  # the form still works without the database: name the address
        title = profile.title if profile else ""
    return {"path": path, "title": title}


@never_cache
@require_safe
def thanks(request):
    return render(
        request,
        "feedback/thanks.html",
        {"page": local_path(request.GET.get("page"), PAGE_MAX_LENGTH)},
    )


# Every public page carries this form and is cached whole for everyone, so it cannot hold a
# per-visitor CSRF token; is_cross_site() turns away what another site's page sends instead.
@csrf_exempt
@never_cache
@require_POST
def useful(request):
    if is_cross_site(request):
        return render(request, "feedback/cross_site.html", status=403)
    if wait := _seconds_to_wait(request, "answers", settings.FEEDBACK_RATE_LIMIT_ANSWERS):
        return too_many_requests(request, wait)
    form = UsefulForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "feedback/answer_not_recorded.html",
            {"page": form.cleaned_data.get("page", "")},
            status=400,
        )
    feedback = form.save()
    token = feedback.follow_up_token() if feedback.kind == Feedback.Kind.NOT_USEFUL else None
    if _wants_json(request):
        body = {"answer": form.cleaned_data["answer"]}
        if token:
            body["follow_up"] = token
        return JsonResponse(body, status=201)
    if feedback.kind == Feedback.Kind.USEFUL:
        return see_other(_url("feedback:thanks", page=feedback.page))
    return see_other(
        _url(
            "feedback:form",
            page=feedback.page,
            kind=Feedback.Kind.PROBLEM,
            answered="no",
            answer=token,
        )
    )
