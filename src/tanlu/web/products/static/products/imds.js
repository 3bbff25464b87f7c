/* IMDS page: a "copy" button next to each value. Without JavaScript the buttons stay hidden and the values stay
   selectable read-only text. No dependencies, no inline code (the Content-Security-Policy forbids it). */
(function () {
  "use strict";

  function announce(text) {
    var status = document.querySelector("[data-imds-status]");
    if (status) { status.textContent = text; }
  }

  function legacyCopy(field) {
    field.focus();
    field.select();
    try { return document.execCommand("copy"); } catch (e) { return false; }
  }

  function copied(button, ok) {
    var label = button.firstChild;
    var original = button.getAttribute("data-label") || label.nodeValue;
    button.setAttribute("data-label", original);
    label.nodeValue = ok ? button.getAttribute("data-done") : button.getAttribute("data-failed");
    announce(label.nodeValue);
    window.setTimeout(function () { label.nodeValue = original; }, 2000);
  }

  function copy(button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) { return; }
    var text = field.value;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { copied(button, true); },
        function () { copied(button, legacyCopy(field)); }
      );
    } else {
      copied(button, legacyCopy(field));
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var buttons = document.querySelectorAll(".imds-copy");
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { copy(button); });
    });
    Array.prototype.forEach.call(document.querySelectorAll(".imds-field__value"), function (field) {
      field.addEventListener("focus", function () { field.select(); });
    });
  });
})();
