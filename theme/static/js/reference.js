/* Thank-you page: show the reference number the receiver confirmed (?referenz=ABCD-EFGH),
 * and the visitor's own copy of her answers, which the form left in this tab
 * (sessionStorage, see keepCopy in questionnaire/sending.js): as a text file, to print,
 * or to delete. Only the documented reference format is shown, and everything only as text. */
(function () {
  "use strict";
  var COPY_KEY = "fragebogen-kopie";
  var box = document.querySelector("[data-reference]");
  var match = /[?&]referenz=([A-Z0-9]{4}-[A-Z0-9]{4})(?:&|$)/.exec(window.location.search);
  var reference = match ? match[1] : "";
  if (box && reference) {
    box.querySelector("[data-reference-value]").textContent = reference;
    box.hidden = false;
  }

  var section = document.querySelector("[data-copy]");
  var copy = null;
  try {
    copy = JSON.parse(window.sessionStorage.getItem(COPY_KEY) || "null");
  } catch (error) {
    copy = null;
  }
  if (!section || !copy || typeof copy.text !== "string" || (copy.reference || "") !== reference) {
    return;
  }
  var text = reference ? copy.text.replace(/\n/, "\n" + box.textContent.trim() + "\n") : copy.text;
  section.querySelector("[data-copy-text]").textContent = text;
  var file = section.querySelector("[data-copy-file]");
  file.href = URL.createObjectURL(new Blob([text + "\n"], { type: "text/plain;charset=utf-8" }));
  file.download = "fragebogen" + (reference ? "-" + reference : "") + ".txt";
  var details = section.querySelector("details");
  section.querySelector("[data-copy-print]").addEventListener("click", function () {
    details.open = true;
    window.print();
  });
  window.addEventListener("beforeprint", function () { details.open = true; });
  section.querySelector("[data-copy-delete]").addEventListener("click", function () {
    window.sessionStorage.removeItem(COPY_KEY);
    URL.revokeObjectURL(file.href);
    section.hidden = true;
    var done = document.querySelector("[data-copy-deleted]");
    done.hidden = false;
    done.focus();
  });
  section.hidden = false;
}());
