"""The quote browser in real Chromium, at a desktop and a phone width: corrections and their
errors in place, choosing speakers by typing."""

from __future__ import annotations

import pytest

from articles.models import Person, Quote
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"1366": {"width": 1366, "height": 900}, "390": {"width": 390, "height": 844}}


@pytest.mark.parametrize("width", WIDTHS)
def test_a_wrong_correction_shows_its_error_in_the_form_and_keeps_the_input(
    page, seeds, editor, width
):
    page.set_viewport_size(WIDTHS[width])
    quote = Quote.objects.filter(speaker__isnull=False).order_by("pk").first()
    before = Quote.objects.filter(pk=quote.pk).values().get()
    browser_login(page, editor.username)
    page.goto(f"{page.base_url}/quotes/?article={quote.article_id}")
    row = page.locator(f"#quote-row-{quote.pk}")
    row.get_by_role("link", name="Correct").click()
    form = page.locator(f"#correction-form-{quote.pk}")
    form.locator("input[name=new_speaker]").fill("A New Name")  # and the speaker still chosen
    form.get_by_role("button", name="Save and mark verified").click()
    error = form.locator(".errorlist")
    error.wait_for()
    assert "not both" in error.inner_text()
    assert "Not saved" in form.inner_text()
    assert form.locator("input[name=new_speaker]").input_value() == "A New Name"  # kept
    assert error.is_visible()
    assert Quote.objects.filter(pk=quote.pk).values().get() == before


