"""Annotating in real Chromium: select, tag, note, overlap, reload, edit, delete, roles, XSS."""

from __future__ import annotations

import pytest

from annotations.models import Annotation
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY_TEXT = "document.querySelector('[data-article-body]').textContent"
SELECT = """([phrase, occurrence, mouse]) => {
  const root = document.querySelector('[data-article-body]');
  let at = -1;
  for (let i = 0; i < occurrence; i++) at = root.textContent.indexOf(phrase, at + 1);
  if (at < 0) throw new Error('phrase not found: ' + phrase);
  function point(offset) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let total = 0;
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (total + node.data.length > offset) return [node, offset - total];
      total += node.data.length;
    }
    return [walker.currentNode, walker.currentNode.data.length];
  }
  const [startNode, startOffset] = point(at);
  const [endNode, endOffset] = point(at + phrase.length - 1);
  const range = document.createRange();
  range.setStart(startNode, startOffset);
  range.setEnd(endNode, endOffset + 1);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  if (mouse) root.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
}"""


def select(page, phrase: str, occurrence: int = 1, mouse: bool = True) -> None:
    page.evaluate(SELECT, [phrase, occurrence, mouse])


def annotate(page, phrase: str, themes=(), note: str = "") -> None:
    count = page.locator("[data-annotation-item]").count()
    select(page, phrase)
    form = page.locator("[data-annotate-form]")
    form.wait_for(state="visible")
    for theme in themes:
        form.get_by_label(theme, exact=True).check()
    if note:
        form.locator("textarea[name=note]").fill(note)
    form.get_by_role("button", name="Save highlight").click()
    page.wait_for_function(
        f"document.querySelectorAll('[data-annotation-item]').length === {count + 1}"
    )


def open_reader(page, user, article) -> None:
    browser_login(page, user.username)
    page.goto(page.base_url + article.get_absolute_url())
    page.evaluate("window.__sameDocument = true")


def test_highlight_overlap_and_reload(page, seeds, editor):
    article = seeds["000"]
    open_reader(page, editor, article)
    annotate(page, "Power of Siberia 2", themes=["Energy"], note="Deal still unsigned")
    annotate(page, "Siberia 2” pipeline", themes=["Ukraine"])
    assert page.evaluate("window.__sameDocument") is True, "saving reloaded the page"
    assert page.locator("[data-annotate-form]").is_hidden()

    page.reload()
    ids = {a.pk for a in Annotation.objects.all()}
    assert len(ids) == 2
    for pk in ids:
        assert page.locator(f'mark[data-annotation-id="{pk}"]').count() >= 1
    assert page.evaluate(BODY_TEXT) == article.body
    for annotation in Annotation.objects.all():
        assert article.body[annotation.start : annotation.end] == annotation.exact
    energy = Annotation.objects.get(exact="Power of Siberia 2")
    assert [t.name for t in energy.themes.all()] == ["Energy"]
    assert energy.note == "Deal still unsigned"
    assert "Deal still unsigned" in page.inner_text("#annotated aside")


def test_escape_or_a_click_elsewhere_cancels(page, seeds, editor):
    open_reader(page, editor, seeds["000"])
    form = page.locator("[data-annotate-form]")
    select(page, "Harbin")
    form.wait_for(state="visible")
    page.keyboard.press("Escape")
    form.wait_for(state="hidden")
    select(page, "Harbin")
    form.wait_for(state="visible")
    page.mouse.click(5, 5)
    form.wait_for(state="hidden")
    assert not Annotation.objects.exists()


def test_keyboard_selection_opens_the_form(page, seeds, editor):
    open_reader(page, editor, seeds["000"])
    select(page, "Harbi", mouse=False)
    page.keyboard.press("Shift+ArrowRight")
    form = page.locator("[data-annotate-form]")
    form.wait_for(state="visible")
    assert form.locator("input[name=exact]").input_value() == "Harbin"
    form.locator("input[name=themes]").first.focus()
    page.keyboard.press("Space")
    form.locator("textarea[name=note]").focus()
    page.keyboard.type("typed, not clicked")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('[data-annotation-item]').length === 1")
    assert Annotation.objects.get().note == "typed, not clicked"


