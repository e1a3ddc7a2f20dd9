"""Helpers shared by the apps. Imports Django and the standard library only, never an app of ours."""
