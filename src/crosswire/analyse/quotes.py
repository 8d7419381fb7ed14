"""Quotes and their speakers.

Direct quotes are found by their marks (curly or straight, double or single, « » and „ “); a quote
left open at the end of a paragraph runs to it, as multi-paragraph quotes do. Each quote's cue is
the speech verb next to it (`said, “…”`, `“…,” he added`, `called his “…”`), else the speech verb
of its sentence (`According to Mr Putin, … “…”`), else the speaker line before it (`He said,` on a
line of its own), else the quote it continues. The cue's subject is the speaker, resolved to an
entity of the story: a name, a role ("the Russian president"), or a pronoun read as the speaker or
subject just before. A short quote with no cue ("America First") is a scare quote, not a quote.
Indirect speech is taken where the cue is clear: `X said that …`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from crosswire.analyse.entities import Entities, Entity
from crosswire.analyse.nlp import Paragraph, Parsed
from crosswire.lexicon import alnum_words
from crosswire.records import Span as BodySpan

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

CUES = frozenset(
    """say says said saying tell tells told telling add adds added adding state states stated
    stating stress stresses stressed continue continued continues respond responded responds
    reply replied replies write wrote writes writing post posted posts posting tweet tweeted
    comment commented comments note noted notes noting pledge pledged pledging promise promised
    promising call called calling calls praise praised praising laud lauded lauding claim
    claimed claims claiming ask asked asks insist insisted insists warn warned warns warning
    explain explained explains announce announced announces declare declared declares urge urged
    urges urging accuse accused accusing suggest suggested suggesting argue argued argues
    acknowledge acknowledged admit admitted recall recalled thank thanked describe described
    describing conclude concluded remark remarked vow vowed assure assured affirm affirmed
    affirming emphasise emphasised emphasize emphasized maintain maintained deny denied predict
    predicted joke joked quip quipped shout shouted address addressed addressing tells reads
    reported reports yell yells yelled scold scolded assert asserted asserts characterized
    characterised attack attacked branded brand tweeting testified testify asking sings sang
    wondered wonders recounted questioned agreed agrees contends contended opined fired offered
    cautioned cautions conceded concedes""".split()
)
INDIRECT_CUES = frozenset(
    "said says told tells added stated stressed claimed insisted warned".split()
)
PRONOUNS = frozenset("he she they i we it his her".split())
RELATIVES = frozenset("who that which".split())
INVERTED = frozenset("said says added asked continued replied responded wrote explained".split())
TRANSCRIPT = re.compile(r"^([A-Z][A-Z.'’-]{2,}(?: [A-Z][A-Z.'’-]+)?):\s")
PEOPLE = frozenset(
    """expert official spokesman spokeswoman spokesperson analyst president leader minister
    senator governor mayor director chief adviser advisor aide professor lawyer attorney candidate
    voter resident man woman father mother officer source researcher economist executive founder
    chairman chairwoman secretary judge member worker student doctor nurse author reporter witness
    victim owner strategist consultant commissioner manager activist organiser organizer""".split()
)
NOT_SPEAKERS = frozenset("meeting parade talks visit event ceremony celebrations it this".split())
# opening mark: the marks that may close it (scraped text mixes curly and straight ones)
OPENERS = {"“": '”"', "«": "»", "„": '“"', '"': '"”', "‘": "’", "”": '”"'}
ADJACENT_TOKENS = 6  # a cue this close to a quote's mark is its cue...
ADJACENT_AFTER = 14  # ...or this close after it, with only its subject between
# `“…” ― Martha Aguilar`: a name after a dash signs the quote
SIGNED = re.compile(r"^[\s,.]*[―—–-]\s*((?:[A-Z][\w.'’-]*\s?){1,5})")
SCARE_WORDS = 3  # a quote this short with no cue is a scare quote
SCARE_MARKERS = frozenset("the a an this that so-called".split())
MIN_UNATTRIBUTED_WORDS = 8  # a quote with no speaker at all is kept only when this long
CHAIN = 4  # "he" may point back through this many sentences about the same "he"
SAME_QUOTE = 0.55  # token overlap at which two wordings are one statement
SAME_SHORT_QUOTE = 85  # partial spelling match for short ones


@dataclass(frozen=True, slots=True)
class QuoteSpan(BodySpan):
    """One article's wording of a quote."""

    # start, end: the quoted words in the body (without the marks)
    speaker: str | None  # canonical name, or the speaker as written when no entity is known
    speaker_text: str | None  # as written in this article: "the Russian president", "He"
    cue: str | None
    kind: str  # direct, partial or indirect
    how: str = ""  # where its cue was: after, before, sentence, line (the one before), continued


