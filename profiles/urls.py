from django.urls import path

from profiles import views

app_name = "profiles"

urlpatterns = [
    path("", views.home, name="home"),
    path("job-profiles/<slug:slug>/", views.profile_detail, name="detail"),
    path("page-layout/", views.choose_layout, name="choose_layout"),
]
