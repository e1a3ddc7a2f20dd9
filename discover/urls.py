from django.urls import path
from django.views.generic import RedirectView

from discover import views

app_name = "discover"

urlpatterns = [
    path("", views.start, name="start"),
    path("questions/<int:number>/", views.questions, name="questions"),
    path("results/<str:code>/", views.results, name="results"),
    # What feedback about a results page records (no one's answers): it leads to the start.
    path(
        "results/",
        RedirectView.as_view(pattern_name="discover:start", permanent=False),
        name="any_results",
    ),
]
