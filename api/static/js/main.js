// The explorer's entry point: views chosen by the address's hash (#/actor/ID, #/article/ID, #/map…).
import { el, getJSON, toast } from "./api.js";
import { showArticle } from "./article.js";
import { showMap } from "./map.js";
import { showNetwork } from "./network.js";
import { setupSearch } from "./search.js";
import { setupSparql } from "./sparql.js";
import { formParams, showTimeline } from "./timeline.js";

const $ = (id) => document.getElementById(id);
let sparqlReady = false;
let lastActor = null;

/** Show one view, mark its tab, hide the others. */
function activate(view) {
  for (const section of document.querySelectorAll(".view")) section.hidden = section.id !== `view-${view}`;
  for (const tab of document.querySelectorAll(".tabs a")) tab.classList.toggle("active", tab.dataset.view === view);
}

async function route() {
  const [path, query = ""] = location.hash.replace(/^#\/?/, "").split("?");
  const [view, ...rest] = path.split("/");
  const id = rest.length ? decodeURIComponent(rest.join("/")) : null;
  const params = new URLSearchParams(query);
  try {
    if (view === "actor" || view === "network") {
      activate("network");
      const actor = id || lastActor;
      if (actor) {
        lastActor = actor;
        await showNetwork(actor, $("network"), $("evidence"), $("network-title"), $("network-legend"));
      }
    } else if (view === "article" || view === "articles") {
      activate("article");
      await showArticle(id, params, {
        title: $("article-title"), meta: $("article-meta"), text: $("article-text"), facts: $("article-facts"),
        turtle: $("article-turtle"), list: $("article-list"), legendBox: $("article-legend"),
        downloadLink: $("article-download"),
      });
    } else if (view === "timeline") {
      activate("timeline");
      await showTimeline(params, $("timeline-filters"), $("timeline"), $("timeline-list"));
    } else if (view === "map") {
      activate("map");
      await showMap(params, $("map"), $("map-panel"), $("map-legend"));
    } else if (view === "sparql") {
      activate("sparql");
      if (!sparqlReady) {
        sparqlReady = true;
        await setupSparql({
          input: $("sparql-input"), shade: $("sparql-highlight"), examples: $("examples"),
          description: $("example-description"), run: $("sparql-run"), csv: $("download-csv"),
          json: $("download-json"), status: $("sparql-status"), results: $("sparql-results"),
        });
      }
    } else {
      activate("home");
      await showHome();
    }
  } catch (error) {
    toast(error.message);
  }
  document.body.dataset.ready = location.hash;
}

async function showHome() {
  const [actors, articles] = await Promise.all([getJSON("/actors", { limit: 12 }), getJSON("/articles", { limit: 12 })]);
  $("home-actors").replaceChildren(...actors.actors.map((a) => el("li", {},
    el("a", { href: `#/actor/${encodeURIComponent(a.id)}` }, a.label),
    el("span", { class: "muted small" }, ` ${a.articles} article${a.articles === 1 ? "" : "s"}`))));
  $("home-articles").replaceChildren(...articles.articles.slice(0, 12).map((a) => el("li", {},
    el("a", { href: `#/article/${encodeURIComponent(a.id)}` }, a.title || a.id),
    el("span", { class: "muted small" }, ` ${a.published || ""}`))));
}

const filters = $("timeline-filters");
filters.addEventListener("submit", (event) => {
  event.preventDefault();
  location.hash = `#/timeline?${formParams(filters)}`;
});
filters.addEventListener("reset", () => { setTimeout(() => { location.hash = "#/timeline"; }); });
// The map follows the timeline's filters, so one set of filters narrows both views.
document.querySelector('.tabs a[data-view="map"]').addEventListener("click", (event) => {
  if (location.hash.startsWith("#/timeline")) {
    event.preventDefault();
    location.hash = `#/map?${formParams(filters)}`;
  }
});

setupSearch($("search"), $("suggestions"));
window.addEventListener("hashchange", route);
route();
