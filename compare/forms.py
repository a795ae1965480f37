from __future__ import annotations

from django import forms

from articles.models import Outlet, Theme
from articles.queries import articles_without_text


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
