from django.urls import path

from discover import views

app_name = "discover"

urlpatterns = [
    path("", views.start, name="start"),
    path("questions/<int:number>/", views.questions, name="questions"),
    path("results/<str:code>/", views.results, name="results"),
]
