"""Forms of the articles app: an editor's quote correction (the filters are in ``filters``)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from infrastructure.responses import NO_VERSION
from infrastructure.validators import validate_visible_name
from newsnlp.quotes.vocabulary import normalise_alias

from .models import Person, PersonAlias, Quote


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
        label="New speaker's kind", choices=Person.Kind.choices, required=False
    )
    # The quote's version when the form was opened: a correction made meanwhile is not
    # overwritten silently (409). Optional, so scripts posting without it still work.
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput, error_messages=NO_VERSION)

    class Meta:
        model = Quote
        fields = ["speaker", "start", "end", "kind"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["speaker"].queryset = Person.objects.order_by("name")
        self.fields["speaker"].required = False
        self.fields["speaker"].empty_label = "— no speaker (unattributed) —"
        if not self.is_bound:
            self.initial["version"] = self.instance.version

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
