/*
 * The quote browser's filters.
 *
 * Speakers are chosen by typing: the text box suggests names (a <datalist>); choosing one
 * turns it into a chip (a hidden "speaker" input with a Remove button), so several can be
 * chosen. A name typed and not chosen is still sent ("speaker_name"), and the server finds
 * the speaker by name or alias, so the form works without this script too.
 *
 * History: a search typed in pauses makes one history entry, not one per pause. While the
 * words box is typed in, each request after the first asks the server to replace the
 * current entry (X-History: replace); any other change pushes a new one.
 */
(function () {
  "use strict";

  function chipFor(option) {
    const item = document.createElement("li");
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = "speaker";
    input.value = option.dataset.slug;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "chip-remove";
    remove.dataset.removeChip = "";
    remove.setAttribute("aria-label", "Remove " + option.value);
    remove.textContent = "×";
    item.append(input, document.createTextNode(option.value + " "), remove);
    return item;
  }

  function choose(box) {
    const list = document.getElementById(box.getAttribute("list"));
    const option = [...list.options].find((o) => o.value === box.value);
    if (!option) return false;
    const chips = document.getElementById("speaker-chips");
    const taken = [...chips.querySelectorAll("input[name=speaker]")].some(
      (input) => input.value === option.dataset.slug
    );
    if (!taken) chips.append(chipFor(option));
    box.value = "";
    return true;
  }

  document.addEventListener("input", function (event) {
    const box = event.target.closest("[data-speaker-box]");
    // A suggestion picked from the list replaces the text at once (not typed key by key).
    const picked = !event.inputType || event.inputType === "insertReplacementText";
    if (box && picked && choose(box)) {
      box.form.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });

  // A whole name typed, then Tab or Enter: a chip too. Capturing, so htmx (listening on the
  // form) sends the chip rather than the typed text.
  document.addEventListener("change", function (event) {
    const box = event.target.closest("[data-speaker-box]");
    if (box) choose(box);
  }, true);

  document.addEventListener("click", function (event) {
    const remove = event.target.closest("[data-remove-chip]");
    if (!remove) return;
    const item = remove.closest("li");
    const form = remove.closest("form");
    const neighbour = item.nextElementSibling || item.previousElementSibling;
    item.remove();
    const focus = neighbour ? neighbour.querySelector("button") : form.querySelector("[data-speaker-box]");
    focus.focus();
    form.dispatchEvent(new Event("change", { bubbles: true }));
  });

  let typing = false;
  document.addEventListener("htmx:configRequest", function (event) {
    const form = event.detail.elt;
    if (!form.matches || !form.matches("form.quote-filters")) return;
    const trigger = event.detail.triggeringEvent;
    const typed = trigger && trigger.type === "keyup";
    if (typed && typing) event.detail.headers["X-History"] = "replace";
    typing = typed;
  });
})();
