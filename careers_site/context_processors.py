from django.conf import settings


def site(request):
    """Values every page's layout needs."""
    return {"service_name": settings.SERVICE_NAME}
