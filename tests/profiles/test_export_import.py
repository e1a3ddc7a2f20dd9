import copy
import json
import re

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError

from profiles import interchange, synthetic
from profiles.models import Category, JobProfile, RelatedCareer, SlugRedirect


def export(tmp_path, name="export.json"):
    path = tmp_path / name
    call_command("export_profiles", str(path), "--no-progress")
    return path


def empty_the_database():
    # Every table emptied at once, as a new site's would be (and without a signal for each row).
    call_command("flush", interactive=False, verbosity=0)


def import_file(path, *args):
    call_command("import_profiles", str(path), "--no-progress", *args)


def write_document(tmp_path, document, name="import.json"):
    path = tmp_path / name
    path.write_text(interchange.dumps(document), encoding="utf-8")
    return path


@pytest.fixture
def small_site(db):
    """A few synthetic profiles, imported: quicker to set up than the whole seed."""
    interchange.write(interchange.parse_document(synthetic.catalogue(6, seed=3)))
    return {p.slug: p for p in JobProfile.objects.all()}


FIRST = "synthetic-00001"


# Committed for real, so the database can be emptied as a new site's is (PostgreSQL will not
# truncate tables inside the test's transaction).
@pytest.mark.django_db(transaction=True)
def test_the_seed_fixtures_survive_export_and_import_unchanged(seed_content, tmp_path):
    first = export(tmp_path, "first.json")
    empty_the_database()
    assert not JobProfile.objects.exists()
    import_file(first)
    second = export(tmp_path, "second.json")
    assert second.read_bytes() == first.read_bytes()
    assert JobProfile.objects.count() == len(seed_content)


def test_a_seed_fixture_is_a_profile_in_the_export_format(seed_content):
    exported = {p["slug"]: p for p in interchange.export_catalogue()["profiles"]}
    for path in sorted((settings.BASE_DIR / "fixtures" / "profiles").glob("*.json")):
        fixture = json.loads(path.read_text(encoding="utf-8"))
        profile = exported[fixture["slug"]]
        fixture["categories"] = sorted(fixture.get("categories", []))
        # The seed gives opportunities' dates as days from the day it is loaded, so they stay
        # current; the site, and so the export, keeps the dates themselves.
        for opportunity in fixture.get("opportunities", []):
            for relative in ("closes_in_days", "starts_in_days"):
                opportunity.pop(relative, None)
        assert_written_as(fixture, profile, path.name)


def assert_written_as(given, exported, where):
    """Every key given is exported with the same value; keys left out take defaults."""
    if isinstance(given, dict):
        assert isinstance(exported, dict), where
        assert set(given) <= set(exported), f"{where}: {set(given) - set(exported)}"
        for key, value in given.items():
            assert_written_as(value, exported[key], f"{where}.{key}")
    elif isinstance(given, list):
        assert isinstance(exported, list) and len(given) == len(exported), where
        for index, (value, written) in enumerate(zip(given, exported, strict=True)):
            assert_written_as(value, written, f"{where}[{index}]")
    else:
        assert given == exported, where


# Committed for real, so the database can be emptied as a new site's is (PostgreSQL will not
# truncate tables inside the test's transaction).
@pytest.mark.django_db(transaction=True)
def test_a_thousand_generated_profiles_survive_export_and_import_unchanged(db, tmp_path):
    generated = synthetic.catalogue(1000, seed=7)
    import_file(write_document(tmp_path, generated, "generated.json"))
    assert JobProfile.objects.count() == 1000
    first = export(tmp_path, "first.json")
    # Everything generated was written, exactly as generated.
    assert json.loads(first.read_text(encoding="utf-8")) == generated

    empty_the_database()
    import_file(first)
    second = export(tmp_path, "second.json")
    assert second.read_bytes() == first.read_bytes()


def test_generated_profiles_use_every_part_of_the_format(db):
    profiles = synthetic.catalogue(200, seed=1)["profiles"]
    for key in interchange.ROW_LISTS:
        assert any(p[key] for p in profiles), key
    for key in ("related_careers", "categories", "restrictions", "tasks_more", "soc_code"):
        assert any(p[key] for p in profiles), key
    assert {p["status"] for p in profiles} == {"draft", "published"}


