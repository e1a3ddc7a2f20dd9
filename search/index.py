"""Keeping the search index in step with published profiles."""

from django.apps import apps as global_apps
from django.db import transaction
from django.db.models import F

from profiles.models import JobProfile
from search import text
from search.engine import get_engine

# The real constant, for the historical models of a migration too.
PUBLISHED = JobProfile.Status.PUBLISHED


class Models:
    """The models indexing works on: the real ones, or a migration's historical ones."""

    def __init__(self, registry=global_apps):
        self.JobProfile = registry.get_model("profiles", "JobProfile")
        self.Document = registry.get_model("search", "ProfileDocument")
        self.Name = registry.get_model("search", "Name")
        self.Term = registry.get_model("search", "Term")
        # An early migration indexes with models from before hidden search titles existed.
        self.hidden_titles = any(f.name == "is_hidden" for f in self.Name._meta.fields) and any(
            getattr(f, "related_name", None) == "search_titles"
            for f in self.JobProfile._meta.related_objects
        )


def _document_fields(profile, models):
    """What the index keeps of a profile, from its prefetched rows."""
    alternatives = [row.title for row in profile.alternative_titles.all()]
    hidden = [row.title for row in profile.search_titles.all()] if models.hidden_titles else []
    body = [row.text for row in profile.tasks.all()] + [row.text for row in profile.skills.all()]
    # Hidden titles weigh as alternative titles do: they are names for the job too.
    return {
        "title": profile.title,
        "alternative_titles": "\n".join(alternatives + hidden),
        "summary": profile.summary,
        "body": "\n".join(body),
    }, [(name, False, False) for name in alternatives] + [(name, False, True) for name in hidden]


def _words(fields):
    """(every word, words in names) of a document's (title, alternatives, summary, body)."""
    title, alternatives, summary, body = fields
    names = text.vocabulary(title) | text.vocabulary(alternatives)
    return names | text.vocabulary(summary) | text.vocabulary(body), names


def _count(changes, fields, step):
    every, names = _words(fields)
    for word in every:
        documents, in_names = changes.get(word, (0, 0))
        changes[word] = (documents + step, in_names + (step if word in names else 0))


def _apply_word_changes(models, changes):
    """Move the vocabulary's counts; words no published profile uses any more go."""
    by_change = {}
    for word, change in changes.items():
        if change != (0, 0):
            by_change.setdefault(change, set()).add(word)
    for (documents, in_names), words in by_change.items():
        if documents > 0:
            # Created at zero then counted up in one statement, so two writers adding the same
            # new word at once both count it instead of one failing on the unique word.
            models.Term.objects.bulk_create(
                [models.Term(word=word) for word in sorted(words)], ignore_conflicts=True
            )
        models.Term.objects.filter(word__in=words).update(
            documents=F("documents") + documents, in_names=F("in_names") + in_names
        )
    gone = {word for (documents, _), words in by_change.items() if documents < 0 for word in words}
    if gone:
        models.Term.objects.filter(word__in=gone, documents__lte=0).delete()


def _delete_quietly(queryset):
    """Delete in one statement, without the pre_delete signal: the caller has counted the words."""
    queryset._raw_delete(queryset.db)


@transaction.atomic
def reindex(profile_ids, models=None):
    """Make the index show exactly the published ones among these profiles, as they are now."""
    models = models or Models()
    profile_ids = set(profile_ids)
    published = (
        models.JobProfile.objects.filter(pk__in=profile_ids, status=PUBLISHED)
        .order_by()
        .prefetch_related(
            "alternative_titles",
            *(["search_titles"] if models.hidden_titles else []),
            "tasks",
            "skills",
        )
    )
    documents = {
        document.pk: document
        for document in models.Document.objects.filter(profile_id__in=profile_ids)
    }
    changes = {}  # word: (change in profiles using it, change in profiles naming it)
    new_documents, names = [], []
    for profile in published:
        fields, other_names = _document_fields(profile, models)
        document = documents.pop(profile.pk, None)
        if document is not None:
            old = (document.title, document.alternative_titles, document.summary, document.body)
            if old == tuple(fields.values()):
                continue
            _count(changes, old, -1)
            models.Document.objects.filter(pk=document.pk).update(**fields)
            models.Name.objects.filter(document_id=document.pk).delete()
        else:
            new_documents.append(models.Document(profile_id=profile.pk, **fields))
        _count(changes, tuple(fields.values()), +1)
        names += [
            models.Name(
                document_id=profile.pk,
                text=name,
                normalised=text.normalise(name)[:120],
                is_title=is_title,
                **({"is_hidden": is_hidden} if models.hidden_titles else {}),
            )
            for name, is_title, is_hidden in [(profile.title, True, False), *other_names]
        ]
    # Left over: drafts and unpublished profiles.
    for document in documents.values():
        old = (document.title, document.alternative_titles, document.summary, document.body)
        _count(changes, old, -1)
    if documents:
        _delete_quietly(models.Name.objects.filter(document_id__in=documents))
        _delete_quietly(models.Document.objects.filter(pk__in=documents))
    models.Document.objects.bulk_create(new_documents)
    models.Name.objects.bulk_create(names)
    _apply_word_changes(models, changes)


def forget(document):
    """Take a document that is being deleted out of the vocabulary's counts."""
    changes = {}
    _count(changes, document.text_fields, -1)
    _apply_word_changes(Models(), changes)


def rebuild(models=None, batch_size=500):
    """Index every profile from scratch: after bulk loads, and to repair a damaged index."""
    models = models or Models()
    with transaction.atomic():
        _delete_quietly(models.Term.objects.all())
        _delete_quietly(models.Name.objects.all())
        _delete_quietly(models.Document.objects.all())
        ids = list(models.JobProfile.objects.filter(status=PUBLISHED).values_list("pk", flat=True))
        for start in range(0, len(ids), batch_size):
            reindex(ids[start : start + batch_size], models=models)
    get_engine().tidy()
    return len(ids)
