from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from infrastructure.background import send

from . import history
from .ingest.admin_views import ImportViews
from .models import (
    Article,
    ImportBatch,
    ImportDocument,
    Mention,
    Outlet,
    Person,
    PersonAlias,
    Quote,
    Theme,
    next_theme_colour,
)
from .quotes.analysis import extract_quotes_task
from .restoring import RestoreRefused, removed_lines_of, restore_line
from .services import merge_persons, merge_themes
from .signals import articles_reassigned


def choose_one(model_admin, request, queryset, *, action: str, title: str, template: str,
               status: int = 200, **extra):  # fmt: skip
    """The intermediate page of an action that needs one more choice (a target, an outlet)."""
    return TemplateResponse(
        request,
        template,
        {**model_admin.admin_site.each_context(request), "opts": model_admin.model._meta,
         "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME, "title": title,
         "selected": list(queryset), "action": action, **extra},
        status=status,
    )  # fmt: skip


def merge_selected(model_admin, request, queryset, action: str, noun: str, explanation: str,
                   merge: Callable[[Any, list], str]):  # fmt: skip
    """An action that merges the selected rows into one: ask which to keep, then ``merge``
    the others into it (its message is shown).
    """
    selected = list(queryset)
    if len(selected) < 2:
        model_admin.message_user(request, f"Select at least two {noun} to merge.", messages.WARNING)
        return None
    target_id = request.POST.get("target")
    if request.POST.get("confirm") and target_id:
        target = next((item for item in selected if str(item.pk) == target_id), None)
        if target is None:
            model_admin.message_user(request, f"Choose one of the selected {noun}.", messages.ERROR)
            return None
        others = [item for item in selected if item.pk != target.pk]
        model_admin.message_user(request, merge(target, others))
        return None
    return choose_one(model_admin, request, queryset, action=action, title=f"Merge {noun}",
                      template="admin/articles/merge.html", explanation=explanation)  # fmt: skip


class OutletChoiceForm(forms.Form):
    outlet = forms.ModelChoiceField(Outlet.objects.all(), required=False, empty_label="(none)")


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "homepage", "article_count"]
    list_filter = ["country"]
    search_fields = ["name", "homepage", "notes"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Outlet]:
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(ordering="article_count", description="articles")
    def article_count(self, outlet: Outlet) -> int:
        return outlet.article_count


