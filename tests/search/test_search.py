"""Search behaviour. The same tests run on SQLite (default) and PostgreSQL (DATABASE_URL)."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from profiles.models import AlternativeTitle, JobProfile, Task
from search import engine
from search.models import Term


def titles(query, page=slice(0, 10)):
    return [profile.title for profile in engine.search(query).results[page]]


def test_exact_title_ranks_first_even_when_others_say_it_more(make_profile):
    make_profile(title="Care worker supervisor", summary="Care worker teams need a care worker.")
    other = make_profile(title="Care worker team leader", summary="Leads care worker teams.")
    other.alternative_titles.create(title="Senior care worker")
    make_profile(title="Care worker", summary="Helps people live at home.")
    assert titles("care worker")[0] == "Care worker"
    assert titles("  CARE   Worker ")[0] == "Care worker"
    # Counted once, though found both as an exact name and by its words.
    assert engine.search("care worker").results.count() == 3
    assert sorted(titles("care worker", slice(1, 10))) == [
        "Care worker supervisor",
        "Care worker team leader",
    ]


def test_exact_alternative_title_ranks_first(make_profile):
    make_profile(title="Joiner supervisor", summary="Supervises joiners.")
    carpenter = make_profile(title="Carpenter", summary="Makes things from wood.")
    carpenter.alternative_titles.create(title="Joiner")
    assert titles("joiner")[0] == "Carpenter"


def test_alternative_title_of_the_seed_ranks_first(seed):
    assert titles("Medical records clerk")[0] == "Health records clerk"
    assert titles("medical PA")[0] == "Medical secretary"


def test_title_outranks_alternative_titles_outrank_summary_outrank_tasks(make_profile):
    in_task = make_profile(title="Job four", summary="Nothing here.")
    Task.objects.create(profile=in_task, text="looking after falcons")
    make_profile(title="Job three", summary="Works with a falcon every day.")
    in_alternative = make_profile(title="Job two", summary="Nothing here.")
    in_alternative.alternative_titles.create(title="Falcon handler")
    make_profile(title="Falcon keeper", summary="Nothing here.")
    assert titles("falcon") == ["Falcon keeper", "Job two", "Job three", "Job four"]


@pytest.mark.parametrize("query", ["record", "records", "recording", "recorded"])
def test_word_endings_are_folded(make_profile, query):
    profile = make_profile(title="Archivist", summary="Keeps old papers.")
    Task.objects.create(profile=profile, text="recording what arrives")
    assert titles(query) == ["Archivist"]
    assert not engine.search(query).did_you_mean


@pytest.mark.parametrize(
    ("query", "slug", "corrected"),
    [
        ("helth recods clerk", "health-records-clerk", "health records clerk"),
        ("recptionist", "receptionist", "receptionist"),
        ("electrican", "electrician", "electrician"),
        ("clinical codr", "clinical-coder", "clinical coder"),
        ("nurce", "adult-nurse", "nurse"),
        ("plumbr", "plumber", "plumber"),
        ("secertary", "medical-secretary", "secretary"),
    ],
)
def test_a_misspelt_word_finds_the_profile_in_the_top_three_and_offers_a_correction(
    seed, query, slug, corrected
):
    found = engine.search(query)
    assert seed[slug] in found.results[0:3]
    assert found.did_you_mean == corrected


def test_did_you_mean_links_to_the_corrected_search(client, seed, text_of):
    response = client.get(reverse("search:results"), {"q": "helth recods"})
    assert "Did you mean health records?" in text_of(response)
    assert 'href="/search/?q=health%20records"' in response.content.decode()


def test_correct_words_get_no_correction(seed):
    assert engine.search("health records clerk").did_you_mean == ""
    assert engine.search("plumbing").did_you_mean == ""


def test_drafts_never_appear_in_results_suggestions_or_corrections(client, make_profile):
    draft = make_profile(title="Zymurgist", status=JobProfile.Status.DRAFT)
    draft.alternative_titles.create(title="Brewing scientist")
    Task.objects.create(profile=draft, text="fermenting quinces")
    assert engine.search("zymurgist").results.count() == 0
    assert engine.search("brewing scientist").results.count() == 0
    assert engine.search("quinces").results.count() == 0
    assert engine.search("zymurgest").did_you_mean == ""
    assert engine.suggest("zym") == []
    assert not Term.objects.filter(word__in=["zymurgist", "quinces"]).exists()
    response = client.get(reverse("search:suggestions"), {"q": "brew"})
    assert response.json() == {"suggestions": []}


def test_publishing_editing_and_unpublishing_show_in_search_at_once(make_profile):
    profile = make_profile(title="Falconer", status=JobProfile.Status.DRAFT)
    assert titles("falconer") == []

    profile.status = JobProfile.Status.PUBLISHED
    profile.save()
    assert titles("falconer") == ["Falconer"]

    profile.title = "Bird of prey handler"
    profile.save()
    assert titles("falconer") == []
    assert titles("prey") == ["Bird of prey handler"]

    profile.status = JobProfile.Status.DRAFT
    profile.save()
    assert titles("prey") == []
    assert not Term.objects.filter(word="prey").exists()


def test_editing_a_profiles_rows_shows_in_search_at_once(make_profile):
    profile = make_profile(title="Gardener")
    alternative = AlternativeTitle.objects.create(profile=profile, title="Groundskeeper")
    assert titles("groundskeeper") == ["Gardener"]
    alternative.title = "Horticulturist"
    alternative.save()
    assert titles("groundskeeper") == []
    assert titles("horticulturist") == ["Gardener"]
    task = Task.objects.create(profile=profile, text="pruning roses")
    assert titles("roses") == ["Gardener"]
    task.delete()
    assert titles("roses") == []
    assert not Term.objects.filter(word="roses").exists()


def test_deleting_a_profile_takes_it_and_its_words_out_of_the_index(make_profile):
    profile = make_profile(title="Thatcher")
    Task.objects.create(profile=profile, text="laying straw roofs")
    profile.delete()
    assert titles("thatcher") == []
    assert not Term.objects.filter(word__in=["thatcher", "straw"]).exists()


def test_vocabulary_counts_profiles_using_each_word(make_profile):
    first = make_profile(title="Beekeeper")
    make_profile(title="Beekeeper assistant")
    assert Term.objects.get(word="beekeeper").documents == 2
    first.status = JobProfile.Status.DRAFT
    first.save()
    assert Term.objects.get(word="beekeeper").documents == 1


def test_bulk_loaded_rows_are_indexed_when_the_transaction_commits(seed):
    # The seed loader writes rows with bulk_create, which sends no signals.
    assert titles("chippy") == ["Carpenter"]
    assert "Healthcare assistant" in titles("blood pressure")


def test_rebuilding_gives_the_same_index(seed):
    before = set(Term.objects.values_list("word", "documents", "in_names"))
    results = titles("records")
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert out.getvalue() == f"Indexed {len(seed)} published profiles.\n"
    assert set(Term.objects.values_list("word", "documents", "in_names")) == before
    assert titles("records") == results


def test_words_must_all_match_unless_none_would(seed):
    every_word = engine.search("health records manager").results
    assert every_word[0:1] == [seed["health-records-manager"]]
    assert every_word.count() < engine.search("manager").results.count()
    # "xylophone" matches nothing, so any word may match rather than nothing at all.
    assert "Health records manager" in titles("health xylophone")


def test_stop_words_alone_find_nothing_calmly(seed):
    found = engine.search("the and of")
    assert found.results.count() == 0


def test_restoring_an_old_version_shows_in_search_at_once(make_profile):
    import reversion
    from reversion.models import Version

    profile = make_profile(title="Cooper")
    with reversion.create_revision():
        reversion.add_to_revision(profile)
    profile.title = "Barrel maker"
    profile.save()
    assert titles("cooper") == []

    # django-reversion restores with raw saves, as fixtures load.
    Version.objects.get_for_object(profile).first().revision.revert()
    assert titles("cooper") == ["Cooper"]
    assert titles("barrel") == []
