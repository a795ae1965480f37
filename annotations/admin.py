from django.contrib import admin

from .models import Annotation


@admin.register(Annotation)
class AnnotationAdmin(admin.ModelAdmin):
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
