"""Outlets, articles, speakers, quotes and themes.

Every offset (quotes here, annotations in their app) is a code-point index into the body.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.text import slugify

from infrastructure.validators import validate_visible_name
from newsnlp.quotes import vocabulary
from newsnlp.quotes.vocabulary import TERM_RULE, LabelledEnum, joint_name_parts, normalise_alias


def choices_of(enum: type[LabelledEnum]) -> type[models.TextChoices]:
    """Django's choices for one of the engine's enums: same names, values and labels."""
    return models.TextChoices(enum.__name__, [(m.name, (m.value, m.label)) for m in enum])


SpeakerKind = choices_of(vocabulary.SpeakerKind)
QuoteKind = choices_of(vocabulary.QuoteKind)
AttributionStatus = choices_of(vocabulary.AttributionStatus)

HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
DEFAULT_THEME_COLOUR = "#ffd54f"
# Colours a new theme gets, in turn: light, distinct from each other and from the default
# yellow of an untagged highlight, each readable behind black text (WCAG AA or better).
THEME_PALETTE = [
    "#8dd3c7", "#bebada", "#fb8072", "#80b1d3", "#fdb462", "#b3de69", "#fccde5",
    "#bc80bd", "#ccebc5", "#a6cee3", "#b2df8a", "#fb9a99", "#cab2d6", "#d9d9d9",
]  # fmt: skip


def next_theme_colour() -> str:
    """The palette colour fewest themes have (the first such), for a theme created now."""
    used = [colour.lower() for colour in Theme.objects.values_list("colour", flat=True)]
    return min(THEME_PALETTE, key=lambda colour: (used.count(colour), THEME_PALETTE.index(colour)))


def content_hash_of(body: str) -> str:
    """Hash of an article's cleaned text: the same text twice is one article."""
    normalised = " ".join(unicodedata.normalize("NFC", body).split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def unique_slug(model: type[models.Model], text: str, max_length: int = 80) -> str:
    """A slug for ``text`` not yet used by ``model`` (adds -2, -3 … when needed)."""
    base = slugify(text)[:max_length].strip("-") or "item"
    slug, counter = base, 2
    while model._default_manager.filter(slug=slug).exists():
        suffix = f"-{counter}"
        slug = f"{base[: max_length - len(suffix)]}{suffix}"
        counter += 1
    return slug


class Outlet(models.Model):
    name = models.CharField(max_length=200, unique=True, validators=[validate_visible_name])
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    homepage = models.URLField(blank=True)
    country = models.CharField(max_length=100, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Outlet, self.name)
        super().save(*args, **kwargs)


class Article(models.Model):
    outlet = models.ForeignKey(
        Outlet,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text="Left empty when the outlet is not known for certain.",
    )
    title = models.CharField(max_length=500, blank=True)
    subtitle = models.TextField(blank=True)
    byline = models.CharField(max_length=300, blank=True)
    published = models.DateField(null=True, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    source_name = models.CharField(
        max_length=500, db_index=True, help_text="The file or upload the text came from."
    )
    body = models.TextField(help_text="The cleaned text; every offset points into it.")
    raw = models.TextField(help_text="The text as received.")
    # What cleaning left out of the body ({"text", "rule", "before", "prefix"} per line, see
    # newsnlp.pages.cleaning.Removal) and the lines an admin put back ("keep in the body"),
    # which a later re-import keeps in the body too.
    removed_lines = models.JSONField(default=list, blank=True, editable=False)
    kept_lines = models.JSONField(default=list, blank=True, editable=False)
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    word_count = models.PositiveIntegerField(default=0, editable=False)
    extracted_hash = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="content_hash when quotes were last extracted.",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = [F("published").desc(nulls_last=True), "source_name", "pk"]
        # On PostgreSQL migration 0005 also adds an index in reading order (SQLite cannot).
        indexes = [models.Index(fields=["published"])]

    def __str__(self) -> str:
        return self.display_title

    def save(self, *args, **kwargs) -> None:
        self.content_hash = content_hash_of(self.body)
        self.word_count = len(self.body.split())
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("annotations:reader", args=[self.pk])

    @property
    def display_title(self) -> str:
        """The headline, or — when the source had none — the opening words, marked as such."""
        if self.title:
            return self.title
        if self.subtitle:
            source = self.subtitle
        elif "body" in self.get_deferred_fields():
            source = self.__dict__.get("opening") or ""  # see queries.articles_without_text
        else:
            source = self.body
        words = source.split()
        opening = " ".join(words[:12]) + ("…" if len(words) > 12 else "")
        return f"[Untitled] {opening}" if opening else f"[Untitled] {self.source_name}"


class Person(models.Model):
    Kind = SpeakerKind

    name = models.CharField(max_length=200, validators=[validate_visible_name])
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PERSON)
    description = models.TextField(
        blank=True, help_text='E.g. "a fellow at the Carnegie Russia Eurasia Center".'
    )
    # A joint speaker ("Xi Jinping and Vladimir Putin", "China and Russia") and who it joins:
    # choosing one member in the quote browser also finds what they said together.
    members = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="joint_speakers"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "speaker"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Person, self.name)
        super().save(*args, **kwargs)

    def display_kind(self) -> str:
        """What the speaker is, for pages: a joint speaker as joint ("Joint: 2 people"), not
        as the kind stored for it; else its kind. Reads the counts ``queries.speaker_list``
        annotates, else its members (prefetch them)."""
        members = getattr(self, "member_count", None)
        people = getattr(self, "person_member_count", None)
        if members is None:
            kinds = [member.kind for member in self.members.all()]
            members, people = len(kinds), kinds.count(self.Kind.PERSON)
        if members < 2:
            return self.get_kind_display()
        return f"Joint: {members} people" if people == members else f"Joint: {members} speakers"

    def link_members(self) -> list[Person]:
        """For a name joining two or more known speakers ("A and B", "A, B and C"), make
        them its members; returns them (none for a single speaker or unknown parts)."""
        keys = [normalise_alias(part) for part in joint_name_parts(self.name)]
        if len(keys) < 2:
            return []
        aliases = PersonAlias.objects.select_related("person").filter(normalised__in=keys)
        found = {alias.normalised: alias.person for alias in aliases}
        members = [found[key] for key in keys if key in found and found[key].pk != self.pk]
        if len(members) == len(keys):
            self.members.add(*members)
            return members
        return []


