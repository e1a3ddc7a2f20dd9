// Explore careers and saved careers, enhanced. Without this file every control still works: the
// filters have an "Apply filters" button, and Save posts a plain form.

const SAVED_COOKIE = "saved_careers";

// Apply a filter as soon as it changes, without reloading the page, and say how many careers
// are left. The address changes as the form's would, so it can still be shared and bookmarked.
export function initExplore() {
  const form = document.getElementById("explore-filters");
  const results = document.getElementById("explore-results");
  const announcer = document.getElementById("explore-announcer");
  if (!form || !results || !announcer || !window.fetch || !window.DOMParser) return;
  let pending;

  const update = async () => {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (value) params.append(name, value);
    }
    const query = params.toString();
    const url = form.action + (query ? `?${query}` : "");
    pending?.abort();
    pending = new AbortController();
    let page;
    let address;
    try {
      const response = await fetch(url, { signal: pending.signal, headers: { Accept: "text/html" } });
      if (!response.ok) throw new Error(`${response.status}`);
      address = response.url;
      page = new DOMParser().parseFromString(await response.text(), "text/html");
    } catch (error) {
      if (error.name === "AbortError") return;
      window.location.assign(url); // let the browser show whatever the server says
      return;
    }
    for (const count of form.querySelectorAll(".app-option-count[id]")) {
      const fresh = page.getElementById(count.id);
      if (fresh) count.textContent = fresh.textContent;
    }
    const freshResults = page.getElementById("explore-results");
    if (freshResults) results.replaceChildren(...freshResults.childNodes);
    document.title = page.title;
    window.history.pushState({ explore: true }, "", address);
    markSaved(results);
    const count = document.getElementById("explore-count");
    announcer.textContent = count ? count.textContent.trim() : "";
  };

  form.addEventListener("change", update);
  // The sort list sits beside the results but belongs to the form (its form attribute).
  document.addEventListener("change", (event) => {
    if (event.target.form === form && !form.contains(event.target)) update();
  });
  window.addEventListener("popstate", () => window.location.reload());
}

function savedSlugs() {
  const cookie = document.cookie.split("; ").find((part) => part.startsWith(`${SAVED_COOKIE}=`));
  if (!cookie) return new Set();
  // A signed cookie: "slug.slug:timestamp:signature". The server checks the signature.
  const value = decodeURIComponent(cookie.slice(SAVED_COOKIE.length + 1)).replace(/^"|"$/g, "");
  return new Set(value.split(":")[0].split(".").filter(Boolean));
}

// The page is cached for everyone, so it always offers "Save"; for careers this browser has
// saved, offer to remove them instead.
export function markSaved(root = document) {
  const saved = savedSlugs();
  for (const button of root.querySelectorAll("[data-save-career]")) {
    if (!saved.has(button.dataset.saveCareer)) continue;
    const form = button.form;
    form.action = form.dataset.removeAction;
    const hidden = button.querySelector(".govuk-visually-hidden");
    button.textContent = hidden ? "Remove from saved" : "Remove from saved careers";
    if (hidden) button.append(hidden);
  }
}