def test_edit_then_delete(page, seeds, editor):
    open_reader(page, editor, seeds["000"])
    annotate(page, "Zhongnanhai compound", themes=["Military cooperation"])
    item = page.locator("[data-annotation-item]").first
    item.get_by_role("link", name="Edit").click()
    item.locator("textarea[name=note]").fill("Edited in place")
    item.get_by_role("button", name="Save").click()
    page.wait_for_function(
        "document.querySelector('#annotated aside').innerText.includes('Edited in place')"
    )
    assert Annotation.objects.get().note == "Edited in place"
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator("[data-annotation-item]").first.get_by_role("button", name="Delete").click()
    page.wait_for_function("document.querySelectorAll('mark[data-annotation-id]').length === 0")
    assert not Annotation.objects.exists()
    assert page.evaluate(BODY_TEXT) == seeds["000"].body


def test_clicking_a_highlight_and_its_panel_entry_points_at_each_other(page, seeds, editor):
    open_reader(page, editor, seeds["000"])
    annotate(page, "Power of Siberia 2", themes=["Energy"])
    pk = Annotation.objects.get().pk
    page.locator(f'mark[data-annotation-id="{pk}"]').first.click()
    page.wait_for_function(
        f"document.querySelector('[data-annotation-item=\"{pk}\"]').classList.contains('flash')"
    )
    page.locator(f'[data-annotation-item="{pk}"] blockquote').click()
    page.wait_for_function(
        f"document.querySelector('mark[data-annotation-id=\"{pk}\"]').classList.contains('flash')"
    )


def test_researchers_see_highlights_but_get_no_form(page, seeds, editor, researcher):
    from django.test import Client

    article = seeds["000"]
    client = Client()
    client.force_login(editor)
    start = article.body.index("Power of Siberia 2")
    client.post(
        f"/articles/{article.pk}/annotations/",
        {"start": start, "end": start + 18, "exact": "Power of Siberia 2"},
    )
    open_reader(page, researcher, article)
    assert page.locator("mark[data-annotation-id]").count() == 1
    assert page.locator("[data-annotate-form]").count() == 0
    select(page, "Harbin")
    page.wait_for_timeout(200)
    assert page.locator("form[data-annotate-form]").count() == 0
    status = page.evaluate(
        """async (pk) => {
            const token = JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRFToken'];
            const response = await fetch(`/articles/${pk}/annotations/`, {method: 'POST',
                headers: {'X-CSRFToken': token,
                          'Content-Type': 'application/x-www-form-urlencoded'},
                body: 'start=0&end=3&exact=Xi%20'});
            return response.status;
        }""",
        article.pk,
    )
    assert status == 403
    assert Annotation.objects.count() == 1


def test_a_script_in_a_note_shows_as_text(page, seeds, editor):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_reader(page, editor, seeds["000"])
    annotate(page, "Harbin", note="<img src=x onerror=alert(1)>")
    page.reload()
    assert "<img src=x onerror=alert(1)>" in page.inner_text("#annotated aside")
    assert page.locator("#annotated aside img").count() == 0
    assert dialogs == []


def test_editing_only_the_note_keeps_both_themes_and_one_form_opens(page, seeds, editor):
    open_reader(page, editor, seeds["000"])
    annotate(page, "Zhongnanhai compound", themes=["Energy", "Military cooperation"])
    item = page.locator("[data-annotation-item]").first
    edit = item.get_by_role("link", name="Edit")
    edit.click()
    item.locator("form.annotate-edit").wait_for()
    edit.click()
    page.wait_for_timeout(300)
    assert page.locator("form.annotate-edit").count() == 1
    form = item.locator("form.annotate-edit")
    assert form.get_by_label("Energy", exact=True).is_checked()
    assert form.get_by_label("Military cooperation", exact=True).is_checked()
    form.locator("textarea[name=note]").fill("Only the note changed")
    form.get_by_role("button", name="Save").click()
    page.wait_for_function(
        "document.querySelector('#annotated aside').innerText.includes('Only the note changed')"
    )
    annotation = Annotation.objects.get()
    assert sorted(t.name for t in annotation.themes.all()) == ["Energy", "Military cooperation"]


