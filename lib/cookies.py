"""Every cookie the site sets, declared beside the code that sets it.

The cookies page lists what is declared here, so it cannot drift from the code; a test sets
every cookie the site can set and checks the two agree.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Cookie:
    name: str
    purpose: str
    lasts: str
    # Who gets it: every visitor who does the thing it is for, or only signed-in editors.
    editors_only: bool = False


_declared = {}


def declare(name, purpose, lasts, *, editors_only=False):
    """Record a cookie the site sets; returns its name, for the code that sets it."""
    _declared[name] = Cookie(name, purpose, lasts, editors_only)
    return name


def declared():
    """Visitors' cookies first, then editors', each by name."""
    return sorted(_declared.values(), key=lambda cookie: (cookie.editors_only, cookie.name))
