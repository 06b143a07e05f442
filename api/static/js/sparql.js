// The SPARQL editor: a textarea over a highlighted copy, canned examples, a result table, downloads.
import { download, el, getJSON, toast } from "./api.js";
import { highlight } from "./highlight.js";

const DEFAULT_QUERY = `PREFIX conf: <https://w3id.org/conflict-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX kgg: <https://w3id.org/conflict-kg/graph/>

# Every relation between two actors, once, with their names. The entity index graph holds each
# entity's name and each relation once; the article graphs repeat them, once per article.
SELECT ?a ?aLabel ?relation ?b ?bLabel
WHERE {
  GRAPH kgg:index {
    VALUES ?relation { conf:supports conf:alliedWith conf:opposes }
    ?a ?relation ?b .
    ?a rdfs:label ?aLabel .
    ?b rdfs:label ?bLabel .
  }
}
ORDER BY ?aLabel ?bLabel
LIMIT 100
`;

let lastResult = null;

/** Wire the editor once: highlighting as you type, examples, running and downloads. */
export async function setupSparql(parts) {
  const { input, shade, examples, description, run, csv, json, status, results } = parts;
  const sync = () => {
    // A trailing newline keeps the <pre> as tall as the textarea when the text ends with one.
    shade.innerHTML = highlight(input.value) + "\n";
    shade.scrollTop = input.scrollTop;
    shade.scrollLeft = input.scrollLeft;
  };
  input.value = DEFAULT_QUERY;
  sync();
  input.addEventListener("input", sync);
  input.addEventListener("scroll", () => { shade.scrollTop = input.scrollTop; shade.scrollLeft = input.scrollLeft; });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); execute(); }
    if (event.key === "Tab" && !event.shiftKey) {
      event.preventDefault();
      input.setRangeText("  ", input.selectionStart, input.selectionEnd, "end");
      sync();
    }
  });
  run.addEventListener("click", execute);
  csv.addEventListener("click", () => lastResult && download("results.csv", "text/csv", toCSV(lastResult)));
  json.addEventListener("click", () => lastResult && download("results.json", "application/sparql-results+json",
    JSON.stringify(lastResult, null, 2)));

  try {
    const { queries } = await getJSON("/explorer/queries");
    examples.append(...queries.map((q, i) => el("option", { value: String(i) }, q.name.replaceAll("_", " "))));
    examples.addEventListener("change", () => {
      const chosen = queries[Number(examples.value)];
      if (!chosen) return;
      input.value = chosen.query;
      description.textContent = chosen.description;
      sync();
    });
  } catch (error) {
    toast(`Examples unavailable: ${error.message}`);
  }

  async function execute() {
    status.textContent = "Running…";
    run.disabled = true;
    const started = performance.now();
    try {
      const response = await fetch("/sparql", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded",
          Accept: "application/sparql-results+json, text/turtle;q=0.9" },
        body: new URLSearchParams({ query: input.value }),
      });
      const type = response.headers.get("content-type") || "";
      const body = await response.text();
      if (!response.ok) {
        let message = body;
        try { message = JSON.parse(body).error.message; } catch { /* not JSON: show the text */ }
        throw new Error(message);
      }
      const ms = Math.round(performance.now() - started);
      if (type.includes("json")) {
        lastResult = JSON.parse(body);
        renderResult(results, lastResult);
        const n = lastResult.results?.bindings?.length;
        status.textContent = n !== undefined ? `${n} row${n === 1 ? "" : "s"} in ${ms} ms` : `answered in ${ms} ms`;
      } else {
        lastResult = null;
        results.replaceChildren(el("pre", { class: "code" }));
        results.firstChild.innerHTML = highlight(body);
        status.textContent = `graph answered in ${ms} ms`;
      }
      csv.disabled = json.disabled = !lastResult?.results;
    } catch (error) {
      status.textContent = "";
      results.replaceChildren(el("p", { class: "error" }, error.message));
      csv.disabled = json.disabled = true;
    } finally {
      run.disabled = false;
    }
  }
}

/** A SPARQL JSON result as a table (SELECT) or a sentence (ASK). */
function renderResult(box, result) {
  if (typeof result.boolean === "boolean") {
    box.replaceChildren(el("p", { class: "boolean" }, `ASK: ${result.boolean ? "yes" : "no"}`));
    return;
  }
  const vars = result.head.vars;
  const rows = result.results.bindings;
  box.replaceChildren(el("table", { class: "result-table" },
    el("thead", {}, el("tr", {}, vars.map((v) => el("th", {}, `?${v}`)))),
    el("tbody", {}, rows.map((row) => el("tr", {}, vars.map((v) => el("td", {}, cell(row[v]))))))));
}

function cell(term) {
  if (!term) return "";
  if (term.type === "uri") {
    const local = localLink(term.value);
    return local ? el("a", { href: local, title: term.value }, shorten(term.value)) : el("span", { title: term.value }, shorten(term.value));
  }
  if (term.type === "bnode") return `_:${term.value}`;
  return el("span", { title: term.datatype || term["xml:lang"] || "" }, term.value);
}

/** The explorer view of an actor, place or article IRI, if it is one. */
function localLink(iri) {
  const match = iri.match(/\/id\/(actor|place|article)\/([^/#]+)$/);
  if (!match) return null;
  const [, kind, key] = match;
  return kind === "actor" ? `#/actor/${key}` : kind === "place" ? `#/map?location=${key}` : `#/article/${key}`;
}

const SHORT = [
  ["https://w3id.org/conflict-kg/ontology#", "conf:"], ["https://w3id.org/conflict-kg/id/", "kg:"],
  ["http://www.w3.org/2000/01/rdf-schema#", "rdfs:"], ["http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf:"],
  ["http://www.w3.org/2004/02/skos/core#", "skos:"], ["http://www.w3.org/ns/prov#", "prov:"],
];

function shorten(iri) {
  for (const [long, short] of SHORT) if (iri.startsWith(long)) return short + iri.slice(long.length);
  return iri;
}

/** SPARQL JSON results as CSV (RFC 4180 quoting), one column per variable. */
export function toCSV(result) {
  if (!result.results) return `boolean\r\n${result.boolean}\r\n`;
  const quote = (v) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const vars = result.head.vars;
  const lines = [vars.join(",")];
  for (const row of result.results.bindings) lines.push(vars.map((v) => quote(row[v]?.value ?? "")).join(","));
  return lines.join("\r\n") + "\r\n";
}
