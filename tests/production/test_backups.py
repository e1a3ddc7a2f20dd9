"""The README's backup for any database: dumpdata, then loaddata into an empty site, restores it."""

import pytest
from django.core.management import call_command

from profiles import workflow
from profiles.models import JobProfile
from search import engine
from search.models import Name, ProfileDocument, Term
from service_pages.models import ServicePage

# As the README's "Backups" gives it.
DUMP_OPTIONS = [
    "--all",  # unpublished changes too, which the default manager leaves out
    "--natural-foreign",
    "--natural-primary",
    "--exclude=contenttypes",
    "--exclude=auth.permission",
    "--exclude=sessions",
]


def _index():
    return (
        sorted(Term.objects.values_list("word", "documents", "in_names")),
        sorted(Name.objects.values_list("document_id", "text", "is_title")),
        ProfileDocument.objects.count(),
    )


# Committed for real: the dump is loaded into a database emptied as a new site's is.
@pytest.mark.django_db(transaction=True)
def test_a_dump_loads_into_an_empty_site_with_its_search_index_intact(tmp_path):
    call_command("load_content", verbosity=0)
    ServicePage.objects.filter(slug="contact").update(body="Write to us at 1 High Street.")
    live = JobProfile.objects.get(slug="bookkeeper")
    edited, categories, rows = workflow.snapshot(live)
    edited.summary = "Held for review."
    workflow.hold_changes(live, edited, categories, rows, None)
    before = _index()
    dump = tmp_path / "careers.json"
    call_command("dumpdata", *DUMP_OPTIONS, output=str(dump), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    assert not JobProfile.objects.exists()

    # Loading saves every profile raw, which notes a change for each: the index, loaded from the
    # dump too, is compared at commit and found current, so nothing collides.
    call_command("loaddata", str(dump), verbosity=0)
    assert _index() == before
    held = workflow.held_copy(JobProfile.objects.get(slug="bookkeeper"))
    assert held.summary == "Held for review." and held.skills.exists()
    assert [p.title for p in engine.search("records clerk").results[:1]] == ["Health records clerk"]
    # The new site made its own service pages; the backup's words replace them.
    assert ServicePage.objects.get(slug="contact").body == "Write to us at 1 High Street."
    assert ServicePage.objects.count() == len(ServicePage.Slug)
