// Talking to the service, and the small DOM helpers every view shares.

/** GET a JSON resource; `params` with empty values are left out. Throws with the service's message. */
export async function getJSON(path, params = {}) {
  const url = new URL(path, location.origin);
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(key, value);
  }
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  return readJSON(response);
}

/** The JSON body of a response, or an Error carrying the service's error message. */
export async function readJSON(response) {
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    const message = body?.error?.message || text || response.statusText;
    const error = new Error(message);
    error.status = response.status;
    throw error;
  }
  return body;
}

/** An element with attributes and children (strings become text, never HTML). */
export function el(tag, attrs = {}, ...children) {
  const svg = SVG_TAGS.has(tag);
  const node = svg ? document.createElementNS(SVG_NS, tag) : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** `url` when it is a web address (http or https), else null: no other scheme becomes a link. */
export function webAddress(url) {
  if (typeof url !== "string") return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

export const SVG_NS = "http://www.w3.org/2000/svg";
const SVG_TAGS = new Set(["svg", "g", "path", "circle", "line", "text", "rect", "title", "defs", "marker",
  "polyline", "tspan"]);

/** Show a short message at the bottom of the page. */
export function toast(message) {
  const box = document.getElementById("toast");
  box.textContent = message;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, 6000);
}

/** Colours of actor kinds (the ontology's class names). */
export const KIND_COLOURS = {
  State: "#4e79a7",
  ArmedForces: "#59a14f",
  ArmedGroup: "#e15759",
  Person: "#b07aa1",
  PoliticalOrganization: "#f28e2b",
  InternationalOrganization: "#76b7b2",
  MediaOrganization: "#edc948",
  Actor: "#9c9c9c",
};

/** Readable names of actor kinds. */
export const KIND_NAMES = {
  State: "State",
  ArmedForces: "Armed forces",
  ArmedGroup: "Armed group",
  Person: "Person",
  PoliticalOrganization: "Political organization",
  InternationalOrganization: "International organization",
  MediaOrganization: "Media organization",
  Actor: "Other actor",
};

/** Colours and names of relation types (the ontology's property names). */
export const RELATION_STYLES = {
  supports: { colour: "#2a9d8f", name: "supports" },
  alliedWith: { colour: "#3d5a80", name: "allied with" },
  opposes: { colour: "#d62828", name: "opposes" },
};

/** Colours of operation kinds. */
export const OPERATION_COLOURS = {
  Offensive: "#d62828", Attack: "#e76f51", Airstrike: "#7b2cbf", Shelling: "#9d4edd",
  Capture: "#2a9d8f", Advance: "#52b788", Withdrawal: "#8d99ae", Siege: "#b5651d",
  Clash: "#f4a261", Bombing: "#c9184a", OtherOperation: "#6c757d",
};

/** "OtherOperation" -> "Other operation", "ArmedGroup" -> "Armed group". */
export function humanize(name) {
  const words = String(name).replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A legend: one swatch per entry, `shape` "dot" or "line". */
export function legend(title, entries, shape = "dot") {
  return el("div", { class: "legend-group" }, el("span", { class: "legend-title" }, title),
    entries.map(([label, colour]) => el("span", { class: "legend-item" },
      el("span", { class: `swatch ${shape}`, style: `--c:${colour}` }), label)));
}

/** A link to an article's view, scrolled to the character offsets of a sentence. */
export function articleLink(article, text, start, end) {
  const hash = `#/article/${encodeURIComponent(article)}` + (start != null ? `?start=${start}&end=${end}` : "");
  return el("a", { href: hash, class: "article-link" }, text || article);
}

/** Offer a string as a file download. */
export function download(filename, type, content) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = el("a", { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
