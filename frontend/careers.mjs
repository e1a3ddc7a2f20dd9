// Progressive enhancement only: every page works without this file.
import { initAll } from "./govuk-frontend.min.js";
import { initSearchSuggestions } from "./search.mjs";
import { initPageFeedback } from "./feedback.mjs";
import { initExplore, markSaved } from "./choosing.mjs";
import { initResultsTools } from "./discover.mjs";

// The script in <head> marked <html> for GOV.UK Frontend's styles; its script looks on <body>.
document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
initSearchSuggestions();
initPageFeedback();
initExplore();
markSaved();
initResultsTools();
