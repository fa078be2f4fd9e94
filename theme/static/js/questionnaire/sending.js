/* Sending: fetch to the receiver (or another endpoint), or a mail draft. */

import { $, $$, config, fallback, form, review, T } from "./state.js";
import { removeDraft, startedAt } from "./drafts.js";
import { mailtoLink, plainText, showFallback } from "./fallback.js";
import { firstControl, showErrors } from "./validation.js";

const COPY_KEY = "fragebogen-kopie";
let attempt = { body: null, key: null };

function newKey() {
  if (window.crypto && window.crypto.randomUUID) {
    return window.crypto.randomUUID();
  }
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return Array.prototype.map.call(bytes, (b) => ("0" + b.toString(16)).slice(-2)).join("");
}

/** The body to send. The same answers keep the same key, so a retry or a double
 * click is stored once; changed answers get a new key and are never merged away. */
function requestBody() {
  const params = new URLSearchParams(new FormData(form));
  const answers = params.toString();
  if (answers !== attempt.body) {
    attempt = { body: answers, key: newKey() };
  }
  params.set("_key", attempt.key);
  params.set("_started", String(startedAt()));
  params.set("_sent", String(Date.now()));  // both by this clock: a wrong clock does not matter
  return params;
}

/** The visitor's own copy, for the thank-you page (reference.js) to offer as a file
 * or print: kept in this tab only (sessionStorage), gone when it is closed. No copy
 * goes by mail: the receiver never writes to an address a visitor typed in. */
function keepCopy(reference) {
  try {
    window.sessionStorage.setItem(COPY_KEY, JSON.stringify({
      reference: reference, title: config.title, text: plainText()
    }));
  } catch (error) {
    // storage refused (private mode, full): the thank-you page simply offers no copy
  }
}

function succeed(reference) {
  keepCopy(reference);
  removeDraft();
  $("[data-send-status]").textContent = T("sent");
  window.location.assign(config.urls.success + (reference ? "?referenz=" + encodeURIComponent(reference) : ""));
}

/** The receiver named problems per field: back to the form, each at its place. */
function showServerErrors(fieldErrors) {
  const errors = config.questions.filter((q) => fieldErrors[q.id]).map((q) => (
    { question: q, message: fieldErrors[q.id], target: firstControl(q) }
  ));
  review.hidden = true;
  fallback.hidden = true;
  form.hidden = false;
  showErrors(errors);
}

function handleResponse(response, data) {
  if (config.mode !== "receiver") {
    if (response.ok) {
      succeed("");
      return;
    }
    showFallback(T("failedTitle"), T("serverError", { status: response.status }) + " " + T("notLost"));
    return;
  }
  if (response.ok && data && data.ok) {
    succeed(data.reference);
  } else if (response.status === 422 && data && data.errors) {
    showServerErrors(data.errors);
  } else {
    const reason = data && data.message ? data.message : T("serverError", { status: response.status });
    showFallback(T("failedTitle"), reason + " " + T("notLost"));
  }
}

export function send() {
  const status = $("[data-send-status]");
  const buttons = $$('[data-action="send"]');
  if (config.mode === "email") {
    showFallback(T("mailOpensTitle"), T("mailOpensText"));
    window.location.href = mailtoLink().href;
    return;
  }
  status.textContent = T("sending");
  buttons.forEach((button) => { button.disabled = true; });
  const controller = window.AbortController ? new AbortController() : null;
  const timer = controller ? window.setTimeout(() => { controller.abort(); }, 30000) : null;
  fetch(config.endpoint, {
    method: "POST",
    headers: { Accept: "application/json" },
    body: requestBody(),
    signal: controller ? controller.signal : undefined
  }).then((response) => response.json().catch(() => null).then((data) => {
    status.textContent = "";
    handleResponse(response, data);
  }), () => {
    // No answer at all: the answers may or may not have arrived. Sending again is
    // safe (same key), and nothing on this page is lost.
    status.textContent = "";
    showFallback(T("failedTitle"), T("noConfirmation") + " " + T("notLost"));
  }).then(() => {
    buttons.forEach((button) => { button.disabled = false; });
    if (timer) {
      window.clearTimeout(timer);
    }
  });
}
