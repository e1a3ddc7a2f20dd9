"""Small answers every app gives the same way."""

from django.http import HttpResponseRedirect


def see_other(url):
    """Where to go after a POST: 303 See Other, which every browser follows with a GET."""
    return HttpResponseRedirect(url, status=303)
