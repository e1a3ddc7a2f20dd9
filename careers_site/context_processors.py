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
    """Values every page's layout needs."""
    return {"service_name": settings.SERVICE_NAME, "section": _section(request)}


def _section(request):
    """Which of the header's sections this page is in, for aria-current: {section: state}."""
    match = getattr(request, "resolver_match", None)
    section, state = SECTIONS.get(match.view_name if match else "", (None, None))
    return {section: state} if section else {}