def test_a_stale_edit_shows_both_versions_and_saving_again_replaces_theirs(
    page, seeds, editor, staff_admin
):
    from annotations.services import update_annotation

    open_reader(page, editor, seeds["000"])
    annotate(page, "Zhongnanhai compound", themes=["Energy"], note="first")
    item = page.locator("[data-annotation-item]").first
    item.get_by_role("link", name="Edit").click()
    form = item.locator("form.annotate-edit")
    form.wait_for()
    annotation = Annotation.objects.get()
    update_annotation(annotation, {"note": "theirs", "themes": list(annotation.themes.all())}, 1)
    form.locator("textarea[name=note]").fill("mine")
    form.get_by_role("button", name="Save").click()
    conflict = page.locator(".conflict")
    conflict.wait_for()
    assert "someone else saved this annotation" in conflict.inner_text()
    assert "theirs" in conflict.inner_text()
    assert page.locator("form.annotate-edit textarea[name=note]").input_value() == "mine"
    # Issue 36, item 11: styled as the error it is, and the entry itself shows theirs.
    colour = conflict.evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour not in {"rgba(0, 0, 0, 0)", "transparent"}
    assert item.locator(".note").inner_text() == "theirs"
    assert Annotation.objects.get().note == "theirs"
    page.locator("form.annotate-edit").get_by_role("button", name="Save").click()
    page.wait_for_function("document.querySelector('#annotated aside').innerText.includes('mine')")
    assert Annotation.objects.get().note == "mine"


def test_saves_on_a_busy_article_update_only_what_changed_in_reading_order(page, seeds, editor):
    """With highlights already there, a save answers with the changed parts only: the new
    entry lands in reading order, the count follows, an edit and a delete show in place,
    and the body's text stays the article's."""
    from annotations.services import create_annotation

    article = seeds["000"]
    for phrase in ("Xi Jinping", "Zhongnanhai compound", "Ukraine"):
        start = article.body.index(phrase)
        create_annotation(article, editor, {"start": start, "end": start + len(phrase)})
    open_reader(page, editor, article)
    annotate(page, "Power of Siberia 2", themes=["Energy"], note="Partial answer")
    dom_order = page.eval_on_selector_all(
        "[data-annotation-item]", "items => items.map(item => Number(item.dataset.annotationItem))"
    )
    reading_order = list(
        Annotation.objects.order_by("start", "end", "pk").values_list("pk", flat=True)
    )
    assert dom_order == reading_order
    assert page.inner_text("#annotation-count") == "4"
    new = Annotation.objects.get(exact="Power of Siberia 2")
    assert page.locator(f'mark[data-annotation-id="{new.pk}"]').count() >= 1
    assert page.evaluate(BODY_TEXT) == article.body
    assert "Energy" in page.inner_text("#annotation-legend")

    item = page.locator(f"#annotation-item-{new.pk}")
    item.get_by_role("link", name="Edit").click()
    item.locator("textarea[name=note]").fill("Edited on a busy page")
    item.get_by_role("button", name="Save").click()
    page.wait_for_function(
        f"document.querySelector('#annotation-item-{new.pk}').innerText.includes('busy page')"
    )
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator(f"#annotation-item-{new.pk}").get_by_role("button", name="Delete").click()
    page.wait_for_function(f"!document.querySelector('mark[data-annotation-id=\"{new.pk}\"]')")
    assert page.locator("[data-annotation-item]").count() == 3
    assert page.inner_text("#annotation-count") == "3"
    assert page.evaluate(BODY_TEXT) == article.body
    assert page.evaluate("window.__sameDocument") is True, "a save reloaded the page"


