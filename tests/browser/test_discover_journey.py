"""The Discover careers quiz in a real browser, by keyboard alone: start, answer every question,
land on careers that fit, and find the same results from the link in a fresh browser.

With and without JavaScript, on a desktop and on a 320 px phone.
"""

import re

import pytest

pytestmark = pytest.mark.browser

CARING = {"healthcare", "social-care"}


def _fits_the_screen(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.width, f"{page.url} is {width} px wide on a {page.width} px screen"


def _focused(page):
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          const legend = el.closest("fieldset")?.querySelector("legend")?.textContent.trim();
          return {tag: el.tagName, type: el.type || "", name: el.name || "",
                  text: el.textContent.trim(), legend: legend || ""};
        }"""
    )


def _tab_to(page, wanted, limit=80):
    """Press Tab until the focused element is the one wanted (a test on _focused's answer)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if wanted(focused):
            return focused
    raise AssertionError(f"Tab never reached the element wanted on {page.url}")


def _answer_page_by_keyboard(page, likes):
    """Each question: Tab into its radios, then Space for the first ("Strongly dislike") or the
    left arrow, which wraps round to the last ("Strongly like")."""
    questions = page.locator(".app-quiz-question legend").all_inner_texts()
    for text in questions:
        focused = _tab_to(page, lambda f, text=text: f["type"] == "radio" and f["legend"] == text)
        page.keyboard.press("ArrowLeft" if likes(text) else "Space")
        assert page.locator(f"input[name='{focused['name']}']:checked").count() == 1
    _tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] in {"Continue", "See your results"})
    page.keyboard.press("Enter")


def test_someone_who_likes_helping_people_answers_by_keyboard_and_sees_caring_careers(
    site, visitor, browser
):
    from discover.models import Question
    from profiles.models import JobProfile

    helping = set(Question.objects.filter(area="helping").values_list("text", flat=True))
    caring = set(
        JobProfile.objects.filter(categories__slug__in=CARING).values_list("title", flat=True)
    )
    page = visitor
    page.goto(f"{site.url}/discover/")
    assert "We do not store your answers" in page.locator("main").inner_text()
    _tab_to(page, lambda f: f["tag"] == "A" and f["text"] == "Start now")
    page.keyboard.press("Enter")
    for number in range(1, 6):
        page.wait_for_url(re.compile(rf"/discover/questions/{number}/"))
        assert f"Page {number} of 5" in page.locator("main").inner_text()
        _fits_the_screen(page)
        _answer_page_by_keyboard(page, lambda text: text in helping)
    page.wait_for_url(re.compile(r"/discover/results/[0-9a-z]+/$"))
    _fits_the_screen(page)
    assert "Helping people" in page.locator(".app-quiz-areas").inner_text()
    titles = page.locator(".app-profile-list__title a").all_inner_texts()
    assert len(titles) == 20
    assert set(titles[:3]) <= caring, titles[:3]
    # Copy and print are offered only where the script can do them.
    assert page.get_by_role("button", name="Print your results").is_visible() == page.javascript

    # The same link in a fresh browser, with nothing carried over: the same results.
    results_url = page.url
    assert page.locator("#results-link").input_value() == results_url
    fresh = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        other = fresh.new_page()
        other.goto(results_url)
        assert other.locator(".app-profile-list__title a").all_inner_texts() == titles
    finally:
        fresh.close()


def test_back_keeps_the_answers_and_an_unanswered_question_is_pointed_out(site, visitor):
    page = visitor
    page.goto(f"{site.url}/discover/questions/1/")
    _answer_page_by_keyboard(page, lambda text: True)
    page.wait_for_url(re.compile(r"/discover/questions/2/"))
    page.get_by_role("link", name="Back", exact=True).click()
    page.wait_for_url(re.compile(r"/discover/questions/1/\?a="))
    assert page.locator("input[type=radio]:checked").count() == 6
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/discover/questions/2/"))
    page.get_by_role("button", name="Continue").click()  # nothing chosen
    summary = page.locator(".govuk-error-summary")
    assert "There is a problem" in summary.inner_text()
    assert summary.locator("a").count() == 6
    summary.locator("a").first.click()
    assert page.evaluate("document.activeElement.type") == "radio"
    _fits_the_screen(page)
