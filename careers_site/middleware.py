from django.conf import settings


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
