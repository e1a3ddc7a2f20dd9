from django.contrib import admin
from django.urls import include, path

from careers_site import views
from profiles.sitemaps import SITEMAPS

urlpatterns = [
    path("", include("profiles.urls")),
    path("feedback/", include("feedback.urls")),
    path("search/", include("search.urls")),
    path("", include("choosing.urls")),
    path("", include("service_pages.urls")),
    path("discover/", include("discover.urls")),
    path("api/", include("api.urls")),
    path("sitemap.xml", views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("", include("editors.accounts")),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
]

# 404 uses Django's own handler with templates/404.html; these render without the database.
handler400 = "careers_site.views.bad_request"
handler403 = "careers_site.views.permission_denied"
handler500 = "careers_site.views.server_error"
