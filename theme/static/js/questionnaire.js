/* Bedarfsanalyse: progressive enhancement for the server-rendered questionnaire.
 *
 * Without this file the form still works (plain POST or mailto). With it:
 * conditional questions, validation with an error summary, a review step with
 * recommendations and honest notes (the definition's rules, the same data the
 * receiver applies in Python), opt-in drafts in localStorage and fallbacks when
 * sending fails.
 * Every text from the visitor is written with textContent, never as HTML.
 * This entry wires the modules in questionnaire/ to the page; the template preloads them.
 */

import { $, form, load, T } from "./questionnaire/state.js";
import { applyConditions, markCurrentSection, updateProgress } from "./questionnaire/conditions.js";
import { clearErrors, showErrors, validate } from "./questionnaire/validation.js";
import { editAnswers, showReview } from "./questionnaire/review.js";
import { send } from "./questionnaire/sending.js";
import { copy, copyAddress, download, share } from "./questionnaire/fallback.js";
import { clearDraft, initDrafts } from "./questionnaire/drafts.js";

const actions = {
  edit: editAnswers,
  send: send,
  download: download,
  share: share,
  copy: copy,
  "copy-address": copyAddress,
  print: () => { window.print(); },
  "delete-draft": () => { clearDraft(); }
};

function wire() {
  form.noValidate = true;
  $("[data-submit]", form).textContent = T("next");
  initDrafts();
  applyConditions();

  form.addEventListener("change", applyConditions);
  form.addEventListener("input", updateProgress);
  form.addEventListener("focusin", markCurrentSection);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    applyConditions();
    const errors = validate();
    if (errors.length) {
      showErrors(errors);
      return;
    }
    clearErrors();
    showReview();
  });

  document.addEventListener("click", (event) => {
    const button = event.target.closest ? event.target.closest("[data-action]") : null;
    if (button && actions[button.getAttribute("data-action")]) {
      actions[button.getAttribute("data-action")]();
    }
  });
}

document.documentElement.classList.add("js");
if (load()) {
  wire();
}