def test_the_format_carries_every_field_of_every_profile_row():
    """A field added to a profile's models fails here until the format carries it or says why."""
    in_format = set(interchange.PROFILE_FIELDS.values()) | set(interchange.NOT_IN_FORMAT)
    concrete = {f.name for f in JobProfile._meta.concrete_fields}
    assert concrete == in_format

    handled = {*interchange.ROW_LISTS, "related_to", "related_from", "categories"}
    handled |= set(interchange.RELATIONS_NOT_IN_FORMAT)
    relations = {
        relation.get_accessor_name()
        for relation in JobProfile._meta.related_objects
        if not (relation.related_name or "").endswith("+")
    }
    relations |= {f.name for f in JobProfile._meta.many_to_many if f.name != "related_careers"}
    assert relations <= handled, relations - handled

    for key, spec in interchange.ROW_LISTS.items():
        own = {
            f.name
            for f in spec.model._meta.concrete_fields
            if not f.primary_key and f.name != "profile"
        }
        own -= {"position", "created_at", "modified_at"}  # order is list order; times are ours
        assert own == set(spec.fields), key


def test_categories_and_their_fields_are_exported(small_site):
    exported = interchange.export_catalogue()["categories"]
    assert [c["slug"] for c in exported] == sorted(Category.objects.values_list("slug", flat=True))
    assert set(exported[0]) == {"slug", "name", "description"}


def test_export_writes_to_standard_output_with_a_dash(small_site, capsys):
    call_command("export_profiles", "-", "--no-progress")
    document = json.loads(capsys.readouterr().out)
    assert document["format"] == interchange.FORMAT_NAME
    assert {p["slug"] for p in document["profiles"]} == set(small_site)


def test_import_updates_profiles_already_here_and_replaces_their_rows(seed_content, tmp_path):
    document = interchange.export_catalogue()
    clerk = next(p for p in document["profiles"] if p["slug"] == "health-records-clerk")
    clerk["summary"] = "A new summary."
    clerk["skills"] = ["one skill"]
    clerk["related_careers"] = ["medical-secretary"]
    import_file(write_document(tmp_path, document))
    profile = JobProfile.objects.get(slug="health-records-clerk")
    assert profile.summary == "A new summary."
    assert [s.text for s in profile.skills.all()] == ["one skill"]
    assert list(profile.related_to.values_list("to_profile__slug", flat=True)) == [
        "medical-secretary"
    ]
    assert JobProfile.objects.count() == len(seed_content)


def test_import_leaves_profiles_the_file_does_not_name_alone(small_site, tmp_path):
    before = interchange.export_catalogue()
    document = copy.deepcopy(before)
    document["profiles"] = [p for p in document["profiles"] if p["slug"] == FIRST]
    document["profiles"][0]["related_careers"] = []
    import_file(write_document(tmp_path, document))
    after = interchange.export_catalogue()
    assert JobProfile.objects.count() == len(small_site)
    assert after["profiles"][1:] == before["profiles"][1:]
    assert after["profiles"][0]["related_careers"] == []


def test_a_related_career_may_be_a_profile_already_on_the_site(seed_content, tmp_path):
    document = synthetic.catalogue(1)
    document["profiles"][0]["related_careers"] = ["health-records-clerk"]
    import_file(write_document(tmp_path, document))
    new = JobProfile.objects.get(slug=document["profiles"][0]["slug"])
    assert [p.slug for p in new.related_careers.all()] == ["health-records-clerk"]


def test_a_dry_run_checks_and_counts_but_changes_nothing(small_site, tmp_path, capsys):
    before = interchange.export_catalogue()
    document = synthetic.catalogue(8, seed=5)
    import_file(write_document(tmp_path, document), "--dry-run")
    out = capsys.readouterr().out
    assert "Would import 8 profiles (2 new, 6 updated)" in out
    assert "nothing changed (dry run)" in out
    assert interchange.export_catalogue() == before


def test_a_large_file_shows_a_progress_bar(db, tmp_path, capsys):
    path = write_document(tmp_path, synthetic.catalogue(250))
    call_command("import_profiles", str(path))
    err = capsys.readouterr().err
    assert "Checking [##############################] 250/250" in err
    assert "Writing [" in err