SELECT_IN = """([selector, phrase]) => {
  const root = document.querySelector(selector);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const at = root.textContent.indexOf(phrase);
  let total = 0, start = null, end = null;
  while (walker.nextNode()) {
    const node = walker.currentNode, size = node.data.length;
    if (start === null && at < total + size) start = [node, at - total];
    if (at + phrase.length <= total + size) { end = [node, at + phrase.length - total]; break; }
    total += size;
  }
  const range = document.createRange();
  range.setStart(...start); range.setEnd(...end);
  getSelection().removeAllRanges(); getSelection().addRange(range);
  root.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_a_span_is_corrected_by_selecting_words_in_context_and_moving_an_end(
    page, seeds, editor, width
):
    """Issue 36, item 4: a span was corrected by typing character offsets."""
    page.set_viewport_size(WIDTHS[width])
    quote = Quote.objects.filter(text__startswith="China hopes for peace").get()
    body = quote.article.body
    wanted = "hopes for peace"  # a shorter span, chosen with the mouse
    browser_login(page, editor.username)
    page.goto(f"{page.base_url}/quotes/?article={quote.article_id}")
    page.locator(f"#quote-row-{quote.pk}").get_by_role("link", name="Correct").click()
    form = page.locator(f"#correction-form-{quote.pk}")
    context = form.locator("[data-span-context]")
    assert context.locator("mark").inner_text() == quote.text
    page.evaluate(SELECT_IN, [f"#correction-form-{quote.pk} [data-span-context]", wanted])
    start = body.index(wanted, quote.start)
    page.wait_for_function(
        f"document.querySelector('#correction-form-{quote.pk} [data-span-offsets]')"
        f".textContent === '{start}–{start + len(wanted)}'"
    )
    assert context.locator("mark").inner_text() == wanted
    form.get_by_role("button", name="End a word later").click()
    extended = body[start : body.index(" ", start + len(wanted) + 1)]
    assert context.locator("mark").inner_text() == extended
    form.get_by_role("button", name="Start a word earlier").click()
    word_start = max(i for i in range(start - 1) if body[i].isspace()) + 1
    chosen = body[word_start : start + len(extended)]
    assert context.locator("mark").inner_text() == chosen
    form.get_by_role("button", name="Save and mark verified").click()
    page.locator(f"#quote-row-{quote.pk}.verified").wait_for()
    quote.refresh_from_db()
    assert (quote.text, quote.verified) == (chosen, True)
    assert body[quote.start : quote.end] == chosen


def _shown(page) -> set[int]:
    ids = page.locator("#quote-results [id^=quote-row-]").evaluate_all(
        "rows => rows.map(r => +r.id.replace('quote-row-', ''))"
    )
    return set(ids)


@pytest.mark.parametrize("width", WIDTHS)
def test_speakers_are_chosen_by_typing_and_a_member_finds_joint_quotes(
    page, seeds, researcher, width
):
    page.set_viewport_size(WIDTHS[width])
    putin = Person.objects.get(name="Vladimir Putin")
    joint = Person.objects.get(name="Xi Jinping and Vladimir Putin")
    expected = set(Quote.objects.filter(speaker__in=[putin, joint]).values_list("pk", flat=True))
    browser_login(page, researcher.username)
    page.goto(f"{page.base_url}/quotes/")
    box = page.locator("#id_speaker_name")
    box.fill("Vladimir Putin")
    with page.expect_response(lambda r: "/quotes/" in r.url):
        box.press("Tab")
    chip = page.locator("#speaker-chips li")
    assert chip.count() == 1
    assert "Vladimir Putin" in chip.first.inner_text()
    assert box.input_value() == ""
    page.wait_for_function(
        f"document.querySelectorAll('#quote-results [id^=quote-row-]').length <= {len(expected)}"
    )
    shown = _shown(page)
    assert shown <= expected
    assert Quote.objects.filter(pk__in=shown, speaker=joint).exists()  # said together
    with page.expect_response(lambda r: "/quotes/" in r.url):
        chip.first.get_by_role("button", name="Remove Vladimir Putin").press("Enter")
    assert chip.count() == 0
    assert page.evaluate("document.activeElement.id") == "id_speaker_name"
    wide = page.evaluate(
        """() => [...document.querySelectorAll('form.quote-filters *')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth)
            .map(e => e.tagName + '#' + e.id)"""
    )
    assert wide == []  # the filter bar fits the screen


def test_a_typed_search_makes_one_history_entry_and_ids_are_unique(page, seeds, editor):
    page.set_viewport_size(WIDTHS["1366"])
    browser_login(page, editor.username)
    page.goto(f"{page.base_url}/quotes/")
    before = page.evaluate("history.length")
    words = page.locator("#id_q")
    with page.expect_response(lambda r: "q=multi" in r.url):
        words.type("multi")
    with page.expect_response(lambda r: "q=multipolar" in r.url):
        words.type("polar")
    page.wait_for_url("**q=multipolar**")
    assert page.evaluate("history.length") == before + 1
    page.go_back()
    page.wait_for_url(lambda url: "q=" not in url)
    # htmx keeps no history cache: going back reloads the page, and a goto while that reload
    # is on its way is aborted. Wait until the document is the reloaded one, fully loaded.
    page.wait_for_function(
        "performance.getEntriesByType('navigation')[0].type === 'reload'"
        " && document.readyState === 'complete'"
    )
    quote = Quote.objects.order_by("pk").first()
    page.goto(f"{page.base_url}/quotes/?article={quote.article_id}")
    page.locator(f"#quote-row-{quote.pk}").get_by_role("link", name="Correct").click()
    page.locator(f"#correction-form-{quote.pk}").wait_for()
    duplicates = page.evaluate(
        """() => { const seen = {}; document.querySelectorAll('[id]').forEach(e => {
              seen[e.id] = (seen[e.id] || 0) + 1; });
            return Object.keys(seen).filter(id => seen[id] > 1); }"""
    )
    assert duplicates == []


@pytest.mark.parametrize("width", WIDTHS)
def test_a_search_on_its_way_says_so(page, seeds, researcher, width):
    page.set_viewport_size(WIDTHS[width])
    browser_login(page, researcher.username)
    page.goto(f"{page.base_url}/quotes/")
    held = []
    page.route("**/quotes/?*", lambda route: held.append(route))
    indicator = page.locator("#quotes-loading")
    assert indicator.evaluate("e => getComputedStyle(e).opacity") == "0"
    page.select_option("#id_kind", "direct")
    opacity = "getComputedStyle(document.querySelector('#quotes-loading')).opacity"
    page.wait_for_function(f"{opacity} === '1'")
    assert indicator.inner_text() == "Searching…"
    held[0].continue_()
    page.wait_for_function(f"{opacity} === '0'")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_stale_correction_shows_the_stored_speaker_in_the_row_and_an_error_box(
    page, seeds, editor, width
):
    """Issue 36, item 11: the warning was plain text and the row above it still showed the
    old speaker."""
    from articles.services import correct_quote

    page.set_viewport_size(WIDTHS[width])
    quote = Quote.objects.filter(speaker__isnull=False).order_by("pk").first()
    old_speaker = quote.speaker.name
    browser_login(page, editor.username)
    page.goto(f"{page.base_url}/quotes/?article={quote.article_id}")
    row = page.locator(f"#quote-row-{quote.pk}")
    assert row.locator(".speaker").inner_text() == old_speaker
    row.get_by_role("link", name="Correct").click()
    form = page.locator(f"#correction-form-{quote.pk}")
    form.wait_for()
    correct_quote(
        quote,
        {"new_speaker": "Another Editor's Pick", "start": quote.start, "end": quote.end,
         "kind": quote.kind},
        editor,
        quote.version,
    )  # fmt: skip
    form.locator("select[name=speaker]").select_option("")
    form.locator("input[name=new_speaker]").fill("My Pick")
    form.get_by_role("button", name="Save and mark verified").click()
    conflict = page.locator(f"#quote-row-{quote.pk} .conflict")
    conflict.wait_for()
    assert "Not saved" in conflict.inner_text()
    colour = conflict.evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour not in {"rgba(0, 0, 0, 0)", "transparent"}
    assert page.locator(f"#quote-row-{quote.pk} .speaker").inner_text() == "Another Editor's Pick"
    assert page.locator(f"#correction-form-{quote.pk} input[name=new_speaker]").input_value() == (
        "My Pick"
    )
    assert Quote.objects.get(pk=quote.pk).speaker.name == "Another Editor's Pick"
