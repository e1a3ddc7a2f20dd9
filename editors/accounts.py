"""Editors' own accounts: resetting a forgotten password by email (Django's views, rate limited,
on the admin's pages) and two-step sign-in (two_step.py)."""

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import path, reverse_lazy

from editors import two_step
from lib import rate_limit


class PasswordResetView(auth_views.PasswordResetView):
    """Django's, with a limit per client: every request sends an email."""

    success_url = reverse_lazy("password_reset_done")

    def post(self, request, *args, **kwargs):
        usage = rate_limit.count_request(
            request,
            scope="password-reset",
            salt="editors.password_reset",
            limit=settings.PASSWORD_RESET_RATE_LIMIT,
            window=settings.PASSWORD_RESET_RATE_WINDOW,
        )
        if usage.exceeded:
            minutes = max(1, -(-usage.retry_after // 60))
            response = render(request, "429.html", {"minutes": minutes}, status=429)
            response["Retry-After"] = str(usage.retry_after)
            return response
        return super().post(request, *args, **kwargs)


# Before admin.site.urls, under /admin/, so that they take the admin's look (Django's admin
# templates for these views) and stay out of the page cache like the rest of the admin.
urlpatterns = [
    path(
        "admin/password_reset/",
        PasswordResetView.as_view(extra_context={"site_header": "Careers content"}),
        name="admin_password_reset",
    ),
    path(
        "admin/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "admin/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "admin/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "admin/two-step/",
        staff_member_required(two_step.setup_view),
        name="editors_two_step",
    ),
]
