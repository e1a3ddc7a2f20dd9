import pytest
from django.conf import settings

from profiles import content
from profiles.models import JobProfile


@pytest.fixture
def seed(db, django_capture_on_commit_callbacks):
    """The seed content, indexed as `load_content` indexes it when its transaction commits.

    Tests run inside a transaction that never commits, so the commit-time reindex that picks up
    the loader's bulk-created rows is run by hand here.
    """
    root = settings.BASE_DIR / "fixtures"
    with django_capture_on_commit_callbacks(execute=True):
        content.load(root / "categories.json", root / "profiles")
    return {profile.slug: profile for profile in JobProfile.objects.all()}
