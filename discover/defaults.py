"""The first questions, in fixtures/quiz_questions.json: thirty work activities of our own,
five an area, in an order that puts one of each area on every page of six.

Made after every migrate (and flush) when there are no questions at all, so a new site has a
quiz and editors' questions are never touched. To stop asking one, untick "asked" rather than
deleting it: a site whose questions are all deleted gets these back at the next migrate.
"""

import json

from django.apps import apps as global_apps
from django.conf import settings


def create_if_none(sender, using="default", apps=None, **kwargs):
    """A post_migrate receiver. Nothing to do while migrated back to before the table existed."""
    try:
        Question = (apps or global_apps).get_model("discover", "Question")
    except LookupError:
        return

    if Question.objects.using(using).exists():
        return
    path = settings.BASE_DIR / "fixtures" / "quiz_questions.json"
    first = json.loads(path.read_text(encoding="utf-8"))
    Question.objects.using(using).bulk_create(
        Question(area=item["area"], text=item["text"], position=10 * number)
        for number, item in enumerate(first, start=1)
    )
