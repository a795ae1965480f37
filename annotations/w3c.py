"""Annotations as W3C Web Annotations (https://www.w3.org/TR/annotation-model/).

Each annotation targets its article (the original URL when known, else the reader's URL)
with a TextQuoteSelector and a TextPositionSelector (code points, as the model requires);
themes become tagging bodies and the note a commenting body. A reply is an annotation of
its own, motivation ``replying``, whose target is the parent annotation's IRI.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from .models import Annotation, Reply

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
JSONLD = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'


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
        document["creator"] = _creator(annotation.author)
    return document


def _creator(author) -> dict:
    return {
        "type": "Person",
        "nickname": author.get_username(),
        **({"name": author.get_full_name()} if author.get_full_name() else {}),
    }


def web_reply(request: HttpRequest, reply: Reply) -> dict:
    identifier = request.build_absolute_uri(reverse("annotations:reply-detail", args=[reply.pk]))
    parent = request.build_absolute_uri(reverse("annotations:detail", args=[reply.annotation_id]))
    return reply_document(reply, identifier, parent)


def reply_document(reply: Reply, identifier: str, parent: str) -> dict:
    """The reply as a Web Annotation with this ``id``, replying to the annotation ``parent``."""
    document = {
        "@context": CONTEXT,
        "id": identifier,
        "type": "Annotation",
        "motivation": "replying",
        "created": _timestamp(reply.created),
        "modified": _timestamp(reply.updated),
        "body": {"type": "TextualBody", "value": reply.text, "format": "text/plain"},
        "target": parent,
    }
    if reply.author:
        document["creator"] = _creator(reply.author)
    return document


def annotation_collection(request: HttpRequest, annotations: list[Annotation], path: str) -> dict:
    collection_id = request.build_absolute_uri(path)
    return {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": "Summit Desk annotations",
        "total": sum(1 + len(annotation.replies.all()) for annotation in annotations),
        "first": {
            "id": f"{collection_id}#page1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": [
                item
                for annotation in annotations
                for item in (
                    web_annotation(request, annotation),
                    *(web_reply(request, reply) for reply in annotation.replies.all()),
                )
            ],
        },
    }
