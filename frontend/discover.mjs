// The quiz's results page, enhanced: buttons to copy its link and to print it. Without this
// file the link is still there to select and copy, and the browser prints the page as well.

export function initResultsTools() {
  const copy = document.querySelector("[data-copy-from]");
  const print = document.querySelector("[data-print-page]");
  const announcer = document.getElementById("copy-announcer");
  if (copy && navigator.clipboard) {
    const field = document.getElementById(copy.dataset.copyFrom);
    copy.hidden = false;
    copy.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(field.value);
        if (announcer) announcer.textContent = "Link copied";
        copy.textContent = "Link copied";
      } catch {
        field.select(); // the browser would not let us: leave it selected to copy by hand
      }
    });
  }
  if (print && window.print) {
    print.hidden = false;
    print.addEventListener("click", () => window.print());
  }
}
