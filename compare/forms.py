from __future__ import annotations

from django import forms

from articles.models import Outlet, Theme
from articles.queries import articles_without_text

# The article list offers this many (the newest, and any already chosen): a select of
# thousands of options would make every compare page megabytes long.
ARTICLE_CHOICES = 100


class CompareForm(forms.Form):
    """/compare/: a theme, and optionally some articles or outlets (default: all)."""

    theme = forms.ModelChoiceField(
        Theme.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="Choose a theme",
    )
    article = forms.ModelMultipleChoiceField(
        articles_without_text(), required=False, label="Articles"
    )
    outlet = forms.ModelMultipleChoiceField(
        Outlet.objects.order_by("name"), to_field_name="slug", required=False, label="Outlets"
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
