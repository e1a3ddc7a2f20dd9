"""Each rule: bad data posted through the admin gets its message next to the field, and the
database is left as it was."""

import re

import pytest

from profiles.models import JobProfile, SlugRedirect
from tests.profiles.admin_forms import change_url, form_data, row_index, save_and_publish, snapshot


def _post(client, profile, **changes):
    data = form_data(client, change_url(profile))
    data.update(changes)
    return save_and_publish(client, profile, data)


def _field_row_html(response, field):
    """The HTML of the form row holding a field of the main form."""
    html = response.content.decode()
    match = re.search(
        rf'<div class="form-row[^"]*\bfield-{field}\b.*?(?=<div class="form-row|</fieldset>)',
        html,
        re.S,
    )
    assert match, f"no form row for {field}"
    return match.group(0)


def _assert_refused_at(response, field, message):
    assert response.status_code == 200, "the form should be shown again, not saved"
    assert message in response.context["adminform"].form.errors.get(field, [])
    # Shown in the field's own row, not only in a summary at the top.
    assert message in _field_row_html(response, field).replace("&#x27;", "'")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"salary_starter_min": "25000", "salary_starter_max": "20000"},
            "salary_starter_max",
            "The starter salary's upper figure must be at least its lower figure.",
        ),
        (
            {"salary_starter_max": "32000", "salary_experienced_max": "30000"},
            "salary_experienced_max",
            "The experienced salary must be at least the starter salary's upper figure.",
        ),
        (
            {"hours_min": "40", "hours_max": "37"},
            "hours_max",
            "The upper hours figure must be at least the lower one.",
        ),
        ({"hours_min": "0"}, "hours_min", "Hours must be between 1 and 100 a week."),
        ({"hours_max": "101"}, "hours_max", "Hours must be between 1 and 100 a week."),
    ],
    ids=[
        "starter-salary-reversed",
        "experienced-below-starter",
        "hours-reversed",
        "hours-below-1",
        "hours-above-100",
    ],
)
def test_figures_out_of_order_or_range_are_refused_next_to_the_field(
    editor_client, profile, changes, field, message
):
    before = snapshot(profile)
    response = _post(editor_client, profile, summary="A changed summary.", **changes)
    _assert_refused_at(response, field, message)
    assert snapshot(profile) == before


def test_slug_of_another_profile_is_refused(editor_client, profile, make_profile):
    make_profile(title="Medical records manager", slug="medical-records-manager")
    before = snapshot(profile)
    response = _post(editor_client, profile, slug="medical-records-manager")
    _assert_refused_at(
        response,
        "slug",
        "“Medical records manager” already uses this address. Choose a different one.",
    )
    assert snapshot(profile) == before


def test_old_slug_of_another_profile_is_refused(editor_client, profile, make_profile):
    renamed = make_profile(title="Clinical coder", slug="clinical-coder")
    SlugRedirect.objects.create(old_slug="medical-coder", profile=renamed)
    before = snapshot(profile)
    response = _post(editor_client, profile, slug="medical-coder")
    _assert_refused_at(
        response,
        "slug",
        "This was the address of “Clinical coder” and still leads there, so people following "
        "old links would get the wrong page. Choose a different one.",
    )
    assert snapshot(profile) == before
    assert SlugRedirect.objects.get(old_slug="medical-coder").profile == renamed


def test_a_new_profile_cannot_take_an_old_slug(editor_client, profile):
    SlugRedirect.objects.create(old_slug="records-clerk", profile=profile)
    data = form_data(editor_client, "/admin/profiles/jobprofile/add/")
    data.update(
        title="Records clerk",
        slug="records-clerk",
        summary="Keeps records.",
        salary_starter_min="18000",
        salary_starter_max="20000",
        salary_experienced_max="25000",
        hours_min="37",
        hours_max="39",
        entry_requirements="None.",
        working_pattern="Days.",
        working_environment="Office.",
        career_path="Up.",
    )
    count = JobProfile.objects.count()
    response = editor_client.post("/admin/profiles/jobprofile/add/", data)
    assert response.status_code == 200
    assert "Health records clerk" in " ".join(response.context["adminform"].form.errors["slug"])
    assert JobProfile.objects.count() == count


def test_profile_related_to_itself_is_refused_in_its_row(editor_client, profile):
    data = form_data(editor_client, change_url(profile))
    index = row_index(data, "related_to", "to_profile", str(profile.related_to.get().to_profile_id))
    data[f"related_to-{index}-to_profile"] = str(profile.pk)
    before = snapshot(profile)
    response = save_and_publish(editor_client, profile, data)
    assert response.status_code == 200
    formset = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "related_to"
    )
    assert formset.forms[index].errors["to_profile"] == ["A profile cannot be related to itself."]
    assert "A profile cannot be related to itself." in response.content.decode()
    assert snapshot(profile) == before


@pytest.mark.parametrize("duplicate", ["Medical records clerk", "medical  Records clerk"])
def test_duplicate_alternative_title_is_refused_in_its_row(editor_client, profile, duplicate):
    data = form_data(editor_client, change_url(profile))
    blank = row_index(data, "alternative_titles", "title", "")
    data[f"alternative_titles-{blank}-title"] = duplicate
    before = snapshot(profile)
    response = save_and_publish(editor_client, profile, data)
    assert response.status_code == 200
    formset = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "alternative_titles"
    )
    message = f"“{duplicate}” is already in the list. Remove one of them."
    assert formset.forms[blank].errors["title"] == [message]
    assert message in response.content.decode()
    assert snapshot(profile) == before


@pytest.mark.parametrize("salary", ["500001", "2147483648", "9223372036854775808"])
def test_a_salary_past_any_real_job_is_refused_in_pounds(editor_client, profile, salary):
    response = _post(editor_client, profile, salary_experienced_max=salary)
    message = "Salaries must be £500,000 a year or less: check for an extra 0."
    _assert_refused_at(response, "salary_experienced_max", message)
    html = response.content.decode()
    assert "9223372036854775807" not in html and "2147483647" not in html
    profile.refresh_from_db()
    assert profile.salary_experienced_max == 30000


def test_raw_html_and_odd_links_are_saved_with_a_warning_naming_them(editor_client, profile):
    text = "Apply <b>now</b> at [our site](javascript:alert(1)) or [the A to Z](/job-profiles/)."
    response = _post(editor_client, profile, career_path=text)
    assert response.status_code == 302
    page = editor_client.get(response["Location"]).content.decode()
    assert "the page will show these as typed" in page
    assert "Career path and progression: the HTML &lt;b&gt;" in page
    assert "the link to “javascript:alert(1”" in page
    assert "/job-profiles/”" not in page  # a link on this site is fine
    profile.refresh_from_db()
    assert profile.career_path == text


def test_plain_markdown_saves_without_a_warning(editor_client, profile):
    response = _post(
        editor_client, profile, career_path="You could [read more](https://example.org)."
    )
    page = editor_client.get(response["Location"]).content.decode()
    assert "will show these as typed" not in page
