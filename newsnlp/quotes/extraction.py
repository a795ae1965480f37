"""Quotes and speakers from an article body: spans, attribution, entity resolution.

``extract_all(texts, nlp, gazetteer)`` runs the spaCy pipeline over the texts with
``nlp.pipe`` and returns one ``ArticleExtraction`` per text. Nothing here touches the
database; ``services.store_extraction`` writes the result.

The steps are modules of their own: ``spans`` (where quotations are), ``attribution`` (the
rules that find the words that speak), ``resolution`` (who those words refer to).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from spacy.language import Language
from spacy.tokens import Doc

from ..text.words import looks_like_heading
from .attribution import Attribution, QuoteAttributor
from .refinements import ALL, Refinement
from .reported import REPORTED
from .reporters import ReportedSpeech
from .resolution import Mention, SpeakerResolver
from .spans import (
    BLOCK,
    PARTIAL,
    QuoteSpan,
    classify_direct,
    find_block_quotes,
    find_direct_quotes,
    is_name_in_quotes,
    is_title,
)
from .speakers import PERSON, Entity, Gazetteer
from .vocabulary import TERM_RULE


@dataclass(frozen=True)
class ExtractedQuote:
    start: int
    end: int
    text: str
    kind: str
    speaker: Entity | None
    rule: str
    cue: str
    confidence: float
    source: str = ""  # an unnamed source as described ("a senior adviser"), no speaker


@dataclass(frozen=True)
class ArticleExtraction:
    quotes: list[ExtractedQuote]  # words in quotation marks: direct, partial, block
    mentions: list[Mention]
    warnings: list[str] = field(default_factory=list)
    reported: list[ExtractedQuote] = field(default_factory=list)  # kind "reported"

    @property
    def statements(self) -> list[ExtractedQuote]:
        """Quotes and reported statements together, in the order of the text."""
        return sorted([*self.quotes, *self.reported], key=lambda q: (q.start, -q.end))

    @property
    def people(self) -> list[Entity]:
        by_name = {m.person.name: m.person for m in self.mentions}
        for quote in self.statements:
            if quote.speaker:
                by_name.setdefault(quote.speaker.name, quote.speaker)
        return list(by_name.values())


def extract_all(
    texts: Iterable[str],
    nlp: Language,
    gazetteer: Gazetteer,
    batch_size: int = 16,
    leads: Iterable[str] | None = None,
) -> list[ArticleExtraction]:
    """Extract quotes and people from each text, parsing them in ``nlp.pipe`` batches.
    ``leads``: each text's title and standfirst, read for who is who (never for quotes)."""
    docs = nlp.pipe(texts, batch_size=batch_size)
    if leads is None:
        return [extract_from_doc(doc, gazetteer) for doc in docs]
    lead_docs = nlp.pipe(leads, batch_size=batch_size)
    return [
        extract_from_doc(doc, gazetteer, lead=lead if lead.text.strip() else None)
        for doc, lead in zip(docs, lead_docs, strict=True)
    ]


def extract_from_doc(
    doc: Doc,
    gazetteer: Gazetteer,
    refinements: frozenset[Refinement] = ALL,
    lead: Doc | None = None,
) -> ArticleExtraction:
    """``refinements``: all of them, unless a benchmark measures what one changes; ``lead``:
    the parsed title and standfirst, whose people descriptions may name."""
    return _ArticleExtractor(doc, gazetteer, refinements, lead).run()


