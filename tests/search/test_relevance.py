"""Search quality, measured: the judged queries' figures may not fall below what was reached."""

import json
from collections import Counter

from profiles.models import JobProfile
from search import relevance


def test_the_judged_set_is_large_varied_and_names_only_real_profiles(db):
    every = relevance.judgements()
    slugs = {path.stem for path in (relevance.JUDGED.parents[1] / "profiles").glob("*.json")}
    assert len(every) >= 150
    assert len({j.query.casefold() for j in every}) == len(every)
    assert all(j.expected and set(j.expected) <= slugs for j in every)
    kinds = Counter(j.kind for j in every)
    assert set(kinds) >= {"title", "partial", "plural", "misspelling", "phrase", "activity"}
    assert set(kinds) >= {"acronym", "colloquial", "alternative"}
    held_out = sum(1 for j in every if j.set == "held-out")
    assert 0.2 <= held_out / len(every) <= 0.3
    assert {j.set for j in every} == set(relevance.SETS)


def test_held_out_queries_are_answered_at_least_as_well_as_before(seed):
    figures = relevance.measure_sets()
    held_out = figures["held-out"]
    report = json.dumps({name: vars(m) | {"misses": len(m.misses)} for name, m in figures.items()})
    assert held_out.success_at_3 >= relevance.FLOORS["success_at_3"], report
    assert held_out.success_at_1 >= relevance.FLOORS["success_at_1"], report


def test_a_name_holding_every_word_typed_comes_first(seed):
    for query in ("medical records", "health records clerk", "Health Records Clerk"):
        assert relevance.ranked_slugs(query)[0] == "health-records-clerk", query


def test_measuring_counts_a_miss_as_a_miss(seed):
    judged = [
        relevance.Judgement("health records clerk", ("health-records-clerk",), "tuning", "title"),
        relevance.Judgement("health records clerk", ("roofer",), "tuning", "title"),
    ]
    figures = relevance.measure(judged)
    assert figures.success_at_1 == 0.5 and figures.success_at_3 == 0.5
    assert figures.misses[0][0] == "health records clerk" and figures.misses[0][1] == ("roofer",)
    assert JobProfile.objects.filter(slug="roofer").exists()
