/* FAQ: a link to /faq/#frage opens that answer and scrolls to it. Chromium opens a closed
 * <details> for a fragment by itself; this covers the other browsers and later hash changes.
 * Without JavaScript every answer is still one click on its question away. */
(function () {
  "use strict";
  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    var item = target && target.closest("details");
    if (item && !item.open) {
      item.open = true;
      target.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
}());
