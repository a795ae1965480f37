"""/annotations/export.jsonld against the W3C Web Annotation test suite's schemas.

The validator is checked first on the suite's own samples, so a pass means something.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from django.urls import reverse

from annotations import services
from annotations.models import Annotation
from articles.models import Theme

# The W3C Web Annotation test suite's schemas (w3c/web-annotation-tests at adedd9a,
# unchanged; W3C test suite licence in their license.md), kept in the repository.
SCHEMAS = Path(__file__).parent / "data" / "w3c-annotation-schemas"
KNOWN_EXCEPTIONS = {"anno11.json", "anno12.json", "anno13.json"}  # Composite, List, Independents


@cache
def validators(test_file: str) -> list:
    """One (validator, expected_valid) per MUST assertion listed in a suite .test file."""
    from jsonschema import Draft4Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    resources = []
    for path in SCHEMAS.rglob("*.json"):
        if "samples" in path.parts:
            continue
        contents = json.loads(path.read_text())
        resources.append(
            (path.name, Resource.from_contents(contents, default_specification=DRAFT4))
        )
    registry = Registry().with_resources(resources)
    assertions = json.loads((SCHEMAS / test_file).read_text())["assertions"]
    result = []
    for name in assertions:
        schema = json.loads((SCHEMAS / name).read_text())
        validator = Draft4Validator(
            schema, registry=registry, format_checker=Draft4Validator.FORMAT_CHECKER
        )
        result.append((name, validator, schema.get("expectedResult", "valid") == "valid"))
    return result


def failed_musts(document: dict, test_file: str = "annotations/annotationMusts.test") -> list[str]:
    return [name for name, validator, expect in validators(test_file)
            if validator.is_valid(document) != expect]  # fmt: skip


MUSTS_BY_TYPE = {
    "Annotation": "annotations/annotationMusts.test",
    "AnnotationCollection": "collections/collectionMusts.test",
}


def samples(kind: str) -> list[tuple[Path, dict, str]]:
    """(path, document, MUST list) for each sample that is valid JSON of a checked type."""
    found = []
    for path in sorted((SCHEMAS / "samples" / kind).glob("*.json")):
        try:
            document = json.loads(path.read_text())
        except ValueError:
            continue  # not even JSON
        kind_of = document.get("type") if isinstance(document, dict) else None
        found.append((path, document, MUSTS_BY_TYPE.get(kind_of, MUSTS_BY_TYPE["Annotation"])))
    return found


def test_the_validator_accepts_the_correct_samples():
    checked = 0
    for path, document, musts in samples("correct"):
        if document.get("type") == "AnnotationPage":
            continue
        checked += 1
        failures = failed_musts(document, musts)
        if path.name in KNOWN_EXCEPTIONS:
            assert failures, f"{path.name} was expected to trip 3.2-targetObjectsRecognized"
        else:
            assert failures == [], path.name
    assert checked >= 40


def test_the_validator_rejects_the_incorrect_samples():
    checked = samples("incorrect")
    for path, document, musts in checked:
        assert failed_musts(document, musts), f"{path.name} passed every MUST"
    assert len(checked) >= 10


def _annotate(editor_client, article, phrase, **extra):
    start = article.body.index(phrase)
    editor_client.post(
        reverse("annotations:create", args=[article.pk]),
        {"start": start, "end": start + len(phrase), "exact": phrase, **extra},
    )


@pytest.fixture
def exported(editor_client, researcher, seeds):
    energy = Theme.objects.get(slug="energy")
    ukraine = Theme.objects.get(slug="ukraine")
    _annotate(editor_client, seeds["000"], "Power of Siberia 2", themes=[energy.pk, ukraine.pk],
              note="Stalled, per 002 too")  # fmt: skip
    _annotate(editor_client, seeds["000"], "Harbin")
    _annotate(editor_client, seeds["003"], "gas pipeline", themes=[energy.pk])
    return energy


def export(client, **params) -> dict:
    response = client.get(reverse("annotations:export"), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    return json.loads(response.content)


def test_the_export_meets_every_must(researcher_client, exported):
    collection = export(researcher_client)
    assert failed_musts(collection, "collections/collectionMusts.test") == []
    items = collection["first"]["items"]
    assert len(items) == collection["total"] == 3
    for item in items:
        assert failed_musts(item) == [], item


def test_selectors_bodies_and_creator(researcher_client, exported, seeds):
    items = export(researcher_client)["first"]["items"]
    pipeline = next(i for i in items if i["target"]["selector"][0]["exact"] == "Power of Siberia 2")
    quote, position = pipeline["target"]["selector"]
    body = seeds["000"].body
    assert body[position["start"] : position["end"]] == quote["exact"]
    assert quote["prefix"] == body[position["start"] - 32 : position["start"]]
    assert pipeline["target"]["source"].endswith(seeds["000"].get_absolute_url())
    assert {(b["purpose"], b["value"]) for b in pipeline["body"]} == {
        ("tagging", "Energy"),
        ("tagging", "Ukraine"),
        ("commenting", "Stalled, per 002 too"),
    }
    assert pipeline["creator"]["nickname"] == "eddie"
    assert pipeline["created"].endswith("Z")


def test_filters_by_article_and_theme(researcher_client, exported, seeds):
    assert export(researcher_client, article=seeds["003"].pk)["total"] == 1
    assert export(researcher_client, theme="energy")["total"] == 2
    assert export(researcher_client, theme="taiwan")["total"] == 0
    assert researcher_client.get(reverse("annotations:export"), {"article": "x"}).status_code == 400


def test_each_exported_id_resolves_to_the_annotation(researcher_client, exported):
    item = export(researcher_client)["first"]["items"][0]
    single = json.loads(researcher_client.get(item["id"]).content)
    assert single == item
    assert failed_musts(single) == []


def test_outsiders_cannot_export(client, outsider, exported):
    client.force_login(outsider)
    assert client.get(reverse("annotations:export")).status_code == 403
    assert Annotation.objects.count() == 3


def test_a_reply_is_a_valid_web_annotation_replying_to_its_annotation(
    researcher_client, editor, exported
):
    parent = Annotation.objects.get(exact="Harbin")
    reply = services.create_reply(parent, editor, "Harbin hosted the trade expo.")
    collection = export(researcher_client)
    assert failed_musts(collection, "collections/collectionMusts.test") == []
    items = collection["first"]["items"]
    assert len(items) == collection["total"] == 4
    replies = [item for item in items if item["motivation"] == "replying"]
    assert len(replies) == 1
    parent_id = next(i["id"] for i in items if i["id"].endswith(f"/annotations/{parent.pk}/"))
    assert replies[0]["target"] == parent_id
    assert replies[0]["body"]["value"] == "Harbin hosted the trade expo."
    assert failed_musts(replies[0]) == []
    single = json.loads(researcher_client.get(replies[0]["id"]).content)
    assert single == replies[0]
    assert single["id"].endswith(reverse("annotations:reply-detail", args=[reply.pk]))
