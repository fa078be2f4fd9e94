/* The answers as plain text, and the ways out when sending fails or goes by mail. */

import { $, answerText, config, fallback, germanDate, isShown, T } from "./state.js";
import { notes, recommendations, visibleSections } from "./review.js";

const MAIL_URL_LIMIT = 1900;

/** Contact details come first in every text, so a shortened mail never loses them. */
function isContact(q) {
  return q.type === "email" || q.type === "tel" ||
    ["name", "organization", "email", "tel"].indexOf(q.autocomplete || "") !== -1;
}

function answerLines(questions) {
  const lines = [];
  questions.forEach((q) => {
    const text = isShown(q) ? answerText(q) : "";
    if (text) {
      lines.push(q.label, "  " + text.replace(/\n/g, "\n  "));
    }
  });
  return lines;
}

/** The answers as text: a head that must never be cut, and the rest. */
function textParts() {
  let head = [config.title, T("filledOn", { date: germanDate(new Date().toISOString().slice(0, 10)) }), ""];
  const contact = answerLines(config.questions.filter(isContact));
  if (contact.length) {
    head = head.concat(["== " + T("contactHeading") + " =="], contact, [""]);
  }
  let rest = [];
  visibleSections().forEach((s) => {
    const lines = answerLines(config.questions.filter((q) => q.section === s.id && !isContact(q)));
    if (lines.length) {
      rest = rest.concat(["== " + s.title + " =="], lines, [""]);
    }
  });
  const flagged = notes();
  if (flagged.length) {
    rest = rest.concat(["== " + T("notesHeading") + " =="], flagged.map((text) => "- " + text), [""]);
  }
  const services = recommendations();
  if (services.length) {
    rest.push(T("recommended", { list: services.map((s) => s.title).join(", ") }));
  }
  return { head: head.join("\n"), rest: rest.join("\n") };
}

export function plainText() {
  const parts = textParts();
  return parts.head + "\n" + parts.rest;
}

/** A mailto: link mail programs accept. Too long: the rest is cut, never the head. */
export function mailtoLink() {
  const parts = textParts();
  const base = "mailto:" + config.email + "?subject=" + encodeURIComponent(config.subject) + "&body=";
  const whole = parts.head + "\n" + parts.rest;
  if ((base + encodeURIComponent(whole)).length <= MAIL_URL_LIMIT) {
    return { href: base + encodeURIComponent(whole), shortened: false };
  }
  const note = "\n\n" + T("shortened");
  let low = 0;
  let high = parts.rest.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    const candidate = base + encodeURIComponent(parts.head + "\n" + cut(parts.rest, middle) + note);
    if (candidate.length <= MAIL_URL_LIMIT) {
      low = middle;
    } else {
      high = middle - 1;
    }
  }
  return { href: base + encodeURIComponent(parts.head + "\n" + cut(parts.rest, low) + note), shortened: true };
}

/** The first ``length`` characters, never ending inside a UTF-16 surrogate pair (emoji). */
function cut(text, length) {
  let end = length;
  if (end > 0 && /[\uD800-\uDBFF]/.test(text.charAt(end - 1))) {
    end -= 1;
  }
  return text.slice(0, end);
}

/* ---------- ways out ---------- */

export function showFallback(title, reason) {
  const mail = mailtoLink();
  $("[data-fallback-title]", fallback).textContent = title;
  $("[data-fallback-reason]", fallback).textContent = reason;
  $("[data-fallback-mail]", fallback).href = mail.href;
  const canShare = Boolean(shareableFile());
  $("[data-share]", fallback).hidden = !canShare;
  $("[data-mail-note]", fallback).textContent = !mail.shortened ? ""
    : canShare ? T("mailTooLongShare") : T("mailTooLong");
  $("[data-fallback-status]", fallback).textContent = "";
  fallback.hidden = false;
  fallback.focus();
}

function fileName() {
  return config.slug + "-" + new Date().toISOString().slice(0, 10) + ".txt";
}

/** The answers as a file the phone's share sheet accepts (Web Share API), or null. */
function shareableFile() {
  if (!navigator.canShare || typeof File !== "function") {
    return null;
  }
  const file = new File([plainText()], fileName(), { type: "text/plain" });
  return navigator.canShare({ files: [file] }) ? file : null;
}

export function share() {
  const file = shareableFile();
  const status = $("[data-fallback-status]");
  if (!file) {
    download();
    return;
  }
  navigator.share({ files: [file], title: document.title }).catch((error) => {
    if (error && error.name !== "AbortError") {
      status.textContent = T("copyFailed");
    }
  });
}

export function download() {
  const blob = new Blob([plainText()], { type: "text/plain;charset=utf-8" });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = fileName();
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => { URL.revokeObjectURL(link.href); }, 10000);
}

export function copy() {
  const status = $("[data-fallback-status]");
  const done = () => { status.textContent = T("copied"); };
  const fail = () => { status.textContent = T("copyFailed"); };
  if (navigator.clipboard && navigator.clipboard.writeText) {
    navigator.clipboard.writeText(plainText()).then(done, fail);
  } else {
    fail();
  }
}

export function copyAddress() {
  const status = $("[data-fallback-status]");
  if (navigator.clipboard && navigator.clipboard.writeText) {
    navigator.clipboard.writeText(config.email).then(
      () => { status.textContent = T("addressCopied"); },
      () => { status.textContent = T("copyFailed"); }
    );
  } else {
    status.textContent = T("copyFailed");
  }
}
