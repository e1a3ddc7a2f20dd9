import logging
from collections import Counter

from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponsePermanentRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from choosing import facts
from discover import answers as codes
from discover.models import QUESTIONS_TAG, QuizCount, Step
from discover.quiz import Quiz, strength
from lib import page_cache
from lib.http import see_other
from lib.page_cache import ALL_CONTENT, tag_page
from profiles.models import JobProfile

logger = logging.getLogger(__name__)

RESULTS_PAGE_SIZE = 20
# About ten seconds a question: an estimate, not yet measured; the quiz's counts could say.
MINUTES_A_QUESTION = 1 / 6


def _count(step, page=0):
    """Count a step; a database that cannot be written loses a count, never the visitor's page."""
    try:
        # In a savepoint of its own: a failed count must not spoil any transaction around it.
        with transaction.atomic():
            QuizCount.record(step, page)
    except Exception:
        logger.exception("Could not count a quiz visit (%s %s)", step, page)


@require_safe
def start(request):
    quiz = Quiz.current()
    minutes = max(1, round(len(quiz.questions) * MINUTES_A_QUESTION))
    tag_page(request, QUESTIONS_TAG)
    return render(
        request,
        "discover/start.html",
        {"quiz": quiz, "minutes": minutes, "first_page": reverse("discover:questions", args=[1])},
    )


def _problem(request, error):
    return render(request, "discover/code_problem.html", {"error": error}, status=400)


def _questions_url(number, code):
    path = reverse("discover:questions", args=[number])
    # A code is letters and digits only: nothing in it needs quoting.
    return f"{path}?a={code}" if code else path


@never_cache
@require_safe
def questions(request, number):
    # Feedback records the page without the answers in its address.
    request.reported_path = reverse("discover:questions", args=[number])
    quiz = Quiz.current()
    page = quiz.page(number)
    if page is None:
        raise Http404("The quiz has no page with that number.")
    try:
        answers = quiz.kept(codes.decode(request.GET.get("a", "")))
    except codes.CodeError as error:
        return _problem(request, error)
    chosen, errors = dict(answers), []
    if "sent" in request.GET:
        for question in page:
            given = request.GET.get(f"q{question.pk}", "")
            if given.isascii() and given.isdigit() and int(given) in codes.VALUES:
                chosen[question.pk] = int(given)
            else:
                chosen.pop(question.pk, None)
                errors.append(question)
        if not errors:
            return _next(quiz, number, chosen)
    elif number == 1 and not answers:
        _count(Step.STARTED)
    context = {
        "quiz": quiz,
        "number": number,
        "questions": [
            {"question": q, "chosen": chosen.get(q.pk), "error": q in errors} for q in page
        ],
        "errors": errors,
        "code": codes.encode(answers),
        "scale": codes.SCALE,
        "back_url": _questions_url(number - 1, codes.encode(answers))
        if number > 1
        else reverse("discover:start"),
    }
    return render(request, "discover/questions.html", context)


def _next(quiz, number, answers):
    """After a page is answered: the next page, or the first left unanswered, or the results."""
    _count(Step.ANSWERED, number)
    code = codes.encode(answers)
    if number < len(quiz.pages):
        return see_other(_questions_url(number + 1, code))
    if (gap := quiz.first_unanswered_page(answers)) is not None:
        return see_other(_questions_url(gap, code))
    _count(Step.FINISHED)
    return see_other(reverse("discover:results", args=[code]))


# Any other query string is redirected to its canonical form, which alone is stored.
@page_cache.query_keys(any_key=True)
@require_safe
def results(request, code):
    request.reported_path = reverse("discover:any_results")
    try:
        given = codes.decode(code)
    except codes.CodeError as error:
        return _problem(request, error)
    quiz = Quiz.current()
    tag_page(request, ALL_CONTENT, QUESTIONS_TAG)
    kept = quiz.kept(given)
    retired, unanswered = quiz.retired(given), quiz.unanswered(kept)
    if retired or unanswered:
        context = {
            "kept": len(kept),
            "retired": retired,
            "unanswered": len(unanswered),
            "continue_url": _continue_url(quiz, kept, unanswered),
        }
        return render(request, "discover/changed.html", context)

    known = facts.current()
    levels = known.group("level")
    chosen_levels = levels.selected(request.GET)
    raw_page = request.GET.get("page", "1")
    page_number = int(raw_page) if raw_page.isascii() and raw_page.isdigit() else 1
    likes = quiz.likes(kept)
    everyone = likes.matching(known.scored)
    level_counts = Counter(map(known.levels.__getitem__, everyone.positions()))
    matched = everyone
    if chosen_levels:
        matched = everyone.within(lambda position: known.levels[position] in chosen_levels)
    paginator = Paginator(matched, RESULTS_PAGE_SIZE)
    page = paginator.get_page(page_number)
    canonical = _results_query(chosen_levels, page.number)
    if request.META.get("QUERY_STRING", "") != canonical.urlencode():
        return HttpResponsePermanentRedirect(_results_url(code, canonical))
    found = JobProfile.objects.for_explore().in_bulk([known.ids[p] for _, p in page.object_list])
    careers = []
    for match, position in page.object_list:
        profile = found.get(known.ids[position])
        if profile is None:  # unpublished since the facts were read
            continue
        profile.match_strength = strength(match)
        profile.match_reason = likes.reason(known.interests[position])
        careers.append(profile)
    page.object_list = careers
    context = {
        "likes": likes,
        "page": page,
        "total": paginator.count,
        "query": canonical,
        "levels": [
            {
                "id": f"level-{number}",
                "value": option.value,
                "label": option.label,
                "checked": option.value in chosen_levels,
                "count": level_counts[option.value],
            }
            for number, option in enumerate(levels.options, start=1)
        ],
        "chosen_levels": chosen_levels,
        "code": code,
        "results_url": request.build_absolute_uri(reverse("discover:results", args=[code])),
        "change_url": _questions_url(1, code),
    }
    return render(request, "discover/results.html", context)


def _continue_url(quiz, kept, unanswered):
    """Where answers still valid lead: the questions still to answer, or straight to results."""
    if unanswered:
        return _questions_url(quiz.first_unanswered_page(kept), codes.encode(kept))
    if kept:
        return reverse("discover:results", args=[codes.encode(kept)])
    return reverse("discover:start")  # no question is asked at all just now


def _results_query(levels, page):
    query = QueryDict(mutable=True)
    for value in levels:
        query.appendlist("level", value)
    if page > 1:
        query["page"] = str(page)
    return query


def _results_url(code, query):
    path = reverse("discover:results", args=[code])
    return f"{path}?{query.urlencode()}" if query else path
