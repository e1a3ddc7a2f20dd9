from django.contrib import admin
from django.urls import include, path

from careers_site import views

urlpatterns = [
    path("", include("profiles.urls")),
    path("feedback/", include("feedback.urls")),
    path("search/", include("search.urls")),
    path("search/", include("search.urls")),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
]

# 404 uses Django's own handler with templates/404.html; these render without the database.
handler400 = "careers_site.views.bad_request"
handler403 = "careers_site.views.permission_denied"
handler500 = "careers_site.views.server_error"
