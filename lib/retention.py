"""Records kept only for a time: each app declares what it keeps, and one command
(`delete_old_feedback`, which the privacy notice asks operators to run daily) deletes all of it
past the limit. Here, so that the command needs to import no app but its own."""

_declared = {}


def declare(label, older_than):
    """label: what the records are, in the command's words; older_than(days): a queryset of
    those kept longer than that."""
    _declared[label] = older_than


def declared():
    return dict(_declared)
