/*
 * The reader's annotation gestures. Select text in [data-article-body] with the mouse, or
 * with the keyboard (Tab to the text, then S for the sentence or P for the paragraph at the
 * caret, the focused quote or the top of the window), and the [data-annotate-form] opens next
 * to the selection with focus in it; its buttons move either end by a word. Escape, Cancel
 * or a click elsewhere closes it and focus goes back where it was; after a save, focus is
 * on the new highlight's panel entry (after a delete, the next entry or Undo). The form posts with htmx (the CSRF token rides in hx-headers on
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
    f.querySelectorAll("input[type=checkbox]").forEach(function (box, index) {
      box.checked = false;
      box.tabIndex = index === 0 ? 0 : -1;  // the theme group's one tab stop (forms.js)
    });
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
    const range = selection.getRangeAt(0);
    f.dataset.start16 = window.SummitDesk.textOffsetWithin(root, range.startContainer, range.startOffset);
    f.dataset.end16 = window.SummitDesk.textOffsetWithin(root, range.endContainer, range.endOffset);
    const preview = f.querySelector("[data-selection-preview]");
    if (preview) preview.textContent = "“" + offsets.exact + "”";
    const rect = range.getBoundingClientRect();
    const opening = f.hidden;
    f.hidden = false;
    f.style.top = (window.scrollY + rect.bottom + 8) + "px";
    f.style.left = Math.max(8, Math.min(window.scrollX + rect.left,
      window.scrollX + document.documentElement.clientWidth - f.offsetWidth - 8)) + "px";
    if (opening) {
      if (!f.contains(document.activeElement)) opener = document.activeElement;
      const first = f.querySelector("input[type=checkbox][tabindex='0'], textarea, input[type=text]");
      if (first) first.focus();
    }
  }

  let opener = null;  // where focus was when the form opened

  function close() {
    const f = form();
    const wasOpen = f && !f.hidden;
    hide();
    if (wasOpen && opener && document.contains(opener)) opener.focus();
    opener = null;
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
    if (event.key === "Escape") { close(); closeEditForms(null); return; }
    const f = form();
    if (f && f.contains(event.target)) return;
    if (event.shiftKey || event.key === "Shift") maybeOpen();
  });

  document.addEventListener("mousedown", function (event) {
    const f = form();
    if (f && !f.hidden && !f.contains(event.target)) hide();
  });

  // One edit or reply form at a time: opening one closes any other; Escape closes it.
  function closeEditForms(except) {
    document.querySelectorAll("form.annotate-edit, form.reply-form").forEach(function (f) {
      if (f !== except && f.closest(".edit-slot, .reply-slot")) f.remove();
    });
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    const opened = event.detail.target.querySelector &&
      event.detail.target.querySelector("form.annotate-edit, form.reply-form");
    if (opened) closeEditForms(opened);
  });

  /* Where the work continues after a write: the server names it (HX-Trigger-After-Settle,
     annotations/fragments.py). A saved or restored highlight: its panel entry, focused, with
     the highlight flashed; after a delete: the entry that followed it (else the one before),
     else the panel's Undo. */
  let afterDelete = null;  // the id of the entry to focus once a delete is done

  document.addEventListener("htmx:beforeRequest", function (event) {
    const item = event.detail.elt.closest && event.detail.elt.closest("[data-annotation-item]");
    if (!item || !event.detail.elt.matches("button[hx-post*='/delete/']")) return;
    if (event.detail.elt.closest(".replies")) return;  // a reply's delete: the entry stays
    const next = item.nextElementSibling || item.previousElementSibling;
    afterDelete = next ? next.dataset.annotationItem : null;
  });

  document.addEventListener("summit:focus", function (event) {
    const detail = event.detail || {};
    let target = null;
    if (detail.entry) {
      target = document.getElementById("annotation-item-" + detail.entry);
      if (target) showHighlight(target);
    } else if (detail.afterDelete) {
      target = (afterDelete && document.getElementById("annotation-item-" + afterDelete)) ||
        document.getElementById("undo-last") || document.getElementById("annotation-count");
      afterDelete = null;
    }
    if (!target) return;
    if (target.tabIndex < 0 && !target.matches("a, button")) target.tabIndex = -1;
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "nearest" });
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-annotate-cancel]")) { close(); return; }
    const adjust = event.target.closest("[data-adjust]");
    if (adjust) { moveEnd(adjust.dataset.adjust); return; }
    const mark = event.target.closest("mark[data-annotation-id]");
    if (mark && window.getSelection().isCollapsed) {
      flash(document.querySelector('[data-annotation-item="' + mark.dataset.annotationId + '"]'), "nearest");
      return;
    }
    const item = event.target.closest("[data-annotation-item]");
    if (item && !event.target.closest("a, button, form, details, .replies")) showHighlight(item);
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

  /* --- the keyboard path ----------------------------------------------------------- */

  const SENTENCE = /[^.!?…]+(?:[.!?…]+["”’»)\]]*|$)\s*/g;

  /* Where the keyboard is in the text (UTF-16 offset): the caret or selection, else the
     focused quote, else the first paragraph at the top of the window. */
  function position(root) {
    const selection = window.getSelection();
    if (selection.rangeCount && root.contains(selection.anchorNode)) {
      const range = selection.getRangeAt(0);
      return window.SummitDesk.textOffsetWithin(root, range.startContainer, range.startOffset);
    }
    const active = document.activeElement;
    if (active && active !== root && root.contains(active)) {
      return window.SummitDesk.textOffsetWithin(root, active, 0);
    }
    const first = Array.from(root.querySelectorAll("p")).find(function (p) {
      return p.getBoundingClientRect().bottom > 0;
    });
    return first ? window.SummitDesk.textOffsetWithin(root, first, 0) : 0;
  }

  function paragraphAt(root, offset) {
    for (const p of root.querySelectorAll("p")) {
      const start = window.SummitDesk.textOffsetWithin(root, p, 0);
      const end = start + p.textContent.length;
      if (offset >= start && offset < end) return [start, end];
    }
    return [0, root.textContent.length];
  }

  function sentenceAt(root, offset) {
    const [start, end] = paragraphAt(root, offset);
    const text = root.textContent.slice(start, end);
    for (const match of text.matchAll(SENTENCE)) {
      if (start + match.index + match[0].length > offset) {
        return [start + match.index, start + match.index + match[0].trimEnd().length];
      }
    }
    return [start, end];
  }

  document.addEventListener("keydown", function (event) {
    const root = body();
    const key = event.key.toLowerCase();
    if (!root || !form() || event.ctrlKey || event.metaKey || event.altKey) return;
    if ((key !== "s" && key !== "p") || !root.contains(document.activeElement)) return;
    event.preventDefault();
    const at = position(root);
    const [start, end] = key === "s" ? sentenceAt(root, at) : paragraphAt(root, at);
    const returnTo = document.activeElement;
    showFor(window.SummitDesk.selectText(root, start, end));
    opener = returnTo;
  });

  /* "start-1": the start a word earlier; "end+1": the end a word later; and so on. */
  function moveEnd(how) {
    const f = form();
    const root = body();
    const text = root.textContent;
    let start = Number(f.dataset.start16);
    let end = Number(f.dataset.end16);
    const later = how.endsWith("+1");
    if (how.startsWith("start")) {
      let i = start;
      if (later) {
        while (i < end && !/\s/.test(text[i])) i++;
        while (i < end && /\s/.test(text[i])) i++;
        if (i < end) start = i;
      } else {
        while (i > 0 && /\s/.test(text[i - 1])) i--;
        while (i > 0 && !/\s/.test(text[i - 1])) i--;
        start = i;
      }
    } else {
      let i = end;
      if (later) {
        while (i < text.length && /\s/.test(text[i])) i++;
        while (i < text.length && !/\s/.test(text[i])) i++;
        end = i;
      } else {
        while (i > start && /\s/.test(text[i - 1])) i--;
        while (i > start && !/\s/.test(text[i - 1])) i--;
        while (i > start && /\s/.test(text[i - 1])) i--;
        if (i > start) end = i;
      }
    }
    showFor(window.SummitDesk.selectText(root, start, end));
  }

  // A saved highlight closes the form; focus goes to its panel entry ("summit:focus").
  document.addEventListener("htmx:afterRequest", function (event) {
    const f = form();
    if (f && event.detail.elt === f && event.detail.successful) {
      hide();
      opener = null;
      window.getSelection().removeAllRanges();
    }
  });

  // The panel's quote list leads to a quote in the text: focus it there (quotes are not tab
  // stops of their own, so the text is not 19 stops long), where S selects its sentence.
  document.addEventListener("click", function (event) {
    const link = event.target.closest(".reader-quotes a[href^='#quote-']");
    const quote = link && document.getElementById(link.getAttribute("href").slice(1));
    if (quote) window.setTimeout(function () { quote.focus(); }, 0);
  });
})();
