# The production tests' way of starting the site under gunicorn, shared.
from tests.production.conftest import start_instance  # noqa: F401
