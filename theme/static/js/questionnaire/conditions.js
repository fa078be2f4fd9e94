/* Conditional questions and sections, and the progress list that follows them. */

import { $, $$, answer, byId, config, isShown, otherInput, section, T, wrapper } from "./state.js";

function conditionMet(condition) {
  const source = byId[condition.question];
  if (!source || !isShown(source)) {
    return false;
  }
  return answer(source).some((value) => condition.values.indexOf(value) !== -1);
}

function setDisabled(container, disabled) {
  $$("input, select, textarea", container).forEach((el) => { el.disabled = disabled; });
}

function syncOther(q) {
  if (!q.other) {
    return;
  }
  const box = $('[data-other="' + q.id + '"]');
  const chosen = answer(q).indexOf(q.other) !== -1;
  box.hidden = !chosen;
  otherInput(q).disabled = !chosen;
}

/** Show what applies; hidden questions are disabled, so never required nor sent. */
export function applyConditions() {
  config.sections.forEach((s) => {
    const fieldset = section(s.id);
    const show = !s.showIf || conditionMet(s.showIf);
    fieldset.hidden = !show;
    fieldset.disabled = !show;
    config.questions.filter((q) => q.section === s.id).forEach((q) => {
      const box = wrapper(q);
      const visible = !q.showIf || conditionMet(q.showIf);
      box.hidden = !visible;
      setDisabled(box, !visible);
      if (visible) {
        syncOther(q);
      }
    });
  });
  updateProgress();
}

/* ---------- progress ---------- */

export function updateProgress() {
  config.sections.forEach((s) => {
    const item = $('[data-progress="' + s.id + '"]');
    if (!item) {
      return; // a form with one section has no progress list
    }
    const questions = config.questions.filter((q) => q.section === s.id && isShown(q));
    const answered = questions.filter((q) => answer(q).length > 0);
    // Progress counts what must be answered; optional questions never make a section look unfinished.
    const required = questions.filter((q) => q.required);
    const requiredDone = required.filter((q) => answer(q).length > 0);
    const done = requiredDone.length === required.length && (required.length > 0 || answered.length > 0);
    item.hidden = section(s.id).hidden;
    item.setAttribute("data-state", done ? "done" : "open");
    $("[data-progress-state]", item).textContent = done ? T("done")
      : required.length ? T("answered", { answered: requiredDone.length, total: required.length })
      : T("optional");
  });
}

export function markCurrentSection(event) {
  const fieldset = event.target.closest ? event.target.closest("[data-section]") : null;
  $$("[data-progress]").forEach((item) => {
    if (fieldset && item.getAttribute("data-progress") === fieldset.getAttribute("data-section")) {
      item.setAttribute("aria-current", "step");
    } else {
      item.removeAttribute("aria-current");
    }
  });
}
