// The search box: suggestions over actor and place names and aliases as you type.
import { el, getJSON, humanize, KIND_COLOURS, toast } from "./api.js";

const DELAY_MS = 150;

/** Wire the search input: typing suggests, arrows move, Enter or a click opens the choice. */
export function setupSearch(input, list) {
  let timer = 0;
  let asked = 0;
  let active = -1;
  let items = [];

  const close = () => { list.hidden = true; active = -1; input.setAttribute("aria-expanded", "false"); };
  const choose = (item) => {
    close();
    input.value = item.label;
    location.hash = item.kind === "place" ? `#/map?location=${encodeURIComponent(item.id)}`
      : `#/actor/${encodeURIComponent(item.id)}`;
  };
  const mark = (index) => {
    active = index;
    [...list.children].forEach((li, i) => li.setAttribute("aria-selected", String(i === index)));
  };

  async function suggest() {
    const q = input.value.trim();
    if (!q) { close(); return; }
    const ticket = ++asked;
    try {
      const [actors, places] = await Promise.all([
        getJSON("/actors", { q, limit: 8 }),
        getJSON("/locations", { q, limit: 5 }),
      ]);
      if (ticket !== asked) return; // a later keystroke already asked again
      items = [
        ...actors.actors.map((a) => ({ ...a, kind: "actor", detail: a.kind })),
        ...places.locations.map((p) => ({ ...p, kind: "place", detail: p.kind })),
      ];
      render(q);
    } catch (error) {
      toast(`Search failed: ${error.message}`);
    }
  }

  function render(q) {
    list.replaceChildren(...items.map((item, i) => {
      const alias = matchingAlias(item, q);
      return el("li", {
        role: "option", id: `suggestion-${i}`, "aria-selected": "false", "data-id": item.id,
        onmousedown: (event) => { event.preventDefault(); choose(item); },
      },
      el("span", { class: "swatch dot", style: `--c:${item.kind === "place" ? "#555" : KIND_COLOURS[item.detail] || "#999"}` }),
      el("span", { class: "label" }, item.label),
      alias ? el("span", { class: "alias" }, `“${alias}”`) : null,
      el("span", { class: "kind" }, item.kind === "place" ? `Place · ${humanize(item.detail)}` : humanize(item.detail)));
    }));
    if (!items.length) list.append(el("li", { class: "empty" }, `Nothing named “${q}”`));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    mark(items.length ? 0 : -1);
  }

  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(suggest, DELAY_MS); });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && items.length) { event.preventDefault(); mark((active + 1) % items.length); }
    else if (event.key === "ArrowUp" && items.length) {
      event.preventDefault(); mark((active - 1 + items.length) % items.length);
    } else if (event.key === "Enter" && active >= 0 && !list.hidden) { event.preventDefault(); choose(items[active]); }
    else if (event.key === "Escape") close();
  });
  input.addEventListener("blur", () => setTimeout(close, 100));
  input.addEventListener("focus", () => { if (input.value.trim()) suggest(); });
}

/** The alias that matched the query, when the label itself does not contain it. */
function matchingAlias(item, q) {
  const needle = q.toLowerCase();
  if (item.label.toLowerCase().includes(needle)) return null;
  return (item.aliases || []).find((alias) => alias.toLowerCase().includes(needle)) || null;
}
