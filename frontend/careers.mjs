// Progressive enhancement only: every page works without this file.
import { initAll } from "./govuk-frontend.min.js";
import { initSearchSuggestions } from "./search.mjs";
import { initPageFeedback } from "./feedback.mjs";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
initSearchSuggestions();
initPageFeedback();
