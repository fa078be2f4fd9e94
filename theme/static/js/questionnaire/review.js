/* The review step, with the recommended services and the rules' honest notes. */

import { $, answer, answerText, byId, config, fallback, form, isShown, review, section, T } from "./state.js";

/* ---------- honest advice: the definition's rules (plugins/questionnaire/rules.py) ---------- */

const ANSWER_NUMBER = /^-?\d+(?:[.,]\d+)?$/;

/** What a rule sees of a question: its answer if shown, otherwise nothing. */
function given(id) {
  const q = byId[id];
  return q && isShown(q) ? answer(q) : [];
}

function numberIn(values) {
  return values.length === 1 && ANSWER_NUMBER.test(values[0]) ? Number(values[0].replace(",", ".")) : null;
}

/** A calculation: a number, {q: id} (a numeric answer) or {op, a, b}; null if unknown. */
function calculate(expression) {
  if (typeof expression === "number") {
    return expression;
  }
  if (expression.q !== undefined) {
    return numberIn(given(expression.q));
  }
  const a = calculate(expression.a);
  const b = calculate(expression.b);
  if (a === null || b === null || (expression.op === "/" && b === 0)) {
    return null;
  }
  if (expression.op === "+") {
    return a + b;
  }
  if (expression.op === "-") {
    return a - b;
  }
  return expression.op === "*" ? a * b : a / b;
}

function holds(check) {
  const values = given(check.question);
  if (!check.than) {
    return values.some((value) => check.values.indexOf(value) !== -1);
  }
  const left = numberIn(values);
  const right = calculate(check.than);
  if (left === null || right === null) {
    return false;
  }
  return check.op === "lt" ? left < right : left > right;
}

/** 1440 -> "1.440", 2.5 -> "2,5": rounded to cents exactly as the receiver does. */
function germanNumber(value) {
  const cents = Math.floor(value * 100 + 0.5);
  const whole = String(Math.floor(Math.abs(cents) / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  const decimals = ("0" + (Math.abs(cents) % 100)).slice(-2).replace(/0+$/, "");
  return (cents < 0 ? "-" : "") + whole + (decimals ? "," + decimals : "");
}

function noteText(rule) {
  return rule.note.map((part) => {
    if (typeof part === "string") {
      return part;
    }
    const value = calculate(part);
    return value === null ? "\u2026" : germanNumber(value);
  }).join("");
}

/** The notes of every rule the answers meet, in the definition's order. */
export function notes() {
  return (config.rules || []).filter((rule) => rule.when.every(holds)).map(noteText);
}

/* ---------- review ---------- */

export function visibleSections() {
  return config.sections.filter((s) => !section(s.id).hidden);
}

export function recommendations() {
  const slugs = [];
  config.questions.forEach((q) => {
    if (!q.options || !isShown(q)) {
      return;
    }
    answer(q).forEach((value) => {
      const option = q.options.filter((o) => o.value === value)[0];
      (option && option.recommends || []).forEach((slug) => {
        if (slugs.indexOf(slug) === -1 && config.services[slug]) {
          slugs.push(slug);
        }
      });
    });
  });
  return slugs.map((slug) => config.services[slug]);
}

function renderReview() {
  const container = $("[data-review-answers]", review);
  container.textContent = "";
  visibleSections().forEach((s) => {
    const heading = document.createElement("h3");
    heading.textContent = s.title;
    const list = document.createElement("dl");
    config.questions.forEach((q) => {
      if (q.section !== s.id || !isShown(q)) {
        return;
      }
      const term = document.createElement("dt");
      term.textContent = q.label;
      const detail = document.createElement("dd");
      detail.textContent = answerText(q) || T("noAnswer");
      list.appendChild(term);
      list.appendChild(detail);
    });
    container.appendChild(heading);
    container.appendChild(list);
  });
  const services = recommendations();
  const box = $("[data-recommendations]", review);
  const items = $("[data-recommendation-list]", review);
  items.textContent = "";
  services.forEach((service) => {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = service.url;
    link.textContent = service.title;
    item.appendChild(link);
    items.appendChild(item);
  });
  box.hidden = services.length === 0;
  const flagged = notes();
  const noteList = $("[data-note-list]", review);
  noteList.textContent = "";
  flagged.forEach((text) => {
    const item = document.createElement("li");
    item.textContent = text;
    noteList.appendChild(item);
  });
  $("[data-notes]", review).hidden = flagged.length === 0;
}

export function showReview() {
  renderReview();
  form.hidden = true;
  fallback.hidden = true;
  $("[data-send-status]").textContent = "";
  review.hidden = false;
  review.focus();
  review.scrollIntoView({ block: "start" });
}

export function editAnswers() {
  review.hidden = true;
  fallback.hidden = true;
  form.hidden = false;
  const first = $("input:not([type=hidden]):not(:disabled), select:not(:disabled), textarea:not(:disabled)", form);
  if (first) {
    first.focus();
  }
}