@dataclass(frozen=True, slots=True)
class Quote:
    """One statement, with every article's wording of it."""

    id: str
    speaker: str | None
    text: str
    sources: tuple[QuoteSpan, ...]
    repeated: tuple[str, ...]  # articles that print it more than once

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(sorted({s.article for s in self.sources}))


_MARKS = re.compile("[" + "".join(OPENERS) + "]")


def quote_marks(text: str) -> list[tuple[int, int]]:
    """(start, end) of the quoted words in a paragraph, marks excluded."""
    out: list[tuple[int, int]] = []
    i, n = 0, len(text)
    marks = _MARKS.search(text)
    if marks is None:
        return out
    i = marks.start()
    while i < n:
        ch = text[i]
        closers = OPENERS.get(ch)
        if closers is None:
            nxt = _MARKS.search(text, i + 1)
            if nxt is None:
                break
            i = nxt.start()
            continue
        opens = i + 1 < n and (text[i + 1].isalnum() or text[i + 1] in "…." or ch not in "”")
        after_word = i > 0 and (text[i - 1].isalnum() or text[i - 1] in ".,!?")
        if closers is None or not opens or (ch in "‘”" and after_word):
            i += 1
            continue
        j = i + 1
        while j < n:
            if text[j] in closers and (ch != "‘" or j + 1 >= n or not text[j + 1].isalpha()):
                break
            j += 1
        if ch == "‘" and j >= n:  # an apostrophe, not a quote
            i += 1
            continue
        if j > i + 1:
            out.append((i + 1, j))
        i = j + 1
    return out


def paragraph_marks(paras: Sequence[Paragraph], no: int) -> list[tuple[int, int]]:
    """The quoted words of paragraph `no`, with the end of a quote the paragraph before left
    open: `“Lindsay is grateful …` / `She has completed her treatment, ” Holley said`."""
    text = paras[no].text
    if no > 0:
        prev = paras[no - 1].text
        before = quote_marks(prev)
        closes = _closing(text)
        if before and before[-1][1] == len(prev) and closes is not None:
            rest = quote_marks(text[closes + 1 :])
            return [(0, closes)] + [(a + closes + 1, b + closes + 1) for a, b in rest]
    return quote_marks(text)


def _closing(text: str) -> int | None:
    """Where a paragraph closes a quote it never opened, if it does."""
    first = _MARKS.search(text)
    if first is None or first.start() == 0:
        return None
    j = first.start()
    ch, after = text[j], text[j + 1 : j + 2]
    before = text[:j].rstrip(" ")  # `…, ” Holley said` in text tokenised with spaces
    if ch not in '”"’»' or not before or not (before[-1].isalnum() or before[-1] in ".,!?…"):
        return None
    if before != text[:j] and before[-1].isalnum():
        return None
    if after.isalnum():  # an apostrophe, or a quote opening
        return None
    return j


