from django.conf import settings
from django.shortcuts import render


class PermissionsPolicyMiddleware:
    """Send settings.PERMISSIONS_POLICY on every response (Django has no setting for it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class HeadWithoutBodyMiddleware:
    """Answer HEAD with a GET's headers and no body.

    Django leaves the body for the server to drop; gunicorn does, but logs a warning for every
    such request, which buries real warnings under uptime checkers' HEADs. Outermost, so the
    headers (Content-Length, Content-Encoding, ETag) stay those of the GET.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "HEAD":
            if response.streaming:
                response.streaming_content = []
            else:
                response.content = b""
        return response


class MethodNotAllowedPageMiddleware:
    """Give the bare 405 that Django's require_http_methods sends the site's page, keeping its
    Allow header: a person who lands on one learns what happened and where to go."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.content or response.streaming:
            return response  # the API's own JSON 405s, for one, say what they need to
        page = render(request, "405.html", {"method": request.method[:20]}, status=405)
        if allowed := response.get("Allow"):
            page["Allow"] = allowed
        return page
