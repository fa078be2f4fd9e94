/* Validation: the rules the build checked, applied to answers; the error summary. */

import { $, $$, answer, config, controls, isShown, otherInput, summary, T, wrapper } from "./state.js";

export function firstControl(q) {
  const el = controls(q)[0];
  return el ? el.id : q.ids.wrapper;
}

function problem(q) {
  const values = answer(q);
  const messages = q.messages;
  const el = controls(q)[0];
  if (el && el.validity && el.validity.badInput) {
    return messages.format;
  }
  if (!values.length) {
    return q.required ? messages.required : "";
  }
  const value = values[0];
  if (q.type === "email" && !/^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(value)) {
    return messages.format;
  }
  if (q.type === "tel" && (!/^[+0-9 ()\/-]+$/.test(value) || value.replace(/\D/g, "").length < 5)) {
    return messages.format;
  }
  if (q.type === "date" && !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return messages.format;
  }
  if (q.type === "number") {
    const number = Number(value.replace(",", "."));
    if (!isFinite(number)) {
      return messages.format;
    }
    if ((q.min !== undefined && number < q.min) || (q.max !== undefined && number > q.max)) {
      return messages.range;
    }
    if (q.step) {
      const steps = (number - (q.min || 0)) / q.step;
      if (Math.abs(steps - Math.round(steps)) > 1e-9) {
        return messages.step;
      }
    }
  }
  if (q.maxlength && value.length > q.maxlength) {
    return messages.length;
  }
  return "";
}

export function validate() {
  const errors = [];
  config.questions.forEach((q) => {
    if (!isShown(q)) {
      return;
    }
    const message = problem(q);
    if (message) {
      errors.push({ question: q, message: message, target: firstControl(q) });
    } else if (q.other && answer(q).indexOf(q.other) !== -1 && !otherInput(q).value.trim()) {
      errors.push({ question: q, message: q.messages.other, target: otherInput(q).id });
    }
  });
  return errors;
}

function describedBy(el, id, add) {
  let ids = (el.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
  ids = ids.filter((existing) => existing !== id);
  if (add) {
    ids.push(id);
  }
  if (ids.length) {
    el.setAttribute("aria-describedby", ids.join(" "));
  } else {
    el.removeAttribute("aria-describedby");
  }
}

export function clearErrors() {
  config.questions.forEach((q) => {
    const box = wrapper(q);
    const message = document.getElementById(q.ids.error);
    box.classList.remove("q--invalid");
    message.hidden = true;
    message.textContent = "";
    const described = $(".q-group", box) || controls(q)[0];
    describedBy(described, message.id, false);
    $$("input, select, textarea", box).forEach((el) => { el.removeAttribute("aria-invalid"); });
  });
  summary.hidden = true;
  $("[data-error-list]", summary).textContent = "";
}

export function showErrors(errors) {
  clearErrors();
  const list = $("[data-error-list]", summary);
  errors.forEach((error) => {
    const q = error.question;
    const box = wrapper(q);
    const message = document.getElementById(q.ids.error);
    box.classList.add("q--invalid");
    message.textContent = error.message;
    message.hidden = false;
    const described = $(".q-group", box) || controls(q)[0];
    describedBy(described, message.id, true);
    $$("input, select, textarea", box).forEach((el) => {
      if (!el.disabled) {
        el.setAttribute("aria-invalid", "true");
      }
    });
    // The summary lists the questions (short), the full message stands at each field:
    // on a phone the whole summary fits one screen.
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = "#" + error.target;
    link.textContent = q.label;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      const target = document.getElementById(error.target);
      wrapper(q).scrollIntoView({ block: "start" });
      target.focus({ preventScroll: true });
    });
    item.appendChild(link);
    list.appendChild(item);
  });
  $("#fehler-titel", summary).textContent = errors.length === 1
    ? T("errorsOne") : T("errorsMany", { count: errors.length });
  summary.hidden = false;
  summary.focus();
}
