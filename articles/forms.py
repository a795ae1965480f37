"""Forms of the articles app: an editor's quote correction (the filters are in ``filters``)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError

from infrastructure.responses import NO_VERSION
from infrastructure.validators import validate_visible_name
from newsnlp.quotes.vocabulary import normalise_alias

from .models import Person, PersonAlias, Quote


@dataclass(frozen=True)
class SpanContext:
    """Where a span sits: ``base`` (the code-point offset of ``before`` in the body), the
    text before the span, the span, and the text after, within whole paragraphs."""

    base: int
    before: str
    span: str
    after: str

    @classmethod
    def around(cls, body: str, start: int, end: int, paragraphs: int = 1) -> SpanContext:
        start, end = max(0, min(start, len(body))), max(0, min(end, len(body)))
        start, end = min(start, end), max(start, end)
        first, last = start, end
        for _ in range(paragraphs + 1):  # back to the start of a paragraph, then further
            found = body.rfind("\n\n", 0, max(first - 1, 0))
            first = 0 if found < 0 else found + 2
        for number in range(paragraphs + 1):  # on to the end of a paragraph, then further
            found = body.find("\n\n", last + (2 if number else 0))
            last = len(body) if found < 0 else found
        return cls(first, body[first:start], body[start:end], body[end:last])


class QuoteCorrectionForm(forms.ModelForm):
    """An editor's correction: speaker (existing or new), span, kind; saving verifies it."""

    new_speaker = forms.CharField(
        label="Or a new speaker",
        required=False,
        max_length=200,
        validators=[validate_visible_name],
        help_text="Creates a speaker with this name (an existing name or alias is reused).",
    )
    new_speaker_kind = forms.ChoiceField(
        label="New speaker's kind",
        choices=Person.Kind.choices,
        required=False,
        widget=forms.Select(attrs={"aria-label": "New speaker's kind"}),
    )
    # The quote's version when the form was opened: a correction made meanwhile is not
    # overwritten silently (409). Optional, so scripts posting without it still work.
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput, error_messages=NO_VERSION)

    class Meta:
        model = Quote
        fields = ["speaker", "start", "end", "kind"]
        # The span is chosen in context (select the words, or move an end by a word);
        # the offsets are shown for checking, not typed.
        widgets = {"start": forms.HiddenInput, "end": forms.HiddenInput}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["speaker"].queryset = Person.objects.order_by("name")
        self.fields["speaker"].required = False
        self.fields["speaker"].empty_label = "— no speaker (unattributed) —"
        if not self.is_bound:
            self.initial["version"] = self.instance.version

    @property
    def span_context(self) -> SpanContext:
        """The quote's paragraphs, one more on each side, with the span as the form holds it
        (the editor's own when the form comes back with an error)."""
        start, end = self.instance.start, self.instance.end
        if self.is_bound:
            with contextlib.suppress(TypeError, ValueError):  # shown as stored, then
                start, end = int(self.data.get("start")), int(self.data.get("end"))
        return SpanContext.around(self.instance.article.body, start, end)

    def clean_new_speaker(self) -> str:
        name = " ".join(self.cleaned_data.get("new_speaker", "").split())
        limit = PersonAlias._meta.get_field("normalised").max_length
        if len(normalise_alias(name)) > limit:
            raise ValidationError(
                f"This name is too long once spelled out for matching (over {limit} "
                "characters): shorten it."
            )
        return name

    def clean(self) -> dict:
        data = super().clean()
        body = self.instance.article.body
        start, end = data.get("start"), data.get("end")
        if start is not None and end is not None:
            # On the span's field, so the model's own start-before-end check is not said twice.
            if not 0 <= start < end <= len(body):
                self.add_error(
                    "end",
                    f"The span must satisfy 0 ≤ start < end ≤ {len(body)} (the article's length).",
                )
            elif not body[start:end].strip():
                self.add_error("end", "The span covers only whitespace.")
        if data.get("new_speaker") and data.get("speaker"):
            raise ValidationError("Choose an existing speaker or name a new one, not both.")
        return data
