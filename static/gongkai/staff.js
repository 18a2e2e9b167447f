// Staff pages' behaviour, loaded as a file so the CSP needs no inline script. Everything here is an
// enhancement: the server refuses a repeated or stale step (the form carries the case revision).
(function () {
  "use strict";

  // One click, one submission.
  document.querySelectorAll("form").forEach(function (form) {
    var button = form.querySelector("[data-submit-once]");
    if (!button) return;
    var label = button.textContent;
    form.addEventListener("submit", function () {
      window.setTimeout(function () {
        button.disabled = true;
        button.setAttribute("aria-disabled", "true");
        button.textContent = "正在提交…";
      }, 0);
    });
    window.addEventListener("pageshow", function () {
      button.disabled = false;
      button.removeAttribute("aria-disabled");
      button.textContent = label;
    });
  });

  // The reply form: the parts of a partial disclosure only matter for 部分公开.
  document.querySelectorAll("[data-reply-form]").forEach(function (form) {
    var outcome = form.querySelector('select[name$="outcome"]');
    var parts = form.querySelectorAll("[data-partial-only]");
    if (!outcome || !parts.length) return;
    var sync = function () {
      parts.forEach(function (el) { el.hidden = outcome.value !== "partial"; });
    };
    outcome.addEventListener("change", sync);
    sync();
  });
})();
