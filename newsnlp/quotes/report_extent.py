"""Where a reported statement starts and ends: the words of a complement without "that",
without a coordinated predicate holding quoted words, without an aside of the writer's at
its end, never across a paragraph break; where an object report ends; the that-clause the
parser hung on where a thing was said. Used by ``reported.py``."""

from __future__ import annotations

from spacy.tokens import Span, Token

# Where and how a thing was said: "in a statement", "on Twitter", "at a rally".
CIRCUMSTANCE_NOUNS = {
    "statement", "interview", "speech", "briefing", "conference", "meeting", "rally",
    "letter", "email", "post", "tweet", "twitter", "television", "radio", "call", "remark",
    "address", "hearing", "debate", "summit", "talk", "visit", "event", "op-ed", "column",
    "article", "report", "book", "video", "podcast", "program", "show", "appearance",
}  # fmt: skip
ASIDE_MARKS = {"as", "while", "when", "whereas", "although", "though", "after", "before"}


def clause_after_place(verb: Token, after: list[Token]) -> Span | None:
    """The that-clause the parser hung on the place a thing was said ("said in one of a
    series of messages that …"), reached through prepositions only."""
    for prep in after:
        if prep.dep_ != "prep":
            continue
        for token in prep.subtree:
            if token.dep_ in {"ccomp", "acl", "relcl"} and any(
                c.dep_ == "mark" and c.lower_ == "that" and c.i < token.i for c in token.children
            ):
                path, node = True, token.head
                while node.i != verb.i:
                    path = path and node.dep_ in {"prep", "pobj", "compound", "amod", "det"}
                    node = node.head
                if path:
                    return complement_words(token, start_from_mark=True)
    return None


def object_report_end(obj: Token, after: list[Token]) -> int:
    """Where "criticized X for …", "described X as …", "reported X in June, one of …"
    ends: the object and what completes it, up to another predicate ("… and called …"), an
    aside of the writer's, or a phrase about when or where it was said."""
    end = obj.right_edge.i
    for child in sorted(after, key=lambda c: c.i):
        if child.i <= obj.i or child.dep_ in {"punct", "cc"}:
            continue
        if child.dep_ == "conj" or (child.dep_ == "advcl" and writers_aside(child)):
            break
        if (child.dep_ == "prep" and circumstance(child)) or child.ent_type_ in {"DATE", "TIME"}:
            continue
        end = max(end, child.right_edge.i)
    return end


def circumstance(prep: Token) -> bool:
    """A phrase about when, where or how something was said, not what: "on Monday", "in a
    statement", "at the briefing", "during the talks"."""
    if prep.lower_ in {"during", "at", "after", "before", "since", "via", "through"}:
        return True
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    if not objects:
        return False
    noun = objects[0]
    return noun.ent_type_ in {"DATE", "TIME"} or noun.lemma_.lower() in CIRCUMSTANCE_NOUNS


def within_paragraph(span: Span, cue: Token) -> Span:
    """Never across a paragraph break: the parser can run a sentence on into the next."""
    doc = span.doc
    start, end = span.start, span.end
    for token in span:
        if "\n" in token.text or "\n" in token.whitespace_:
            if token.i < cue.i:
                start = token.i + 1
            else:
                end = token.i + (0 if "\n" in token.text else 1)
                break
    return doc[start:end] if end > start else doc[start:start]


def complement_words(head: Token, start_from_mark: bool = False, first: int | None = None) -> Span:
    """The words of a complement: the head's subtree, without "that", without a coordinated
    predicate that holds quoted words ("urged X to refrain … and condemned it as “…”": the
    quote is its own record), and without an aside the writer adds after a comma (", as
    his troops defend …", ", highlighted by …")."""
    doc = head.doc
    start = head.left_edge.i if first is None else first
    if start_from_mark:
        while start < head.i and doc[start].dep_ == "mark" and doc[start].lower_ == "that":
            start += 1
    end = head.right_edge.i + 1
    for child in doc[head.i + 1 : end]:
        conjunct = child.head.i == head.i and child.dep_ == "conj"
        quoted_conjunct = conjunct and any(t.is_quote for t in child.subtree)
        if (
            quoted_conjunct
            or _quoted_aside(child)
            or (child.right_edge.i == end - 1 and writers_aside(child))
        ):
            end = child.left_edge.i
            while end > start + 1 and doc[end - 1].dep_ in {"cc", "punct"}:
                end -= 1
            break
    return doc[start:end]


def _quoted_aside(child: Token) -> bool:
    """A clause set off by a comma that holds quoted words of its own speech verb ("…,
    whom he described as “peaceful,” …"): that quote is its own record."""
    doc = child.doc
    left = child.left_edge.i
    return (
        child.dep_ in {"relcl", "advcl", "acl"}
        and left > 0
        and doc[left - 1].text == ","
        and any(t.is_quote for t in child.subtree)
    )


def writers_aside(child: Token) -> bool:
    """A clause set off by a comma or a dash at the end of a report: ", as …", ", while …",
    "…, when voters …", or a participle (", highlighted by …", ", putting them ahead of …")."""
    doc = child.doc
    left = child.left_edge.i
    if left == 0 or doc[left - 1].text not in {",", "—", "–", "--", "-"}:
        return False
    if doc[left - 1].text in {"-", "--"} and not (
        doc[left - 1].whitespace_ and left > 1 and doc[left - 2].whitespace_
    ):
        return False  # a hyphen inside a word ("re-evaluating"), not a dash
    if child.dep_ == "advcl":
        return doc[left].lower_ in ASIDE_MARKS or (left == child.i and child.tag_ == "VBG")
    if child.dep_ == "relcl":
        return doc[left].lower_ in {"when", "where"}
    return child.dep_ == "acl" and child.tag_ == "VBN" and left == child.i


def trimmed(span: Span) -> Span | None:
    """Without punctuation, spaces and joining words at either edge."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].is_punct or doc[start].is_space or doc[start].dep_ == "cc"):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end] if end > start else None
