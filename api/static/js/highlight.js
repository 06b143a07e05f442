// A small syntax highlighter for SPARQL and Turtle: one regular expression, tokens to <span>s.

const KEYWORDS = new Set(`select construct describe ask where from named prefix base distinct reduced as optional
union minus graph service filter bind values group by order asc desc having limit offset not exists in a true false
insert delete data with using load clear drop create add move copy silent default all undef`.split(/\s+/));
const FUNCTIONS = new Set(`str lang langmatches datatype bound iri uri bnode rand abs ceil floor round concat strlen
ucase lcase encode_for_uri contains strstarts strends strbefore strafter year month day hours minutes seconds timezone
tz now uuid struuid md5 sha1 sha256 sha384 sha512 coalesce if strlang strdt sameterm isiri isuri isblank isliteral
isnumeric regex substr replace count sum min max avg sample group_concat`.split(/\s+/));

const TOKEN = new RegExp([
  /(#[^\n]*)/.source, // comment
  /("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')/.source, // string
  /(<[^<>"{}|^`\\\s]*>)/.source, // IRI
  /([?$][A-Za-z_0-9\u00C0-\uFFFF]+)/.source, // variable
  /(@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*|\^\^)/.source, // language tag or datatype marker
  /((?:[A-Za-z][\w.-]*)?:(?:[\w\u00C0-\uFFFF%\\-]|\.(?=[\w]))*)/.source, // prefixed name
  /([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.source, // number
  /([A-Za-z_]\w*)/.source, // word: keyword, function or other
].join("|"), "g");

const CLASSES = ["comment", "string", "iri", "variable", "tag", "pname", "number", "word"];

/** Escape text for HTML. */
export function escapeHTML(text) {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

/** The HTML of `source` with each token in a `<span class="tok-…">`. */
export function highlight(source) {
  let html = "";
  let last = 0;
  for (const match of source.matchAll(TOKEN)) {
    html += escapeHTML(source.slice(last, match.index));
    const group = match.slice(1).findIndex((g) => g !== undefined);
    let cls = CLASSES[group];
    if (cls === "word") {
      const lower = match[0].toLowerCase();
      cls = KEYWORDS.has(lower) ? "keyword" : FUNCTIONS.has(lower) ? "function" : "";
    }
    html += cls ? `<span class="tok-${cls}">${escapeHTML(match[0])}</span>` : escapeHTML(match[0]);
    last = match.index + match[0].length;
  }
  return html + escapeHTML(source.slice(last));
}
