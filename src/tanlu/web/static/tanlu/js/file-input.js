/* The browser's own file control says "Choose File" / "No file chosen" in the browser's language, whatever the
   page's language. Every file input gets a button and the chosen file's name in the page's language instead (the
   words are this script element's data-choose and data-none, written by the page's template). The input itself
   stays, transparent over them: it still takes the click, the keyboard focus, the label and the dropped file.
   Without script the browser's control shows, as before. */
(function () {
  "use strict";
  var words = document.currentScript ? document.currentScript.dataset : {};

  function enhance(input) {
    if (input.dataset.fileInput) {
      return;
    }
    input.dataset.fileInput = "on";
    var box = document.createElement("span");
    var button = document.createElement("span");
    var name = document.createElement("span");
    box.className = "file-input";
    button.className = "file-input__button";
    name.className = "file-input__name";
    button.setAttribute("aria-hidden", "true");
    name.setAttribute("aria-hidden", "true");
    button.textContent = words.choose || "";
    input.parentNode.insertBefore(box, input);
    box.appendChild(input);
    box.appendChild(button);
    box.appendChild(name);

    function show() {
      var chosen = Array.prototype.map.call(input.files || [], function (file) {
        return file.name;
      });
      name.textContent = chosen.length ? chosen.join(", ") : words.none || "";
      box.classList.toggle("file-input--chosen", chosen.length > 0);
    }
    input.addEventListener("change", show);
    show();
  }

  function enhanceAll(root) {
    Array.prototype.forEach.call(root.querySelectorAll('input[type="file"]'), enhance);
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhanceAll(document);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    enhanceAll(event.target);
  });
})();
