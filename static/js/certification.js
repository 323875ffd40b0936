// Verify pages: "Copy link" and "Print" buttons. Everything works without this file.
(function () {
    "use strict";

    document.querySelectorAll("[data-enhanced][hidden]").forEach(function (element) {
        element.hidden = false;
    });

    document.querySelectorAll("[data-print]").forEach(function (button) {
        button.addEventListener("click", function () {
            window.print();
        });
    });

    document.querySelectorAll("[data-copy]").forEach(function (button) {
        var status = button.parentElement.querySelector("[data-copy-status]");
        if (!navigator.clipboard) {
            button.hidden = true;
            return;
        }
        button.addEventListener("click", function () {
            navigator.clipboard.writeText(button.getAttribute("data-copy")).then(
                function () {
                    if (status) status.textContent = "Link copied.";
                },
                function () {
                    if (status) status.textContent = "Could not copy: select the link above instead.";
                }
            );
        });
    });

    // Credential IDs are upper case; show them that way as they are typed.
    document.querySelectorAll("input.id-input").forEach(function (input) {
        input.addEventListener("blur", function () {
            input.value = input.value.trim().toUpperCase();
        });
    });
})();