def _seed_document():
    document = interchange.export_catalogue()
    # A good new profile first, so a half-done import would be seen.
    good = synthetic.catalogue(1)["profiles"][0]
    good.update(slug="brand-new-job", old_slugs=[], categories=[], related_careers=[])
    document["profiles"].insert(0, good)
    return document


def _clerk(document):
    return next(p for p in document["profiles"] if p["slug"] == FIRST)


def _drop_title(d):
    del _clerk(d)["title"]


def _set(**changes):
    def change(document):
        clerk = _clerk(document)
        for path, value in changes.items():
            head, _, tail = path.partition("__")
            if tail:
                clerk[head][tail] = value
            else:
                clerk[head] = value

    return change


def _duplicate_clerk(document):
    document["profiles"].append(copy.deepcopy(_clerk(document)))


BAD_FILES = [
    ("missing title", _drop_title, "'synthetic-00001': title: is missing"),
    (
        "salary not a number",
        _set(salary__starter_min="lots"),
        "'synthetic-00001': salary.starter_min: must be a whole number, not \"lots\"",
    ),
    (
        "salary a string of digits",
        _set(salary__starter_max="18000"),
        "salary.starter_max: must be a whole number",
    ),
    (
        "unknown related slug",
        _set(related_careers=["no-such-job"]),
        "'synthetic-00001': related_careers[0]: no profile 'no-such-job'",
    ),
    (
        "unknown category",
        _set(categories=["no-such-family"]),
        "'synthetic-00001': categories[0]: no category 'no-such-family'",
    ),
    (
        "salaries out of order",
        _set(salary__starter_min=90000),
        "'synthetic-00001': salary.starter_max: The starter salary's upper figure",
    ),
    ("bad status", _set(status="live"), "'synthetic-00001': status:"),
    ("bad date", _set(content_updated="11/09/2018"), "content_updated: must be a date"),
    ("title too long", _set(title="x" * 500), "'synthetic-00001': title:"),
    ("blank summary", _set(summary=""), "'synthetic-00001': summary:"),
    ("bad slug", _set(slug="not a slug"), "] 'not a slug': slug:"),
    ("hours not an object", _set(hours=40), "'synthetic-00001': hours: must be an object"),
    ("unknown field", _set(colour="blue"), "colour: is not a field of this format"),
    (
        "related to itself",
        _set(related_careers=[FIRST]),
        "related_careers: a profile cannot be related to itself",
    ),
    (
        "bad entry route kind",
        _set(entry_routes=[{"kind": "magic", "text": "Wave a wand.", "requirements": ""}]),
        "'synthetic-00001': entry_routes[0].kind:",
    ),
    (
        "two routes of one kind",
        _set(
            entry_routes=[
                {"kind": "college", "text": "One.", "requirements": ""},
                {"kind": "college", "text": "Two.", "requirements": ""},
            ]
        ),
        "entry_routes[1]: repeats 'college'",
    ),
    ("a skill that is not text", _set(skills=["fine", 7]), "skills[1]: must be text"),
    ("a NUL in text", _set(career_path="Up\x00wards"), "career_path: must not contain the NUL"),
    ("hours a fraction", _set(hours__max=37.5), "hours.max: must be a whole number, not 37.5"),
    ("salary null", _set(salary=None), "'synthetic-00001': salary: must be an object"),
    ("duplicate slug", _duplicate_clerk, "'synthetic-00001': slug: appears more than once"),
]


@pytest.mark.parametrize(
    ("change", "message"), [case[1:] for case in BAD_FILES], ids=[case[0] for case in BAD_FILES]
)
def test_a_bad_file_names_the_record_and_field_and_changes_nothing(
    small_site, tmp_path, change, message
):
    before = interchange.export_catalogue()
    document = _seed_document()
    change(document)
    with pytest.raises(CommandError) as raised:
        import_file(write_document(tmp_path, document))
    assert "nothing changed" in str(raised.value)
    assert message in str(raised.value)
    # The record is named by its place in the file too.
    assert re.search(r"profiles\[\d+\] '", str(raised.value))
    assert interchange.export_catalogue() == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"format": "careers-job-profiles", "profiles": [', "line 1, column 49: not valid JSON"),
        ("[]", "one JSON object"),
        ('{"profiles": []}', "file: format: must be 'careers-job-profiles'"),
    ],
)
def test_a_file_that_is_not_a_catalogue_changes_nothing(small_site, tmp_path, text, message):
    before = interchange.export_catalogue()
    path = tmp_path / "broken.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match="nothing changed") as raised:
        import_file(path)
    assert message in str(raised.value)
    assert interchange.export_catalogue() == before


