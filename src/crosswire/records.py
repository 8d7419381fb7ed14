"""Every record that flows between crosswire's stages, in one place.

Records are frozen: a stage that derives something makes a new record. Every record that reaches a
report points back to its article and, for text, to a character span of that article.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

InputFormat = Literal["text", "html"]  # what `RawDocument.content` holds

BlockKind = Literal[
    "title",  # the headline
    "dek",  # standfirst under the headline
    "heading",  # an in-text subheading (kept in the body)
    "body",  # a paragraph of the article (kept in the body)
    "byline",  # author line
    "dateline",  # publication/update date line
    "caption",  # photo caption or credit
    "clutter",  # everything else: paywalls, teasers, appeals, navigation...
]

KEPT_KINDS: frozenset[str] = frozenset({"heading", "body"})


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One article as read from an input, before cleaning.

    `content` is decoded, normalised text (or HTML for `format == "html"`); `metadata` holds what
    the input itself stated (a JSONL record's `title`, `outlet`, `published`, `author`).
    """

    id: str
    source: str
    format: InputFormat
    content: str
    sha256: str
    url: str | None = None
    metadata: Mapping[str, str] = field(default_factory=dict)


class Block(NamedTuple):
    """A paragraph-sized piece of an article's source text and what the cleaner made of it (a
    named tuple, as `Passage` is: a store's every article's blocks are read back each run).

    `start`/`end` are character offsets into the cleaned source text the block came from. `label` is
    the finer kind of clutter ("paywall", "teaser", ...) or, for kept blocks, the kind again.
    """

    index: int  # type: ignore[assignment]  # (shadows tuple.index: never used on a block)
    text: str
    start: int
    end: int
    kind: BlockKind
    label: str
    reason: str

    @property
    def kept(self) -> bool:
        return self.kind in KEPT_KINDS


@dataclass(frozen=True, slots=True)
class Removed:
    """A block the cleaner took out of the body, with its kind and why."""

    text: str
    kind: str
    reason: str


@dataclass(frozen=True, slots=True)
class Metadata:
    """What the cleaner found out about an article besides its text. Dates are ISO 8601."""

    title: str | None = None
    dek: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    updated: str | None = None
    dateline: str | None = None
    wire: str | None = None
    credits: tuple[str, ...] = ()
    url: str | None = None
    language: str = "en"


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article: its body (paragraphs and in-text headings joined by blank lines), its
    metadata, and every block of the source with the cleaner's verdict."""

    id: str
    source: str
    format: InputFormat
    sha256: str
    body: str
    meta: Metadata
    blocks: tuple[Block, ...]

    @property
    def removed(self) -> tuple[Removed, ...]:
        return tuple(
            Removed(b.text, b.label, b.reason) for b in self.blocks if b.kind not in KEPT_KINDS
        )

    @property
    def reference_date(self) -> str | None:
        """The date relative expressions in the article are read against."""
        return self.meta.published or self.meta.updated


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be used, as recorded and reported by a run."""

    source: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Span:
    """Words of an article's body: characters `start` to `end` of article `article`'s body, and
    the text there. Every record that points into a body (a mention, a time, a quantity, a
    quote, a sentence given as evidence) is one.

    >>> Span("a", 0, 5, "Putin").overlaps(Span("a", 3, 9, "in met"))
    True
    """

    article: str
    start: int
    end: int
    text: str

    def overlaps(self, other: Span) -> bool:
        """Whether the two share a character of one article's body."""
        return self.article == other.article and self.start < other.end and other.start < self.end


class Passage(NamedTuple):
    """Text two articles share: a span of each one's body (character offsets; the text is the
    first article's body from a_start to a_end, cut when shown, not held by every pair). A
    named tuple: a store's reuse pairs are read back by the hundred thousand each run, and a
    tuple is made several times faster than a frozen dataclass."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int

    @property
    def chars(self) -> int:
        return self.a_end - self.a_start


class Reuse(NamedTuple):
    """Two articles that share text, which one it likely came from, and why. A named tuple,
    as `Passage` is: every earlier pair of a store is read back each run."""

    a: str
    b: str
    passages: tuple[Passage, ...]
    origin: str | None
    evidence: str
    share_a: float  # share of a's body in the passages
    share_b: float

    @property
    def chars(self) -> int:
        return sum(p.chars for p in self.passages)


USER = "by user"  # how a user's split or merge is recorded: never undone by a run


@dataclass(frozen=True, slots=True)
class Membership:
    """Why an article is in its story."""

    article: str
    story: str
    how: str  # "started", "joined", "reuse", "pinned", "split", "merged", or "... by user"
    similarity: float  # average similarity to the story's articles it was compared with
    shared_names: tuple[str, ...]
    days_apart: int | None
    reason: str = ""  # for a move by re-clustering: from where, and why

    @property
    def fixed(self) -> bool:
        """A user's decision: no run moves it."""
        return self.how.endswith(USER)


@dataclass(frozen=True, slots=True)
class OutletShare:
    """What one outlet brings to a story: its articles, how many of them others copied (an
    origin of reuse), and the facts no other origin states (exclusives)."""

    outlet: str
    articles: int
    origin: int
    exclusives: int


@dataclass(frozen=True, slots=True)
class StoryHead:
    """A story as a list of stories shows it: headline, dates and counts."""

    story: str
    headline: str
    first: str | None
    last: str | None
    articles: int
    origins: int
    facts: int
    conflicts: int


@dataclass(frozen=True, slots=True)
class Published(StoryHead):
    """A story as a run published it for `crosswire serve`: its head (what the pages sort and
    filter by), its stories.json line, its outlets, and its facts' statements (searchable)."""

    line: str  # the story's stories.json line
    key: str  # what the line follows from (`engine.jobs.line_key`): unchanged key, same line
    outlets: tuple[OutletShare, ...]
    statements: tuple[tuple[str, str], ...]  # (fact id, statement)
