/*
 * A quote's span, corrected as a highlight is made: in the correction form the quote is
 * shown in its paragraphs ([data-span-context], whose data-base is the code-point offset of
 * its first character in the article); selecting words there sets the span, and the buttons
 * [data-span-move] move either end by a word. The hidden start and end fields follow, and
 * the offsets are shown for checking only. Offsets are code points, as on the server.
 */
(function () {
  "use strict";

  function parts(field) {
    const context = field.querySelector("[data-span-context]");
    const form = field.closest("form");
    const points = Array.from(context.textContent);
    const base = Number(context.dataset.base);
    return {
      context: context, form: form, points: points, base: base,
      start: Number(form.elements.start.value) - base,
      end: Number(form.elements.end.value) - base,
    };
  }

  function show(field, start, end) {
    const p = parts(field);
    start = Math.max(0, Math.min(start, p.points.length));
    end = Math.max(start, Math.min(end, p.points.length));
    if (end === start) return;
    const mark = document.createElement("mark");
    mark.dataset.span = "";
    mark.textContent = p.points.slice(start, end).join("");
    p.context.replaceChildren(document.createTextNode(p.points.slice(0, start).join("")), mark,
      document.createTextNode(p.points.slice(end).join("")));
    p.form.elements.start.value = p.base + start;
    p.form.elements.end.value = p.base + end;
    field.querySelector("[data-span-offsets]").textContent = (p.base + start) + "–" + (p.base + end);
  }

  const SPACE = /\s/;

  function moved(points, start, end, how) {
    const later = how.endsWith("+1");
    let i = how.startsWith("start") ? start : end;
    if (how.startsWith("start")) {
      if (later) {
        while (i < end && !SPACE.test(points[i])) i++;
        while (i < end && SPACE.test(points[i])) i++;
        return i < end ? [i, end] : [start, end];
      }
      while (i > 0 && SPACE.test(points[i - 1])) i--;
      while (i > 0 && !SPACE.test(points[i - 1])) i--;
      return [i, end];
    }
    if (later) {
      while (i < points.length && SPACE.test(points[i])) i++;
      while (i < points.length && !SPACE.test(points[i])) i++;
      return [start, i];
    }
    while (i > start && SPACE.test(points[i - 1])) i--;
    while (i > start && !SPACE.test(points[i - 1])) i--;
    while (i > start && SPACE.test(points[i - 1])) i--;
    return i > start ? [start, i] : [start, end];
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-span-move]");
    const field = button && button.closest("[data-span-field]");
    if (!field) return;
    const p = parts(field);
    const [start, end] = moved(p.points, p.start, p.end, button.dataset.spanMove);
    show(field, start, end);
  });

  document.addEventListener("mouseup", function (event) {
    const context = event.target.closest && event.target.closest("[data-span-context]");
    if (!context) return;
    window.setTimeout(function () {
      const chosen = window.SummitDesk.selectionOffsets(context);
      if (!chosen || !chosen.exact.trim()) return;
      const lead = chosen.exact.length - chosen.exact.trimStart().length;
      const trail = chosen.exact.length - chosen.exact.trimEnd().length;
      const field = context.closest("[data-span-field]");
      show(field, chosen.start + lead, chosen.end - trail);
      window.getSelection().removeAllRanges();
    }, 0);
  });
})();