def test_a_missing_file_is_named(db, tmp_path):
    with pytest.raises(CommandError, match="No file at"):
        import_file(tmp_path / "absent.json")


def test_every_problem_in_a_file_is_listed_at_once(small_site, tmp_path):
    document = interchange.export_catalogue()
    for profile in document["profiles"]:
        profile["hours"]["min"] = "many"
    with pytest.raises(CommandError) as raised:
        import_file(write_document(tmp_path, document))
    assert str(raised.value).count("hours.min: must be a whole number") == len(small_site)


def test_a_database_failure_mid_write_changes_nothing(small_site, tmp_path, monkeypatch):
    before = interchange.export_catalogue()

    def fail(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(RelatedCareer.objects, "bulk_create", fail)
    document = synthetic.catalogue(3)
    with pytest.raises(CommandError, match="nothing changed: disk full"):
        import_file(write_document(tmp_path, document))
    assert interchange.export_catalogue() == before


def test_import_tolerates_the_api_links_in_a_profile(small_site, tmp_path):
    document = interchange.export_catalogue()
    _clerk(document)["url"] = "https://example.org/job-profiles/health-records-clerk/"
    _clerk(document)["api_url"] = "https://example.org/api/job-profiles/health-records-clerk/"
    before = interchange.export_catalogue()
    import_file(write_document(tmp_path, document))
    assert interchange.export_catalogue() == before


def test_a_slug_that_still_leads_to_another_profile_is_refused(small_site, tmp_path):
    SlugRedirect.objects.create(old_slug="old-address", profile=small_site[FIRST])
    before = interchange.export_catalogue()
    document = synthetic.catalogue(1, seed=9)
    document["profiles"][0].update(slug="old-address", old_slugs=[], related_careers=[])
    with pytest.raises(CommandError) as raised:
        import_file(write_document(tmp_path, document))
    assert f"'old-address': slug: is an old slug of '{FIRST}' on the site" in str(raised.value)
    assert interchange.export_catalogue() == before


def test_an_old_slug_may_not_be_a_current_one(small_site, tmp_path):
    document = interchange.export_catalogue()
    document["profiles"][0]["old_slugs"] = [document["profiles"][1]["slug"]]
    with pytest.raises(CommandError, match="old_slugs\\[0\\]: '.*' is a profile's current slug"):
        import_file(write_document(tmp_path, document))


def test_imported_profiles_are_searchable_and_their_cached_pages_renewed(
    small_site, tmp_path, client, django_capture_on_commit_callbacks
):
    profile = small_site[FIRST]
    url = profile.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    document = interchange.export_catalogue()
    _clerk(document).update(status="published", summary="Zebra keepers look after zebras.")
    with django_capture_on_commit_callbacks(execute=True):
        import_file(write_document(tmp_path, document))
    assert "Zebra keepers look after zebras." in client.get(url).content.decode()
    found = client.get("/api/search/", {"q": "zebras"}).json()
    assert [r["slug"] for r in found["results"]] == [FIRST]


def test_an_opportunity_without_any_date_is_a_problem_named_not_a_crash(small_site, tmp_path):
    document = interchange.export_catalogue()
    document["profiles"][0]["opportunities"] = [
        {
            "kind": "course",
            "title": "A course with no dates",
            "provider": "A college",
            "location": "Online",
            "url": "https://example.org/",
        }
    ]
    with pytest.raises(
        CommandError, match=r"opportunities\[0\]: Give a closing date, a start date"
    ):
        import_file(write_document(tmp_path, document))


def test_an_import_changes_profiles_once_for_search_and_the_page_cache(small_site, tmp_path):
    from profiles.signals import profiles_changed

    sent = []
    profiles_changed.connect(
        lambda sender, **kw: sent.append(kw), dispatch_uid="test-import", weak=False
    )
    try:
        import_file(write_document(tmp_path, interchange.export_catalogue()))
    finally:
        profiles_changed.disconnect(dispatch_uid="test-import")
    assert [notice["profile_ids"] for notice in sent] == [{p.pk for p in small_site.values()}]
