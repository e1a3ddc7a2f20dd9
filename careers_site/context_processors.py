from django.conf import settings

# Pages of the header's sections: (section, "page" on the section's own page, "true" inside it).
SECTIONS = {
    "search:results": ("search", "page"),
    "profiles:a_to_z": ("a_to_z", "page"),
    "profiles:detail": ("a_to_z", "true"),
    "profiles:categories": ("categories", "page"),
    "profiles:category": ("categories", "true"),
    "choosing:explore": ("explore", "page"),
    "choosing:saved": ("saved", "page"),
    "choosing:compare": ("saved", "true"),
}


def site(request):
    """Values every page's layout needs.

    reported_path and reported_address: the page as feedback records it. A view whose address
    holds what a visitor answered (the quiz) sets request.reported_path to an address without
    it, so feedback never stores anyone's answers.
    """
    reported = getattr(request, "reported_path", None)
    return {
        "service_name": settings.SERVICE_NAME,
        "section": _section(request),
        "reported_path": reported or request.path,
        "reported_address": reported or request.get_full_path(),
    }


def _section(request):
    """Which of the header's sections this page is in, for aria-current: {section: state}."""
    match = getattr(request, "resolver_match", None)
    section, state = SECTIONS.get(match.view_name if match else "", (None, None))
    return {section: state} if section else {}