@dataclass(slots=True)
class _Context:
    parsed: Parsed
    entities: Entities
    # speakers of the quotes found so far: (paragraph no., offset in it, name, as written)
    said: list[tuple[int, int, str | None, str | None]] = field(default_factory=list)

    def last_speaker(self, no: int) -> tuple[str | None, str | None] | None:
        """The latest speaker quoted in paragraph `no` or the one before."""
        for p, _, name, text in reversed(self.said):
            if p >= no - 1 and name:
                return name, text
        return None

    def speaker_within(self, no: int, lo: int, hi: int) -> str | None:
        for p, pos, name, _ in reversed(self.said):
            if p == no and lo <= pos < hi and name:
                return name
        return None


def article_quotes(parsed: Parsed, entities: Entities) -> list[QuoteSpan]:
    ctx = _Context(parsed, entities)
    found: list[QuoteSpan] = []
    open_unsaid: list[QuoteSpan] = []  # left open at a paragraph's end, with no cue
    paras = parsed.paragraphs
    for no, para in enumerate(paras):
        text = para.text
        spans = paragraph_marks(paras, no)
        for qs, qe in spans:
            content = text[qs:qe].strip()
            if not content:
                continue
            words = len(alnum_words(content))
            short = words <= SCARE_WORDS
            cue_tok, how, named = _cue(para, spans, qs, qe, short)
            cue_para, cue_no = para, no
            if cue_tok is None and qe == len(text) and no + 1 < len(paras):
                # the quote goes on in the next paragraph, which closes it and says whose it is
                ahead = paragraph_marks(paras, no + 1)
                if ahead and ahead[0][0] == 0:  # only a quote closed there starts at 0
                    cue_tok, how, named = _cue(paras[no + 1], ahead, 0, ahead[0][1], False)
                    if cue_tok is not None:
                        cue_para, cue_no, how = paras[no + 1], no + 1, "next"
            signed = SIGNED.match(text[qe + 1 :]) if cue_tok is None else None
            if (
                cue_tok is None
                and signed is None
                and qs <= 1
                and no > 0
                and _speaker_line(paras[no - 1].text)
            ):
                prev = paras[no - 1]
                cue_tok = _last_cue(prev, quote_marks(prev.text))
                cue_para, cue_no, how, named = prev, no - 1, "line", None
            elif cue_tok is None and signed is None and not short:
                # `Dianne Bystrom agreed. “Mainstream Republicans …”`: the sentence just before
                cue_tok = _prior_cue(para, spans, qs)
                how = "prior" if cue_tok is not None else how
                if cue_tok is None:
                    # `Sanders credited Clinton's victory to “a closed primary …”`: whoever the
                    # sentence quoting the words is about
                    cue_tok = _quoting_verb(para, spans, qs)
                    how = "subject" if cue_tok is not None else how
            speaker: tuple[str | None, str | None] = (None, None)
            transcript = TRANSCRIPT.match(content)
            if transcript is not None:  # `"PENCE: Well, look, …"`
                name = transcript.group(1).title()
                found_entity = ctx.entities.person_named(name)
                speaker = (found_entity.name if found_entity else name, transcript.group(1))
                how = "transcript"
            elif signed is not None:
                name = signed.group(1).strip()
                found_entity = ctx.entities.by_name(name)
                speaker, how = (found_entity.name if found_entity else name, name), "signed"
            elif cue_tok is not None:
                speaker = _speaker(ctx, cue_para, cue_tok, cue_no, named)
            elif not short and _continues(text, qs, paras, no) and ctx.last_speaker(no):
                speaker, how = ctx.last_speaker(no) or (None, None), "continued"
            elif short or words < MIN_UNATTRIBUTED_WORDS:
                continue
            # no speech cue: no speaker at all, or only whoever the sentence is about
            unsaid = how == "subject" or (
                cue_tok is None and speaker == (None, None) and how != "signed"
            )
            lead = len(text[qs:qe]) - len(text[qs:qe].lstrip())
            start = para.start + qs + lead
            kind = "partial" if short and content[-1:] not in ".!?" else "direct"
            span = QuoteSpan(
                parsed.id,
                start,
                start + len(content),
                content,
                speaker[0],
                speaker[1],
                cue_tok.text if cue_tok is not None else None,
                kind,
                how,
            )
            if qs == 0 and found and _runs_on(found[-1], paras, no):
                # one quote across the paragraph break: its opening words and this ending
                opening = found.pop()
                span = replace(
                    span,
                    start=opening.start,
                    text=parsed.body[opening.start : span.end],
                    speaker=span.speaker or opening.speaker,
                    speaker_text=span.speaker_text or opening.speaker_text,
                )
            found.append(span)
            if unsaid and qe >= len(text.rstrip()):  # no cue, and no mark closes it (yet)
                open_unsaid.append(span)
            ctx.said.append((no, qs, *speaker))
        found.extend(_indirect(ctx, para, spans, no))
    # a quote needs a speech cue or a pair of marks: words left open that no one is said to say
    # are a stray mark or a title, not a quote
    return [q for q in found if not any(q is x for x in open_unsaid)]


