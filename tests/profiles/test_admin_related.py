"""Related careers set both ways in one save: adding B to A offers A on B too."""

from profiles.models import RelatedCareer
from tests.profiles.admin_forms import change_url, form_data, save_and_publish


def _add_related(editor_client, profile, other, link_back=True):
    data = form_data(editor_client, change_url(profile))
    count = int(data["related_to-TOTAL_FORMS"])
    data.update(
        {
            "related_to-TOTAL_FORMS": str(count + 1),
            f"related_to-{count}-to_profile": str(other.pk),
            f"related_to-{count}-position": str(count + 1),
        }
    )
    if not link_back:
        data.pop("link_back", None)
    return save_and_publish(editor_client, profile, data, follow=True)


def test_a_new_related_career_links_back_by_default(editor_client, profile, make_profile):
    other = make_profile(title="Ward clerk", slug="ward-clerk")
    other.related_to.create(to_profile=make_profile(title="Porter"), position=1)
    response = _add_related(editor_client, profile, other)
    assert response.status_code == 200
    back = RelatedCareer.objects.get(from_profile=other, to_profile=profile)
    assert back.position == 2  # after what the other profile already had
    # The other profile's page now offers this one.
    assert profile.title in editor_client.get(other.get_absolute_url()).content.decode()


def test_linking_back_can_be_turned_off(editor_client, profile, make_profile):
    other = make_profile(title="Ward clerk", slug="ward-clerk")
    _add_related(editor_client, profile, other, link_back=False)
    assert profile.related_to.filter(to_profile=other).exists()
    assert not other.related_to.exists()


def test_an_existing_link_back_is_not_doubled(editor_client, profile, make_profile):
    other = make_profile(title="Ward clerk", slug="ward-clerk")
    other.related_to.create(to_profile=profile, position=1)
    _add_related(editor_client, profile, other)
    assert other.related_to.filter(to_profile=profile).count() == 1


def test_a_held_change_links_back_only_when_published(editor_client, profile, make_profile):
    from profiles import workflow
    from profiles.models import ReviewStep

    other = make_profile(title="Ward clerk", slug="ward-clerk")
    data = form_data(editor_client, change_url(profile))
    count = int(data["related_to-TOTAL_FORMS"])
    data["related_to-TOTAL_FORMS"] = str(count + 1)
    data[f"related_to-{count}-to_profile"] = str(other.pk)
    editor_client.post(change_url(profile), data)
    assert not other.related_to.exists()  # the live pages are unchanged until publishing
    workflow.publish(workflow.held_copy(profile), None, action=ReviewStep.Action.PUBLISHED)
    assert other.related_to.filter(to_profile=profile).exists()


def test_a_draft_links_back_at_once_and_says_so(editor_client, make_profile):
    draft = make_profile(title="Archivist", status="draft")
    other = make_profile(title="Ward clerk", slug="ward-clerk")
    response = _add_related(editor_client, draft, other)
    assert "is now also a related career of Ward clerk" in response.content.decode()
    assert other.related_to.filter(to_profile=draft).exists()
