// Copy-link button for the Share Article section: progressive enhancement.
// Without JavaScript (or without the Clipboard API) it stays a plain link to the article.
(function () {
  "use strict";

  function enhance(link) {
    if (!navigator.clipboard || !window.isSecureContext) {
      return;
    }
    var status = document.querySelector("[data-copy-status]");
    var button = document.createElement("button");
    button.type = "button";
    button.className = link.className;
    button.textContent = link.textContent;
    button.setAttribute("data-copy-url", link.href);
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy-url")).then(
        function () {
          if (status) {
            status.textContent = "Link copied to the clipboard.";
          }
        },
        function () {
          if (status) {
            status.textContent = "Could not copy the link. Copy it from the address bar instead.";
          }
        }
      );
    });
    link.replaceWith(button);
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("a[data-copy-link]"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
