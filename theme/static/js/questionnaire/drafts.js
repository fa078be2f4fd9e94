/* Drafts in localStorage, only with the visitor's opt-in. */

import { $, $$, config, form, T } from "./state.js";

const STARTED = Date.now();
const box = $("[data-draft]");
const optIn = $("[data-draft-optin]");
const status = $("[data-draft-status]");
let storage = null;
let restoredStart = 0;

function usableStorage() {
  try {
    const candidate = window.localStorage;
    candidate.setItem(config.storageKey + ":test", "1");
    candidate.removeItem(config.storageKey + ":test");
    return candidate;
  } catch (error) {
    return null;
  }
}

function fields() {
  const values = {};
  $$("input[name], select[name], textarea[name]", form).forEach((el) => {
    if (el.type === "hidden") {
      return;
    }
    values[el.name] = values[el.name] || [];
    if (el.type === "checkbox" || el.type === "radio") {
      if (el.checked) {
        values[el.name].push(el.value);
      }
    } else {
      values[el.name].push(el.value);
    }
  });
  return values;
}

function save() {
  if (storage && optIn.checked) {
    storage.setItem(config.storageKey, JSON.stringify({
      version: 1, saved: new Date().toISOString(), started: startedAt(), fields: fields()
    }));
  }
}

export function removeDraft() {
  if (storage) {
    storage.removeItem(config.storageKey);
  }
}

function restore() {
  let saved = null;
  try {
    saved = JSON.parse(storage.getItem(config.storageKey));
  } catch (error) {
    saved = null;
  }
  if (!saved || !saved.fields) {
    return false;
  }
  restoredStart = typeof saved.started === "number" ? saved.started : 0;
  $$("input[name], select[name], textarea[name]", form).forEach((el) => {
    const values = saved.fields[el.name];
    if (!values || el.type === "hidden") {
      return;
    }
    if (el.type === "checkbox" || el.type === "radio") {
      el.checked = values.indexOf(el.value) !== -1;
    } else {
      el.value = values[0] || "";
    }
  });
  return true;
}

export function initDrafts() {
  storage = usableStorage();
  if (!storage) {
    return;
  }
  box.hidden = false;
  if (restore()) {
    optIn.checked = true;
    status.textContent = T("draftRestored");
  }
  optIn.addEventListener("change", () => {
    if (optIn.checked) {
      save();
      status.textContent = T("draftOn");
    } else {
      removeDraft();
      status.textContent = T("draftOff");
    }
  });
  form.addEventListener("input", save);
  form.addEventListener("change", save);
}

export function clearDraft() {
  removeDraft();
  optIn.checked = false;
  status.textContent = T("draftCleared");
}

/** When the visitor began: a restored draft's start, else this page's load. */
export function startedAt() {
  return restoredStart || STARTED;
}
