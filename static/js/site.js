// Progressive enhancement for the whole site. Everything works without it.
(function () {
    "use strict";

    document.documentElement.classList.remove("no-js");
    document.documentElement.classList.add("js");

    // Mobile menu: the links fold behind a "Menu" button on small screens
    // (without JavaScript, css/nojs.css lists them instead).
    var toggle = document.querySelector(".nav-toggle");
    var nav = document.getElementById("site-nav");
    if (toggle && nav) {
        var setOpen = function (open) {
            toggle.setAttribute("aria-expanded", open ? "true" : "false");
            nav.setAttribute("data-open", open ? "true" : "false");
        };
        toggle.addEventListener("click", function () {
            setOpen(toggle.getAttribute("aria-expanded") !== "true");
        });
        document.addEventListener("keydown", function (event) {
            if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
                setOpen(false);
                toggle.focus();
            }
        });
    }

    // Move focus to a form's error summary so screen readers announce it.
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
        summary.focus();
    }
})();