def test_save_is_disabled_while_its_request_is_on_its_way(page, seeds, editor):
    """A slow save cannot be sent twice: the button is disabled (and shows it) until the
    answer arrives, then the form closes with the one highlight saved."""
    article = seeds["000"]
    open_reader(page, editor, article)
    held = []
    page.route("**/articles/*/annotations/", lambda route: held.append(route))
    select(page, "Power of Siberia 2")
    form = page.locator("[data-annotate-form]")
    form.wait_for(state="visible")
    save = form.get_by_role("button", name="Save highlight")
    save.click()
    page.wait_for_function(
        "document.querySelector('[data-annotate-form] button[type=submit]').disabled"
    )
    save.click(force=True)  # a second, impatient click while the first is on its way
    page.wait_for_timeout(300)
    assert len(held) == 1, "the second click sent nothing"
    held[0].continue_()
    page.unroute("**/articles/*/annotations/")
    page.wait_for_selector("[data-annotation-item]")
    assert Annotation.objects.count() == 1
    button = "document.querySelector('[data-annotate-form] button[type=submit]')"
    page.wait_for_function(f"!{button}.disabled")  # ready for the next highlight


KEYBOARD_WIDTHS = {"1366": {"width": 1366, "height": 900}, "390": {"width": 390, "height": 844}}
ACTIVE = "document.activeElement"


def _tab_to_text(page, limit: int = 300) -> None:
    page.locator("body").focus()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"{ACTIVE}.hasAttribute('data-article-body')"):
            return
    pytest.fail("Tab never reached the article text")


@pytest.mark.parametrize("width", KEYBOARD_WIDTHS)
def test_the_keyboard_alone_highlights_a_sentence(page, seeds, editor, width):
    page.set_viewport_size(KEYBOARD_WIDTHS[width])
    article = seeds["001"]
    browser_login(page, editor.username)
    page.goto(f"{page.base_url}{article.get_absolute_url()}")
    _tab_to_text(page)
    page.keyboard.press("s")
    form = page.locator("[data-annotate-form]")
    assert form.is_visible()
    assert page.evaluate(f"!!{ACTIVE}.closest('[data-annotate-form]')")  # focus moved in
    sentence = form.locator("input[name=exact]").input_value()
    paragraph = article.body[: article.body.index("\n")] if "\n" in article.body else article.body
    assert paragraph.startswith(sentence)  # the first sentence of the first paragraph
    assert sentence.rstrip().endswith((".", "?", "!", "”", '"'))
    box = form.bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= KEYBOARD_WIDTHS[width]["width"]

    form.get_by_role("button", name="End a word earlier").press("Enter")
    shorter = form.locator("input[name=exact]").input_value()
    assert sentence.startswith(shorter)
    assert len(shorter.split()) == len(sentence.split()) - 1
    form.get_by_role("button", name="End a word later").press("Enter")
    assert form.locator("input[name=exact]").input_value() == sentence

    form.get_by_role("checkbox", name="Energy").press("Space")
    form.get_by_role("button", name="Save highlight").press("Enter")
    page.wait_for_function(f"{ACTIVE}.matches('[data-annotation-item]')")
    annotation = Annotation.objects.get()
    assert annotation.exact == sentence
    # Focus is on the new highlight's panel entry, where editing it is one Tab away.
    assert page.evaluate(f"{ACTIVE}.dataset.annotationItem") == str(annotation.pk)

    _tab_to_text(page)
    page.keyboard.press("p")
    assert form.is_visible()
    page.keyboard.press("Escape")
    assert form.is_hidden()
    assert page.evaluate(f"{ACTIVE}.hasAttribute('data-article-body')")  # back where it was
