"""An editor corrects a quote: speaker (existing or new), span, kind; verified from then on."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from articles.forms import SpanContext
from articles.models import Change, Person, PersonAlias, Quote
from articles.quotes.analysis import extract_quotes


@pytest.fixture
def quote(seeds) -> Quote:
    return Quote.objects.select_related("article").get(text__startswith="China hopes for peace")


def url(pk: int) -> str:
    return reverse("articles:quote-correct", args=[pk])


def test_editor_assigns_an_existing_speaker(editor_client, quote, editor):
    wang = Person.objects.create(name="Wang Wenbin")
    response = editor_client.post(
        url(quote.pk),
        {
            "speaker": wang.pk,
            "start": quote.start,
            "end": quote.end,
            "kind": "direct",
            "version": quote.version,
        },
    )
    assert response.status_code == 302
    quote.refresh_from_db()
    assert quote.speaker == wang
    assert quote.verified
    assert quote.verified_by == editor
    assert quote.verified_at is not None
    assert quote.rule == "editor"


def test_an_editors_no_speaker_replaces_an_unnamed_source(editor_client, quote):
    Quote.objects.filter(pk=quote.pk).update(speaker=None, source="a senior diplomat")
    response = editor_client.post(
        url(quote.pk),
        {
            "speaker": "",
            "start": quote.start,
            "end": quote.end,
            "kind": "direct",
            "version": quote.version,
        },
    )
    assert response.status_code == 302
    quote.refresh_from_db()
    assert (quote.speaker, quote.source, quote.attribution) == (None, "", "unattributed")
    assert quote.verified
    change = Change.objects.get(kind=Change.Kind.QUOTE_CORRECTED)
    assert change.summary.endswith("→ no speaker")
    assert (change.object_type, change.before["source"], change.after["speaker"]) == (
        "quote",
        "a senior diplomat",
        None,
    )


def test_a_new_speaker_gets_the_kind_the_editor_chose(editor_client, quote, editor):
    data = {"new_speaker": "Valdai Discussion Club", "new_speaker_kind": "organisation",
            "start": quote.start, "end": quote.end, "kind": "direct",
            "version": quote.version}  # fmt: skip
    assert editor_client.post(url(quote.pk), data).status_code == 302
    quote.refresh_from_db()
    assert (quote.speaker.name, quote.speaker.kind) == ("Valdai Discussion Club", "organisation")
    change = Change.objects.get(kind=Change.Kind.QUOTE_CORRECTED)
    assert change.user == editor
    assert change.summary.endswith("→ Valdai Discussion Club")


def test_editor_names_a_new_speaker_and_fixes_the_span(editor_client, quote):
    start, end = quote.start, quote.start + len("China hopes for peace")
    response = editor_client.post(
        url(quote.pk),
        {
            "new_speaker": "Mao Ning",
            "new_speaker_kind": "person",
            "start": start,
            "end": end,
            "kind": "partial",
            "version": quote.version,
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert b"Mao Ning" in response.content
    quote.refresh_from_db()
    assert quote.speaker.name == "Mao Ning"
    assert quote.text == "China hopes for peace"
    assert quote.kind == "partial"
    assert PersonAlias.objects.filter(alias="Mao Ning").exists()


def test_a_new_speaker_that_is_an_alias_reuses_the_person(editor_client, quote):
    putin = PersonAlias.objects.get(alias="Vladimir Putin").person
    people = Person.objects.count()
    response = editor_client.post(
        url(quote.pk),
        {"new_speaker": "Vladimir Putin", "start": quote.start, "end": quote.end,
         "kind": "direct", "version": quote.version},
    )  # fmt: skip
    assert response.status_code == 302
    quote.refresh_from_db()
    assert quote.speaker == putin
    assert Person.objects.count() == people


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"start": 10, "end": 5}, "0 ≤ start &lt; end"),
        ({"start": 0, "end": 10**7}, "(the article"),
        ({"start": -1}, "greater than or equal to 0"),
        ({"kind": "sarcastic"}, "Select a valid choice"),
        ({"speaker": 10**9}, "Select a valid choice"),
    ],
)
def test_invalid_corrections_re_render_with_422_and_save_nothing(
    editor_client, quote, change, message
):
    before = Quote.objects.filter(pk=quote.pk).values().get()
    data = {"speaker": "", "start": quote.start, "end": quote.end, "kind": "direct", **change}
    response = editor_client.post(url(quote.pk), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert Quote.objects.filter(pk=quote.pk).values().get() == before


def test_errors_never_name_a_database_constraint(editor_client, quote):
    data = {
        "speaker": "",
        "start": quote.end,
        "end": quote.start,
        "kind": "direct",
        "version": quote.version,
    }
    page = editor_client.post(url(quote.pk), data).content.decode()
    assert page.count("0 ≤ start &lt; end") == 1  # said once, next to the span
    assert "Constraint" not in page
    assert "quote_start_before_end" not in page


def test_researchers_get_403_and_change_nothing(researcher_client, quote):
    before = Quote.objects.filter(pk=quote.pk).values().get()
    assert researcher_client.get(url(quote.pk)).status_code == 403
    response = researcher_client.post(
        url(quote.pk),
        {"speaker": "", "start": 0, "end": 5, "kind": "direct", "version": quote.version},
    )
    assert response.status_code == 403
    assert Quote.objects.filter(pk=quote.pk).values().get() == before


def test_researchers_are_not_offered_the_correct_link(researcher, editor, quote):
    for user, offered in [(researcher, False), (editor, True)]:
        client = Client()
        client.force_login(user)
        assert (b">Correct</a>" in client.get(reverse("articles:quotes")).content) is offered


def test_unknown_quote_is_404(editor_client, seeds):
    assert editor_client.get(url(999999)).status_code == 404
    assert (
        editor_client.post(url(999999), {"start": 0, "end": 1, "kind": "direct"}).status_code == 404
    )


def test_anonymous_is_sent_to_login(client, quote):
    response = client.post(
        url(quote.pk), {"start": 0, "end": 1, "kind": "direct", "version": quote.version}
    )
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_post_without_csrf_token_is_refused(editor, quote):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(
        url(quote.pk),
        {
            "speaker": "",
            "start": quote.start,
            "end": quote.end,
            "kind": "direct",
            "version": quote.version,
        },
    )
    assert response.status_code == 403
    quote.refresh_from_db()
    assert not quote.verified


def test_the_form_page_escapes_the_quote(editor_client, quote):
    Quote.objects.filter(pk=quote.pk).update(text="<img src=x onerror=alert(1)>")
    html = editor_client.get(url(quote.pk)).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_after_saving_the_editor_returns_to_the_reader_but_never_off_site(editor_client, quote):
    data = {
        "speaker": "",
        "start": quote.start,
        "end": quote.end,
        "kind": "direct",
        "version": quote.version,
    }
    back = f"{quote.article.get_absolute_url()}#quote-{quote.pk}"
    response = editor_client.post(url(quote.pk), {**data, "next": back})
    assert response["Location"] == back
    again = {**data, "version": quote.version + 1, "next": "https://evil.example/"}
    response = editor_client.post(url(quote.pk), again)
    assert response["Location"] == reverse("articles:quotes")


def test_editors_find_a_correct_link_for_each_quote_in_the_reader(editor_client, quote):
    html = editor_client.get(quote.article.get_absolute_url()).content.decode()
    assert f"{url(quote.pk)}?next=" in html


HX = {"HX-Request": "true"}


def test_the_form_carries_the_quotes_version(editor_client, quote):
    html = editor_client.get(url(quote.pk), headers=HX).content.decode()
    assert f'name="version" value="{quote.version}"' in html


def test_a_stale_correction_gets_409_and_keeps_the_other_editors(editor_client, quote):
    first = {"new_speaker": "First Editor's Pick", "start": quote.start, "end": quote.end,
             "kind": "direct", "version": quote.version}  # fmt: skip
    assert editor_client.post(url(quote.pk), first).status_code == 302
    stale = {**first, "new_speaker": "Stale Pick"}
    response = editor_client.post(url(quote.pk), stale, headers=HX)
    assert response.status_code == 409
    html = response.content.decode()
    assert "someone else corrected this quote" in html
    # Issue 36, item 11: the row itself shows what is stored now, the form under it.
    assert response["HX-Retarget"] == f"#quote-row-{quote.pk}"
    row = f'<li class="quote-row verified stored-now" id="quote-row-{quote.pk}"'
    assert html.lstrip().startswith(row)
    row_meta = html.split('<p class="quote-meta">')[1].split("</p>")[0]
    assert ">First Editor&#x27;s Pick</a>" in row_meta
    assert html.count(f'id="correction-form-{quote.pk}"') == 1
    assert 'value="Stale Pick"' in html  # the editor's own input kept
    quote.refresh_from_db()
    assert quote.speaker.name == "First Editor's Pick"
    assert not Person.objects.filter(name="Stale Pick").exists()
    # The form comes back at their version: sending it again replaces theirs knowingly.
    assert f'name="version" value="{quote.version}"' in html
    again = {**stale, "version": quote.version}
    assert editor_client.post(url(quote.pk), again).status_code == 302
    quote.refresh_from_db()
    assert (quote.speaker.name, quote.version) == ("Stale Pick", 3)


def test_an_invalid_inline_correction_replaces_the_form_not_the_row(editor_client, quote):
    data = {"start": quote.end, "end": quote.start, "kind": "direct", "version": quote.version}
    response = editor_client.post(url(quote.pk), data, headers=HX)
    assert response.status_code == 422
    assert response["HX-Retarget"] == f"#correction-form-{quote.pk}"
    assert response.content.decode().lstrip().startswith("<form")


def test_naming_a_new_speaker_needs_the_right_to_add_people(editor, quote):
    from django.contrib.auth.models import Group

    editors = Group.objects.get(name="Editors")
    editors.permissions.remove(*editors.permissions.filter(codename="add_person"))
    client = Client()
    client.force_login(editor)
    data = {
        "new_speaker": "Nobody New",
        "start": quote.start,
        "end": quote.end,
        "kind": "direct",
        "version": quote.version,
    }
    assert client.post(url(quote.pk), data).status_code == 403
    assert not Person.objects.filter(name="Nobody New").exists()


def test_an_inline_form_has_ids_of_its_own_next_to_the_filters(editor_client, quote):
    import re
    from collections import Counter

    page = editor_client.get("/quotes/").content.decode()
    form = editor_client.get(url(quote.pk), headers={"HX-Request": "true"}).content.decode()
    ids = Counter(re.findall(r'\sid="([^"]+)"', page + form))  # the page with the form open
    assert [name for name, count in ids.items() if count > 1] == []
    assert f'<label for="correct-{quote.pk}-speaker">' in form


def test_an_editor_corrects_a_reported_statement_like_any_quote(editor_client, seeds, editor):
    """ "Observers suggest that Putin likely sought …": no speaker named; the editor names
    one, widens nothing, keeps it reported, and a re-extraction leaves it alone."""
    statement = Quote.objects.get(kind=Quote.Kind.REPORTED, text__startswith="Putin likely sought")
    assert statement.speaker is None
    blinken = Person.objects.get(name="Antony Blinken")
    response = editor_client.post(
        url(statement.pk),
        {
            "speaker": blinken.pk,
            "start": statement.start,
            "end": statement.end,
            "kind": "reported",
            "version": statement.version,
        },
    )
    assert response.status_code == 302
    statement.refresh_from_db()
    assert (statement.speaker, statement.kind, statement.verified) == (blinken, "reported", True)
    extract_quotes([statement.article])
    statement.refresh_from_db()
    assert (statement.speaker, statement.kind, statement.verified) == (blinken, "reported", True)
    assert Quote.objects.filter(article=statement.article, start=statement.start).count() == 1


# --- issue 36, item 4: the span is chosen in its context, not typed -------------------------


PARAGRAPHS = st.lists(
    st.text(alphabet=st.sampled_from("ab c.\n😀é"), min_size=1, max_size=30), min_size=1, max_size=6
).map("\n\n".join)


@given(body=PARAGRAPHS, data=st.data())
def test_a_span_in_context_is_the_bodys_own_text_at_its_offsets(body, data):
    start = data.draw(st.integers(0, len(body) - 1))
    end = data.draw(st.integers(start + 1, len(body)))
    around = SpanContext.around(body, start, end)
    assert around.base + len(around.before) == start
    assert around.span == body[start:end]
    whole = around.before + around.span + around.after
    assert body[around.base : around.base + len(whole)] == whole


def test_the_context_is_the_quotes_paragraph_and_one_more_each_side():
    body = "One.\n\nTwo.\n\nThree “quoted” here.\n\nFour.\n\nFive."
    start = body.index("quoted")
    around = SpanContext.around(body, start, start + 6)
    assert (around.before, around.span, around.after) == (
        "Two.\n\nThree “",
        "quoted",
        "” here.\n\nFour.",
    )


def test_the_form_shows_the_quote_in_its_paragraphs_with_offsets_for_checking(editor_client, quote):
    html = editor_client.get(url(quote.pk), headers=HX).content.decode()
    assert f"<mark data-span>{quote.text}</mark>" in html
    assert f"<output data-span-offsets>{quote.start}–{quote.end}</output>" in html
    assert f'type="hidden" name="start" value="{quote.start}"' in html
    assert 'aria-label="New speaker&#x27;s kind"' in html
