// Suggestions as you type in the search box: an ARIA combobox over a small JSON endpoint.
// Progressive enhancement only: without this file the form submits and the results page answers.

const MIN_LENGTH = 2;
const DELAY_MS = 150;

function enhance(container) {
  const input = container.querySelector("input[type=search]");
  const url = container.dataset.suggestionsUrl;
  if (!input || !url || !window.fetch) return;

  const listId = `${input.id}-suggestions`;
  const list = document.createElement("ul");
  list.id = listId;
  list.className = "app-suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Suggested job profiles");
  list.hidden = true;
  const status = document.createElement("div");
  status.className = "govuk-visually-hidden";
  status.setAttribute("role", "status");
  container.classList.add("app-search__row--enhanced");
  container.append(list, status);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", listId);
  input.setAttribute("aria-expanded", "false");
  // The browser's own history list would cover ours.
  input.setAttribute("autocomplete", "off");

  let options = [];
  let active = -1;
  let timer = null;
  let request = null;

  function close() {
    list.hidden = true;
    list.replaceChildren();
    options = [];
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function highlight(index) {
    options.forEach((option, i) => {
      option.element.setAttribute("aria-selected", String(i === index));
      option.element.classList.toggle("app-suggestions__option--active", i === index);
    });
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", options[index].element.id);
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function choose(index) {
    window.location.assign(options[index].url);
  }

  function show(suggestions) {
    close();
    if (!suggestions.length) {
      status.textContent = "No suggestions";
      return;
    }
    options = suggestions.map((suggestion, i) => {
      const element = document.createElement("li");
      element.id = `${listId}-${i}`;
      element.className = "app-suggestions__option";
      element.setAttribute("role", "option");
      element.setAttribute("aria-selected", "false");
      element.textContent = suggestion.title;
      if (suggestion.matched) {
        const also = document.createElement("span");
        also.className = "app-suggestions__also";
        also.textContent = ` (also called ${suggestion.matched})`;
        element.append(also);
      }
      // mousedown, not click: the input keeps focus, so the list is not closed under the pointer.
      element.addEventListener("mousedown", (event) => {
        event.preventDefault();
        choose(i);
      });
      list.append(element);
      return { element, url: suggestion.url };
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    const count = suggestions.length;
    status.textContent = `${count} suggestion${count === 1 ? "" : "s"}. Use up and down arrows to choose.`;
  }

  async function fetchSuggestions(query) {
    request?.abort();
    request = new AbortController();
    try {
      const response = await fetch(`${url}?q=${encodeURIComponent(query)}`, {
        headers: { Accept: "application/json" },
        signal: request.signal,
      });
      if (!response.ok) return close();
      const data = await response.json();
      // Only the answer to what is in the box now: typing on may have changed it.
      if (input.value.trim() === query) show(data.suggestions || []);
    } catch (error) {
      if (error.name !== "AbortError") close();
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const query = input.value.trim();
    if (query.length < MIN_LENGTH) {
      request?.abort();
      close();
      return;
    }
    timer = setTimeout(() => fetchSuggestions(query), DELAY_MS);
  });

  input.addEventListener("keydown", (event) => {
    if (list.hidden || !options.length) return;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      highlight((active + 1) % options.length);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      highlight(active <= 0 ? options.length - 1 : active - 1);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      choose(active);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });

  input.addEventListener("blur", close);
}

export function initSearchSuggestions(root = document) {
  root.querySelectorAll('[data-module="app-search-suggestions"]').forEach(enhance);
}
