// The article view: the text with mentions, operations and quotes highlighted, its facts and its triples.
import { el, getJSON, humanize, legend, RELATION_STYLES, webAddress } from "./api.js";
import { highlight } from "./highlight.js";

const MARKS = {
  actor: { name: "Actor mention", colour: "#fde68a" },
  place: { name: "Place mention", colour: "#bfdbfe" },
  operation: { name: "Operation", colour: "#fecaca" },
  quote: { name: "Quote", colour: "#d9f99d" },
};

/** Show the list of articles, or article `id` with its highlights when given. */
export async function showArticle(id, params, parts) {
  const { title, meta, text, facts, turtle, list, legendBox, downloadLink } = parts;
  if (!id) {
    title.textContent = "Articles";
    meta.textContent = "";
    for (const node of [text, facts, turtle, legendBox]) node.replaceChildren();
    const data = await getJSON("/articles", { limit: 1000 });
    list.replaceChildren(articleList(data.articles));
    return;
  }
  list.replaceChildren();
  let article;
  try {
    article = await getJSON(`/articles/${encodeURIComponent(id)}`);
  } catch (error) {
    title.textContent = error.status === 404 ? `No article “${id}”` : "The article could not be loaded";
    meta.textContent = error.message;
    for (const node of [text, facts, turtle, legendBox]) node.replaceChildren();
    return;
  }
  title.textContent = article.title || article.id;
  const original = webAddress(article.url);
  meta.replaceChildren([article.published, article.source].filter(Boolean).join(" · "),
    original ? el("span", {}, " · ", el("a", { href: original, rel: "noreferrer noopener" }, "original")) : "");
  legendBox.replaceChildren(legend("Highlights", Object.values(MARKS).map((m) => [m.name, m.colour]), "box"));
  text.replaceChildren(...highlightedText(article));
  facts.replaceChildren(factList(article));

  const exportUrl = `/export?format=turtle&article=${encodeURIComponent(article.id)}`;
  downloadLink.href = exportUrl;
  downloadLink.setAttribute("download", `${article.id}.ttl`);
  turtle.textContent = "Loading…";
  const response = await fetch(exportUrl, { headers: { Accept: "text/turtle" } });
  const body = await response.text();
  if (response.ok) turtle.innerHTML = highlight(body);
  else turtle.textContent = `The triples could not be loaded: ${body}`;

  if (params.get("start") !== null) {
    const start = Number(params.get("start"));
    const target = text.querySelector(`[data-start="${start}"]`) || [...text.children]
      .find((span) => Number(span.dataset.end) > start);
    if (target) {
      target.classList.add("focus");
      target.scrollIntoView({ block: "center" });
    }
  }
}

/** The spans a reader sees: each mark of the article as [start, end, kind, note, link]. */
function marksOf(article) {
  const marks = [];
  for (const m of article.mentions || []) {
    const type = m.entity?.type === "place" ? "place" : "actor";
    const link = type === "place" ? `#/map?location=${encodeURIComponent(m.entity.id)}`
      : `#/actor/${encodeURIComponent(m.entity.id)}`;
    marks.push([m.start, m.end, type, `${m.entity?.label || m.text} (${humanize(m.entity?.kind || type)})`, link]);
  }
  for (const op of article.operations || []) {
    if (op.start == null) continue;
    const who = (op.agents || []).map((a) => a.label).join(", ");
    const where = op.location ? ` at ${op.location.label}` : "";
    marks.push([op.start, op.end, "operation", `${humanize(op.kind)}${who ? ` by ${who}` : ""}${where}${op.date ? `, ${op.date}` : ""}`]);
  }
  for (const st of article.statements || []) {
    if (st.start == null) continue;
    // The quote itself, found inside its evidence sentence; the sentence when it cannot be found.
    const sentence = article.text.slice(st.start, st.end);
    const at = st.quote ? sentence.indexOf(st.quote) : -1;
    const [s, e] = at >= 0 ? [st.start + at, st.start + at + st.quote.length] : [st.start, st.end];
    marks.push([s, e, "quote", `Quote by ${st.speaker?.label || "someone"}`,
      st.speaker ? `#/actor/${encodeURIComponent(st.speaker.id)}` : null]);
  }
  return marks.filter(([s, e]) => Number.isInteger(s) && Number.isInteger(e) && s < e && e <= article.text.length);
}

/** The text cut at every mark boundary; each piece carries the classes of the marks covering it. */
function highlightedText(article) {
  const text = article.text || "";
  const marks = marksOf(article);
  const cuts = [...new Set([0, text.length, ...marks.flatMap(([s, e]) => [s, e])])].sort((a, b) => a - b);
  const pieces = [];
  for (let i = 0; i < cuts.length - 1; i++) {
    const [start, end] = [cuts[i], cuts[i + 1]];
    const covering = marks.filter(([s, e]) => s <= start && end <= e);
    const chunk = text.slice(start, end);
    if (!covering.length) { pieces.push(document.createTextNode(chunk)); continue; }
    const kinds = [...new Set(covering.map((m) => m[2]))];
    const link = covering.find((m) => m[4])?.[4];
    pieces.push(el(link ? "a" : "span", {
      class: kinds.map((k) => `mark mark-${k}`).join(" "), href: link, "data-start": start, "data-end": end,
      title: covering.map((m) => m[3]).join("\n"),
    }, chunk));
  }
  return pieces;
}

function articleList(articles) {
  if (!articles.length) return el("p", { class: "muted" }, "No article has been ingested yet.");
  return el("ul", { class: "plain article-list" }, articles.map((a) => el("li", {},
    el("a", { href: `#/article/${encodeURIComponent(a.id)}` }, a.title || a.id),
    el("span", { class: "muted small" }, ` ${[a.published, a.source].filter(Boolean).join(" · ")}`))));
}

function factList(article) {
  const box = el("div", { class: "facts" });
  const relations = article.relations || [];
  if (relations.length) {
    box.append(el("h3", {}, "Relations"), el("ul", { class: "plain" }, relations.map((r) => {
      const source = r.source || r.subject || r.actor;
      const target = r.target || r.object || r.other;
      const style = RELATION_STYLES[r.type] || { name: r.type, colour: "#888" };
      return el("li", {}, el("span", { class: "swatch line", style: `--c:${style.colour}` }),
        actorLink(source), ` ${style.name} `, actorLink(target));
    })));
  }
  const ops = article.operations || [];
  if (ops.length) {
    box.append(el("h3", {}, "Operations"), el("ul", { class: "plain" }, ops.map((op) => el("li", {},
      el("strong", {}, humanize(op.kind)), " ",
      (op.agents || []).map((a) => actorLink(a)), op.targets?.length ? " → " : "", (op.targets || []).map((a) => actorLink(a)),
      op.location ? ` at ${op.location.label}` : "", op.date ? ` · ${op.date}` : ""))));
  }
  const statements = article.statements || [];
  if (statements.length) {
    box.append(el("h3", {}, "Statements"), el("ul", { class: "plain" }, statements.map((s) => el("li", {},
      actorLink(s.speaker), ": “", s.quote, "”"))));
  }
  if (!box.children.length) box.append(el("p", { class: "muted" }, "No fact was extracted from this article."));
  return box;
}

function actorLink(actor) {
  if (!actor) return "?";
  if (typeof actor === "string") return actor;
  return el("a", { href: `#/actor/${encodeURIComponent(actor.id)}`, class: "actor-link" }, actor.label || actor.id);
}
