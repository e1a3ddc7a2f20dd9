from django.apps import AppConfig


class ChoosingConfig(AppConfig):
    """Helping someone choose: explore careers by their facts, compare them, keep a shortlist."""

    name = "choosing"
