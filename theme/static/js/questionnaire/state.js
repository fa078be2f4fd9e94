/* The page data the build wrote (#fragebogen-daten), its texts, and the answers. */

export const $ = (selector, scope) => (scope || document).querySelector(selector);
export const $$ = (selector, scope) => Array.from((scope || document).querySelectorAll(selector));

export const form = $("[data-questionnaire]");
export const review = $("[data-review]");
export const fallback = $("[data-fallback]");
export const summary = $("[data-error-summary]");

export let config = null; // the page data, from load()
export const byId = {};
const sectionsById = {};

/** Read the page data; false when this page has no questionnaire to enhance. */
export function load() {
  const dataElement = document.getElementById("fragebogen-daten");
  if (!form || !dataElement) {
    return false;
  }
  config = JSON.parse(dataElement.textContent);
  config.questions.forEach((q) => { byId[q.id] = q; });
  config.sections.forEach((s) => { sectionsById[s.id] = s; });
  return true;
}

/** A sentence from the site's catalogue (config.texts), with %(name)s filled in. */
export function T(key, values) {
  return (config.texts[key] || key).replace(/%\((\w+)\)s/g, (match, name) =>
    values && values[name] !== undefined ? String(values[name]) : match);
}

/* ---------- answers ---------- */

export function wrapper(q) { return document.getElementById(q.ids.wrapper); }
export function section(id) { return document.getElementById(sectionsById[id].element); }
export function controls(q) { return $$('[name="' + q.id + '"]', form); }
export function otherInput(q) { return document.getElementById(q.ids.other); }

export function isShown(q) {
  const box = wrapper(q);
  return !box.hidden && !section(q.section).hidden;
}

/** The answer as a list of values (empty list: no answer). */
export function answer(q) {
  const elements = controls(q);
  if (q.options && elements[0] && elements[0].type !== "select-one") {
    return elements.filter((el) => el.checked && !el.disabled).map((el) => el.value);
  }
  const el = elements[0];
  const value = el && !el.disabled ? el.value.trim() : "";
  return value ? [value] : [];
}

function optionLabel(q, value) {
  const found = (q.options || []).filter((o) => o.value === value)[0];
  return found ? found.label : value;
}

export function germanDate(iso) {
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return parts ? parts[3] + "." + parts[2] + "." + parts[1] : iso;
}

/** Human-readable answer, e.g. "E-Mails und Termine; Sonstiges: Reisen". */
export function answerText(q) {
  const values = answer(q);
  if (!values.length) {
    return "";
  }
  if (q.options && q.type !== "scale") {
    return values.map((value) => {
      if (value === q.other) {
        const text = otherInput(q).value.trim();
        return T("other") + (text ? ": " + text : "");
      }
      return optionLabel(q, value);
    }).join("; ");
  }
  if (q.type === "date") {
    return germanDate(values[0]);
  }
  if (q.type === "number" && q.unit) {
    return values[0] + " " + q.unit;
  }
  if (q.type === "scale") {
    return T("scale", { value: values[0], max: q.max });
  }
  return values[0];
}
