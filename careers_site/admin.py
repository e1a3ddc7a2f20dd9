"""The admin site, with its index grouped as editors think of the work, not as the code's apps
happen to be split."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

# (heading, [(app label, model name), ...]) in the order the index lists them. A registered
# model missing here still appears, under its app, after these.
INDEX_GROUPS = [
    (
        "Content",
        [
            ("profiles", "jobprofile"),
            ("profiles", "category"),
            ("profiles", "figuresource"),
            ("profiles", "opportunity"),
            ("service_pages", "servicepage"),
            ("discover", "question"),
            ("search", "synonymset"),
        ],
    ),
    (
        "Feedback and measures",
        [
            ("feedback", "feedback"),
            ("profiles", "layoutuptake"),
            ("discover", "quizcount"),
            ("search", "searchcount"),
        ],
    ),
]


class CareersAdminSite(admin.AdminSite):
    index_title = "Content and feedback"
    login_template = "admin/careers_login.html"

    def login(self, request, extra_context=None):
        # Username and password, then a code from an authenticator app for those who set one
        # up. Imported here: this module loads before the apps' models are ready.
        from editors.two_step import SignInForm

        self.login_form = SignInForm
        return super().login(request, extra_context)

    def index(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), **work_list(request)}
        return super().index(request, extra_context)

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        if app_label is not None:
            return apps
        models = {
            (app["app_label"], model["object_name"].lower()): (app, model)
            for app in apps
            for model in app["models"]
        }
        grouped, placed = [], set()
        for heading, keys in INDEX_GROUPS:
            found = [models[key] for key in keys if key in models]
            if found:
                first_app = found[0][0]
                grouped.append(
                    {**first_app, "name": heading, "models": [model for _, model in found]}
                )
                placed.update(key for key in keys if key in models)
        for app in apps:
            rest = [
                m
                for m in app["models"]
                if (app["app_label"], m["object_name"].lower()) not in placed
            ]
            if rest:
                grouped.append({**app, "models": rest})
        return grouped


class CareersAdminConfig(AdminConfig):
    default_site = "careers_site.admin.CareersAdminSite"


# How many of each list the index shows; each list's link shows the rest.
WORK_LIST_LENGTH = 10


def work_list(request):
    """The signed-in person's work: their drafts, what waits for their review, what came back
    with changes requested, what is scheduled, overdue reviews and open feedback per profile."""
    from feedback.models import Feedback
    from profiles import workflow

    user = request.user
    if not user.has_perm("profiles.view_jobprofile"):
        return {}
    work = workflow.work_list(user, limit=WORK_LIST_LENGTH)
    if user.has_perm("feedback.view_feedback"):
        open_items = Feedback.objects.filter(
            status__in=[Feedback.Status.NEW, Feedback.Status.IN_PROGRESS],
            kind__in=[Feedback.Kind.PROBLEM, Feedback.Kind.GENERAL],
        )
        pages = [row for row in open_items.page_summaries() if row.profile_id and row.unresolved]
        pages.sort(key=lambda row: (-row.unresolved, row.page))
        work["open_feedback"] = pages[:WORK_LIST_LENGTH]
    return {"work": work}
