"""The admin's "Import coverage" pages: upload or paste, preview, progress, retry.

Views only parse, check access and call ``articles.ingest.batches``; the work runs in tasks.
Staff with the add-article permission may import; anyone else logged in gets a 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django import forms
from django.conf import settings
from django.contrib.admin import ModelAdmin
from django.core.exceptions import PermissionDenied
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT, ManagementForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.functional import cached_property
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ..models import ImportBatch, ImportDocument, Outlet
from .batches import (
    BatchOptions,
    confirm_batch,
    create_batch,
    resume_batch,
)
from .batches import retry_document as queue_retry
from .sources import TEXT_SUFFIXES, read_uploads

READ, WRITE, READ_WRITE = ["GET", "HEAD"], ["POST"], ["GET", "HEAD", "POST"]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class UploadsField(forms.FileField):
    """Several files; an empty or bad one is reported per document later, never here."""

    widget = MultipleFileInput

    def clean(self, data, initial=None) -> list:
        uploads = data if isinstance(data, list | tuple) else [data]
        return [upload for upload in uploads if upload]


class ImportForm(forms.Form):
    files = UploadsField(
        required=False,
        help_text="Text (.txt, .md), saved web pages (.html, .htm) or .zip archives of them; "
        "each file up to {} MB.",
        widget=MultipleFileInput(attrs={"accept": ",".join(sorted(TEXT_SUFFIXES | {".zip"}))}),
    )
    pasted = forms.CharField(
        required=False,
        label="Or paste an article",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10, "cols": 80}),
        help_text="Plain text or the HTML of a page.",
    )
    outlet = forms.ModelChoiceField(Outlet.objects.all(), required=False)
    new_outlet = forms.CharField(required=False, max_length=200, label="Or a new outlet")
    published = forms.DateField(required=False, help_text="YYYY-MM-DD, for every document.")
    url = forms.URLField(required=False, max_length=1000, label="URL")
    import_if_clean = forms.BooleanField(
        required=False,
        initial=True,
        label="Import without stopping at the preview when every document is clean",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit_mb = settings.INGEST_MAX_FILE_BYTES / (1024 * 1024)
        self.fields["files"].help_text = self.fields["files"].help_text.format(f"{limit_mb:g}")

    def clean_pasted(self) -> str:
        pasted = self.cleaned_data["pasted"]
        size = len(pasted.encode("utf-8"))
        if size > settings.INGEST_MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"The pasted text is {size:,} bytes, over the limit of "
                f"{settings.INGEST_MAX_FILE_BYTES:,}; save it as a file inside a zip instead."
            )
        return pasted

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("files") and not (data.get("pasted") or "").strip():
            raise forms.ValidationError("Choose at least one file or paste an article.")
        if data.get("outlet") and data.get("new_outlet", "").strip():
            raise forms.ValidationError("Choose an existing outlet or name a new one, not both.")
        files = data.get("files") or []
        sources = len(files) + (1 if (data.get("pasted") or "").strip() else 0)
        many = sources > 1 or any(f.name.lower().endswith(".zip") for f in files)
        if data.get("url") and many:
            # Re-imports are matched by URL: one URL on several articles would merge them.
            self.add_error(
                "url", "A URL belongs to one article: give it only for a single file or paste."
            )
        return data

    def options(self) -> BatchOptions:
        data = self.cleaned_data
        return BatchOptions(
            outlet_id=data["outlet"].pk if data.get("outlet") else None,
            new_outlet=data.get("new_outlet", "").strip(),
            published=data.get("published"),
            url=data.get("url", ""),
            import_if_clean=data.get("import_if_clean", False),
        )


class OneLineField(forms.CharField):
    """A line of text: runs of whitespace become one space, cut to 300 characters."""

    def to_python(self, value) -> str:
        return " ".join(super().to_python(value).split())[:300]


class PreviewForm(forms.Form):
    """One ready document on the preview: keep it or leave it out, correct what was read."""

    include = forms.BooleanField(required=False, initial=True)
    replace = forms.BooleanField(required=False, initial=False, label="replace the article's text")
    title = OneLineField(required=False, widget=forms.TextInput(attrs={"size": 40}))
    byline = OneLineField(required=False, widget=forms.TextInput(attrs={"size": 40}))
    outlet = OneLineField(required=False, widget=forms.TextInput(attrs={"size": 25}))
    published = forms.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.TextInput(attrs={"size": 10, "placeholder": "YYYY-MM-DD"}),
        error_messages={"invalid": "the published date is not YYYY-MM-DD"},
    )
    keep = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "a line to keep is not among this document's removed "
                        "lines (the preview changed): reload the page"},
    )  # fmt: skip

    def __init__(self, *args, document: ImportDocument, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.document = document
        # Offered by their text (not their place in the list), so a tick keeps that line.
        self.fields["keep"].choices = [
            (line["text"], f"{line['rule']}: {line['text']}")
            for line in document.preview.get("removed", [])
            if isinstance(line, dict)
        ]
        self.fields["include"].widget.attrs["aria-label"] = f"Import {document.name}"
        self.fields["replace"].widget.attrs["aria-label"] = f"Replace the text with {document.name}"
        for name in ("title", "byline", "outlet", "published"):
            self.fields[name].widget.attrs.setdefault("placeholder", name.capitalize())
            self.fields[name].widget.attrs["aria-label"] = name.capitalize()

    def choice(self) -> dict:
        """What ``confirm_batch`` takes for this document."""
        data = self.cleaned_data
        published = data.get("published")
        return {
            "include": data.get("include", False),
            "replace": bool(data.get("replace")) and bool(self.document.preview.get("replaces")),
            **{key: data.get(key, "") for key in ("title", "byline", "outlet")},
            "published": published.isoformat() if published else "",
            "keep": data.get("keep") or [],
        }


class BasePreviewFormSet(forms.BaseFormSet):
    """The preview's forms, one per ready document, named ``doc-<document id>-<field>``.

    Named by document rather than by position, so an edit always lands on the document it
    was made for, even if the list changed between showing the page and sending it; the
    count comes from the documents, not from the page.
    """

    def __init__(self, data=None, *, documents: list[ImportDocument]) -> None:
        self.documents = documents
        initial = [
            {"include": True, **{key: d.preview.get(key, "") for key in PREVIEW_FIELDS}}
            for d in documents
        ]
        super().__init__(data, prefix="doc", initial=initial)

    def add_prefix(self, index) -> str:
        if isinstance(index, int):
            return f"{self.prefix}-{self.documents[index].pk}"
        return super().add_prefix(index)

    def get_form_kwargs(self, index: int | None) -> dict:
        return {"document": self.documents[index]} if index is not None else {}

    def total_form_count(self) -> int:
        return len(self.documents)

    def initial_form_count(self) -> int:
        return len(self.documents)

    @cached_property
    def management_form(self) -> ManagementForm:
        count = str(len(self.documents))
        data = {
            f"{self.prefix}-{TOTAL_FORM_COUNT}": count,
            f"{self.prefix}-{INITIAL_FORM_COUNT}": count,
        }
        form = ManagementForm(data, prefix=self.prefix)
        form.full_clean()
        return form

    def choices(self) -> dict[int, dict]:
        return {form.document.pk: form.choice() for form in self.forms}

    def error_lines(self) -> list[str]:
        return [
            f"{form.document.name}: {error}"
            for form in self.forms
            for errors in form.errors.values()
            for error in errors
        ]


PREVIEW_FIELDS = ("title", "byline", "outlet", "published")
PreviewFormSet = forms.formset_factory(PreviewForm, formset=BasePreviewFormSet, extra=0)


def preview_formset(batch: ImportBatch, data=None) -> BasePreviewFormSet:
    ready = batch.documents.defer("data").filter(state=ImportDocument.State.READY)
    return PreviewFormSet(data, documents=list(ready.order_by("position")))


class ImportViews:
    """URLs and views of the import pages, mounted on the Article admin."""

    def __init__(self, model_admin: ModelAdmin) -> None:
        self.model_admin = model_admin
        self.admin_site = model_admin.admin_site

    def urls(self) -> list:
        return [
            path("import/", self._guard(self.upload, READ_WRITE), name="articles_article_import"),
            path(
                "import/<int:batch_id>/",
                self._guard(self.batch, READ),
                name="articles_article_import_batch",
            ),
            path(
                "import/<int:batch_id>/confirm/",
                self._guard(self.confirm, WRITE),
                name="articles_article_import_confirm",
            ),
            path(
                "import/<int:batch_id>/resume/",
                self._guard(self.resume, WRITE),
                name="articles_article_import_resume",
            ),
            path(
                "import/<int:batch_id>/documents/<int:document_id>/retry/",
                self._guard(self.retry, WRITE),
                name="articles_article_import_retry",
            ),
        ]

    def _guard(self, view: Callable, methods: list[str]) -> Callable:
        """Logged-in staff with the add permission only (the admin's own check would send
        a logged-in non-staff user to the login page; this says no with a 403).
        """

        @wraps(view)
        def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            user = request.user
            allowed = user.is_active and user.is_staff
            if not (allowed and self.model_admin.has_add_permission(request)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return never_cache(require_http_methods(methods)(guarded))

    def _context(self, request: HttpRequest, title: str, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model_admin.model._meta,
            "title": title,
            **extra,
        }

    @staticmethod
    def _batch(batch_id: int) -> ImportBatch:
        return get_object_or_404(ImportBatch.objects.select_related("outlet"), pk=batch_id)

    def upload(self, request: HttpRequest) -> HttpResponse:
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST":
            if form.is_valid():
                documents = read_uploads(form.cleaned_data["files"], form.cleaned_data["pasted"])
                batch = create_batch(request.user, documents, form.options())
                return redirect(batch.get_absolute_url(), permanent=False)
            status = 422
        else:
            status = 200
        context = self._context(request, "Import coverage", form=form)
        return TemplateResponse(
            request, "admin/articles/article/import.html", context, status=status
        )

    def _batch_page(
        self,
        request: HttpRequest,
        batch: ImportBatch,
        errors: list[str],
        formset: BasePreviewFormSet | None = None,
        status: int = 200,
    ) -> HttpResponse:
        """The batch page (or, for htmx polls, its progress fragment)."""
        documents = list(batch.documents.defer("data").select_related("article"))
        if batch.state == ImportBatch.State.PREVIEW:
            formset = formset or preview_formset(batch)
            forms_by_document = {form.document.pk: form for form in formset.forms}
            for document in documents:
                document.preview_form = forms_by_document.get(document.pk)
        context = self._context(
            request,
            f"Import {batch.pk}",
            batch=batch,
            documents=documents,
            counts=ImportBatch.counts(documents),
            stalled=batch.is_stalled(documents),
            took=batch.took(documents),
            errors=errors,
        )
        template = "admin/articles/article/import_batch.html"
        if request.htmx:
            template += "#batch"
        return TemplateResponse(request, template, context, status=status)

    def batch(self, request: HttpRequest, batch_id: int) -> HttpResponse:
        return self._batch_page(request, self._batch(batch_id), errors=[])

    def confirm(self, request: HttpRequest, batch_id: int) -> HttpResponse:
        batch = self._batch(batch_id)
        if batch.state != ImportBatch.State.PREVIEW:
            self.model_admin.message_user(request, "This batch is not waiting for a preview.")
            return redirect(batch.get_absolute_url())
        formset = preview_formset(batch, request.POST)
        if not formset.is_valid():
            return self._batch_page(request, batch, formset.error_lines(), formset, status=422)
        confirm_batch(batch, formset.choices())
        return redirect(batch.get_absolute_url())

    def resume(self, request: HttpRequest, batch_id: int) -> HttpResponse:
        batch = self._batch(batch_id)
        if resume_batch(batch):
            self.model_admin.message_user(request, "The batch was queued again.")
        else:
            self.model_admin.message_user(request, "This batch is not running.", level="warning")
        return redirect(batch.get_absolute_url())

    def retry(self, request: HttpRequest, batch_id: int, document_id: int) -> HttpResponse:
        batch = self._batch(batch_id)
        document = get_object_or_404(batch.documents.defer("data"), pk=document_id)
        if not queue_retry(document, replace=request.POST.get("replace") == "1"):
            self.model_admin.message_user(
                request, f"{document.name} cannot be retried now.", level="warning"
            )
        return redirect(batch.get_absolute_url())
