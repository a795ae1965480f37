"""Annotations as W3C Web Annotations (https://www.w3.org/TR/annotation-model/).

Each annotation targets its article (the original URL when known, else the reader's URL)
with a TextQuoteSelector and a TextPositionSelector (code points, as the model requires);
themes become tagging bodies and the note a commenting body.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from .models import Annotation

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def _timestamp(value) -> str:
    return value.isoformat(timespec="seconds").replace("+00:00", "Z")


def web_annotation(request: HttpRequest, annotation: Annotation) -> dict:
    article = annotation.article
    source = article.url or request.build_absolute_uri(article.get_absolute_url())
    identifier = request.build_absolute_uri(reverse("annotations:detail", args=[annotation.pk]))
    return annotation_document(annotation, identifier, source)


def annotation_document(annotation: Annotation, identifier: str, source: str) -> dict:
    """The annotation as a Web Annotation with this ``id``, targeting ``source``."""
    selectors: list[dict] = [
        {
            "type": "TextQuoteSelector",
            "exact": annotation.exact,
            "prefix": annotation.prefix,
            "suffix": annotation.suffix,
        }
    ]
    if not annotation.orphaned:  # an orphan's old offsets no longer point at its text
        selectors.append(
            {"type": "TextPositionSelector", "start": annotation.start, "end": annotation.end}
        )
    bodies = [
        {"type": "TextualBody", "purpose": "tagging", "value": theme.name}
        for theme in annotation.themes.all()
    ]
    if annotation.note:
        bodies.append(
            {"type": "TextualBody", "purpose": "commenting", "value": annotation.note,
             "format": "text/plain"}
        )  # fmt: skip
    document = {
        "@context": CONTEXT,
        "id": identifier,
        "type": "Annotation",
        "motivation": "commenting"
        if annotation.note
        else ("tagging" if bodies else "highlighting"),
        "created": _timestamp(annotation.created),
        "modified": _timestamp(annotation.updated),
        "target": {"source": source, "selector": selectors},
    }
    if bodies:
        document["body"] = bodies
    if annotation.author:
        author = annotation.author
        document["creator"] = {
            "type": "Person",
            "nickname": author.get_username(),
            **({"name": author.get_full_name()} if author.get_full_name() else {}),
        }
    return document


def annotation_collection(request: HttpRequest, annotations: list[Annotation], path: str) -> dict:
    collection_id = request.build_absolute_uri(path)
    return {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": "Summit Desk annotations",
        "total": len(annotations),
        "first": {
            "id": f"{collection_id}#page1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": [web_annotation(request, annotation) for annotation in annotations],
        },
    }
