"""The editors' admin for profiles: the profile's form and preview, its rows, opportunities."""

from profiles.admin import opportunities, profile

__all__ = ["opportunities", "profile"]
