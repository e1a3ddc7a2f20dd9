"""The "Content editors" group: profiles, categories, their rows and history, triage feedback;
no user or group management."""

import pytest
from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission, User
from django.core.management import CommandError, call_command
from django.urls import reverse

from editors import roles
from tests.conftest import PASSWORD
from tests.profiles.admin_forms import change_url


def _codenames(group):
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_migration_creates_the_group_with_the_editors_permissions(db):
    codenames = _codenames(Group.objects.get(name="Content editors"))
    for model in ["jobprofile", "category", "skill", "task", "alternativetitle", "entryroute"]:
        for action in ["add", "change", "delete", "view"]:
            assert f"profiles.{action}_{model}" in codenames
    assert {"reversion.view_revision", "reversion.view_version"} <= codenames
    assert not any(name.startswith(("auth.", "axes.", "sessions.")) for name in codenames)


def test_editors_may_triage_feedback_but_not_add_or_delete_it(db):
    codenames = _codenames(Group.objects.get(name="Content editors"))
    feedback = {name for name in codenames if name.startswith("feedback.")}
    assert "feedback.view_feedback" in feedback
    assert "feedback.change_feedback" in feedback
    assert not any(name.startswith(("feedback.add_", "feedback.delete_")) for name in feedback)


def test_permissions_of_an_app_migrated_later_are_added(db):
    group = Group.objects.get(name="Content editors")
    group.permissions.remove(*Permission.objects.filter(content_type__app_label="reversion"))
    roles.grant_on_migrate(
        sender=global_apps.get_app_config("reversion"), using="default", apps=global_apps
    )
    assert {"reversion.view_revision", "reversion.view_version"} <= _codenames(group)


def test_an_editor_can_edit_profiles_and_categories(editor_client, profile):
    assert editor_client.get(change_url(profile)).status_code == 200
    assert editor_client.get(reverse("admin:profiles_category_add")).status_code == 200
    assert editor_client.get(reverse("admin:profiles_jobprofile_add")).status_code == 200


@pytest.mark.parametrize("url_name", ["admin:auth_user_changelist", "admin:auth_group_add"])
def test_an_editor_cannot_manage_users_or_groups(editor_client, url_name):
    assert editor_client.get(reverse(url_name)).status_code == 403


def test_create_editor_makes_a_staff_user_in_the_group(db, monkeypatch):
    monkeypatch.setenv("EDITOR_PASSWORD", PASSWORD)
    call_command("create_editor", "sam", "--email", "sam@example.org", "--no-input")
    user = User.objects.get(username="sam")
    assert user.is_staff and not user.is_superuser
    assert user.check_password(PASSWORD)
    assert list(user.groups.values_list("name", flat=True)) == ["Content editors"]


def test_create_editor_asks_for_the_password_twice(db, monkeypatch):
    answers = iter(["first try 1234", "does not match", PASSWORD, PASSWORD])
    monkeypatch.setattr(
        "editors.management.commands.create_editor.getpass", lambda _: next(answers)
    )
    call_command("create_editor", "sam")
    assert User.objects.get(username="sam").check_password(PASSWORD)


def test_create_editor_refuses_a_weak_password(db, monkeypatch):
    monkeypatch.setenv("EDITOR_PASSWORD", "password")
    with pytest.raises(CommandError, match="too common"):
        call_command("create_editor", "sam", "--no-input")
    assert not User.objects.filter(username="sam").exists()


def test_create_editor_makes_an_existing_user_an_editor_keeping_the_password(db):
    user = User.objects.create_user("sam", password=PASSWORD)
    call_command("create_editor", "sam", "--no-input")
    user.refresh_from_db()
    assert user.is_staff and user.check_password(PASSWORD)
    assert user.groups.filter(name="Content editors").exists()


def test_a_deleted_group_is_made_again_by_the_next_migrate(db):
    Group.objects.filter(name="Content editors").delete()
    roles.grant_on_migrate(
        sender=global_apps.get_app_config("profiles"), using="default", apps=global_apps
    )
    assert "profiles.change_jobprofile" in _codenames(Group.objects.get(name="Content editors"))
