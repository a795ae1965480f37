/*
 * Inline forms that htmx loads into a page (an annotation edit, a quote correction):
 * their Cancel button ([data-form-cancel]) removes the form, leaving the page as it was.
 */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    const cancel = event.target.closest("[data-form-cancel]");
    if (cancel) cancel.closest("form").remove();
  });
})();