class _ArticleExtractor:
    def __init__(
        self,
        doc: Doc,
        gazetteer: Gazetteer,
        refinements: frozenset[Refinement],
        lead: Doc | None = None,
    ) -> None:
        self.body = doc.text
        repair = Refinement.MALFORMED_MARKS in refinements
        self.direct_spans = find_direct_quotes(self.body, repair_marks=repair)
        self.attributed: list = []
        gazetteer = gazetteer.for_text(self.body)
        self.resolver = SpeakerResolver(
            doc, gazetteer, self.direct_spans, self.attributed, refinements, lead
        )
        self.attributor = QuoteAttributor(doc, self.resolver)
        self.reporter = ReportedSpeech(doc, self.attributor, self.direct_spans)
        self.warnings: list[str] = []

    def run(self) -> ArticleExtraction:
        blocks = find_block_quotes(self.body)
        spans = [(span, None) for span in self.direct_spans]
        spans += [(span, intro) for span, intro in blocks]
        spans.sort(key=lambda item: (item[0].start, -item[0].end))
        quotes = []
        for span, intro in spans:
            if not span.closed:
                self.warnings.append(f"quotation mark at {span.outer_start} is never closed")
            extracted = self._quote(span, intro)
            if extracted:
                quotes.append(extracted)
        reported = [
            self._extracted(statement.start, statement.end, REPORTED, attribution)
            for statement, attribution in self.reporter.attributed()
        ]
        return ArticleExtraction(quotes, self.resolver.mentions(), self.warnings, reported)

    def _is_term(self, span: QuoteSpan, text: str, attribution: Attribution) -> bool:
        """``is_term``, reading the parse only for the few quotes short enough to be one."""
        if len(text.split()) > MAX_TERM_WORDS:
            return False
        heading = looks_like_heading(text) and self._alone(span)
        return is_term(text, attribution, self.attributor.is_attributive(span), heading)

    def _alone(self, span: QuoteSpan) -> bool:
        """The quotation is its paragraph's whole text."""
        before = self.body.rfind("\n\n", 0, span.outer_start)
        after = self.body.find("\n\n", span.outer_end)
        paragraph = self.body[before + 2 if before >= 0 else 0 : after if after >= 0 else None]
        return paragraph.strip() == self.body[span.outer_start : span.outer_end].strip()

    def _quote(self, span: QuoteSpan, intro) -> ExtractedQuote | None:
        text = span.text_in(self.body)
        if span.kind == BLOCK:
            attribution = self.attributor.attribute_block(intro)
            kind = BLOCK
        else:
            if is_title(self.body, span) or is_name_in_quotes(text):
                return None
            sentence = self.attributor.sentence_at(span.outer_start)
            kind = classify_direct(self.body, span, sentence.start_char, sentence.end_char)
            attribution = self.attributor.attribute(span, kind)
            if attribution.rule == "headline":
                return None
            if kind == PARTIAL and len(text.split()) <= 1 and attribution.rule != "speech-verb":
                return None  # a single word in scare quotes
            if self._is_term(span, text, attribution):
                attribution = Attribution(None, TERM_RULE, attribution.cue, 0.0)
        self.attributed.append((span, attribution))
        return self._extracted(span.start, span.end, kind, attribution)

    def _extracted(
        self, start: int, end: int, kind: str, attribution: Attribution
    ) -> ExtractedQuote:
        """The record of a quote or a reported statement, its speaker as the article
        describes them; an unnamed source keeps its description."""
        return self._with_description(
            ExtractedQuote(
                start=start,
                end=end,
                text=self.body[start:end],
                kind=kind,
                speaker=attribution.speaker,
                rule=attribution.rule,
                cue=attribution.cue,
                confidence=attribution.confidence,
                source=attribution.source if attribution.speaker is None else "",
            )
        )

    def _with_description(self, quote: ExtractedQuote) -> ExtractedQuote:
        """The speaker as the article describes them ("a fellow at …"), where it does."""
        speaker = quote.speaker
        if speaker and speaker.kind == PERSON and speaker.name in self.resolver.descriptions:
            described = Entity(
                speaker.name, PERSON, self.resolver.descriptions[speaker.name], speaker.aliases
            )
            return replace(quote, speaker=described)
        return quote


MAX_TERM_WORDS = 4


def is_term(text: str, attribution: Attribution, attributive: bool, heading: bool) -> bool:
    """A short phrase in quotation marks that nobody is reported as saying: a label inside
    a noun phrase (their “no limits” partnership, the so-called “peace dividend”), or a
    quoted subheading. Kept as a term, without a speaker."""
    if len(text.split()) > MAX_TERM_WORDS or attribution.rule in {"speech-verb", "according-to"}:
        return False
    return attributive or heading
