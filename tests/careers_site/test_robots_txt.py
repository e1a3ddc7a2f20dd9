from urllib.robotparser import RobotFileParser


def robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    return response.content.decode().splitlines()


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_forms_and_data(client, db):
    lines = robots_txt(client)
    assert lines[0] == "User-agent: *"
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    robots = RobotFileParser()
    robots.parse(lines)
    for path in ("/admin/", "/api/job-profiles/", "/feedback/", "/search/suggestions/?q=nu"):
        assert not robots.can_fetch("*", f"http://testserver{path}"), path
    for path in ("/", "/job-profiles/nurse/", "/job-categories/"):
        assert robots.can_fetch("*", f"http://testserver{path}"), path


def test_robots_txt_lets_crawlers_read_search_results(client, db):
    # Lighthouse fails a page's SEO if it is disallowed; docs/quality.md says why they may be read.
    robots = RobotFileParser()
    robots.parse(robots_txt(client))
    for path in ("/search/", "/search/?q=nurse", "/search/?q=nurse&page=2"):
        assert robots.can_fetch("*", f"http://testserver{path}"), path
