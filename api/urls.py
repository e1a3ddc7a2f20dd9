from django.urls import path, re_path

from api import views

app_name = "api"

urlpatterns = [
    path("job-profiles/", views.profile_list, name="profiles"),
    path("job-profiles/<slug:slug>/", views.profile_detail, name="profile"),
    path("search/", views.search, name="search"),
    path("openapi.json", views.openapi, name="openapi"),
    # Anything else under /api/ answers in JSON too, so clients never have to parse a web page.
    # Paths without a final slash are left to APPEND_SLASH, which redirects them here.
    re_path(r"^(?P<path>(?:[\s\S]*/)?)$", views.not_found),  # any character, newlines too
]
