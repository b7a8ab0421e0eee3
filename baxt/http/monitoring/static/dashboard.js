// The monitoring dashboard: signs in, asks /graphql for the figures, and draws them.
import { funnel, regionMap, trends } from "./draw.js";
import { finishSignIn, forgetToken, keepToken, startSignIn, token } from "./signin.js";
import { API_LANGUAGE, LANGUAGES, word } from "./words.js";

const FUNNEL = ["FLAGGED", "CONTACTED", "VISITED", "CHILD_SEEN", "CONSULTED", "WORK_PLAN", "REFERRED", "LINKED", "CLOSED"];
const TREND_QUARTERS = 8;
const LANGUAGE_KEY = "baxt.monitoring.language";
const COUNTS = "counts { measure count { value shown } }";
const FIGURES = `query($q: String!, $level: PlaceLevel!, $region: String, $district: String) {
  monitoringFigures(quarter: $q, level: $level, region: $region, district: $district) {
    places { region district mahalla ${COUNTS} } total { ${COUNTS} } } }`;
const LABELS = `query($language: Language) { labels(language: $language, enum: "MonitoringMeasure") { value label } }`;
const QUARTERS = "query { monitoringQuarters }";

const $ = (id) => document.getElementById(id);
const state = { language: "uz-Latn", labels: {}, quarters: [], trail: [], figures: new Map(), config: {} };

