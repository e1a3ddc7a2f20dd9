// "Is this page useful?" answered in place. Without this file the block is a plain form that
// posts and shows the server's thank-you page (or, after "No", the feedback form).
import { Button, CharacterCount, createAll } from "./govuk-frontend.min.js";

class PageFeedback {
  constructor(block) {
    this.block = block;
    this.form = block.querySelector("form");
    this.prompt = block.querySelector(".app-page-feedback__prompt");
    this.answer = block.querySelector(".app-page-feedback__answer");
    this.reportLink = block.querySelector(".app-page-feedback__report a");
    this.form.addEventListener("submit", (event) => this.onSubmit(event));
  }

  onSubmit(event) {
    // The browser sends it itself after a failure, so the visitor sees the server's own page.
    if (this.letBrowserSend) return;
    event.preventDefault();
    if (this.sending || !event.submitter) return;
    this.sending = true;
    this.send(event.submitter);
  }

  async send(button) {
    const body = new FormData(this.form, button);
    let response = null;
    try {
      response = await fetch(this.form.action, {
        method: "POST",
        body,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
    } catch {
      response = null;
    }
    if (!response || !response.ok) {
      this.letBrowserSend = true;
      this.form.requestSubmit(button);
      return;
    }
    if (button.value === "yes") {
      this.say("Thank you for your feedback");
    } else {
      // A token tying the message the visitor may now write to this answer.
      const answer = await response.json().catch(() => ({}));
      await this.offerForm(answer.follow_up);
    }
  }

  say(text) {
    const message = document.createElement("p");
    message.className = "govuk-body app-page-feedback__thanks";
    message.tabIndex = -1;
    message.textContent = text;
    this.prompt.hidden = true;
    this.answer.replaceChildren(message);
    // The buttons have gone; keep keyboard and screen reader users where the answer is.
    message.focus();
  }

  async offerForm(followUp) {
    const address = new URL(this.reportLink.href);
    address.searchParams.set("answered", "no");
    if (followUp) address.searchParams.set("answer", followUp);
    let form = null;
    try {
      // The form page is never cached, so it brings this visitor's own CSRF token and cookie.
      const response = await fetch(address, { credentials: "same-origin" });
      if (response.ok) {
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        form = page.getElementById("feedback-form");
      }
    } catch {
      form = null;
    }
    if (!form) {
      window.location.assign(address);
      return;
    }
    const panel = document.createElement("div");
    panel.className = "app-page-feedback__panel";
    const heading = document.createElement("h2");
    heading.className = "govuk-heading-m";
    heading.tabIndex = -1;
    heading.textContent = "Help us improve this page";
    const intro = document.createElement("p");
    intro.className = "govuk-body";
    intro.textContent = "Thank you for your answer. Tell us what was wrong with this page.";
    panel.append(heading, intro, document.adoptNode(form));
    this.prompt.hidden = true;
    // Beside the status region, not in it: a whole form is too much to announce; focus on the
    // heading tells people where they are instead.
    this.answer.before(panel);
    createAll(CharacterCount, undefined, panel);
    createAll(Button, undefined, panel);
    heading.focus();
  }
}

export function initPageFeedback(scope = document) {
  for (const block of scope.querySelectorAll('[data-module="app-page-feedback"]')) {
    new PageFeedback(block);
  }
}
