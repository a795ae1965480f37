from django.contrib import admin

from .models import Annotation, Reply


class ReplyInline(admin.TabularInline):
    """The discussion, read-only here: replies are written, edited and deleted in the reader,
    where each change is versioned and recorded in the history (and can be undone)."""

    model = Reply
    fields = ["author", "text", "created", "updated"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Annotation)
class AnnotationAdmin(admin.ModelAdmin):
    inlines = [ReplyInline]
    list_display = ["short_exact", "article", "author", "start", "end", "updated"]
    list_filter = ["themes", "author", "article__outlet"]
    list_select_related = ["article", "article__outlet", "author"]
    search_fields = ["exact", "note", "article__title"]
    autocomplete_fields = ["article"]
    filter_horizontal = ["themes"]
    readonly_fields = ["created", "updated"]

    @admin.display(description="passage")
    def short_exact(self, annotation: Annotation) -> str:
        exact = annotation.exact
        return exact if len(exact) <= 80 else exact[:79] + "…"
