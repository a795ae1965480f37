from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from articles.models import Outlet, Theme
from articles.queries import articles_without_text

# The article list offers this many (the newest, and any already chosen): a select of
# thousands of options would make every compare page megabytes long.
ARTICLE_CHOICES = 100


class QuickSelectMultiple(forms.SelectMultiple):
    """A multiple select whose options are joined in Python rather than rendered through a
    template each: a hundred articles took 20 ms of the compare page that way."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        chosen = {str(v) for v in value or []}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (str(option), mark_safe(" selected") if str(option) in chosen else "", label)
                for option, label in self.choices
            ),
        )
        final = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}" multiple{}>{}</select>', name, final, options)


class CompareForm(forms.Form):
    """/compare/: a theme, and optionally some articles or outlets (default: all)."""

    theme = forms.ModelChoiceField(
        Theme.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="Choose a theme",
        error_messages={"invalid_choice": "There is no theme “%(value)s”."},
    )
    article = forms.ModelMultipleChoiceField(
        articles_without_text(),
        required=False,
        label="Articles",
        widget=QuickSelectMultiple,
        error_messages={
            "invalid_choice": "There is no article %(value)s.",
            "invalid_pk_value": "“%(pk)s” is not an article number.",
        },
    )
    outlet = forms.ModelMultipleChoiceField(
        Outlet.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        label="Outlets",
        widget=QuickSelectMultiple,
        error_messages={"invalid_choice": "There is no outlet “%(value)s”."},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        newest = list(articles_without_text().values_list("pk", flat=True)[: ARTICLE_CHOICES + 1])
        self.article_choices = ARTICLE_CHOICES
        self.articles_capped = len(newest) > ARTICLE_CHOICES
        if self.articles_capped:
            chosen = [value for value in self.data.getlist("article") if value.isdigit()]
            field = self.fields["article"]
            field.queryset = field.queryset.filter(pk__in=newest[:ARTICLE_CHOICES] + chosen)
