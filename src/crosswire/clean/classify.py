"""Label every block of a text dump: title, dek, byline, date, heading, body, caption or clutter.

Signals that generalise to outlets never seen: lexical cues (`cues.py`), block shape (length,
sentence punctuation, stop-word and reader-address density), position (header, main text, tail),
and repetition across documents (`repetition.py`). The main text is the run of blocks with the
highest score, prose counting for it and clutter against it (as in body-text extraction).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from crosswire.clean.blocks import Segment, Shape, measure
from crosswire.clean.cues import BYLINE, DATE_LINE, Cue, cue_hits
from crosswire.clean.dates import find_date
from crosswire.clean.metadata import byline_names, name_like
from crosswire.lexicon import STOPWORDS
from crosswire.records import KEPT_KINDS, Block, BlockKind

# Tuned on the seed articles and the fundus-evaluation text dumps (benchmarks/extraction.py).
STRONG_CUE_MAX_WORDS = 40  # a strong cue in a longer paragraph needs a second cue or reader address
WEAK_CUE_MAX_WORDS = 15
EDGE_CHARS = 160  # of a long paragraph, the head and tail searched for cues
READER_ADDRESS = 0.05  # share of you/we/our words, outside quotes, that marks the outlet's voice
HEADING_MAX_WORDS = 20
CAPS_TEASER_WORDS = 6  # an all-capitals line this long inside a text is a link, not a heading
TEASER_SUMMARY_WORDS = 40
TEASER_MIN_PAIRS = 3
LEAD_WORDS = 60  # content words of the lead paragraphs a headline is compared with
TITLE_MAX_WORDS = 24  # longer lines under a headline are deks or paragraphs
OWN_HEADLINE_WORDS = 2  # words a repeated headline shares with the lead to be this one's
STEM_CHARS = 4  # ...compared by their first letters
REPEAT_MAX_WORDS = 40  # a short block contained in an earlier one is a caption or pull quote
META_PENALTY = 60.0  # header lines (byline, date, repeated title) the main text does not span
CLUTTER_PENALTY = 10.0


@dataclass(slots=True)
class Verdict:
    kind: BlockKind
    label: str
    reason: str

    @property
    def kept(self) -> bool:
        return self.kind in KEPT_KINDS


@dataclass(slots=True)
class Header:
    """What the header and tail lines of a page say about the article."""

    title: str | None = None
    dek: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    updated: str | None = None


def norm_key(text: str) -> str:
    """Text folded for comparing blocks: its words, lower case."""
    return measure(text)[1]


def match_cue(text: str, sh: Shape, position: float, after_name: bool) -> tuple[Cue, str] | None:
    """The clutter cue that applies to a block, with the words that matched."""
    if sh.words > STRONG_CUE_MAX_WORDS and sh.reader_density < READER_ADDRESS:
        # A long paragraph in the report's own voice: only cues at its edges can mark it
        # ("*No charge for 4 weeks ... Cancel any time."); skip scanning its middle.
        text = f"{text[:EDGE_CHARS]} … {text[-EDGE_CHARS:]}" if len(text) > 3 * EDGE_CHARS else text
    voiced = sh.reader_density >= READER_ADDRESS
    weak_can_apply = sh.words <= WEAK_CUE_MAX_WORDS or (voiced and sh.words <= 80)
    hits = cue_hits(text, strong_only=not weak_can_apply)
    if not hits:
        return None
    for cue, words in hits:
        if cue.kind == "bio" and not (after_name or position >= 0.75):
            continue
        if cue.strong and (sh.words <= STRONG_CUE_MAX_WORDS or voiced or len(hits) > 1):
            return cue, words
        if not cue.strong and (sh.words <= WEAK_CUE_MAX_WORDS or (voiced and sh.words <= 80)):
            return cue, words
    return None


def classify(
    segs: Sequence[Segment],
    known_title: str | None = None,
    boilerplate: frozenset[str] = frozenset(),
    extracted: bool = False,
    measured: Sequence[tuple[Shape, str]] | None = None,
) -> tuple[list[Block], Header]:
    """Label each segment. `boilerplate` holds `norm_key`s of blocks found to recur across
    unrelated documents. `extracted` says the text is already an extractor's choice of main text
    (HTML through trafilatura): then only cues, repetition and header lines remove blocks."""
    measured = measured if measured is not None else [measure(s.text) for s in segs]
    shapes = [m[0] for m in measured]
    keys = [m[1] for m in measured]
    header = Header()
    verdicts: list[Verdict | None] = [None] * len(segs)
    _mark_repeats_and_cues(segs, shapes, keys, boilerplate, verdicts)
    _mark_dates_and_bylines(segs, shapes, verdicts, header)
    title_at = _find_title(segs, shapes, keys, verdicts, known_title, header)
    if not extracted:
        _mark_teasers(segs, shapes, keys, verdicts)
    start, end = (0, len(segs) - 1) if extracted else main_text(shapes, verdicts)
    _mark_dek(segs, shapes, verdicts, title_at, start, header)
    _mark_main_text(segs, shapes, keys, verdicts, start, end, extracted)
    blocks = [
        Block(i, s.text, s.start, s.end, v.kind, v.label, v.reason)
        for i, (s, v) in enumerate(zip(segs, verdicts, strict=True))
        if v is not None
    ]
    return blocks, header


def _mark_repeats_and_cues(
    segs: Sequence[Segment],
    shapes: list[Shape],
    keys: list[str],
    boilerplate: frozenset[str],
    verdicts: list[Verdict | None],
) -> None:
    n = max(1, len(segs))
    names = tuple(
        s.text.strip() + " "
        for s, sh in zip(segs, shapes, strict=True)
        if sh.words <= 4 and name_like(s.text)
    )
    found: list[tuple[Cue, str] | None] = []
    for i, (seg, sh) in enumerate(zip(segs, shapes, strict=True)):
        after_name = (i > 0 and name_like(segs[i - 1].text)) or seg.text.startswith(names)
        found.append(match_cue(seg.text, sh, i / n, after_name))
    plain = [  # the article's own running text, as far as it can be told yet
        s.text.lower()
        for s, f, sh in zip(segs, found, shapes, strict=True)
        if f is None and sh.prose
    ]
    for i, (cue_words, sh) in enumerate(zip(found, shapes, strict=True)):
        if keys[i] in boilerplate:
            verdicts[i] = Verdict("clutter", "boilerplate", "recurs across unrelated articles")
        elif cue_words and (cue_words[0].strong or not _topical(cue_words[1], plain)):
            cue, words = cue_words
            kind: BlockKind = "caption" if cue.kind == "caption" else "clutter"
            verdicts[i] = Verdict(kind, cue.kind, f"{cue.kind} wording: “{words.strip()}”")
        elif sh.words == 0:
            verdicts[i] = Verdict("clutter", "symbols", "no words")


def _topical(words: str, plain: Sequence[str]) -> bool:
    """Whether the words a weak cue matched are the article's own topic: its paragraphs of
    running text with no cue use them too ("'Debate needed' on donations cap" over a report on
    party donations)."""
    found = re.compile(r"\b" + re.escape(words.strip().lower()) + r"\b")
    return any(found.search(text) for text in plain)


def _mark_dates_and_bylines(
    segs: Sequence[Segment], shapes: list[Shape], verdicts: list[Verdict | None], header: Header
) -> None:
    for i, seg in enumerate(segs):
        text = seg.text
        if shapes[i].words <= 14 and (date := _date_line(text)):
            role, iso = date
            verdicts[i] = Verdict("dateline", role, f"{role} date line")
            if role == "updated":
                header.updated = header.updated or iso
            else:
                header.published = header.published or iso
            if m := BYLINE.match(text):  # "by Jane Doe Feb. 28, 2024 10:20 pm"
                header.authors.extend(byline_names(m["name"]))
        elif (m := BYLINE.match(text)) and shapes[i].words <= 12:
            verdicts[i] = Verdict("byline", "byline", "byline")
            header.authors.append(m["name"].strip())
    for i, seg in enumerate(segs):
        if verdicts[i] is None and name_like(seg.text) and _near_header_line(i, segs, verdicts):
            verdicts[i] = Verdict("byline", "byline", "author's name beside a date or bio")
            header.authors.append(seg.text.strip().rstrip("."))


def _date_line(text: str) -> tuple[str, str] | None:
    label = DATE_LINE.match(text)
    iso = find_date(text)
    if iso is None:
        return None
    if label is None and len(re.sub(r"[\W\d]", "", text)) > 25:
        return None
    word = label.group(1).lower() if label else "published"
    return ("updated" if "updat" in word or "modif" in word else "published"), iso


def _near_header_line(i: int, segs: Sequence[Segment], verdicts: list[Verdict | None]) -> bool:
    for j in (i - 2, i - 1, i + 1, i + 2):
        if 0 <= j < len(segs):
            v = verdicts[j]
            if v is not None and (v.kind == "dateline" or v.label == "bio"):
                return True
            if j == i + 1 and segs[j].text.startswith(segs[i].text.strip() + " "):
                return True  # "Jane Doe" followed by "Jane Doe is a reporter..."
    return False


def _find_title(
    segs: Sequence[Segment],
    shapes: list[Shape],
    keys: list[str],
    verdicts: list[Verdict | None],
    known: str | None,
    header: Header,
) -> int | None:
    at = None
    if known:
        header.title = known
        key = norm_key(known)
        at = next((i for i, k in enumerate(keys) if k == key and verdicts[i] is None), None)
    else:
        start, _ = main_text(shapes, verdicts)
        last = start if start < len(segs) and not shapes[start].prose else start - 1
        lead = _lead_words(keys, shapes, start)
        candidates = [
            i
            for i in range(last + 1)
            if _headline_like(segs[i].text, shapes[i])
            and (verdicts[i] is None or _own_teaser(verdicts[i], keys[i], lead))
        ]
        if candidates:
            at = _best_headline(candidates, keys, lead)
            if at - 1 in candidates and shapes[at - 1].words < shapes[at].words:
                at -= 1  # a headline and its standfirst, one under the other
            header.title = segs[at].text
    if header.title:
        key = norm_key(header.title)
        for i, k in enumerate(keys):
            if k == key:
                is_title = i == at
                verdicts[i] = Verdict(
                    "title" if is_title else "clutter",
                    "title" if is_title else "repeated-title",
                    "headline" if is_title else "headline repeated",
                )
    return at


def _best_headline(candidates: list[int], keys: list[str], lead: set[str]) -> int:
    """The candidate sharing most words with the lead paragraphs (a related-story teaser shares
    fewer); the nearest one to the text when none shares any."""
    if len(candidates) == 1:
        return candidates[0]
    scored = [(len(_content_words(keys[i]) & lead), i) for i in candidates]
    best = max(scored)
    return best[1] if best[0] > 0 else candidates[-1]


def _lead_words(keys: list[str], shapes: list[Shape], start: int) -> set[str]:
    """Content words of the lead paragraphs (the first LEAD_WORDS of the main text's prose)."""
    lead: set[str] = set()
    for i in range(start, len(keys)):
        if shapes[i].prose:
            lead.update(_content_words(keys[i]))
            if len(lead) >= LEAD_WORDS:
                break
    return lead


def _own_teaser(verdict: Verdict | None, key: str, lead: set[str]) -> bool:
    """A headline the batch's other pages print as a teaser (so it recurs, and was taken for
    boilerplate) that is this article's own: it shares words with this article's lead."""
    stems = {w[:STEM_CHARS] for w in lead}  # "falls" in a headline, "fallen" in the lead
    shared = {w[:STEM_CHARS] for w in _content_words(key)} & stems
    return (
        verdict is not None and verdict.label == "boilerplate" and len(shared) >= OWN_HEADLINE_WORDS
    )


def _content_words(key: str) -> set[str]:
    return {w for w in key.split() if len(w) > 2 and w not in STOPWORDS}


def _mark_teasers(
    segs: Sequence[Segment], shapes: list[Shape], keys: list[str], verdicts: list[Verdict | None]
) -> None:
    """Links to other stories: headlines printed twice on the page, headlines in capitals inside
    the text, and lists of headline-and-summary pairs."""
    counts = Counter(keys)
    for i, seg in enumerate(segs):
        if verdicts[i] is not None or not _headline_like(seg.text, shapes[i]) or shapes[i].prose:
            continue
        if counts[keys[i]] > 1:
            verdicts[i] = Verdict("clutter", "teaser", "headline repeated on the page (a link)")
        elif shapes[i].words >= CAPS_TEASER_WORDS and seg.text.upper() == seg.text:
            verdicts[i] = Verdict("clutter", "teaser", "headline in capitals (a link)")
    for run in _teaser_runs(segs, shapes, verdicts):
        for i in run:
            verdicts[i] = Verdict("clutter", "teaser", "list of headlines with summaries")


def _teaser_runs(
    segs: Sequence[Segment], shapes: list[Shape], verdicts: list[Verdict | None]
) -> list[list[int]]:
    """Runs of three or more headline + one-sentence summary pairs (an author or date line may
    follow each)."""
    runs: list[list[int]] = []
    i, current, pairs = 0, [], 0
    while i + 1 < len(segs):
        head, summary = shapes[i], shapes[i + 1]
        is_pair = (
            verdicts[i] is None
            and verdicts[i + 1] is None
            and _headline_like(segs[i].text, head)
            and not head.prose
            and (summary.sentence or summary.prose)
            and summary.words <= TEASER_SUMMARY_WORDS
        )
        if is_pair:
            current += [i, i + 1]
            pairs += 1
            i += 2
            while i < len(segs) and verdicts[i] is not None and verdicts[i].kind == "byline":  # type: ignore[union-attr]
                i += 1
            continue
        if pairs >= TEASER_MIN_PAIRS:
            runs.append(current)
        current, pairs = [], 0
        i += 1
    if pairs >= TEASER_MIN_PAIRS:
        runs.append(current)
    return runs


def _headline_like(text: str, sh: Shape) -> bool:
    ending = text.rstrip("\"”’'»)")
    finished = ending.endswith((".", ",")) and not ending.endswith(("...", "…"))
    return 3 <= sh.words <= TITLE_MAX_WORDS and not finished


def block_score(sh: Shape, verdict: Verdict | None) -> float:
    """What a block adds to the main text's score: prose for, clutter and header lines against."""
    if verdict is not None:
        if verdict.kind in ("dateline", "byline", "title") or verdict.label == "repeated-title":
            return -META_PENALTY
        return -(CLUTTER_PENALTY + sh.words)
    if sh.prose:
        return float(sh.words)
    if sh.sentence or sh.starts_quote:
        return sh.words * 0.5
    if sh.lead_in or sh.point:
        return 0.0
    return -(2.0 + sh.words * 0.5)


def main_text(shapes: Sequence[Shape], verdicts: Sequence[Verdict | None]) -> tuple[int, int]:
    """First and last index (inclusive) of the highest-scoring run of blocks (Kadane)."""
    best, best_span = 0.0, (0, -1)
    total, start = 0.0, 0
    for i, (sh, v) in enumerate(zip(shapes, verdicts, strict=True)):
        if total <= 0:
            total, start = 0.0, i
        total += block_score(sh, v)
        if total > best:
            best, best_span = total, (start, i)
    return best_span


def _mark_dek(
    segs: Sequence[Segment],
    shapes: list[Shape],
    verdicts: list[Verdict | None],
    title_at: int | None,
    start: int,
    header: Header,
) -> None:
    """The standfirst: the paragraph under the headline, before the header lines or without a
    full stop of its own."""
    if title_at is None:
        return
    for i in range(title_at + 1, min(len(segs), title_at + 6)):
        v, sh = verdicts[i], shapes[i]
        if v is not None:
            continue
        before_text = i < start
        unfinished = not sh.terminal and sh.words >= 8 and not sh.lead_in
        if sh.words >= 8 and (before_text or unfinished):
            verdicts[i] = Verdict("dek", "dek", "standfirst under the headline")
            header.dek = segs[i].text
        return


def _mark_main_text(
    segs: Sequence[Segment],
    shapes: list[Shape],
    keys: list[str],
    verdicts: list[Verdict | None],
    start: int,
    end: int,
    extracted: bool,
) -> None:
    for i, sh in enumerate(shapes):
        if verdicts[i] is not None:
            continue
        if _repeats_header(i, keys, sh, verdicts):
            verdicts[i] = Verdict("clutter", "repeated", "repeats an earlier paragraph (caption)")
        elif not start <= i <= end:
            where = "before" if i < start else "after"
            label = "navigation" if not sh.prose else "outside-text"
            verdicts[i] = Verdict("clutter", label, f"{where} the article's main text")
        else:
            verdicts[i] = _inside(i, segs, shapes, verdicts)
            if extracted and verdicts[i].kind == "clutter":  # type: ignore[union-attr]
                verdicts[i] = Verdict("body", "body", "line of the extracted main text")


def _repeats_header(i: int, keys: list[str], sh: Shape, verdicts: list[Verdict | None]) -> bool:
    """A short block that repeats part of the headline, dek or a removed block: a caption or
    pull quote. (A quote the article itself prints twice stays: that is the outlet's text.)"""
    key = keys[i]
    if not key or sh.words > REPEAT_MAX_WORDS or sh.words < 4:
        return False
    return any(
        key in keys[j] and len(keys[j]) > len(key) and (v := verdicts[j]) is not None and not v.kept
        for j in range(max(0, i - 30), i)
    )


def _inside(
    i: int, segs: Sequence[Segment], shapes: list[Shape], verdicts: list[Verdict | None]
) -> Verdict:
    sh = shapes[i]
    nxt = _next_open(i, segs, verdicts)
    quoted_heading = sh.starts_quote and not sh.terminal and _heading_like(segs[i].text, sh)
    if quoted_heading and nxt is not None and _paragraph(shapes[nxt]):
        return Verdict("heading", "heading", "subheading before a paragraph")
    if sh.prose or sh.starts_quote or sh.sentence:
        return Verdict("body", "body", "paragraph")
    if sh.lead_in and nxt is not None and shapes[nxt].starts_quote | shapes[nxt].prose:
        return Verdict("body", "body", "introduces the next paragraph")
    heading = _heading_like(segs[i].text, sh) and nxt is not None and _paragraph(shapes[nxt])
    if heading and not _in_short_run(i, shapes, verdicts):
        return Verdict("heading", "heading", "subheading before a paragraph")
    if sh.point:
        return Verdict("body", "body", "point of a list in the text")
    return Verdict("clutter", "navigation", "short line outside the paragraph flow")


def _next_open(i: int, segs: Sequence[Segment], verdicts: list[Verdict | None]) -> int | None:
    for j in range(i + 1, len(segs)):
        v = verdicts[j]
        if v is None or v.kind in ("body", "heading"):
            return j
    return None


def _paragraph(sh: Shape) -> bool:
    return sh.prose or sh.sentence or sh.starts_quote or (sh.lead_in and sh.words >= 2)


def _heading_like(text: str, sh: Shape) -> bool:
    first = text[:1]
    return (
        2 <= sh.words <= HEADING_MAX_WORDS
        and (first.isupper() or first.isdigit() or first in "\"“‘'")
        and not text.rstrip("\"”’'»)").endswith((".", ",", "!", "…"))
    )


def _in_short_run(i: int, shapes: list[Shape], verdicts: list[Verdict | None]) -> bool:
    """Part of three or more short lines in a row: a list of links, not a heading."""

    def short(j: int) -> bool:
        return 0 <= j < len(shapes) and not _paragraph(shapes[j]) and verdicts[j] is None

    return (
        (short(i - 1) and short(i - 2))
        or (short(i + 1) and short(i + 2))
        or (short(i - 1) and short(i + 1))
    )
