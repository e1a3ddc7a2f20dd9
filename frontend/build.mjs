// Builds static/dist from frontend/: GOV.UK Frontend's CSS with our settings, its JS, and the
// images its CSS refers to. Output is not committed; `make` runs this when a source changes.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(root, "static", "dist");

mkdirSync(out, { recursive: true });
const css = sass.compile(join(root, "frontend", "careers.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
});
writeFileSync(join(out, "careers.css"), css.css);
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
cpSync(join(govuk, "assets", "images"), join(out, "govuk", "assets", "images"), { recursive: true });
cpSync(join(root, "frontend", "careers.mjs"), join(out, "careers.mjs"));
cpSync(join(root, "frontend", "search.mjs"), join(out, "search.mjs"));
cpSync(join(root, "frontend", "feedback.mjs"), join(out, "feedback.mjs"));
cpSync(join(root, "frontend", "choosing.mjs"), join(out, "choosing.mjs"));
cpSync(join(root, "frontend", "discover.mjs"), join(out, "discover.mjs"));
console.log(`built ${out}: careers.css ${css.css.length} bytes`);
