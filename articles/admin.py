from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse

from .models import Article, Mention, Outlet, Person, PersonAlias, Quote, Theme
from .services import merge_themes


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


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["display_title", "outlet", "published", "byline", "word_count", "updated"]
    list_filter = ["outlet", ("outlet", admin.EmptyFieldListFilter), "published"]
    list_select_related = ["outlet"]
    search_fields = ["title", "subtitle", "byline", "source_name", "url", "body"]
    date_hierarchy = "published"
    autocomplete_fields = ["outlet"]
    # The body is the coordinate system of every quote and annotation: change it by
    # re-ingesting a new version, which re-anchors them, never by hand here.
    readonly_fields = ["body", "raw", "content_hash", "word_count", "created", "updated"]
    fieldsets = [
        (None, {"fields": ["title", "subtitle", "byline", "outlet", "published", "url"]}),
        ("Text", {"fields": ["source_name", "body", "word_count"]}),
        ("As received", {"fields": ["raw", "content_hash"], "classes": ["collapse"]}),
        ("History", {"fields": ["created", "updated"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).defer("raw")

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

    def get_queryset(self, request: HttpRequest) -> QuerySet[Person]:
        return super().get_queryset(request).annotate(quote_count=Count("quotes"))

    @admin.display(ordering="quote_count", description="quotes")
    def quote_count(self, person: Person) -> int:
        return person.quote_count


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
    list_display = ["short_text", "speaker", "article", "kind", "rule", "confidence", "verified"]
    list_filter = ["kind", "verified", "rule", "speaker__kind", "article__outlet"]
    list_select_related = ["speaker", "article", "article__outlet"]
    search_fields = ["text", "speaker__name", "cue", "article__title"]
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

    @admin.display(ordering="annotation_count", description="annotations")
    def annotation_count(self, theme: Theme) -> int:
        return theme.annotation_count

    @admin.action(description="Merge selected themes into one…", permissions=["change", "delete"])
    def merge_themes(self, request: HttpRequest, queryset: QuerySet[Theme]):
        """Ask which theme to keep, then move every annotation to it and delete the others."""
        themes = list(queryset.order_by("name"))
        if len(themes) < 2:
            self.message_user(request, "Select at least two themes to merge.", messages.WARNING)
            return None
        target_id = request.POST.get("target")
        if request.POST.get("confirm") and target_id:
            target = next((t for t in themes if str(t.pk) == target_id), None)
            if target is None:
                self.message_user(request, "Choose one of the selected themes.", messages.ERROR)
                return None
            moved = merge_themes(target, [t for t in themes if t.pk != target.pk])
            self.message_user(
                request,
                f"Merged {len(themes) - 1} theme(s) into {target}; {moved} annotation(s) moved.",
            )
            return None
        return TemplateResponse(
            request,
            "admin/articles/theme/merge.html",
            {**self.admin_site.each_context(request), "themes": themes, "opts": self.model._meta,
             "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME, "title": "Merge themes"},
        )  # fmt: skip
