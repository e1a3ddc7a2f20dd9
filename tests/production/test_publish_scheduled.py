"""Two instances' cron jobs run publish_scheduled at the same minute: each due change is
published once, by one of them, on SQLite and on PostgreSQL."""

import subprocess
import sys

from django.db import connection

from tests.production.conftest import BASE_DIR, PRODUCTION_ENV, manage
from tests.production.test_many_instances import database_url

DUE = 20

SET_UP = f"""
from django.utils import timezone
from profiles import content, workflow
from profiles.models import JobProfile
from django.conf import settings
root = settings.BASE_DIR / "fixtures"
content.load(root / "categories.json", root / "profiles")
for live in JobProfile.objects.published().order_by("slug")[:{DUE}]:
    edited, categories, rows = workflow.snapshot(live)
    edited.summary = "Scheduled: " + edited.summary
    copy = workflow.hold_changes(live, edited, categories, rows, None)
    JobProfile.with_held_changes.filter(pk=copy.pk).update(
        review_status="approved", publish_at=timezone.now()
    )
"""

COUNT = """
from profiles.models import JobProfile, ReviewStep
print(ReviewStep.objects.filter(action="published").count(),
      JobProfile.with_held_changes.held_changes().count(),
      JobProfile.objects.filter(summary__startswith="Scheduled: ").count())
"""


def _env(database):
    return {"PATH": "/usr/bin:/bin", **PRODUCTION_ENV, "DATABASE_URL": database}


def _manage(database, *args):
    return manage({"DATABASE_URL": database}, *args)


def test_two_commands_at_once_publish_each_due_change_once(transactional_db, tmp_path):
    if connection.vendor == "postgresql":
        database = database_url()  # the test database, emptied after the test
    else:
        database = f"sqlite:///{tmp_path / 'cron.sqlite3'}"
        _manage(database, "migrate", "--noinput", "--verbosity", "0")
    _manage(database, "shell", "-c", SET_UP)

    runs = [
        subprocess.Popen(
            [sys.executable, "manage.py", "publish_scheduled"],
            cwd=BASE_DIR,
            env=_env(database),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=300) for run in runs]
    for run, (_, errors) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, errors
    published = [
        line for out, _ in outputs for line in out.splitlines() if line.startswith("Published:")
    ]
    assert len(published) == DUE
    assert len(set(published)) == DUE  # none twice
    steps, copies, live = _manage(database, "shell", "-c", COUNT).splitlines()[-1].split()
    assert (int(steps), int(copies), int(live)) == (DUE, 0, DUE)
