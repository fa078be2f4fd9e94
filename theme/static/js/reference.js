/* Thank-you page: show the reference number the receiver confirmed (?referenz=ABCD-EFGH).
 * Only the documented format is shown, and only as text. */
(function () {
  "use strict";
  var box = document.querySelector("[data-reference]");
  var match = /[?&]referenz=([A-Z0-9]{4}-[A-Z0-9]{4})(?:&|$)/.exec(window.location.search);
  if (box && match) {
    box.querySelector("[data-reference-value]").textContent = match[1];
    box.hidden = false;
  }
}());
