"""What to request: the rows' addresses and the mixed traffic, chosen by asking Django."""

import json
import math
import os
import subprocess
import sys
from urllib.parse import urlencode

from . import PYTHON, ROOT

ENTRY = ROOT / "scripts" / "bench.py"


def planned(env):
    """plan(), run by the entry point in a process of its own, in the benchmark's environment."""
    result = subprocess.run(
        [PYTHON, str(ENTRY), "plan"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def explore_paths(rng, ticked, count=50):
    """Canonical explore addresses with options ticked in `ticked` different groups."""
    from django.http import QueryDict
    from django.urls import reverse

    from choosing import facts, filters

    known = facts.current()
    groups = [group for group in known.groups if group.name != "salary" or ticked > 4]
    paths = set()
    while len(paths) < count:
        params = QueryDict(mutable=True)
        for group in rng.sample(groups, ticked):
            values = [option.value for option in group.options if option.value]
            for value in rng.sample(values, 1 if group.single else min(2, len(values))):
                params.appendlist(group.name, value)
        query = filters.Selection(params, known).query().urlencode()
        paths.add(f"{reverse('choosing:explore')}?{query}")
    return sorted(paths)


def quiz_paths(rng, count=50, levels=()):
    """Results addresses for answer sets drawn at random (none all the same), and a page of
    questions carrying answers to the ones before it."""
    from django.urls import reverse

    from discover import answers
    from discover.quiz import Quiz

    quiz = Quiz.current()
    results = set()
    while len(results) < count:
        given = {q.pk: rng.randint(1, 5) for q in quiz.questions}
        if len(set(given.values())) > 1:
            query = "&".join(f"level={level}" for level in levels)
            path = reverse("discover:results", args=[answers.encode(given)])
            results.add(f"{path}?{query}" if query else path)
    earlier = {q.pk: 4 for page in quiz.pages[:2] for q in page}
    question_page = f"{reverse('discover:questions', args=[3])}?a={answers.encode(earlier)}"
    return sorted(results), [question_page]


def plan():
    """What to request: run in the benchmark's environment, with Django set up."""
    import random
    from collections import Counter

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careers_site.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.templatetags.static import static as static_url
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.urls import reverse

    from profiles.models import Category, JobProfile
    from profiles.views import LIST_PAGE_SIZE
    from search import text
    from search.models import Term

    rng = random.Random(9)
    published = JobProfile.objects.published()
    slugs = list(published.order_by("pk").values_list("slug", flat=True))
    titles = list(published.values_list("title", flat=True))

    def profile_paths(count):
        return [reverse("profiles:detail", args=[slug]) for slug in rng.sample(slugs, count)]

    def pages(url, count, **query):
        return [
            f"{url}?" + "&".join([*(f"{k}={v}" for k, v in query.items()), f"page={n}"])
            for n in range(1, math.ceil(count / LIST_PAGE_SIZE) + 1)
        ]

    def search(*queries):
        # Encoded as a browser sends them: http.client refuses an address with "é" in it.
        return [f"{reverse('search:results')}?{urlencode({'q': q})}" for q in queries]

    letter, in_letter = Counter(title[0].upper() for title in titles).most_common(1)[0]
    category = Category.objects.with_profile_counts().order_by("-profile_count").first()
    a_to_z = pages(reverse("profiles:a_to_z"), in_letter, letter=letter)
    in_category = pages(category.get_absolute_url(), category.profile_count)
    # Words from job titles used by the most profiles, and titles shared by the most profiles.
    common = [
        term.word
        for term in Term.objects.filter(in_names__gt=0).order_by("-documents")[:20]
        if len(term.word) >= 6
    ][:5]
    two_words = [title.lower() for title, _ in Counter(titles).most_common(5)]
    known = set(Term.objects.values_list("word", flat=True))
    # One letter left out of the middle, as a hurried typist does; never another real word.
    misspelt = [
        typo
        for word in common
        for typo in [word[: len(word) // 2] + word[len(word) // 2 + 1 :]]
        if typo not in known and text.allowed_edits(typo)
    ]
    if not (common and two_words and misspelt):
        raise SystemExit("The catalogue has too few words in its titles to search for.")
    explore_two, explore_five = explore_paths(rng, 2), explore_paths(rng, 5)
    compare_three = [
        f"{reverse('choosing:compare')}?{urlencode([('p', s) for s in rng.sample(slugs, 3)])}"
        for _ in range(50)
    ]
    # A shortlist opened from its link: the same page as one read from the cookie.
    saved_thirty = [
        f"{reverse('choosing:saved')}?{urlencode([('p', s) for s in rng.sample(slugs, 30)])}"
        for _ in range(20)
    ]
    quiz_results, quiz_questions = quiz_paths(rng)
    quiz_two_levels, _ = quiz_paths(rng, levels=("none", "gcse"))
    static = static_url("dist/careers.css")  # hashed, as pages link it
    warm_profiles = profile_paths(min(100, len(slugs)))
    rows = [
        ("static file (floor)", True, [static], None),
        ("/healthz", True, [reverse("healthz")], None),
        ("profile page, warm cache", True, warm_profiles, "warm"),
        (f"search ‘{common[0]}’ …, cached", True, search(*common), "warm"),
        (f"A–Z, letter {letter}, cached", True, a_to_z, "warm"),
        (f"category ‘{category.name}’, cached", True, in_category, "warm"),
        ("explore, two filters, cached", True, explore_two, "warm"),
        ("static file (floor)", False, [static], None),
        ("profile page, caching off", False, profile_paths(min(2000, len(slugs))), None),
        ("explore, two filters", False, explore_two, None),
        ("explore, five filters", False, explore_five, None),
        ("compare, three careers", False, compare_three, None),
        ("saved careers, 30", False, saved_thirty, None),
        ("start page (category counts)", False, [reverse("profiles:home")], None),
        ("privacy notice (a service page)", False, [reverse("service_pages:privacy")], None),
        ("quiz start page", False, [reverse("discover:start")], None),
        ("quiz, a page of questions", False, quiz_questions, None),
        ("quiz results, every level", False, quiz_results, None),
        ("quiz results, two levels", False, quiz_two_levels, None),
        (f"search, common word: {', '.join(common[:2])} …", False, search(*common), None),
        (f"search, two words: {', '.join(two_words[:2])} …", False, search(*two_words), None),
        (f"search, misspelt: {', '.join(misspelt[:2])} …", False, search(*misspelt), None),
        (f"A–Z, letter {letter} ({in_letter:,} profiles)", False, a_to_z, None),
        (
            f"category ‘{category.name}’ ({category.profile_count:,} profiles)",
            False,
            in_category,
            None,
        ),
    ]

    client = Client()

    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        return len(captured)

    plans = []
    for name, page_cache, paths, warm in rows:
        seconds = settings.PAGE_CACHE_SECONDS if page_cache else 0
        counts = set()
        with override_settings(PAGE_CACHE_SECONDS=seconds):
            for path in paths[:5]:
                cache.clear()
                cold = queries(path)
                counts.add((cold, queries(path)) if page_cache else (cold,))
        plans.append(
            {
                "name": name,
                "page_cache": page_cache,
                "paths": paths,
                "warm": warm == "warm",
                "queries": sorted(counts),
            }
        )
    # Traffic as a site sees it: mostly popular profiles (served from the cache), a long tail
    # of others (rendered), and lists and searches; 10,000 requests in all.
    long_tail = profile_paths(min(2000, len(slugs)))
    lists = [*search(*common, *two_words, *misspelt), *a_to_z, *in_category]
    mixed = [
        rng.choice(warm_profiles if roll < 0.7 else long_tail if roll < 0.9 else lists)
        for roll in (rng.random() for _ in range(10_000))
    ]
    return {
        "rows": plans,
        "mixed": mixed,
        "profile_page": reverse("profiles:detail", args=["health-records-clerk"]),
        "published": len(slugs),
    }
