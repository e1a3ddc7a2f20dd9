"""The default cache is shared by every process on the machine: a command run beside the server
(import_profiles, say) expires the pages the server's workers have cached."""

import json
import urllib.request

from tests.production.conftest import manage

PROFILE = "/job-profiles/health-records-clerk/"
API = "/api/job-profiles/health-records-clerk/"


def _get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers.get("X-Page-Cache"), response.read().decode()


def test_the_server_serves_new_content_right_after_an_import_in_another_process(
    tmp_path, start_instance
):
    # As `make run` sets up: SQLite and the default cache (here in the test's own directory).
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "CACHE_URL": f"diskcache://{tmp_path / 'cache'}",
    }
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "load_content", "-v0")
    site = start_instance(**env)
    # Several workers: whichever answers, the page is cached once for all of them.
    for _ in range(6):
        _get(site.url + PROFILE)
    state, html = _get(site.url + PROFILE)
    assert state == "hit"
    assert "Imported from another system" not in html

    manage(env, "export_profiles", str(tmp_path / "all.json"), "--no-progress")
    document = json.loads((tmp_path / "all.json").read_text())
    clerk = next(p for p in document["profiles"] if p["slug"] == "health-records-clerk")
    clerk["summary"] = "Imported from another system a moment ago."
    document["profiles"] = [clerk]
    document["categories"] = [c for c in document["categories"] if c["slug"] in clerk["categories"]]
    manage(env, "import_profiles", "-", "--no-progress", stdin=json.dumps(document))

    for _ in range(6):  # every worker, not just one, now serves the new page
        state, html = _get(site.url + PROFILE)
        assert "Imported from another system a moment ago." in html
    assert state == "hit"
    _, api = _get(site.url + API)
    assert json.loads(api)["summary"] == "Imported from another system a moment ago."