class OutletKnownFilter(admin.SimpleListFilter):
    """Articles whose outlet is established, or not (the "By outlet" filter picks one)."""

    title = "outlet known"
    parameter_name = "outlet_known"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [("yes", "Known"), ("no", "Unknown")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> QuerySet[Article]:
        if self.value() in ("yes", "no"):
            return queryset.filter(outlet__isnull=self.value() == "no")
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "outlet", "published", "byline", "word_count", "updated"]
    list_filter = ["outlet", OutletKnownFilter, "published"]
    list_select_related = ["outlet"]
    search_fields = ["title", "subtitle", "byline", "source_name", "url", "body"]
    date_hierarchy = "published"
    autocomplete_fields = ["outlet"]
    # The body is the coordinate system of every quote and annotation: change it by
    # re-ingesting a new version, which re-anchors them, never by hand here.
    readonly_fields = ["body", "raw", "content_hash", "word_count", "created", "updated",
                       "removed_when_imported"]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["title", "subtitle", "byline", "outlet", "published", "url"]}),
        ("Text", {"fields": ["source_name", "body", "word_count", "removed_when_imported"]}),
        ("As received", {"fields": ["raw", "content_hash"], "classes": ["collapse"]}),
        ("History", {"fields": ["created", "updated"]}),
    ]

    actions = ["rerun_extraction", "set_outlet"]

    def get_urls(self) -> list:
        restore = path(
            "<int:object_id>/restore-line/",
            require_POST(self.admin_site.admin_view(self.restore_line_view)),
            name="articles_article_restore_line",
        )
        return [restore, *ImportViews(self).urls(), *super().get_urls()]

    @admin.display(description="Removed when imported")
    def removed_when_imported(self, article: Article) -> str:
        """Each line cleaning left out, with a button that puts it back into the body (the
        buttons post the change form to the restore view, which reads only its own fields)."""
        lines = removed_lines_of(article) if article.pk else []
        if not lines:
            return "Nothing: every line of the text is in the body."
        action = reverse("admin:articles_article_restore_line", args=[article.pk])
        return format_html(
            '<ol class="removed-lines">{}</ol>',
            format_html_join(
                "",
                '<li><em>{}</em> {}<input type="hidden" name="restore_text_{}" value="{}"> '
                '<button type="submit" name="restore" value="{}" formaction="{}" '
                'formnovalidate>Restore to the body</button></li>',
                ((line["rule"], line["text"], index, line["text"], index, action)
                 for index, line in enumerate(lines)),
            ),
        )  # fmt: skip

    def restore_line_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        article = get_object_or_404(Article.objects.defer("raw"), pk=object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        index, text = request.POST.get("restore", ""), ""
        if index.isdigit():
            text = request.POST.get(f"restore_text_{index}", "")
        change_page = redirect("admin:articles_article_change", article.pk)
        if not text:
            self.message_user(request, "No removed line was chosen.", messages.ERROR)
            return change_page
        try:
            restore_line(article.pk, int(index), text)
        except RestoreRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return change_page
        self.log_change(request, article, f"Restored to the body: {text[:200]}")
        self.message_user(
            request,
            f"Restored to the body: “{text[:80]}”. Annotations and quotes follow their words; "
            "the quotes are extracted again in the background.",
        )
        return change_page

    @admin.display(description="Title", ordering="title")
    def headline(self, article: Article) -> str:
        return article.display_title

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context=None):
        """Articles come in through an import (cleaned, checked, their quotes extracted):
        "Add article" leads there instead of to a form that cannot take a text."""
        return redirect("admin:articles_article_import")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).defer("raw")

    @admin.action(description="Re-run quote extraction (verified quotes are kept)",
                  permissions=["change"])  # fmt: skip
    def rerun_extraction(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        how = send(extract_quotes_task, ids)
        if how == "inline":
            done = "done; verified quotes were kept."
        else:
            done = "queued: the worker re-extracts them; verified quotes are kept."
        self.message_user(request, f"Quote extraction for {len(ids)} article(s) {done}")

    @admin.action(description="Set the outlet of selected articles…", permissions=["change"])
    def set_outlet(self, request: HttpRequest, queryset: QuerySet[Article]):
        form = OutletChoiceForm(request.POST if request.POST.get("confirm") else None)
        if form.is_valid():
            outlet = form.cleaned_data["outlet"]
            ids = list(queryset.values_list("pk", flat=True))
            count = Article.objects.filter(pk__in=ids).update(outlet=outlet)
            articles_reassigned.send(sender=Article, ids=ids)
            self.message_user(
                request, f"Set the outlet of {count} article(s) to {outlet or '(none)'}."
            )
            return None
        return choose_one(
            self,
            request,
            queryset,
            action="set_outlet",
            form=form,
            status=422 if form.is_bound else 200,
            title="Set the outlet",
            template="admin/articles/article/set_outlet.html",
        )

    @admin.display(ordering="title", description="title")
    def display_title(self, article: Article) -> str:
        return article.display_title


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 1
    fields = ["alias"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "description", "quote_count"]
    list_filter = ["kind"]
    search_fields = ["name", "description", "aliases__alias"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PersonAliasInline]
    actions = ["merge_persons"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Person]:
        return super().get_queryset(request).annotate(quote_count=Count("quotes"))

    @admin.display(ordering="quote_count", description="quotes")
    def quote_count(self, person: Person) -> int:
        return person.quote_count

    @admin.action(description="Merge selected people into one…", permissions=["change", "delete"])
    def merge_persons(self, request: HttpRequest, queryset: QuerySet[Person]):
        """Ask which person to keep, then move every quote, mention and alias to them."""

        def merge(target: Person, others: list[Person]) -> str:
            moved = merge_persons(target, others, request.user)
            return (
                f"Merged {len(others)} into {target}: {moved['quotes']} quote(s), "
                f"{moved['mentions']} mention(s) and {moved['aliases']} alias(es) moved."
            )

        explanation = (
            "Every quote, mention and alias of the other people moves to the one you keep; "
            "their names become aliases of it, and they are deleted."
        )
        return merge_selected(self, request, queryset, "merge_persons", "people", explanation,
                              merge)  # fmt: skip


@admin.register(PersonAlias)
class PersonAliasAdmin(admin.ModelAdmin):
    list_display = ["alias", "person", "normalised"]
    list_select_related = ["person"]
    search_fields = ["alias", "person__name"]
    autocomplete_fields = ["person"]


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["text", "person", "article", "start", "end"]
    list_filter = ["person__kind"]
    list_select_related = ["person", "article"]
    search_fields = ["text", "person__name", "article__title"]
    autocomplete_fields = ["person", "article"]


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = [
        "short_text", "speaker", "source", "article", "kind", "rule", "confidence", "verified"
    ]  # fmt: skip
    list_filter = ["kind", "verified", "rule", "speaker__kind", "article__outlet"]
    list_select_related = ["speaker", "article", "article__outlet"]
    search_fields = ["text", "speaker__name", "source", "cue", "article__title"]
    autocomplete_fields = ["speaker", "article"]
    readonly_fields = ["verified_by", "verified_at"]

    @admin.display(description="text")
    def short_text(self, quote: Quote) -> str:
        return quote.text if len(quote.text) <= 90 else quote.text[:89] + "…"


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "colour", "description", "annotation_count"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["merge_themes"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Theme]:
        return super().get_queryset(request).annotate(annotation_count=Count("annotations"))

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        return {**super().get_changeform_initial_data(request), "colour": next_theme_colour()}

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: Theme, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:
            old = form.initial["name"]
            history.record(request.user, history.Kind.THEME_RENAMED, "theme", obj.pk,
                           f"theme {old} renamed {obj.name}", {"name": old},
                           {"name": obj.name})  # fmt: skip

    @admin.display(ordering="annotation_count", description="annotations")
    def annotation_count(self, theme: Theme) -> int:
        return theme.annotation_count

    @admin.action(description="Merge selected themes into one…", permissions=["change", "delete"])
    def merge_themes(self, request: HttpRequest, queryset: QuerySet[Theme]):
        """Ask which theme to keep, then move every annotation to it and delete the others."""

        def merge(target: Theme, others: list[Theme]) -> str:
            moved = merge_themes(target, others, request.user)
            return f"Merged {len(others)} theme(s) into {target}; {moved} annotation(s) moved."

        explanation = (
            "Every annotation tagged with the other themes will be tagged with the one you "
            "keep; the others are deleted."
        )
        return merge_selected(self, request, queryset, "merge_themes", "themes", explanation,
                              merge)  # fmt: skip


class ImportDocumentInline(admin.TabularInline):
    model = ImportDocument
    fields = ["position", "name", "size", "state", "message", "article"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[ImportDocument]:
        return super().get_queryset(request).defer("data").select_related("article")


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """Past imports, read only: each links to its progress page."""

    list_display = ["__str__", "created_by", "state", "outlet", "document_count", "progress_page"]
    list_filter = ["state"]
    list_select_related = ["created_by", "outlet"]
    readonly_fields = ["created_by", "created", "state", "outlet", "published", "url"]
    fields = readonly_fields
    inlines = [ImportDocumentInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ImportBatch]:
        return super().get_queryset(request).annotate(document_count=Count("documents"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(ordering="document_count", description="documents")
    def document_count(self, batch: ImportBatch) -> int:
        return batch.document_count

    @admin.display(description="progress")
    def progress_page(self, batch: ImportBatch) -> str:
        return format_html('<a href="{}">open</a>', batch.get_absolute_url())
