"""Site content kept as files: one JSON document per profile, plus a list of categories."""

import datetime
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opportunities.models import Opportunity
from profiles.models import (
    AlternativeTitle,
    Category,
    EntryRoute,
    JobProfile,
    RelatedCareer,
    Skill,
    Task,
)


class ContentError(ValueError):
    """A content file that cannot be loaded, with the file and field named."""


def _profile_fields(data):
    salary, hours = data["salary"], data["hours"]
    return {
        "title": data["title"],
        "status": data.get("status", JobProfile.Status.DRAFT),
        "summary": data["summary"],
        "salary_starter_min": salary["starter_min"],
        "salary_starter_max": salary["starter_max"],
        "salary_experienced_max": salary["experienced_max"],
        "salary_experienced_note": salary.get("experienced_note", ""),
        "salary_note": salary.get("note", "These figures are a guide."),
        "hours_min": hours["min"],
        "hours_max": hours["max"],
        "entry_requirements": data["entry_requirements"],
        "tasks_intro": data.get("tasks_intro", "Your day-to-day tasks may include:"),
        "tasks_more": data.get("tasks_more", ""),
        "working_pattern": data["working_pattern"],
        "working_environment": data["working_environment"],
        "career_path": data["career_path"],
        "restrictions": data.get("restrictions", ""),
        "soc_code": data.get("soc_code", ""),
        "onet_code": data.get("onet_code", ""),
        "content_updated": datetime.date.fromisoformat(data["content_updated"]),
    }


def _create_profile(data, categories):
    profile = JobProfile(slug=data["slug"], **_profile_fields(data))
    profile.full_clean()
    profile.save()
    for model, key, field in (
        (AlternativeTitle, "alternative_titles", "title"),
        (Skill, "skills", "text"),
        (Task, "tasks", "text"),
    ):
        model.objects.bulk_create(
            model(profile=profile, position=position, **{field: value})
            for position, value in enumerate(data.get(key, []))
        )
    for position, route in enumerate(data.get("entry_routes", [])):
        _create_checked(
            f"entry_routes[{position}]",
            EntryRoute(
                profile=profile,
                position=position,
                kind=route["kind"],
                text=route["text"],
                requirements=route.get("requirements", ""),
            ),
        )
    for position, item in enumerate(data.get("opportunities", [])):
        _create_checked(
            f"opportunities[{position}]",
            Opportunity(
                profile=profile,
                kind=item["kind"],
                title=item["title"],
                provider=item["provider"],
                location=item["location"],
                closing_date=_date(item, "closing_date", "closes_in_days"),
                start_date=_date(item, "start_date", "starts_in_days"),
                url=item["url"],
            ),
        )
    profile.categories.set(categories[slug] for slug in data.get("categories", []))
    return profile


def _create_checked(where, row):
    """Validate and save one child row, naming it in any error."""
    try:
        row.full_clean()
    except ValidationError as error:
        raise ValidationError(
            {f"{where}.{field}": messages for field, messages in error.message_dict.items()}
        ) from error
    row.save()


def _date(item, date_key, days_key):
    """An ISO date, or a number of days after loading (seed examples that must stay current)."""
    if item.get(date_key) is not None:
        return datetime.date.fromisoformat(item[date_key])
    if item.get(days_key) is not None:
        return timezone.localdate() + datetime.timedelta(days=int(item[days_key]))
    return None


def read_profiles(folder: Path):
    """Parse every profile file in a folder, naming the file in any error."""
    documents = []
    for path in sorted(folder.glob("*.json")):
        try:
            documents.append(json.loads(path.read_text(encoding="utf-8")))
        except json.JSONDecodeError as error:
            raise ContentError(f"{path.name}: not valid JSON ({error})") from error
    return documents


@transaction.atomic
def load(categories_file: Path, profiles_folder: Path):
    """Create the categories and profiles that do not exist yet; leave existing ones alone.

    Existing rows are editors' work, so loading again never overwrites or duplicates them.
    Returns the slugs of the profiles created.
    """
    categories = {}
    for item in json.loads(categories_file.read_text(encoding="utf-8")):
        categories[item["slug"]], _ = Category.objects.get_or_create(
            slug=item["slug"],
            defaults={"name": item["name"], "description": item.get("description", "")},
        )

    documents = read_profiles(profiles_folder)
    existing = set(JobProfile.objects.values_list("slug", flat=True))
    created = []
    for data in documents:
        if data["slug"] in existing:
            continue
        try:
            _create_profile(data, categories)
        except ValidationError as error:
            problems = "; ".join(
                f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
            )
            raise ContentError(f"{data.get('slug', '?')}: {problems}") from error
        except KeyError as error:
            raise ContentError(f"{data.get('slug', '?')}: missing field {error}") from error
        except (ValueError, TypeError) as error:
            raise ContentError(f"{data.get('slug', '?')}: {error}") from error
        created.append(data["slug"])

    # A link is new only if one of its ends is; links between older profiles are editors' to keep.
    ids = dict(JobProfile.objects.values_list("slug", "pk"))
    new = set(created)
    links = []
    for data in documents:
        for position, slug in enumerate(data.get("related_careers", [])):
            if slug not in ids:
                raise ContentError(f"{data['slug']}: related career {slug!r} does not exist")
            if data["slug"] in new or slug in new:
                links.append(
                    RelatedCareer(
                        from_profile_id=ids[data["slug"]],
                        to_profile_id=ids[slug],
                        position=position,
                    )
                )
    RelatedCareer.objects.bulk_create(links, ignore_conflicts=True)
    return created
