// Reduces KERN's stylesheet to the rules Amtsnetz uses (make css).
//
// Input: the untouched dist/kern.min.css of the pinned @kern-ux/native (package.json).
// Content scanned for class, tag and attribute names: the templates, the Python code
// (forms set attributes such as aria-invalid) and htmx (it sets states such as disabled). Output: static/vendor/kern-ux-<version>/
// kern.used.css, its line in static/vendor/VERSIONS updated with the new sha256.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { PurgeCSS } from "purgecss";

const kernPackage = JSON.parse(
  readFileSync("node_modules/@kern-ux/native/package.json", "utf8"),
);
const purgePackage = JSON.parse(readFileSync("node_modules/purgecss/package.json", "utf8"));
const source = "node_modules/@kern-ux/native/dist/kern.min.css";
const vendorDir = `kern-ux-${kernPackage.version}`;
const target = `static/vendor/${vendorDir}/kern.used.css`;

// Custom properties that our own stylesheet reads, and those their values read in turn
// (--kern-color-layout-border: var(--kern-color-neutral-500)): KERN must keep defining
// them, or site.css falls back to its own guesses. PurgeCSS follows these chains only
// for the properties KERN's kept rules read.
const kernCss = readFileSync(source, "utf8");
const siteCss = readFileSync("static/css/site.css", "utf8");
const siteVariables = new Set(siteCss.match(/--kern-[A-Za-z0-9-]+/g) ?? []);
const definitions = [...kernCss.matchAll(/(--kern-[A-Za-z0-9-]+)\s*:([^;}]*)/g)];
for (let grown = true; grown; ) {
  grown = false;
  for (const [, name, value] of definitions) {
    if (!siteVariables.has(name)) continue;
    for (const used of value.match(/--kern-[A-Za-z0-9-]+/g) ?? []) {
      if (!siteVariables.has(used)) {
        siteVariables.add(used);
        grown = true;
      }
    }
  }
}

const [result] = await new PurgeCSS().purge({
  css: [source],
  // The script we ship counts too: htmx sets states on elements (disabled, …).
  content: ["templates/**/*.html", "templates/**/*.xml", "kb/**/*.py", "static/vendor/htmx-*.min.js"],
  variables: true,
  keyframes: true,
  safelist: {
    standard: [
      // Classes templates build from a value (kern-btn--{{ kind }}, kern-alert--{{ kind }}):
      // the kinds they may take.
      /^kern-(btn)--(primary|secondary|tertiary)$/,
      /^kern-(alert|icon)--(success|info|warning|danger)$/,
      // The elements Markdown writes into entries, comments and case studies.
      ...["h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "blockquote", "pre"],
      ...["code", "em", "strong", "a", "img", "table", "thead", "tbody", "tr", "th", "td"],
      ...["hr", "br", "del", "s", "sup", "sub"],
    ],
    // The page's surface colours (--kern-color-layout-layer-surface-contextual, …) are set
    // on :is(body, .kern-light, …):not([class*=kern-level-]): PurgeCSS drops a selector
    // made of two pseudo-classes alone, so rules with :is() are kept (one in KERN 2.7.2).
    greedy: [/^:is$/],
    variables: [...siteVariables],
  },
});

const banner =
  `/* KERN UX ${kernPackage.version} (@kern-ux/native, EUPL-1.2): dist/kern.min.css reduced ` +
  `to the rules Amtsnetz uses by purgecss ${purgePackage.version} (make css). Do not edit. */\n`;
const css = banner + result.css;
writeFileSync(target, css);

const sourceSha = createHash("sha256").update(readFileSync(source)).digest("hex");
const sha = createHash("sha256").update(css).digest("hex");
const line =
  `${vendorDir}/kern.used.css\tnpm @kern-ux/native@${kernPackage.version} dist/kern.min.css ` +
  `(sha256:${sourceSha}) reduced by purgecss@${purgePackage.version} (make css)\tEUPL-1.2\t` +
  `sha256:${sha}`;
const versionsPath = "static/vendor/VERSIONS";
const lines = readFileSync(versionsPath, "utf8")
  .split("\n")
  .filter((entry) => entry && !entry.startsWith(`${vendorDir}/kern.`));
const comments = lines.filter((entry) => entry.startsWith("#"));
const entries = [...lines.filter((entry) => !entry.startsWith("#")), line].sort();
writeFileSync(versionsPath, [...comments, ...entries].join("\n") + "\n");
console.log(`${target}: ${readFileSync(source).length} -> ${Buffer.byteLength(css)} bytes`);
