import json
import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from profiles import layout
from profiles.models import AlternativeTitle, JobProfile, Skill


class _Head(HTMLParser):
    """The JSON-LD blocks, <link rel> and <meta> tags of a page."""

    def __init__(self):
        super().__init__()
        self.json_ld, self.links, self.meta = [], {}, {}
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")
        elif tag == "link" and "rel" in attrs:
            self.links[attrs["rel"]] = attrs.get("href")
        elif tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta[key] = attrs.get("content")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data


def head_of(response):
    parser = _Head()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def clerk(seed_content):
    return seed_content["health-records-clerk"]


def occupation_of(response):
    blocks = head_of(response).json_ld
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_the_profile_page_describes_the_job_as_a_schema_org_occupation(client, clerk):
    clerk.soc_code, clerk.onet_code = "4131", "43-4071.00"
    clerk.save()
    data = occupation_of(client.get(clerk.get_absolute_url()))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Occupation"
    assert data["name"] == "Health records clerk"
    assert data["alternateName"] == ["Medical records clerk"]
    assert data["description"] == "Health records clerks keep people's medical records up to date."
    assert data["url"] == "http://testserver/job-profiles/health-records-clerk/"
    [salary] = data["estimatedSalary"]
    assert salary["@type"] == "MonetaryAmountDistribution"
    assert salary["currency"] == "GBP"
    assert salary["duration"] == "P1Y"
    assert (salary["percentile10"], salary["percentile90"]) == (15000, 28250)
    soc, onet = data["occupationalCategory"]
    assert soc == {
        "@type": "CategoryCode",
        "codeValue": "4131",
        "inCodeSet": {"@type": "CategoryCodeSet", "name": "SOC 2020"},
    }
    assert onet["codeValue"] == "43-4071.00"
    assert data["qualifications"].startswith("You'll find it useful to have GCSEs")
    assert "Disclosure and Barring Service (DBS)." in data["qualifications"]
    assert "<" not in data["qualifications"]
    assert data["skills"] == [s.text for s in clerk.skills.all()]
    assert data["responsibilities"][0] == "creating, checking and updating patient records"
    assert len(data["responsibilities"]) == 6
    assert data["workHours"] == "35 to 45 hours a week"
    assert data["occupationLocation"] == [{"@type": "AdministrativeArea", "name": "England"}]


def test_an_unknown_soc_code_is_left_out(client, make_profile):
    profile = make_profile(soc_code="", onet_code="")
    data = occupation_of(client.get(profile.get_absolute_url()))
    assert "occupationalCategory" not in data
    assert "alternateName" not in data


def test_the_improved_layout_carries_the_same_description(client, clerk):
    original = occupation_of(client.get(clerk.get_absolute_url()))
    client.cookies[layout.COOKIE] = layout.IMPROVED
    response = client.get(clerk.get_absolute_url())
    assert response.context["improved"] is True
    assert occupation_of(response) == original


def test_text_that_looks_like_markup_cannot_escape_the_json_ld(client, make_profile):
    attack = '</script><script>alert("x")</script><!-- & -->'
    profile = make_profile(summary=f"Clerks {attack}")
    AlternativeTitle.objects.create(profile=profile, title=attack)
    Skill.objects.create(profile=profile, text=attack)
    html = client.get(profile.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    data = json.loads(block)
    assert data["description"] == f"Clerks {attack}"
    assert data["alternateName"] == [attack]
    assert data["skills"] == [attack]
    assert '<script>alert("x")' not in html


def test_the_profile_page_names_its_canonical_address_and_open_graph_tags(client, clerk):
    head = head_of(client.get(clerk.get_absolute_url(), {"utm_source": "newsletter"}))
    url = "http://testserver/job-profiles/health-records-clerk/"
    assert head.links["canonical"] == url
    assert head.meta["og:url"] == url
    assert head.meta["og:title"] == "Health records clerk"
    assert head.meta["og:description"] == clerk.summary
    assert head.meta["og:type"] == "website"
    assert head.meta["og:locale"] == "en_GB"
    assert head.meta["og:site_name"]
    assert head.meta["description"].startswith(clerk.summary)
    assert "£15,000 to £28,250" in head.meta["description"]


def test_the_description_adds_no_queries_to_the_profile_page(client, clerk):
    # The JSON-LD reads only what the page's own queryset fetched: the page costs exactly the
    # queries of loading that queryset.
    with CaptureQueriesContext(connection) as loading:
        JobProfile.objects.published().for_profile_page().get(slug=clerk.slug)
    with CaptureQueriesContext(connection) as page:
        response = client.get(reverse("profiles:detail", kwargs={"slug": clerk.slug}))
    assert occupation_of(response)["name"] == clerk.title
    assert len(page) == len(loading)


def test_the_qualifications_say_and_not_amp(client, make_profile):
    """Rendered Markdown writes "&" as "&amp;": JSON-LD is not HTML, so it says what was typed."""
    profile = make_profile(entry_requirements="GCSEs in English & maths, or <equivalent>.")
    data = occupation_of(client.get(profile.get_absolute_url()))
    assert data["qualifications"] == "GCSEs in English & maths, or <equivalent>."
