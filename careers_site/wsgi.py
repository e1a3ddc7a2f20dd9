import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careers_site.settings")

django_application = get_wsgi_application()

from careers_site.hits import ServeHitsFirst  # noqa: E402  (needs the settings configured)

# Cached pages are answered before Django's handler runs (careers_site/hits.py).
application = ServeHitsFirst(django_application)
