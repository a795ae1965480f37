/*
 * The reader's annotation gestures. Select text in [data-article-body] (mouse, or Shift and
 * the arrow keys) and the [data-annotate-form] opens next to the selection; Escape or a click
 * elsewhere closes it. The form posts with htmx (the CSRF token rides in hx-headers on
 * <body>) and the server answers with what changed (or all of #annotated): highlights and
 * side panel together.
 * Clicking a highlight flashes its entry in the panel, and the other way round.
 */
(function () {
  "use strict";

  function form() { return document.querySelector("[data-annotate-form]"); }
  function body() { return document.querySelector("[data-article-body]"); }

  function hide() {
    const f = form();
    if (!f || f.hidden) return;
    f.hidden = true;
    const error = f.querySelector(".form-error");
    if (error) { error.hidden = true; error.textContent = ""; }
  }

  function reset(f) {
    f.querySelectorAll("input[type=checkbox]").forEach(function (box) { box.checked = false; });
    f.querySelectorAll("textarea, input[type=text]").forEach(function (field) { field.value = ""; });
  }

  function showFor(selection) {
    const f = form();
    const root = body();
    if (!f || !root) return;
    const offsets = window.SummitDesk.selectionOffsets(root);
    if (!offsets || !offsets.exact.trim()) return;
    if (f.hidden) reset(f);
    f.elements.start.value = offsets.start;
    f.elements.end.value = offsets.end;
    f.elements.exact.value = offsets.exact;
    const rect = selection.getRangeAt(0).getBoundingClientRect();
    f.style.top = (window.scrollY + rect.bottom + 8) + "px";
    f.style.left = Math.max(8, Math.min(window.scrollX + rect.left,
      window.scrollX + document.documentElement.clientWidth - 360)) + "px";
    f.hidden = false;
  }

  function maybeOpen() {
    const selection = window.getSelection();
    const root = body();
    if (!selection || selection.isCollapsed || !root || selection.rangeCount === 0) return;
    const range = selection.getRangeAt(0);
    if (root.contains(range.startContainer) && root.contains(range.endContainer)) {
      showFor(selection);
    }
  }

  document.addEventListener("mouseup", function (event) {
    const f = form();
    if (f && f.contains(event.target)) return;
    window.setTimeout(maybeOpen, 0);
  });

  document.addEventListener("keyup", function (event) {
    if (event.key === "Escape") { hide(); closeEditForms(null); return; }
    const f = form();
    if (f && f.contains(event.target)) return;
    if (event.shiftKey || event.key === "Shift") maybeOpen();
  });

  document.addEventListener("mousedown", function (event) {
    const f = form();
    if (f && !f.hidden && !f.contains(event.target)) hide();
  });

  // One edit form at a time: opening one closes any other; Escape closes it.
  function closeEditForms(except) {
    document.querySelectorAll("form.annotate-edit").forEach(function (f) {
      if (f !== except && f.closest(".edit-slot")) f.remove();
    });
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    const opened = event.detail.target.querySelector && event.detail.target.querySelector("form.annotate-edit");
    if (opened) closeEditForms(opened);
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-annotate-cancel]")) { hide(); return; }
    const mark = event.target.closest("mark[data-annotation-id]");
    if (mark && window.getSelection().isCollapsed) {
      flash(document.querySelector('[data-annotation-item="' + mark.dataset.annotationId + '"]'), "nearest");
      return;
    }
    const item = event.target.closest("[data-annotation-item]");
    if (item && !event.target.closest("a, button, form")) showHighlight(item);
  });

  document.addEventListener("keydown", function (event) {
    const item = event.target.closest && event.target.closest("[data-annotation-item]");
    if (item && event.key === "Enter" && event.target === item) showHighlight(item);
  });

  function showHighlight(item) {
    const marks = document.querySelectorAll('mark[data-annotation-id="' + item.dataset.annotationItem + '"]');
    if (!marks.length) return;
    marks.forEach(function (mark, index) { flash(mark, index === 0 ? "center" : null); });
    flash(item, null);
  }

  function flash(element, scroll) {
    if (!element) return;
    if (scroll) element.scrollIntoView({ block: scroll, behavior: "smooth" });
    element.classList.remove("flash");
    void element.offsetWidth; // restart the animation
    element.classList.add("flash");
  }

  // Errors from the server (400 forged or stale selection, 403, 422) show inside the form.
  document.addEventListener("htmx:beforeSwap", function (event) {
    const f = form();
    if (!f || event.detail.requestConfig.elt !== f || event.detail.xhr.status < 400) return;
    event.detail.shouldSwap = false;
    const error = f.querySelector(".form-error");
    error.textContent = event.detail.xhr.responseText || "The annotation could not be saved.";
    error.hidden = false;
  });

  // Every write tells the server which entries this page lists, so that the answer can be
  // only what changed since (annotations/fragments.py), others' changes included.
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.verb === "get" || !body()) return;
    const elt = event.detail.elt;
    if (!elt.closest("#annotated") && !elt.matches("[data-annotate-form]")) return;
    const ids = Array.from(document.querySelectorAll("#annotation-list > [data-annotation-item]"),
      function (item) { return item.dataset.annotationItem; });
    event.detail.parameters.shown = ids.join(",");
  });

  // New entries arrive at the end of the list; each moves to its place in reading order.
  function readingKey(item) {
    return [item.classList.contains("orphaned") ? 1 : 0, Number(item.dataset.start),
      Number(item.dataset.end), Number(item.dataset.annotationItem)];
  }

  function before(a, b) {
    for (let i = 0; i < a.length; i++) { if (a[i] !== b[i]) return a[i] < b[i]; }
    return false;
  }

  document.addEventListener("htmx:load", function (event) {
    const item = event.target;
    if (!item.matches || !item.matches("#annotation-list > [data-annotation-item]")) return;
    // Two quick saves from one page can both bring the same new entry: keep one.
    item.parentElement.querySelectorAll('[data-annotation-item="' + item.dataset.annotationItem + '"]')
      .forEach(function (other) { if (other !== item) other.remove(); });
    const key = readingKey(item);
    const next = Array.from(item.parentElement.children).find(function (other) {
      return other !== item && before(key, readingKey(other));
    });
    if (next) item.parentElement.insertBefore(item, next);
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    const f = form();
    if (f && event.detail.elt === f && event.detail.successful) {
      hide();
      window.getSelection().removeAllRanges();
    }
  });
})();
