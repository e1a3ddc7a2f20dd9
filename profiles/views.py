from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from profiles.models import JobProfile

# The page's numbered sections, in the reference service's order and words.
PROFILE_SECTIONS = [
    {
        "number": n,
        "id": id_,
        "title": title,
        "template": f"profiles/includes/{id_.replace('-', '_')}.html",
    }
    for n, (id_, title) in enumerate(
        [
            ("entry-requirements", "Entry requirements"),
            ("skills", "Skills required"),
            ("tasks", "What you'll do"),
            ("salary", "Salary"),
            ("working-hours", "Working hours, patterns and environment"),
            ("career-path", "Career path and progression"),
        ],
        start=1,
    )
]


@require_safe
def home(request):
    profiles = JobProfile.objects.published().only("title", "slug", "summary")
    return render(request, "profiles/home.html", {"profiles": profiles})


@require_safe
def profile_detail(request, slug):
    profile = get_object_or_404(JobProfile.objects.published().for_profile_page(), slug=slug)
    return render(
        request, "profiles/detail.html", {"profile": profile, "sections": PROFILE_SECTIONS}
    )
