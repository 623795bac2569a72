// Render a batch of TeX expressions to HTML with KaTeX, once per site build.
// stdin: JSON [{"tex": "...", "display": true|false}, ...]
// stdout: JSON [{"html": "..."} | {"error": "..."}, ...] in the same order.
import { readFileSync } from "node:fs";
import katex from "katex";

const expressions = JSON.parse(readFileSync(0, "utf8"));
const rendered = expressions.map(({ tex, display }) => {
  try {
    return {
      html: katex.renderToString(tex, {
        displayMode: display,
        throwOnError: true,
        strict: "error",
        output: "htmlAndMathml",
        // Equation numbers link to their own anchors (#eq-LABEL); no other URL is allowed.
        trust: (context) => context.command === "\\href" && context.url.startsWith("#"),
      }),
    };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
});
process.stdout.write(JSON.stringify(rendered));
