"""Forms for annotations: a new highlight (anchored by offsets and text) and an edit."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from articles.models import Theme
from infrastructure.responses import NO_VERSION
from infrastructure.validators import validate_visible_name
from newsnlp.anchoring import validate_selection

MAX_NOTE_CHARS = 10_000
MAX_EXACT_CHARS = 20_000


class AnnotationContentForm(forms.Form):
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Theme %(value)s does not exist (any more)."},
    )
    new_theme = forms.CharField(
        required=False, max_length=100, label="New theme", validators=[validate_visible_name]
    )
    note = forms.CharField(
        required=False,
        strip=False,
        max_length=MAX_NOTE_CHARS,
        widget=forms.Textarea,
        error_messages={"max_length": "Keep notes under %(limit_value)d characters."},
    )

    @property
    def creates_theme(self) -> bool:
        return bool((self.cleaned_data.get("new_theme") or "").strip())


class AnnotationEditForm(AnnotationContentForm):
    """An edit: the version the editor saw travels with the form (a stale save is refused;
    a client that sends none, such as a script, is not checked)."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput, error_messages=NO_VERSION)


class AnnotationForm(AnnotationContentForm):
    """A new annotation; the server checks the offsets against the article's text."""

    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=1)
    exact = forms.CharField(strip=False, max_length=MAX_EXACT_CHARS)

    def __init__(self, *args, body: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.body = body

    def clean(self) -> dict:
        data = super().clean()
        if {"start", "end", "exact"} <= data.keys():
            problem = validate_selection(self.body, data["start"], data["end"], data["exact"])
            if problem:
                raise ValidationError(problem, code="anchor")
        return data

    @property
    def anchor_rejected(self) -> bool:
        return any(e.code == "anchor" for e in self.non_field_errors().as_data())


MAX_REPLY_CHARS = 5_000


class ReplyForm(forms.Form):
    """A reply's text (kept as typed: line breaks are paragraphs)."""

    text = forms.CharField(
        label="Reply",
        strip=False,
        max_length=MAX_REPLY_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Write something to reply.",
            "max_length": "Keep replies under %(limit_value)d characters.",
        },
    )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        if not text.strip():
            raise ValidationError("Write something to reply.")
        return text


class ReplyEditForm(ReplyForm):
    """An edit: the version the author saw travels with the form (a stale save is refused)."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput, error_messages=NO_VERSION)
