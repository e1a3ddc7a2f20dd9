from django.urls import path

from choosing import views

app_name = "choosing"

urlpatterns = [
    path("explore-careers/", views.explore, name="explore"),
    path("compare/", views.compare, name="compare"),
    path("compare/add/", views.add_to_compare, name="add_to_compare"),
    path("saved-careers/", views.saved, name="saved"),
    path("saved-careers/save/", views.save, name="save"),
    path("saved-careers/remove/", views.remove, name="remove"),
    path("saved-careers/keep/", views.keep_shared, name="keep"),
]
