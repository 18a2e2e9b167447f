// Public portal behaviour, loaded as a file so the CSP needs no inline script.
// Everything here is an enhancement: without JavaScript the forms work the same.
(function () {
  "use strict";

  // One click, one submission: disable the button once the browser starts submitting. The
  // server's submission key still makes a repeat harmless; this saves the applicant the doubt.
  document.querySelectorAll("form").forEach(function (form) {
    var button = form.querySelector("[data-submit-once]");
    if (!button) return;
    var label = button.textContent;
    form.addEventListener("submit", function () {
      // Defer so the submission starts before the button is disabled.
      window.setTimeout(function () {
        button.disabled = true;
        button.setAttribute("aria-disabled", "true");
        if (button.dataset.busyText) button.textContent = button.dataset.busyText;
      }, 0);
    });
    // Coming back with the browser's Back button restores a page from cache with the button off.
    window.addEventListener("pageshow", function () {
      button.disabled = false;
      button.removeAttribute("aria-disabled");
      button.textContent = label;
    });
  });

  // Show only the identity fields of the chosen applicant type (both show when none is chosen).
  var form = document.querySelector("[data-portal-apply]");
  if (form) {
    var person = document.getElementById("person-fields");
    var org = document.getElementById("org-fields");
    var sync = function () {
      var chosen = form.querySelector('input[name="applicant_kind"]:checked');
      var kind = chosen ? chosen.value : "";
      person.hidden = kind !== "" && kind !== "natural_person";
      org.hidden = kind === "natural_person";
    };
    form.querySelectorAll('input[name="applicant_kind"]').forEach(function (input) {
      input.addEventListener("change", sync);
    });
    sync();
  }

  // 打印: the button is hidden in the page as served (it needs script); @media print in portal.css
  // leaves only the document itself on paper.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });

  // After a rejected submission, move focus to the error summary so it is read first.
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