def _runs_on(opening: QuoteSpan, paras: Sequence[Paragraph], no: int) -> bool:
    """Whether a quote that paragraph `no` closes at its start (`paragraph_marks` gives it from
    0) ends the quote found just before, left open at the end of the paragraph before."""
    if no == 0:
        return False
    prev = paras[no - 1]
    return prev.start <= opening.start and opening.end >= prev.start + len(prev.text.rstrip())


def _continues(text: str, qs: int, paras: Sequence[Paragraph], no: int) -> bool:
    """A quote that goes on from the one before: in the same paragraph after it, or opening a
    paragraph that follows one ending in a quote."""
    if text[: max(0, qs - 1)].strip():
        return bool(quote_marks(text[: qs - 1]))
    if no == 0:
        return False
    prev = paras[no - 1].text.rstrip()
    return prev.endswith(("”", '"', "’", "»")) or prev.count("“") > prev.count("”")


def _in_quotes(spans: Sequence[tuple[int, int]], pos: int) -> bool:
    return any(s - 1 <= pos < e + 1 for s, e in spans)


def _is_cue(tok: Token) -> bool:
    if tok.lower_ == "according":
        return any(c.lower_ == "to" for c in tok.children) or (
            tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to"
        )
    return tok.lower_ in CUES and tok.pos_ in {"VERB", "AUX"}


def _cue(
    para: Paragraph, spans: Sequence[tuple[int, int]], qs: int, qe: int, short: bool
) -> tuple[Token | None, str, Span | None]:
    """The quote's cue, where it was found, and the speaker's words when the layout itself gives
    them (`“…,” Tulsa police Chief Chuck Jordan said`, `“…,” said Robert McAtee, one of …`)."""
    doc = para.doc
    outside = [t for t in doc if not _in_quotes(spans, t.idx)]
    before = [t for t in outside if t.idx < qs][-ADJACENT_TOKENS:]
    after = [t for t in outside if t.idx >= qe][:ADJACENT_AFTER]
    if short and before and before[-1].lower_ in SCARE_MARKERS:
        return None, "", None  # `the “unstoppable” rise`, `the ‘nuclear state’`
    # Right after the closing mark: `,” he said`, only the speaker between; a quote that ends its
    # sentence with a full stop (`…need.” Labour's Paul Flynn said`) leaves the next one to another
    ended = para.text[qs:qe].rstrip().endswith(".")
    for n, t in enumerate([] if ended else after):
        if t.text in {".", "!", "?"} or _in_quotes(spans, t.idx):
            break
        if _is_cue(t):
            between = [x for x in after[:n] if not x.is_punct]
            if between and _nominal(between):
                return t, "after", doc[between[0].i : between[-1].i + 1]
            if not between and t.lower_ in INVERTED:
                return t, "after", _named_after(t)
            subject = _subject(t, spans)
            inside = set() if subject is None else {x.i for x in subject.subtree}
            if all(x.is_punct or x.i in inside for x in after[:n]):
                return t, "after", None
            break
    # Right before the opening mark: `said, “…”`, `told Mr Kim, “…”`, `called his “…”`.
    for n in range(len(before) - 1, -1, -1):
        t = before[n]
        if t.text in {".", "!", "?"}:
            break
        if _is_cue(t):
            between = before[n + 1 :]
            if all(x.is_punct or t in list(x.ancestors)[:2] or x.lower_ == "that" for x in between):
                return t, "before", None
            break
    sentences = [s for s in doc.sents if s.start_char < qe and qs < s.end_char + 1]
    if sentences:
        lo, hi = sentences[0].start, sentences[-1].end
        cues = [
            t
            for t in doc[lo:hi]
            if not _in_quotes(spans, t.idx) and _is_cue(t) and (t.idx < qs or not short)
        ]
        if cues:
            return min(cues, key=lambda t: (t.idx > qs, abs(t.idx - qs))), "sentence", None
    if before and before[-1].text == ":" and not short:
        # `McConnell delivered a blunt message to Trump: “…”`: the sentence's own verb
        root = before[-1].sent.root
        if root.pos_ in {"VERB", "AUX"} and _subject(root, spans) is not None:
            return root, "colon", None
    return None, "", None