class PersonAlias(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=200, validators=[validate_visible_name])
    normalised = models.CharField(max_length=200, unique=True, editable=False)

    class Meta:
        ordering = ["alias"]
        verbose_name_plural = "person aliases"

    def __str__(self) -> str:
        return self.alias

    def save(self, *args, **kwargs) -> None:
        self.normalised = normalise_alias(self.alias)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        limit = self._meta.get_field("normalised").max_length
        if len(normalise_alias(self.alias)) > limit:
            raise ValidationError(
                {"alias": f"Too long once spelled out for matching (over {limit} characters)."}
            )


class Mention(models.Model):
    """Where an article names a person (offsets into ``Article.body``)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="mentions")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.CharField(max_length=200)

    class Meta:
        ordering = ["article", "start"]
        constraints = [
            models.UniqueConstraint(fields=["article", "start", "end"], name="unique_mention"),
        ]

    def __str__(self) -> str:
        return f"{self.text} in {self.article_id}"


class Quote(models.Model):
    Kind = QuoteKind
    Attribution = AttributionStatus

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    speaker = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quotes",
        help_text="Empty when no rule could attribute the quote with confidence.",
    )
    text = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.DIRECT)
    cue = models.CharField(max_length=100, blank=True, help_text="The attributing verb or phrase.")
    rule = models.CharField(max_length=50, blank=True, help_text="The rule that attributed it.")
    confidence = models.FloatField(default=0.0)
    source = models.CharField(
        max_length=200,
        blank=True,
        help_text="An unnamed source as the article describes it (“a senior adviser”), "
        "when no speaker is named.",
    )

    verified = models.BooleanField(default=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="verified_quotes",
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Goes up with every editor's correction."
    )
    orphaned = models.BooleanField(
        default=False, help_text="Its words are not in the article's current text."
    )

    class Meta:
        ordering = ["article", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("end")),
                name="quote_start_before_end",
                violation_error_message="A quote must start before it ends.",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def attribution(self) -> str:
        """Attributed (a speaker), an unnamed source (described, not named), a term (a label
        nobody says), or unattributed."""
        if self.speaker_id is not None:
            return AttributionStatus.ATTRIBUTED
        if self.source:
            return AttributionStatus.UNNAMED
        return AttributionStatus.TERM if self.rule == TERM_RULE else AttributionStatus.UNATTRIBUTED


class Theme(models.Model):
    name = models.CharField(max_length=100, unique=True, validators=[validate_visible_name])
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    colour = models.CharField(
        max_length=7,
        default=DEFAULT_THEME_COLOUR,
        validators=[RegexValidator(f"^{HEX_COLOUR.pattern}$", "Use a colour such as #1f77b4.")],
    )
    description = models.TextField(blank=True)
    lexicon = models.TextField(
        blank=True,
        help_text="Terms and phrases that suggest this theme, one per line (case does not "
        "matter). Sentences containing one are suggested to editors on the compare page.",
    )
    # The codebook a coding round shows its coders beside the form (issue 32).
    examples = models.TextField(
        blank=True, help_text="A few short passages that belong to the theme, one per line."
    )
    counter_example = models.TextField(
        blank=True, help_text="A passage that looks close but does not belong."
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            # "Arctic" and "arctic" are one theme, however many editors create it at once.
            models.UniqueConstraint(
                Lower("name"),
                name="unique_theme_name_any_case",
                violation_error_message="There is already a theme of this name (in any case).",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # The colour is written into CSS on every page: refuse anything but #rrggbb.
        if not HEX_COLOUR.fullmatch(self.colour or ""):
            raise ValueError(f"Theme colour {self.colour!r} is not a #rrggbb value.")
        if not self.slug:
            self.slug = unique_slug(Theme, self.name)
        super().save(*args, **kwargs)

    def lexicon_terms(self) -> list[str]:
        lines = (" ".join(line.split()) for line in self.lexicon.splitlines())
        return sorted({line for line in lines if line})

    @property
    def css_colour(self) -> str:
        """The colour for a style attribute or sheet: never anything but #rrggbb."""
        return self.colour if HEX_COLOUR.fullmatch(self.colour or "") else DEFAULT_THEME_COLOUR


# The import batches' models live with the ingest stage, the change history's in audit.py;
# imported here so Django finds them.
from .audit import Change  # noqa: E402
from .ingest.models import ImportBatch, ImportDocument  # noqa: E402

__all__ = ["Change", "ImportBatch", "ImportDocument"]