async function ask(query, variables = {}) {
  const response = await fetch(state.config.graphql ?? "/graphql", {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token()}` },
    body: JSON.stringify({ query, variables }),
  });
  const answer = await response.json();
  if (answer.errors?.length) throw new Error(answer.errors.map((e) => e.extensions?.code ?? e.message).join(", "));
  return answer.data;
}

async function figures(quarter, place = {}) {
  const level = place.district ? "MAHALLA" : place.region ? "DISTRICT" : "REGION";
  const key = JSON.stringify([quarter, level, place]);
  if (!state.figures.has(key)) {
    state.figures.set(key, ask(FIGURES, { q: quarter, level, region: place.region ?? null, district: place.district ?? null }));
  }
  return (await state.figures.get(key)).monitoringFigures;
}

const countOf = (row, measure) => row.counts.find((c) => c.measure === measure)?.count ?? null;
const valueOf = (row, measure) => countOf(row, measure)?.value ?? null;
const label = (measure) => state.labels[measure] ?? measure;
const say = (key, extra = "") => ($("status").textContent = key ? `${word(key, state.language)}${extra}` : "");

function applyWords() {
  document.documentElement.lang = state.language;
  for (const element of document.querySelectorAll("[data-word]")) element.textContent = word(element.dataset.word, state.language);
  document.title = word("title", state.language);
  $("language").value = state.language;
}

async function loadLabels() {
  const data = await ask(LABELS, { language: API_LANGUAGE[state.language] });
  state.labels = Object.fromEntries(data.labels.map((entry) => [entry.value, entry.label]));
  const chosen = $("measure").value || "FLAGGED";
  $("measure").replaceChildren(...FUNNEL.map((measure) => new Option(label(measure), measure)));
  $("measure").value = chosen;
}

function placeName(row) {
  return row.mahalla ?? row.district ?? row.region ?? "";
}

function drawTable(view) {
  const head = document.createElement("tr");
  head.append(...[word("place", state.language), ...FUNNEL.map(label)].map((text) => cell("th", text)));
  $("places").tHead.replaceChildren(head);
  const drillable = state.trail.length < 2;
  $("places").tBodies[0].replaceChildren(...view.places.map((row) => tableRow(row, drillable)));
  $("places").tFoot.replaceChildren(tableRow({ ...view.total, region: word("total", state.language) }, false));
}

function tableRow(row, drillable) {
  const line = document.createElement("tr");
  line.append(cell("td", placeName(row)), ...FUNNEL.map((m) => cell("td", countOf(row, m)?.shown ?? "–")));
  line.dataset.place = placeName(row);
  if (drillable) {
    line.className = "drill";
    line.addEventListener("click", () => drill(row));
  }
  return line;
}

function cell(kind, text) {
  const element = document.createElement(kind);
  element.textContent = text;
  return element;
}

function drawTrail() {
  const steps = [{ name: word("country", state.language), place: {} }];
  for (const [index, name] of state.trail.entries()) {
    steps.push({ name, place: index === 0 ? { region: name } : { region: state.trail[0], district: name } });
  }
  $("trail").replaceChildren(
    ...steps.map((step, index) => {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = step.name;
      button.disabled = index === steps.length - 1;
      button.addEventListener("click", () => {
        state.trail = state.trail.slice(0, index);
        show();
      });
      return button;
    }),
  );
}

function drill(row) {
  state.trail = state.trail.length === 0 ? [row.region] : [state.trail[0], row.district];
  show();
}

const currentPlace = () => ({ region: state.trail[0], district: state.trail[1] });

async function drawMap(quarter) {
  const [shapes, regions] = await Promise.all([state.shapes, figures(quarter)]);
  const measure = $("measure").value;
  const byRegion = new Map(regions.places.map((row) => [row.region, valueOf(row, measure)]));
  const most = regionMap($("map"), shapes, (region) => byRegion.get(region) ?? null, (region) => {
    state.trail = [region];
    show();
  });
  $("legend").textContent = `${label(measure)}: 0 – ${most}`;
}

async function drawTrends() {
  const quarters = state.quarters.slice(0, TREND_QUARTERS).reverse();
  const totals = await Promise.all(quarters.map((quarter) => figures(quarter, currentPlace())));
  const series = FUNNEL.slice(0, 5).map((measure) => ({
    key: measure,
    label: label(measure),
    values: totals.map((view) => valueOf(view.total, measure)),
  }));
  trends($("trends"), $("trend-keys"), quarters, series);
}

async function show() {
  const quarter = $("quarter").value;
  if (!quarter) return say("noQuarters");
  say("loading");
  try {
    const view = await figures(quarter, currentPlace());
    const steps = FUNNEL.map((m) => ({ key: m, label: label(m), value: valueOf(view.total, m), shown: countOf(view.total, m)?.shown ?? "–" }));
    funnel($("funnel"), steps);
    drawTrail();
    drawTable(view);
    await Promise.all([drawMap(quarter), drawTrends()]);
    say(null);
  } catch (error) {
    say("failed", `: ${error.message}`);
  }
}

async function open() {
  $("sign-in").hidden = true;
  $("dashboard").hidden = false;
  say("loading");
  try {
    await loadLabels();
    state.quarters = (await ask(QUARTERS)).monitoringQuarters;
    $("quarter").replaceChildren(...state.quarters.map((quarter) => new Option(quarter, quarter)));
    await show();
  } catch (error) {
    say("failed", `: ${error.message}`);
  }
}

function signedOut() {
  forgetToken();
  state.figures.clear();
  $("dashboard").hidden = true;
  $("sign-in").hidden = false;
}

function listen() {
  $("sign-in").addEventListener("submit", (event) => {
    event.preventDefault();
    keepToken($("token").value.trim());
    $("token").value = "";
    open();
  });
  $("issuer-sign-in").addEventListener("click", () => startSignIn(state.config).catch((e) => say("failed", `: ${e.message}`)));
  $("sign-out").addEventListener("click", signedOut);
  $("quarter").addEventListener("change", show);
  $("measure").addEventListener("change", () => drawMap($("quarter").value));
  $("language").addEventListener("change", async () => {
    state.language = $("language").value;
    sessionStorage.setItem(LANGUAGE_KEY, state.language);
    applyWords();
    if (token()) {
      await loadLabels();
      await show();
    }
  });
}

async function start() {
  const kept = sessionStorage.getItem(LANGUAGE_KEY);
  state.language = LANGUAGES.includes(kept) ? kept : "uz-Latn";
  applyWords();
  listen();
  state.config = await (await fetch("/monitoring/config.json")).json();
  state.shapes = fetch(new URL("./uzbekistan-regions.json", import.meta.url)).then((r) => r.json());
  $("issuer-sign-in").hidden = !state.config.issuer;
  try {
    if (state.config.issuer) await finishSignIn(state.config);
  } catch (error) {
    say("failed", `: ${error.message}`);
  }
  if (token()) await open();
  else signedOut();
}

start();