def _nominal(words: Sequence[Token]) -> bool:
    """Words that can only be a speaker's name or description: `Tulsa police Chief Chuck
    Jordan`, `Flynn, a top Trump surrogate`, `he` (not `alongside Russian forces`)."""
    if words[0].pos_ in {"ADP", "SCONJ", "CCONJ", "ADV", "VERB", "AUX"}:
        return False
    if any(w.tag_ in {"WDT", "WP"} for w in words):
        return False
    allowed = {"PROPN", "NOUN", "PRON", "DET", "ADJ", "NUM", "PART", "PUNCT", "ADP", "CCONJ"}
    return all(w.pos_ in allowed for w in words) and any(
        w.pos_ in {"PROPN", "NOUN", "PRON"} for w in words
    )


def _named_after(cue: Token) -> Span | None:
    """`said Robert McAtee, one of …`: the name after an inverted cue, up to a comma."""
    doc = cue.doc
    end = cue.i + 1
    while end < len(doc) and end - cue.i <= 8 and not doc[end].is_punct:
        end += 1
    words = doc[cue.i + 1 : end]
    if len(words) and _nominal(list(words)):
        return words
    return None


def _prior_cue(para: Paragraph, spans: Sequence[tuple[int, int]], qs: int) -> Token | None:
    """The speech verb of the sentence right before a quote that opens a sentence of its own,
    when that sentence quotes nobody itself."""
    before = para.text[: max(0, qs - 1)].rstrip()
    if not before or before[-1] not in ".!?:":
        return None
    last = [t for t in para.doc if t.idx < len(before)]
    if not last:
        return None
    sent = last[-1].sent
    if any(sent.start_char <= s < sent.end_char for s, _ in spans):
        return None
    cues = [t for t in sent if _is_cue(t) and _subject(t) is not None]
    return cues[-1] if cues else None


def _quoting_verb(para: Paragraph, spans: Sequence[tuple[int, int]], qs: int) -> Token | None:
    """The main verb of the sentence a quote sits inside (opened by words of its own), when that
    verb has a subject outside the quotes."""
    if not para.text[: max(0, qs - 1)].strip():
        return None
    inside = [t for t in para.doc if t.idx >= qs]
    if not inside:
        return None
    root = inside[0].sent.root
    if root.idx >= qs - 1 or root.pos_ not in {"VERB", "AUX"}:
        return None
    return root if _subject(root, spans) is not None else None


def _speaker_line(text: str) -> bool:
    return text.rstrip().endswith((":", ",")) or bool(
        re.search(r"\b(said|says|added|wrote)\.?$", text.rstrip())
    )


