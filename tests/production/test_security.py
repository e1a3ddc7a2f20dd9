"""Secure by default: headers, a strict Content-Security-Policy, and `check --deploy` clean."""

import base64
import hashlib
import json
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from tests.production.conftest import PRODUCTION_ENV

# What README's "Deploying" section tells people to set, behind a proxy that ends TLS.
DEPLOY_ENV = PRODUCTION_ENV | {
    "ALLOWED_HOSTS": "careers.example.org",
    "HTTPS": "true",
    "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "DATABASE_URL": "postgres://careers@db.internal:5432/careers",
    "CACHE_URL": "redis://cache.internal:6379/0",
    "EMAIL_URL": "smtp+tls://careers:secret@mail.internal:587",
    "DEFAULT_FROM_EMAIL": "careers@careers.example.org",
    "SITE_URL": "https://careers.example.org",
}


def run_django(code_or_args, env_vars):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CACHE_", "SECURE_", "HTTPS"))
    }
    # Start-up log lines go to stdout too: keep them out of the answers read from it.
    env |= env_vars | {"DJANGO_SETTINGS_MODULE": "careers_site.settings", "LOG_LEVEL": "WARNING"}
    return subprocess.run(
        [sys.executable, *code_or_args],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_django(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], DEPLOY_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_asks_for_a_mail_server_for_review_emails():
    env = {key: value for key, value in DEPLOY_ENV.items() if key != "EMAIL_URL"}
    result = run_django(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode != 0
    assert "mail.E001" in result.stderr


def test_check_deploy_complains_when_https_is_not_configured():
    # The check above passes because of the settings, not because nothing is checked.
    env = DEPLOY_ENV | {"HTTPS": "false"}
    result = run_django(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


def _production_settings(env):
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({name: getattr(s, name) for name in ["
        "'SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', "
        "'SECURE_HSTS_SECONDS', 'SECURE_PROXY_SSL_HEADER', 'CACHES', 'DEBUG']}))"
    )
    result = run_django(["-c", code], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_https_turns_on_the_redirect_secure_cookies_and_hsts():
    values = _production_settings(DEPLOY_ENV)
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["DEBUG"] is False


def test_without_https_nothing_assumes_it_so_make_run_works_on_plain_http():
    values = _production_settings(PRODUCTION_ENV)
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SECURE_PROXY_SSL_HEADER"] is None


def test_a_redis_cache_url_uses_djangos_own_redis_backend():
    cache = _production_settings(DEPLOY_ENV)["CACHES"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://cache.internal:6379/0"


def _policy(response):
    return {
        directive.split()[0]: directive.split()[1:]
        for directive in response["Content-Security-Policy"].split(";")
    }


def test_every_page_sends_the_security_headers(client, seed_content):
    for url in ("/", reverse("profiles:detail", kwargs={"slug": "health-records-clerk"})):
        response = client.get(url)
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]


def test_the_content_security_policy_allows_only_our_own_files(client, seed_content):
    response = client.get(reverse("profiles:detail", kwargs={"slug": "health-records-clerk"}))
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'", f"'sha256-{settings.HEAD_SCRIPT_HASH}'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src|type)=)[^>]*>(.*?)</script>", re.S)


def test_the_one_inline_script_is_the_one_the_policy_allows_by_its_hash(client, seed_content):
    profile = reverse("profiles:detail", kwargs={"slug": "health-records-clerk"})
    served_from_cache = []
    # A cached copy of a page too, and a page not found.
    for url in ("/", profile, profile, "/search/?q=nurse", "/job-profiles/no-such-career/"):
        response = client.get(url)
        [script] = INLINE_SCRIPT.findall(response.content.decode())
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert _policy(response)["script-src"] == ["'self'", f"'sha256-{digest}'"], url
        served_from_cache.append(response.get("X-Page-Cache") == "hit")
    assert any(served_from_cache)


def test_a_cached_page_still_carries_the_security_headers(client, seed_content):
    url = reverse("profiles:detail", kwargs={"slug": "health-records-clerk"})
    client.get(url)
    response = client.get(url)
    assert response["X-Page-Cache"] == "hit"
    assert "Content-Security-Policy" in response
    assert response["X-Frame-Options"] == "DENY"


def test_behind_a_proxy_the_forwarded_scheme_is_trusted_only_when_configured(
    client, seed_content, settings
):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/", headers={"x_forwarded_proto": "https"})
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client.get("/", headers={"x_forwarded_proto": "https"}).status_code == 200
    # Load balancers check health over plain HTTP.
    assert client.get(reverse("healthz")).status_code == 200


INLINE_CODE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"<style\b", re.I), "a <style> element"),
    (re.compile(r"\sstyle=", re.I), "a style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an event-handler attribute"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]


@pytest.mark.parametrize("pattern,what", INLINE_CODE, ids=[what for _, what in INLINE_CODE])
def test_no_template_has_inline_code_the_policy_would_block(pattern, what):
    templates = [
        path
        for root in (settings.BASE_DIR / "templates", *settings.BASE_DIR.glob("*/templates"))
        for path in root.rglob("*.html")
        if ".venv" not in path.parts and "node_modules" not in path.parts
    ]
    assert templates
    # The one exception, allowed by its hash (test just above).
    allowed = '<script>{% include "includes/head_script.js" only %}</script>'
    offenders = [
        str(path) for path in templates if pattern.search(path.read_text().replace(allowed, ""))
    ]
    assert not offenders, f"{what} in {offenders}"
