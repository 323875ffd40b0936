// Progressive enhancement for the whole site. Everything works without it.
(function () {
    "use strict";

    document.documentElement.classList.remove("no-js");
    document.documentElement.classList.add("js");

    // Mobile menu: without JavaScript the links are simply listed; with it,
    // they fold behind a "Menu" button on small screens.
    var toggle = document.querySelector(".nav-toggle");
    var nav = document.getElementById("site-nav");
    if (toggle && nav) {
        var setOpen = function (open) {
            toggle.setAttribute("aria-expanded", open ? "true" : "false");
            nav.setAttribute("data-collapsed", open ? "false" : "true");
        };
        toggle.hidden = false;
        setOpen(false);
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
