/* Contact page: load the booking calendar into the page only after a click.
 * Before the click the browser contacts nobody; the page's CSP allows exactly this
 * address as a frame (plugins/booking). Without JavaScript the plain link remains. */
(function () {
  "use strict";
  var box = document.querySelector("[data-booking-src]");
  if (!box) {
    return;
  }
  var button = box.querySelector("button");
  button.hidden = false;
  button.addEventListener("click", function () {
    var frame = document.createElement("iframe");
    frame.src = box.getAttribute("data-booking-src");
    frame.title = box.getAttribute("data-booking-title");
    frame.className = "booking__calendar";
    frame.setAttribute("loading", "eager");
    box.replaceChildren(frame);
    frame.focus();
  });
}());
