"""Browser-side quality checks shared by the accessibility, phone, print and JavaScript sweeps."""

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's own best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# Reports every Content-Security-Policy violation to the test through an exposed binding, which
# (like this script) is installed over the DevTools protocol and so is not itself subject to the CSP.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline code"} on ${event.documentURI}`
  );
});
"""


def watched_context(browser, **options):
    """A browser context and the list it fills with page errors, console errors, CSP violations
    and failed subresources. The document's own status is left to the test: a 404 page is a page."""
    context = browser.new_context(**options)
    errors = []
    context.expose_binding(
        "__reportCspViolation", lambda source, text: errors.append(f"CSP violation: {text}")
    )
    context.add_init_script(CSP_LISTENER)

    def failed(response):
        if response.status >= 400 and not response.request.is_navigation_request():
            errors.append(f"{response.status} {response.url}")

    def console(message):
        # A failed load is reported with its address by `failed`, or is the document itself.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(f"console: {message.text}")

    def watch(page):
        page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
        page.on("console", console)
        page.on("response", failed)

    context.on("page", watch)
    return context, errors


def open_page_type(page, base_url, page_type):
    """Bring the page to the state its type stands for, as a visitor would; return its status."""
    url = base_url + page_type.address()
    documents = []
    page.on(
        "response",
        lambda r: (
            r.request.is_navigation_request()
            and r.frame == page.main_frame
            and documents.append(r.status)
        ),
    )
    page.goto(url)
    if page_type.action == "try-improved":
        control = page.get_by_role("link", name="Try it out", exact=True).or_(
            page.get_by_role("button", name="Try it out", exact=True)
        )
        if not control.count():
            pytest.skip(
                f"{page_type.name}: the profile page has no 'Try it out' link or button yet"
            )
        with page.expect_navigation():
            control.first.click()
    elif page_type.action:
        form = page.locator("form:has(textarea)").first
        assert form.count(), f"{page_type.name}: {url} has no form with a text area"
        if page_type.action == "submit-filled":
            from tests.page_types import FEEDBACK_MESSAGE

            for textarea in form.locator("textarea").all():
                textarea.fill(FEEDBACK_MESSAGE)
        for radio in form.locator("input[type=radio]").all():
            name = radio.get_attribute("name")
            if not form.locator(f'input[type=radio][name="{name}"]:checked').count():
                radio.check()
        with page.expect_navigation():
            form.locator(
                "button:not([type]), button[type=submit], input[type=submit]"
            ).first.click()
    page.wait_for_load_state()
    status = documents[-1]
    if page_type.status is None:
        assert status < 500, f"{page_type.name} answered {status}"
    else:
        assert status == page_type.status, f"{page_type.name} answered {status}"
    if page_type.expect:
        main = " ".join(page.locator("main").inner_text().split())
        assert page_type.expect in main, f"{page_type.name} does not show {page_type.expect!r}"
    return status


def axe_violations(page):
    """axe-core's violations of AXE_TAGS on the page as it stands."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """tags => axe.run(document, {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        })""",
        AXE_TAGS,
    )
    return result["violations"]


def describe_violations(violations):
    """One readable paragraph per violation: rule, impact, help, and the elements at fault."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['failureSummary']}")
            lines.append(f"      {re.sub(r'\\s+', ' ', node['html'])[:200]}")
    return "\n".join(lines)


# What a visible focus indicator can change, on the control, its labels and their pseudo-elements.
FOCUS_STYLE = """
(element) => {
  const properties = ["outlineStyle", "outlineWidth", "outlineColor", "boxShadow",
    "backgroundColor", "color", "borderTopColor", "borderBottomColor", "borderBottomWidth",
    "textDecorationLine", "textDecorationThickness"];
  const parts = [element, ...(element.labels || [])];
  return parts.flatMap((part) => [null, "::before", "::after"].map((pseudo) => {
    const style = getComputedStyle(part, pseudo);
    return properties.map((name) => style[name]).join("|");
  })).join("\\n");
}
"""

# The controls a keyboard user must be able to reach, as (description, focus group) pairs: the
# radios of one group share a tab stop, reached once for the group.
TABBABLE = """
() => {
  const selector = "a[href], area[href], button, input:not([type=hidden]), select, textarea, "
    + "summary, iframe, [tabindex], [contenteditable]";
  const controls = [...document.querySelectorAll(selector)].filter((element) =>
    !element.disabled && element.tabIndex >= 0 && element.closest("[inert]") === null
    && element.checkVisibility({visibilityProperty: true})
    || element.classList.contains("govuk-skip-link"));
  window.__controls = controls;
  return controls.map((element) => {
    const text = (element.innerText || element.value || element.name || "").trim();
    const label = `<${element.tagName.toLowerCase()}> ${text.slice(0, 60)}`;
    const group = element.type === "radio" ? `radio:${element.name}` : label;
    return [label, group];
  });
}
"""


def tab_through(page, limit):
    """Press Tab until focus leaves the page or comes round again; the indexes of __controls reached,
    each with its focused style."""
    reached = {}
    for _ in range(limit):
        page.keyboard.press("Tab")
        index, style = page.evaluate(
            f"""() => {{
                const element = document.activeElement;
                return [window.__controls.indexOf(element), ({FOCUS_STYLE})(element)];
            }}"""
        )
        if page.evaluate("document.activeElement === document.body") or index in reached:
            break
        if index >= 0:  # -1: something focusable that is not a control, such as a scrolled region
            reached[index] = style
    return reached


def unfocused_styles(page):
    """Each of __controls' styles with nothing focused."""
    return page.evaluate(
        f"""() => {{
            document.activeElement.blur();
            return window.__controls.map({FOCUS_STYLE});
        }}"""
    )


@dataclass
class KeyboardSweep:
    first: str  # the control the first Tab reaches
    unreachable: list[str]  # controls Tab never reaches
    invisible: list[str]  # controls that look the same focused and unfocused


def sweep_keyboard(page):
    """Tab through the page from the top, as a visitor arriving on it would."""
    # A page may have moved focus on load (an error summary does): start from the top again.
    page.evaluate(
        """() => {
            document.body.tabIndex = -1;
            document.body.focus();
            document.body.removeAttribute("tabindex");
        }"""
    )
    controls = page.evaluate(TABBABLE)
    reached = tab_through(page, limit=len(controls) + 5)
    unfocused = unfocused_styles(page)
    groups_reached = {controls[index][1] for index in reached}
    return KeyboardSweep(
        first=controls[next(iter(reached))][0] if reached else "nothing",
        unreachable=[label for label, group in controls if group not in groups_reached],
        invisible=[controls[i][0] for i, style in reached.items() if style == unfocused[i]],
    )
