from django import forms
from django.contrib import admin
from django.db.models import Count

from .models import Annotation, CodingRound, Reply
from .rounds import CODER_PERMISSION
from .visibility import visible_q


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

    def get_queryset(self, request):
        """Blind rounds' work only for whom the round rules show it (``visibility``)."""
        return super().get_queryset(request).filter(visible_q(request.user))

    @admin.display(description="passage")
    def short_exact(self, annotation: Annotation) -> str:
        exact = annotation.exact
        return exact if len(exact) <= 80 else exact[:79] + "…"


class CodingRoundForm(forms.ModelForm):
    """The round's rules, as ``rounds.create_round`` holds them for the command."""

    class Meta:
        model = CodingRound
        fields = ["name", "articles", "coders", "themes", "blind", "adjudicator"]

    def clean(self) -> dict:
        data = super().clean()
        coders = list(data.get("coders") or [])
        if len(coders) < 2:
            self.add_error("coders", "A round needs at least two coders.")
        if cannot := [c.get_username() for c in coders if not c.has_perm(CODER_PERMISSION)]:
            self.add_error("coders", f"{', '.join(cannot)} may not annotate, so cannot code.")
        adjudicator = data.get("adjudicator")
        if adjudicator is not None and not adjudicator.has_perm(CODER_PERMISSION):
            self.add_error("adjudicator", "The adjudicator must be able to annotate.")
        return data


@admin.register(CodingRound)
class CodingRoundAdmin(admin.ModelAdmin):
    form = CodingRoundForm
    list_display = ["name", "state", "blind", "created", "progress"]
    list_filter = ["state", "blind"]
    search_fields = ["name"]
    autocomplete_fields = ["articles", "adjudicator"]
    filter_horizontal = ["coders", "themes"]
    readonly_fields = ["state", "created", "closed", "progress"]

    def save_model(self, request, obj: CodingRound, form, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="done (articles per coder)")
    def progress(self, coding_round: CodingRound) -> str:
        if coding_round.pk is None:
            return "—"
        total = coding_round.articles.count()
        done = dict(
            coding_round.done.values("coder__username")
            .annotate(n=Count("pk"))
            .values_list("coder__username", "n")
        )
        coders = coding_round.coders.order_by("username").values_list("username", flat=True)
        return ", ".join(f"{name} {done.get(name, 0)}/{total}" for name in coders) or "—"
