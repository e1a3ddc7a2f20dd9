from django.urls import path

from service_pages import views
from service_pages.models import ServicePage

app_name = "service_pages"

urlpatterns = [
    path(f"{slug}/", views.page, {"slug": slug}, name=slug) for slug in ServicePage.Slug.values
]
