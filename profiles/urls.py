from django.urls import path

from profiles import views

app_name = "profiles"

urlpatterns = [
    path("", views.home, name="home"),
    path("job-profiles/", views.a_to_z, name="a_to_z"),
    path("job-profiles/<slug:slug>/", views.profile_detail, name="detail"),
    path("job-categories/", views.category_list, name="categories"),
    path("job-categories/<slug:slug>/", views.category_detail, name="category"),
    path("page-layout/", views.choose_layout, name="choose_layout"),
]
