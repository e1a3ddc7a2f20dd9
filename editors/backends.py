from axes.backends import AxesStandaloneBackend


class SignInLockoutBackend(AxesStandaloneBackend):
    """django-axes' lock-out check, for sign-ins made through a web request.

    A sign-in without a request (the test client's login(), code in a management command) has
    no address to lock out and no form to guess through, so it goes on to the next backend
    instead of failing as django-axes' own backend does.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
