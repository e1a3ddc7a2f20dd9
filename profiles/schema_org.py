"""A profile described in schema.org terms, for search engines and other machines reading pages."""

import re
from html import unescape

from django.utils.html import strip_tags

from profiles import markdown

SOC_2020 = "SOC 2020"
ONET_SOC = "O*NET-SOC 2019"


def plain_text(text):
    """Editor Markdown as plain sentences: rendered, then stripped of tags and spare space."""
    html = markdown.render(text)
    # Each block and list item ends a sentence-like unit; keep them apart when tags go.
    html = re.sub(r"</(p|li)>", " ", html)
    # Rendering wrote "&" as "&amp;"; JSON is not HTML, so the text goes back to what was typed.
    return re.sub(r"\s+", " ", unescape(strip_tags(html))).strip()


def provenance_words(provenance):
    """ "ONS Annual Survey of Hours and Earnings, 2024, England", as the page words it."""
    return f"{provenance.source.name}, {provenance.period}, {provenance.area_label}"


def _category_code(code, code_set):
    return {
        "@type": "CategoryCode",
        "codeValue": code,
        "inCodeSet": {"@type": "CategoryCodeSet", "name": code_set},
    }


def occupation(profile, url):
    """The profile as a schema.org Occupation (needs for_profile_page's prefetched rows)."""
    data = {
        "@context": "https://schema.org",
        "@type": "Occupation",
        "name": profile.title,
        "url": url,
        "description": profile.summary,
    }
    alternative_titles = [row.title for row in profile.alternative_titles.all()]
    if alternative_titles:
        data["alternateName"] = alternative_titles
    salary_source = profile.salary_provenance
    salary_description = profile.salary_note
    if salary_source:
        # schema.org has no term for a figure's source: it goes in the words, as on the page.
        salary_description = " ".join(
            filter(None, [salary_description, f"Source: {provenance_words(salary_source)}."])
        )
    data["estimatedSalary"] = [
        {
            "@type": "MonetaryAmountDistribution",
            # The profile gives a starter range and an experienced ceiling, not a survey's
            # percentiles; the range's ends are the nearest schema.org terms for them.
            "name": "base",
            "currency": "GBP",
            "duration": "P1Y",
            "percentile10": profile.salary_starter_min,
            "percentile90": profile.salary_experienced_max,
            "description": salary_description,
        }
    ]
    codes = []
    if profile.soc_code:
        codes.append(_category_code(profile.soc_code, SOC_2020))
    if profile.onet_code:
        codes.append(_category_code(profile.onet_code, ONET_SOC))
    if codes:
        data["occupationalCategory"] = codes
    data["qualifications"] = plain_text(profile.entry_requirements)
    data["skills"] = [row.text for row in profile.skills.all()]
    data["responsibilities"] = [row.text for row in profile.tasks.all()]
    data["workHours"] = f"{profile.hours_min} to {profile.hours_max} hours a week"
    data["occupationLocation"] = [{"@type": "AdministrativeArea", "name": "England"}]
    return data