def _last_cue(para: Paragraph, spans: Sequence[tuple[int, int]]) -> Token | None:
    cues = [t for t in para.doc if not _in_quotes(spans, t.idx) and _is_cue(t)]
    return cues[-1] if cues else None


def _subject(tok: Token, spans: Sequence[tuple[int, int]] = ()) -> Token | None:
    if tok.lower_ == "according":
        for c in tok.children:
            if c.lower_ == "to":
                return next((g for g in c.children if g.dep_ == "pobj"), None)
        nxt = tok.doc[tok.i + 1 : tok.i + 2]
        if len(nxt):
            return next((g for g in nxt[0].children if g.dep_ == "pobj"), None)
        return None
    for c in tok.children:
        if c.dep_ in {"nsubj", "nsubjpass"} and not _in_quotes(spans, c.idx):
            return c
    if tok.dep_ == "acl" and tok.head.pos_ == "NOUN" and tok.head.head is not tok.head:
        return _subject(tok.head.head, spans)  # `issued a statement saying …`
    if tok.dep_ in {"advcl", "xcomp", "conj", "pcomp", "acl"} and tok.head is not tok:
        return _subject(tok.head, spans)
    # Inverted: `continued the Russian president`
    for c in tok.children:
        if (
            c.dep_ in {"dobj", "attr", "npadvmod"}
            and c.i > tok.i
            and (
                c.ent_type_ == "PERSON"
                or c.pos_ == "PROPN"
                or c.lower_ in {"president", "leader", "minister"}
            )
        ):
            return c
    return None


def _speaker(
    ctx: _Context, para: Paragraph, cue: Token, no: int, named: Span | None = None
) -> tuple[str | None, str | None]:
    spans = paragraph_marks(ctx.parsed.paragraphs, no)
    subj = named.root if named is not None else _subject(cue, spans)
    if subj is None:
        return ctx.last_speaker(no) or (None, None)
    if subj.lower_ in RELATIVES and cue.dep_ == "relcl":
        subj = cue.head  # `Marc Morial, …, who suggested`: the one the clause is about
    left, right = subj.left_edge.i, subj.right_edge.i
    if named is not None:
        left, right = named.start, named.end - 1
    if right - left > 9:
        left = max(left, subj.i - 6)
        right = min(right, subj.i + 3)
    span = para.doc[left : right + 1]
    text = span.text.strip(" ,")
    if subj.lower_ in PRONOUNS and right == left:
        return _antecedent(ctx, para, cue, no), text
    entity = _entity_at(ctx, para, subj, span)
    if entity is None and subj.pos_ == "PROPN":
        entity = ctx.entities.person_named(_name_of(subj))
    return (entity.name if entity else _plain(text)), text


def _name_of(tok: Token) -> str:
    """A proper noun with the names it is compounded with: "Olaf Scholz"."""
    parts = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
    return " ".join([*(p.text for p in parts), tok.text])


