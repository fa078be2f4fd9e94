/* Bedarfsanalyse: progressive enhancement for the server-rendered questionnaire.
 *
 * Without this file the form still works (plain POST or mailto). With it:
 * conditional questions, validation with an error summary, a review step with
 * recommendations and honest notes (the definition's rules, the same data the
 * receiver applies in Python), opt-in drafts in localStorage and fallbacks when
 * sending fails.
 * Every text from the visitor is written with textContent, never as HTML.
 */
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  var form = document.querySelector("[data-questionnaire]");
  var dataElement = document.getElementById("fragebogen-daten");
  if (!form || !dataElement) {
    return;
  }
  var config = JSON.parse(dataElement.textContent);
  var byId = {};
  config.questions.forEach(function (q) { byId[q.id] = q; });

  var $ = function (selector, scope) { return (scope || document).querySelector(selector); };
  var $$ = function (selector, scope) {
    return Array.prototype.slice.call((scope || document).querySelectorAll(selector));
  };
  var review = $("[data-review]");
  var fallback = $("[data-fallback]");
  var summary = $("[data-error-summary]");
  var MAIL_URL_LIMIT = 1900;

  /** A sentence from the site's catalogue (config.texts), with %(name)s filled in. */
  function T(key, values) {
    return (config.texts[key] || key).replace(/%\((\w+)\)s/g, function (match, name) {
      return values && values[name] !== undefined ? String(values[name]) : match;
    });
  }

  /* ---------- answers ---------- */

  function wrapper(q) { return document.getElementById(q.ids.wrapper); }
  var sectionsById = {};
  config.sections.forEach(function (s) { sectionsById[s.id] = s; });
  function section(id) { return document.getElementById(sectionsById[id].element); }
  function controls(q) { return $$('[name="' + q.id + '"]', form); }
  function otherInput(q) { return document.getElementById(q.ids.other); }

  function isShown(q) {
    var box = wrapper(q);
    return !box.hidden && !section(q.section).hidden;
  }

  /** The answer as a list of values (empty list: no answer). */
  function answer(q) {
    var elements = controls(q);
    if (q.options && elements[0] && elements[0].type !== "select-one") {
      return elements.filter(function (el) { return el.checked && !el.disabled; })
        .map(function (el) { return el.value; });
    }
    var el = elements[0];
    var value = el && !el.disabled ? el.value.trim() : "";
    return value ? [value] : [];
  }

  function optionLabel(q, value) {
    var found = (q.options || []).filter(function (o) { return o.value === value; })[0];
    return found ? found.label : value;
  }

  function germanDate(iso) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    return parts ? parts[3] + "." + parts[2] + "." + parts[1] : iso;
  }

  /** Human-readable answer, e.g. "E-Mails und Termine; Sonstiges: Reisen". */
  function answerText(q) {
    var values = answer(q);
    if (!values.length) {
      return "";
    }
    if (q.options && q.type !== "scale") {
      return values.map(function (value) {
        if (value === q.other) {
          var text = otherInput(q).value.trim();
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

  /* ---------- conditions ---------- */

  function conditionMet(condition) {
    var source = byId[condition.question];
    if (!source || !isShown(source)) {
      return false;
    }
    return answer(source).some(function (value) { return condition.values.indexOf(value) !== -1; });
  }

  function setDisabled(container, disabled) {
    $$("input, select, textarea", container).forEach(function (el) { el.disabled = disabled; });
  }

  function syncOther(q) {
    if (!q.other) {
      return;
    }
    var box = $('[data-other="' + q.id + '"]');
    var chosen = answer(q).indexOf(q.other) !== -1;
    box.hidden = !chosen;
    otherInput(q).disabled = !chosen;
  }

  /** Show what applies; hidden questions are disabled, so never required nor sent. */
  function applyConditions() {
    config.sections.forEach(function (s) {
      var fieldset = section(s.id);
      var show = !s.showIf || conditionMet(s.showIf);
      fieldset.hidden = !show;
      fieldset.disabled = !show;
      config.questions.filter(function (q) { return q.section === s.id; }).forEach(function (q) {
        var box = wrapper(q);
        var visible = !q.showIf || conditionMet(q.showIf);
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

  function updateProgress() {
    config.sections.forEach(function (s) {
      var item = $('[data-progress="' + s.id + '"]');
      if (!item) {
        return; // a form with one section has no progress list
      }
      var questions = config.questions.filter(function (q) { return q.section === s.id && isShown(q); });
      var answered = questions.filter(function (q) { return answer(q).length > 0; });
      // Progress counts what must be answered; optional questions never make a section look unfinished.
      var required = questions.filter(function (q) { return q.required; });
      var requiredDone = required.filter(function (q) { return answer(q).length > 0; });
      var done = requiredDone.length === required.length && (required.length > 0 || answered.length > 0);
      item.hidden = section(s.id).hidden;
      item.setAttribute("data-state", done ? "done" : "open");
      $("[data-progress-state]", item).textContent = done ? T("done")
        : required.length ? T("answered", { answered: requiredDone.length, total: required.length })
        : T("optional");
    });
  }

  function markCurrentSection(event) {
    var fieldset = event.target.closest ? event.target.closest("[data-section]") : null;
    $$("[data-progress]").forEach(function (item) {
      if (fieldset && item.getAttribute("data-progress") === fieldset.getAttribute("data-section")) {
        item.setAttribute("aria-current", "step");
      } else {
        item.removeAttribute("aria-current");
      }
    });
  }

  /* ---------- validation (the rules the build checked, applied to answers) ---------- */

  function firstControl(q) {
    var el = controls(q)[0];
    return el ? el.id : q.ids.wrapper;
  }

  function problem(q) {
    var values = answer(q);
    var messages = q.messages;
    var el = controls(q)[0];
    if (el && el.validity && el.validity.badInput) {
      return messages.format;
    }
    if (!values.length) {
      return q.required ? messages.required : "";
    }
    var value = values[0];
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
      var number = Number(value.replace(",", "."));
      if (!isFinite(number)) {
        return messages.format;
      }
      if ((q.min !== undefined && number < q.min) || (q.max !== undefined && number > q.max)) {
        return messages.range;
      }
      if (q.step) {
        var steps = (number - (q.min || 0)) / q.step;
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

  function validate() {
    var errors = [];
    config.questions.forEach(function (q) {
      if (!isShown(q)) {
        return;
      }
      var message = problem(q);
      if (message) {
        errors.push({ question: q, message: message, target: firstControl(q) });
      } else if (q.other && answer(q).indexOf(q.other) !== -1 && !otherInput(q).value.trim()) {
        errors.push({ question: q, message: q.messages.other, target: otherInput(q).id });
      }
    });
    return errors;
  }

  function describedBy(el, id, add) {
    var ids = (el.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    ids = ids.filter(function (existing) { return existing !== id; });
    if (add) {
      ids.push(id);
    }
    if (ids.length) {
      el.setAttribute("aria-describedby", ids.join(" "));
    } else {
      el.removeAttribute("aria-describedby");
    }
  }

  function clearErrors() {
    config.questions.forEach(function (q) {
      var box = wrapper(q);
      var message = document.getElementById(q.ids.error);
      box.classList.remove("q--invalid");
      message.hidden = true;
      message.textContent = "";
      var described = $(".q-group", box) || controls(q)[0];
      describedBy(described, message.id, false);
      $$("input, select, textarea", box).forEach(function (el) { el.removeAttribute("aria-invalid"); });
    });
    summary.hidden = true;
    $("[data-error-list]", summary).textContent = "";
  }

  function showErrors(errors) {
    clearErrors();
    var list = $("[data-error-list]", summary);
    errors.forEach(function (error) {
      var q = error.question;
      var box = wrapper(q);
      var message = document.getElementById(q.ids.error);
      box.classList.add("q--invalid");
      message.textContent = error.message;
      message.hidden = false;
      var described = $(".q-group", box) || controls(q)[0];
      describedBy(described, message.id, true);
      $$("input, select, textarea", box).forEach(function (el) {
        if (!el.disabled) {
          el.setAttribute("aria-invalid", "true");
        }
      });
      // The summary lists the questions (short), the full message stands at each field:
      // on a phone the whole summary fits one screen.
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + error.target;
      link.textContent = q.label;
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var target = document.getElementById(error.target);
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

  /* ---------- honest advice: the definition's rules (plugins/questionnaire/rules.py) ---------- */

  var ANSWER_NUMBER = /^-?\d+(?:[.,]\d+)?$/;

  /** What a rule sees of a question: its answer if shown, otherwise nothing. */
  function given(id) {
    var q = byId[id];
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
    var a = calculate(expression.a);
    var b = calculate(expression.b);
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
    var values = given(check.question);
    if (!check.than) {
      return values.some(function (value) { return check.values.indexOf(value) !== -1; });
    }
    var left = numberIn(values);
    var right = calculate(check.than);
    if (left === null || right === null) {
      return false;
    }
    return check.op === "lt" ? left < right : left > right;
  }

  /** 1440 -> "1.440", 2.5 -> "2,5": rounded to cents exactly as the receiver does. */
  function germanNumber(value) {
    var cents = Math.floor(value * 100 + 0.5);
    var whole = String(Math.floor(Math.abs(cents) / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    var decimals = ("0" + (Math.abs(cents) % 100)).slice(-2).replace(/0+$/, "");
    return (cents < 0 ? "-" : "") + whole + (decimals ? "," + decimals : "");
  }

  function noteText(rule) {
    return rule.note.map(function (part) {
      if (typeof part === "string") {
        return part;
      }
      var value = calculate(part);
      return value === null ? "\u2026" : germanNumber(value);
    }).join("");
  }

  /** The notes of every rule the answers meet, in the definition's order. */
  function notes() {
    return (config.rules || []).filter(function (rule) {
      return rule.when.every(holds);
    }).map(noteText);
  }

  /* ---------- review ---------- */

  function visibleSections() {
    return config.sections.filter(function (s) { return !section(s.id).hidden; });
  }

  function recommendations() {
    var slugs = [];
    config.questions.forEach(function (q) {
      if (!q.options || !isShown(q)) {
        return;
      }
      answer(q).forEach(function (value) {
        var option = q.options.filter(function (o) { return o.value === value; })[0];
        (option && option.recommends || []).forEach(function (slug) {
          if (slugs.indexOf(slug) === -1 && config.services[slug]) {
            slugs.push(slug);
          }
        });
      });
    });
    return slugs.map(function (slug) { return config.services[slug]; });
  }

  function renderReview() {
    var container = $("[data-review-answers]", review);
    container.textContent = "";
    visibleSections().forEach(function (s) {
      var heading = document.createElement("h3");
      heading.textContent = s.title;
      var list = document.createElement("dl");
      config.questions.forEach(function (q) {
        if (q.section !== s.id || !isShown(q)) {
          return;
        }
        var term = document.createElement("dt");
        term.textContent = q.label;
        var detail = document.createElement("dd");
        detail.textContent = answerText(q) || T("noAnswer");
        list.appendChild(term);
        list.appendChild(detail);
      });
      container.appendChild(heading);
      container.appendChild(list);
    });
    var services = recommendations();
    var box = $("[data-recommendations]", review);
    var items = $("[data-recommendation-list]", review);
    items.textContent = "";
    services.forEach(function (service) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = service.url;
      link.textContent = service.title;
      item.appendChild(link);
      items.appendChild(item);
    });
    box.hidden = services.length === 0;
    var flagged = notes();
    var noteList = $("[data-note-list]", review);
    noteList.textContent = "";
    flagged.forEach(function (text) {
      var item = document.createElement("li");
      item.textContent = text;
      noteList.appendChild(item);
    });
    $("[data-notes]", review).hidden = flagged.length === 0;
  }

  function showReview() {
    renderReview();
    form.hidden = true;
    fallback.hidden = true;
    $("[data-send-status]").textContent = "";
    review.hidden = false;
    review.focus();
    review.scrollIntoView({ block: "start" });
  }

  function editAnswers() {
    review.hidden = true;
    fallback.hidden = true;
    form.hidden = false;
    var first = $("input:not([type=hidden]):not(:disabled), select:not(:disabled), textarea:not(:disabled)", form);
    if (first) {
      first.focus();
    }
  }

  /* ---------- plain text for mail, file and clipboard ---------- */

  /** Contact details come first in every text, so a shortened mail never loses them. */
  function isContact(q) {
    return q.type === "email" || q.type === "tel" ||
      ["name", "organization", "email", "tel"].indexOf(q.autocomplete || "") !== -1;
  }

  function answerLines(questions) {
    var lines = [];
    questions.forEach(function (q) {
      var text = isShown(q) ? answerText(q) : "";
      if (text) {
        lines.push(q.label, "  " + text.replace(/\n/g, "\n  "));
      }
    });
    return lines;
  }

  /** The answers as text: a head that must never be cut, and the rest. */
  function textParts() {
    var head = [config.title, T("filledOn", { date: germanDate(new Date().toISOString().slice(0, 10)) }), ""];
    var contact = answerLines(config.questions.filter(isContact));
    if (contact.length) {
      head = head.concat(["== " + T("contactHeading") + " =="], contact, [""]);
    }
    var rest = [];
    visibleSections().forEach(function (s) {
      var lines = answerLines(config.questions.filter(function (q) {
        return q.section === s.id && !isContact(q);
      }));
      if (lines.length) {
        rest = rest.concat(["== " + s.title + " =="], lines, [""]);
      }
    });
    var flagged = notes();
    if (flagged.length) {
      rest = rest.concat(["== " + T("notesHeading") + " =="], flagged.map(function (text) {
        return "- " + text;
      }), [""]);
    }
    var services = recommendations();
    if (services.length) {
      rest.push(T("recommended", { list: services.map(function (s) { return s.title; }).join(", ") }));
    }
    return { head: head.join("\n"), rest: rest.join("\n") };
  }

  function plainText() {
    var parts = textParts();
    return parts.head + "\n" + parts.rest;
  }

  /** A mailto: link mail programs accept. Too long: the rest is cut, never the head. */
  function mailtoLink() {
    var parts = textParts();
    var base = "mailto:" + config.email + "?subject=" + encodeURIComponent(config.subject) + "&body=";
    var whole = parts.head + "\n" + parts.rest;
    if ((base + encodeURIComponent(whole)).length <= MAIL_URL_LIMIT) {
      return { href: base + encodeURIComponent(whole), shortened: false };
    }
    var note = "\n\n" + T("shortened");
    var low = 0;
    var high = parts.rest.length;
    while (low < high) {
      var middle = Math.ceil((low + high) / 2);
      var candidate = base + encodeURIComponent(parts.head + "\n" + cut(parts.rest, middle) + note);
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
    var end = length;
    if (end > 0 && /[\uD800-\uDBFF]/.test(text.charAt(end - 1))) {
      end -= 1;
    }
    return text.slice(0, end);
  }

  /* ---------- sending ---------- */

  var STARTED = Date.now();
  var COPY_KEY = "fragebogen-kopie";
  var attempt = { body: null, key: null };

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  /** The body to send. The same answers keep the same key, so a retry or a double
   * click is stored once; changed answers get a new key and are never merged away. */
  function requestBody() {
    var params = new URLSearchParams(new FormData(form));
    var answers = params.toString();
    if (answers !== attempt.body) {
      attempt = { body: answers, key: newKey() };
    }
    params.set("_key", attempt.key);
    params.set("_started", String(drafts.started() || STARTED));
    params.set("_sent", String(Date.now()));  // both by this clock: a wrong clock does not matter
    return params;
  }

  function showFallback(title, reason) {
    var mail = mailtoLink();
    $("[data-fallback-title]", fallback).textContent = title;
    $("[data-fallback-reason]", fallback).textContent = reason;
    $("[data-fallback-mail]", fallback).href = mail.href;
    var canShare = Boolean(shareableFile());
    $("[data-share]", fallback).hidden = !canShare;
    $("[data-mail-note]", fallback).textContent = !mail.shortened ? ""
      : canShare ? T("mailTooLongShare") : T("mailTooLong");
    $("[data-fallback-status]", fallback).textContent = "";
    fallback.hidden = false;
    fallback.focus();
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
    drafts.remove();
    $("[data-send-status]").textContent = T("sent");
    window.location.assign(config.urls.success + (reference ? "?referenz=" + encodeURIComponent(reference) : ""));
  }

  /** The receiver named problems per field: back to the form, each at its place. */
  function showServerErrors(fieldErrors) {
    var errors = config.questions.filter(function (q) { return fieldErrors[q.id]; }).map(function (q) {
      return { question: q, message: fieldErrors[q.id], target: firstControl(q) };
    });
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
      var reason = data && data.message ? data.message : T("serverError", { status: response.status });
      showFallback(T("failedTitle"), reason + " " + T("notLost"));
    }
  }

  function send() {
    var status = $("[data-send-status]");
    var buttons = $$('[data-action="send"]');
    if (config.mode === "email") {
      showFallback(T("mailOpensTitle"), T("mailOpensText"));
      window.location.href = mailtoLink().href;
      return;
    }
    status.textContent = T("sending");
    buttons.forEach(function (button) { button.disabled = true; });
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? window.setTimeout(function () { controller.abort(); }, 30000) : null;
    fetch(config.endpoint, {
      method: "POST",
      headers: { Accept: "application/json" },
      body: requestBody(),
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (data) {
        status.textContent = "";
        handleResponse(response, data);
      });
    }, function () {
      // No answer at all: the answers may or may not have arrived. Sending again is
      // safe (same key), and nothing on this page is lost.
      status.textContent = "";
      showFallback(T("failedTitle"), T("noConfirmation") + " " + T("notLost"));
    }).then(function () {
      buttons.forEach(function (button) { button.disabled = false; });
      if (timer) {
        window.clearTimeout(timer);
      }
    });
  }

  function fileName() {
    return config.slug + "-" + new Date().toISOString().slice(0, 10) + ".txt";
  }

  /** The answers as a file the phone's share sheet accepts (Web Share API), or null. */
  function shareableFile() {
    if (!navigator.canShare || typeof File !== "function") {
      return null;
    }
    var file = new File([plainText()], fileName(), { type: "text/plain" });
    return navigator.canShare({ files: [file] }) ? file : null;
  }

  function share() {
    var file = shareableFile();
    var status = $("[data-fallback-status]");
    if (!file) {
      download();
      return;
    }
    navigator.share({ files: [file], title: document.title }).catch(function (error) {
      if (error && error.name !== "AbortError") {
        status.textContent = T("copyFailed");
      }
    });
  }

  function download() {
    var blob = new Blob([plainText()], { type: "text/plain;charset=utf-8" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = fileName();
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
  }

  function copy() {
    var status = $("[data-fallback-status]");
    var done = function () { status.textContent = T("copied"); };
    var fail = function () { status.textContent = T("copyFailed"); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(plainText()).then(done, fail);
    } else {
      fail();
    }
  }

  function copyAddress() {
    var status = $("[data-fallback-status]");
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(config.email).then(
        function () { status.textContent = T("addressCopied"); },
        function () { status.textContent = T("copyFailed"); }
      );
    } else {
      status.textContent = T("copyFailed");
    }
  }

  /* ---------- drafts: only with the visitor's opt-in ---------- */

  var drafts = (function () {
    var restoredStart = 0;
    var box = $("[data-draft]");
    var optIn = $("[data-draft-optin]");
    var status = $("[data-draft-status]");
    var storage = null;
    try {
      storage = window.localStorage;
      storage.setItem(config.storageKey + ":test", "1");
      storage.removeItem(config.storageKey + ":test");
    } catch (error) {
      storage = null;
    }

    function fields() {
      var values = {};
      $$("input[name], select[name], textarea[name]", form).forEach(function (el) {
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
          version: 1, saved: new Date().toISOString(), started: restoredStart || STARTED, fields: fields()
        }));
      }
    }

    function remove() {
      if (storage) {
        storage.removeItem(config.storageKey);
      }
    }

    function restore() {
      var saved = null;
      try {
        saved = JSON.parse(storage.getItem(config.storageKey));
      } catch (error) {
        saved = null;
      }
      if (!saved || !saved.fields) {
        return false;
      }
      restoredStart = typeof saved.started === "number" ? saved.started : 0;
      $$("input[name], select[name], textarea[name]", form).forEach(function (el) {
        var values = saved.fields[el.name];
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

    function init() {
      if (!storage) {
        return;
      }
      box.hidden = false;
      if (restore()) {
        optIn.checked = true;
        status.textContent = T("draftRestored");
      }
      optIn.addEventListener("change", function () {
        if (optIn.checked) {
          save();
          status.textContent = T("draftOn");
        } else {
          remove();
          status.textContent = T("draftOff");
        }
      });
      form.addEventListener("input", save);
      form.addEventListener("change", save);
    }

    function clear() {
      remove();
      optIn.checked = false;
      status.textContent = T("draftCleared");
    }

    return {
      init: init,
      remove: remove,
      clear: clear,
      started: function () { return restoredStart; }
    };
  }());

  /* ---------- wiring ---------- */

  form.noValidate = true;
  $("[data-submit]", form).textContent = T("next");
  drafts.init();
  applyConditions();

  form.addEventListener("change", applyConditions);
  form.addEventListener("input", updateProgress);
  form.addEventListener("focusin", markCurrentSection);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    applyConditions();
    var errors = validate();
    if (errors.length) {
      showErrors(errors);
      return;
    }
    clearErrors();
    showReview();
  });

  var actions = {
    edit: editAnswers,
    send: send,
    download: download,
    share: share,
    copy: copy,
    "copy-address": copyAddress,
    print: function () { window.print(); },
    "delete-draft": function () { drafts.clear(); }
  };
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-action]") : null;
    if (button && actions[button.getAttribute("data-action")]) {
      actions[button.getAttribute("data-action")]();
    }
  });
}());
