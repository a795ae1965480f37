/*
 * Inline forms that htmx loads into a page (an annotation edit, a quote correction) and the
 * annotation forms of the reader:
 * - an inline form, once loaded, has focus in its first field; its Cancel button
 *   ([data-form-cancel]) removes it and gives focus back to the link that opened it;
 * - Ctrl+Enter (or Cmd+Enter) in any form with [data-ctrl-enter] saves it;
 * - a group of theme checkboxes (fieldset.theme-choices) is one tab stop: the arrow keys
 *   move between its boxes, Space ticks, Tab leaves it.
 */
(function () {
  "use strict";

  function opener(form) {
    // A reply's form goes back to the reply's Edit link, or to the discussion's Reply link.
    const reply = form.closest(".reply");
    if (reply) return reply.querySelector("a[hx-get*='/edit/']");
    const replies = form.closest(".replies");
    if (replies) return replies.querySelector("[data-reply-link]");
    const row = form.closest("[data-annotation-item], [data-quote-row]");
    return row && row.querySelector("[data-edit-link], a[hx-get*='/correct/']");
  }

  function firstField(form) {
    return form.querySelector("fieldset.theme-choices input[tabindex='0'], " +
      "input:not([type=hidden]):not([disabled]), select, textarea");
  }

  document.addEventListener("click", function (event) {
    const cancel = event.target.closest("[data-form-cancel]");
    if (!cancel) return;
    const form = cancel.closest("form");
    const back = opener(form);
    form.remove();
    if (back) back.focus();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    const form = event.target.closest && event.target.closest("form[data-ctrl-enter]");
    if (!form || form.hidden) return;
    event.preventDefault();
    form.requestSubmit();
  });

  /* Roving focus within a theme group: one box is the group's tab stop. */
  function rove(group, box) {
    group.querySelectorAll("input[type=checkbox]").forEach(function (other) {
      other.tabIndex = other === box ? 0 : -1;
    });
  }

  function setUpGroups(root) {
    root.querySelectorAll("fieldset.theme-choices").forEach(function (group) {
      const boxes = group.querySelectorAll("input[type=checkbox]");
      if (!boxes.length || group.dataset.roving) return;
      group.dataset.roving = "1";
      rove(group, group.querySelector("input[type=checkbox]:checked") || boxes[0]);
    });
  }

  document.addEventListener("keydown", function (event) {
    const box = event.target;
    const group = box.closest && box.closest("fieldset.theme-choices");
    if (!group || box.type !== "checkbox") return;
    const step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
    if (!step) return;
    event.preventDefault();
    const boxes = Array.from(group.querySelectorAll("input[type=checkbox]"));
    const next = boxes[(boxes.indexOf(box) + step + boxes.length) % boxes.length];
    rove(group, next);
    next.focus();
  });

  document.addEventListener("focusin", function (event) {
    const group = event.target.closest && event.target.closest("fieldset.theme-choices");
    if (group && event.target.type === "checkbox") rove(group, event.target);
  });

  document.addEventListener("DOMContentLoaded", function () { setUpGroups(document); });
  document.addEventListener("htmx:load", function (event) {
    setUpGroups(event.target);
    const form = event.target.matches && event.target.matches("form[data-focus-first]")
      ? event.target : event.target.querySelector && event.target.querySelector("form[data-focus-first]");
    if (form && !form.closest("[hidden]")) {
      const field = firstField(form);
      if (field) field.focus();
    }
  });
})();