def _plain(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _entity_at(ctx: _Context, para: Paragraph, subj: Token, span: Span) -> Entity | None:
    a0, a1 = para.start + span.start_char, para.start + span.end_char
    found = ctx.entities.within(ctx.parsed.id, a0, a1)
    h0 = para.start + subj.idx
    for e in found:
        for m in e.mentions:
            if m.article == ctx.parsed.id and m.start <= h0 < m.end and e.type in {"PERSON", "ORG"}:
                return e
    people = [e for e in found if e.type == "PERSON"]
    if people:
        return people[-1]
    orgs = [e for e in found if e.type in {"ORG", "GPE"}]
    return orgs[-1] if orgs and len(span) <= 3 else None


def _antecedent(ctx: _Context, para: Paragraph, cue: Token, no: int) -> str | None:
    """Who "he" is: whoever the sentence before quoted or was about, else the speaker quoted
    just before, else the last person named. "It" and "they" stand for organisations, places
    or groups as well, never for a person quoted before."""
    pronoun = next((c.lower_ for c in cue.children if c.dep_ in {"nsubj", "nsubjpass"}), "he")
    personal = pronoun in {"he", "she", "i"}

    def fits(name: str | None) -> bool:
        if name is None:
            return False
        entity = ctx.entities.by_name(name)
        if entity is None:
            return True
        return entity.type == "PERSON" if personal else entity.type != "PERSON"

    sent = cue.sent
    if sent.start > 0:
        prev = para.doc[sent.start - 1].sent
        quoted = ctx.speaker_within(no, prev.start_char, prev.end_char)
        if fits(quoted):
            return quoted
        about = _sentence_subject(ctx, para, prev, cue)
        if about:
            return about
    if personal:  # "Mr Williams described the scene. He added that ... '…,' he wrote."
        about = _chained(ctx, no, sent, cue, pronoun, fits)
        if about:
            return about
    last = ctx.last_speaker(no)
    if last and fits(last[0]):
        return last[0]
    if sent.start == 0 and no > 0:
        holder = ctx.parsed.paragraphs[no - 1]
        about = _sentence_subject(ctx, holder, list(holder.doc.sents)[-1], cue)
        if about:
            return about
    kinds = ("PERSON",) if personal else ("ORG", "GPE")
    found = ctx.entities.last_before(ctx.parsed.id, para.start + cue.idx, kinds)
    return found.name if found else None


def _chained(
    ctx: _Context, no: int, sent: Span, cue: Token, pronoun: str, fits: Callable[[str | None], bool]
) -> str | None:
    """When the sentence before is about the same "he" or "she", who the sentences before it
    quoted or were about, up to CHAIN sentences back."""
    for k, (p_no, holder, before) in enumerate(
        itertools.islice(_sentences_before(ctx, no, sent), CHAIN)
    ):
        subj = next((c for c in before.root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        same = subj is not None and subj.lower_ == pronoun
        if k == 0 and not same:
            return None
        if k == 0:
            continue
        quoted = ctx.speaker_within(p_no, before.start_char, before.end_char)
        if fits(quoted):
            return quoted
        if not same:
            return _sentence_subject(ctx, holder, before, cue)
    return None


def _sentences_before(ctx: _Context, no: int, sent: Span) -> Iterator[tuple[int, Paragraph, Span]]:
    """The sentences before one, nearest first, across paragraphs."""
    para = ctx.parsed.paragraphs[no]
    before = [s for s in para.doc.sents if s.end <= sent.start]
    for p in range(no, -1, -1):
        if p < no:
            para = ctx.parsed.paragraphs[p]
            before = list(para.doc.sents)
        for s in reversed(before):
            yield p, para, s


def _sentence_subject(ctx: _Context, para: Paragraph, sent: Span, cue: Token) -> str | None:
    """The subject of a sentence, if the pronoun of the cue can stand for it ("he" a person,
    "it" an organisation or a thing)."""
    subj = next((c for c in sent.root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subj is None or subj.lower_ in PRONOUNS:
        return None
    pronoun = next((c.lower_ for c in cue.children if c.dep_ in {"nsubj", "nsubjpass"}), "he")
    wanted = {"PERSON"} if pronoun in {"he", "she", "i"} else {"ORG", "GPE", "PERSON"}
    span = para.doc[subj.left_edge.i : subj.right_edge.i + 1]
    entity = _entity_at(ctx, para, subj, span)
    if entity is not None:
        return entity.name if entity.type in wanted else None
    if subj.pos_ == "NOUN" and subj.lower_ not in NOT_SPEAKERS:
        if pronoun in {"he", "she", "i"} and subj.lower_ not in PEOPLE:
            return None  # "she" is not "tax relief"
        return _plain(span.text.strip(" ,"))
    return None


def _indirect(
    ctx: _Context, para: Paragraph, spans: Sequence[tuple[int, int]], no: int
) -> list[QuoteSpan]:
    """`X said that …`: the clause after "that", when X is a person of the story."""
    out = []
    doc = para.doc
    for tok in doc:
        if tok.lower_ not in INDIRECT_CUES or _in_quotes(spans, tok.idx) or tok.i + 1 >= len(doc):
            continue
        nxt = doc[tok.i + 1]
        if nxt.lower_ != "that":
            continue
        sent = tok.sent
        start, end = para.start + nxt.idx + len(nxt.text) + 1, para.start + sent.end_char
        clause = ctx.parsed.body[start:end].rstrip(" .")
        if (
            any(para.start + s <= end and start <= para.start + e for s, e in spans)
            or len(alnum_words(clause)) < 4
        ):
            continue
        subj = _subject(tok)
        if subj is None:
            continue
        if subj.lower_ in PRONOUNS:
            name = _antecedent(ctx, para, tok, no)
            text = subj.text
        else:
            span = doc[subj.left_edge.i : subj.right_edge.i + 1]
            entity = _entity_at(ctx, para, subj, span)
            if entity is None or entity.type != "PERSON":
                continue
            name, text = entity.name, span.text
        if name:
            out.append(
                QuoteSpan(
                    ctx.parsed.id,
                    start,
                    start + len(clause),
                    clause,
                    name,
                    text,
                    tok.text,
                    "indirect",
                    "that",
                )
            )
    return out


def _same(a: QuoteSpan, b: QuoteSpan) -> bool:
    if a.speaker and b.speaker and a.speaker != b.speaker:
        return False
    return same_words(a.text, b.text, fragment=bool(a.speaker) and a.speaker == b.speaker)


def same_words(a: str, b: str, fragment: bool = False) -> bool:
    """Whether two wordings are one statement: the shorter's words nearly all in the longer. A
    short wording is a fragment of a much longer one only when `fragment` says the same person
    spoke both (Kim's "fraternal duty" inside his whole pledge)."""
    wa, wb = alnum_words(a), alnum_words(b)
    short, long_ = sorted((wa, wb), key=len)
    if not short:
        return False
    if len(short) <= 5:
        close = fuzz.partial_ratio(" ".join(short), " ".join(long_)) >= SAME_SHORT_QUOTE
        if fragment and len([w for w in short if len(w) >= 3]) >= 2:
            return close
        return close and len(long_) <= 2 * len(short) + 3
    sa, sb = set(short), set(long_)
    return len(sa & sb) / len(sa) >= SAME_QUOTE and len(sa & sb) / len(sa | sb) >= 0.25


def group_quotes(spans: Sequence[QuoteSpan]) -> list[Quote]:
    """One entry per statement: wordings from several articles (or repeated in one) grouped,
    longest wording first, each joining the first statement it matches."""
    groups: list[list[QuoteSpan]] = []
    for q in sorted(spans, key=lambda q: (q.kind == "indirect", -len(q.text), q.article, q.start)):
        for g in groups:
            if (q.kind == "indirect") == (g[0].kind == "indirect") and _same(g[0], q):
                g.append(q)
                break
        else:
            groups.append([q])
    out = []
    for n, g in enumerate(sorted(groups, key=lambda g: min((q.article, q.start) for q in g))):
        speakers = [q.speaker for q in g if q.speaker]
        speaker = max(set(speakers), key=lambda s: (speakers.count(s), s)) if speakers else None
        per_article: dict[str, int] = {}
        for q in g:
            per_article[q.article] = per_article.get(q.article, 0) + 1
        ordered = tuple(sorted(g, key=lambda q: (q.article, q.start)))
        out.append(
            Quote(
                id=f"q{n + 1:03d}",
                speaker=speaker,
                text=max(g, key=lambda q: (len(q.text), q.article)).text,
                sources=ordered,
                repeated=tuple(sorted(a for a, c in per_article.items() if c > 1)),
            )
        )
    return out
