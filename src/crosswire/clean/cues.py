"""Lexical cues of web clutter, in many phrasings, grouped by the kind of clutter they mark.

A *strong* cue marks clutter on its own (unless the block is a long paragraph of prose); a *weak*
cue only in a short block or one that addresses the reader ("you", "we", "our"). Patterns are
case-insensitive and written for outlets never seen, not for the development articles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crosswire.clean.literals import leading_literals, required_literals


@dataclass(frozen=True, slots=True)
class Cue:
    kind: str
    strong: bool
    pattern: re.Pattern[str]
    literals: frozenset[str] | None  # one of these is in every match (lower case); see literals.py
    anchor: str  # "start", "end", "both" or "" (where in a block the pattern can match)
    leading: frozenset[str] | None  # for anchored cues: every match starts with one of these


def _cues(kind: str, strong: bool, *patterns: str) -> list[Cue]:
    return [
        Cue(
            kind,
            strong,
            re.compile(p, re.IGNORECASE),
            required_literals(p),
            _anchor(p),
            leading_literals(p) if _anchor(p) in ("start", "both") else None,
        )
        for p in patterns
    ]


def _anchor(pattern: str) -> str:
    start = pattern.startswith(("^", "(?-i:^"))
    end = pattern.endswith(("$", "$)"))
    return "both" if start and end else "start" if start else "end" if end else ""


_SOCIAL = r"(share|tweet|e-?mail|print|copy( the)? link|whatsapp|facebook|twitter|x|linkedin|reddit|telegram|pinterest|flipboard|messenger|bluesky|threads)"

CUES: tuple[Cue, ...] = tuple(
    cue
    for group in (
        _cues(
            "paywall",
            True,
            r"\balready (have an account|a subscriber|subscribed)\b",
            r"\b(log|sign) ?in here\b",
            r"^(log ?in|sign ?in|register|subscribe( now| today)?|or)\W*$",
            r"\bto continue reading\b",
            r"\bread (this article|this story|unlimited articles|\d+ articles) for free\b",
            r"\bunlimited (reading|access|digital access|articles)\b",
            r"\bdigital (subscription|access|edition)\b",
            r"\b(new|returning|existing|current) subscribers\b",
            r"\bsubscribers? only\b",
            r"\bcancel (at )?any ?time\b",
            r"\bfree trial\b",
            r"^\W*\$\s?\d+(\.\d\d)?(?![\w.,])",  # a price line ("$1 for 6 months"), not "$1m payoff"
            r"\$\s?\d+(\.\d\d)?\s*(/|per |a )\s*(week|month|year|wk|mo)\b",
            r"\bfor the first \d+ (weeks?|months?|days?)\b",
            r"\bplus (GST|HST|VAT|applicable tax(es)?)\b",
            r"\bbilled (as|monthly|annually|every)\b",
            r"\be-?edition\b",
            r"\bdigital replica\b",
            r"\b(award-winning|our) (news )?app\b",
            r"\binteractive puzzles\b",
            r"\bthis (article|story|content) is (only )?(available|reserved|exclusive)\b",
            r"\bsubscribe (to|for) (continue|unlimited|full|read)",
        ),
        _cues(
            "paywall",
            False,
            r"\bsubscri(be|ption|ber)s?\b",
            r"\b(your|a) subscription\b",
            r"\bpremium\b",
            r"\bmembers?hip\b",
        ),
        _cues(
            "newsletter",
            True,
            r"\bsign up (for|to) (our|the|a)\b.{0,60}\b(newsletters?|e-?mails?|briefings?|alerts?|digest)\b",
            r"\b(in|to|into) your (inbox|mailbox)\b",
            r"\bsubscribers? agree to\b",
            r"\benter your e-?mail\b",
            r"\bnewsletter\b.{0,80}\b(sign up|subscribe|every (day|week|morning|friday|monday))",
            r"\b(daily|weekly|free) newsletter\b",
            r"\bby (signing up|subscribing|clicking)\b",
        ),
        _cues(
            "newsletter",
            False,
            r"\bnewsletters?\b",
            r"\bprivacy (policy|notice)\b",
            r"\bterms (of (use|service)|and conditions)\b",
            r"\be-?mail address\b",
            r"\bsign up\b",
        ),
        _cues(
            "donation",
            True,
            r"^(please )?support (us|our|the|independent|quality)\b.{0,60}$",
            r"\bsupport us\b",
            r"\bwe need your (help|support)\b",
            r"\bremind me later\b",
            r"\bnot ready to (support|donate|give|subscribe)\b",
            r"\bpai?y?ments? methods?\b",
            r"^a (message|note|word) from\b",
            r"^dear (readers?|friends?|subscribers?)\W*$",
            r"\bevery contribution\b",
            r"\b(make|give) a (one-time|one-off|monthly|recurring) (donation|contribution|gift)\b",
            r"\bbecome a (member|supporter|patron|subscriber)\b",
            r"\bdonate (now|today)\b",
            r"^(once|one-time|monthly|annual|annually|yearly|continue|other amount)\W*$",
        ),
        _cues(
            "donation",
            False,
            r"\b(donat(e|ion|ions)|contribut(e|ion|ions))\b",
            r"\byour support\b",
            r"\bindependent journalism\b",
            r"\bsupport(ing)? (independent|quality|our)\b",
        ),
        _cues(
            "teaser",
            True,
            r"^(also read|read also|also see|see also|read more|more to read|related( stories| articles| coverage| news| content| reading)?|recommended( for you| stories)?|more from|more stories|more news|you may (also )?like|you might (also )?like|trending( now| stories)?|most (read|popular|viewed|shared)|popular (now|stories)|top stories|latest( news| stories| updates| videos)?|editor'?s picks?|must read|don'?t miss|further reading|read next|up next|what to read next|more on this( story)?|in other news|in case you missed it|watch( now| live)?|listen( now)?|more in [\w ]+|catch up on|explore more)\s*[:|»›>-]",
            r"^(also read|read also|see also|related( stories| articles| coverage| news)?|recommended( for you)?|more from|more stories|you may (also )?like|you might (also )?like|trending( now)?|most (read|popular|viewed|shared)|popular now|top stories|latest( news| stories)?|editor'?s picks?|must read|don'?t miss|further reading|read next|up next|more on this( story)?|in case you missed it|latest videos?|video|videos|photos|gallery|podcasts?)\W*$",
        ),
        _cues(
            "navigation",
            True,
            r"^(home|menu|search|skip to (main )?content|skip navigation|back to top|sections?|navigation|close|open menu|main menu|toggle navigation|next|previous|prev|more|all|page \d+)\W*$",
            r"^home\s*[>/»|›]",
            r"(?-i:^(?:[A-Z][a-z]+){2,}$)",
            r"^([^\s|•·]+( [^\s|•·]+){0,3}\s*[|•·]\s*){3,}",
            r"^(\d+\s*){2,}(next|›|»)?$",
        ),
        _cues(
            "share",
            True,
            rf"^{_SOCIAL}(\s*[|/,·•]?\s*{_SOCIAL})*\W*$",
            r"^share (this|on|via|the|article|story)\b.{0,40}$",
            r"^(\d+\s+)?comments?\W*$",
            r"\b(leave|add|post|view|show|read|see) (a |the |all |our )?(\d+ )?comments?\b",
            r"\bjoin the (conversation|discussion|debate)\b",
            r"\bfollow us on\b",
            r"\bdownload (our|the) (free )?app\b",
            r"\badd .{1,40} as a (preferred|trusted|favou?rite) source\b",
            r"\bfollow .{0,40} on (google news|whatsapp|telegram|instagram|twitter|facebook|x)\b",
            r"\b(whatsapp|telegram) channel\b",
            r"\bclick here\b.{0,40}$",
            r"^(save|bookmark|listen to (this )?(article|story))\W*$",
            r"\b\d+ min(ute)?s? read\b",
        ),
        _cues(
            "cookies",
            True,
            r"\bwe use cookies\b",
            r"\buses cookies\b",
            r"\baccept (all|cookies)\b",
            r"\bcookie (policy|settings|preferences|consent)\b",
            r"\bmanage (your )?(cookies|consent|preferences)\b",
        ),
        _cues("cookies", False, r"\bcookies?\b", r"\bconsent\b"),
        _cues(
            "advertising",
            True,
            r"^(advertisement|advertising|ad|ads|sponsored( content)?|promoted( content)?|paid (post|content)|partner content|story continues below( this)?( advertisement| ad)?|scroll (down )?to continue( with content| reading)?|continue reading below|article continues below|report an ad)\W*$",
        ),
        _cues(
            "copyright",
            True,
            r"©",
            r"\(c\) \d{4}",
            r"\ball rights reserved\b",
            r"\bcopyright (\d{4}|©)",
            r"\bmay not be (published|reproduced|broadcast|rewritten|redistributed)\b",
        ),
        _cues(
            "read-more",
            True,
            r"^(read more|read full (story|article)|read the full (story|article)|continue reading|show more|load more|see more|view more|more)\W*$",
        ),
        _cues(
            "caption",
            True,
            r"^(photos?|images?|pictures?|photograph|video|graphic|illustration|file photo|credits?|source|courtesy|photo credit|image credit|image source)\s*(credit)?\s*[:|/]",
            r"\((photos?|images?|pictures?|file|video)[:/ ][^)]{1,80}\)\W*$",
            r"\b(getty images|via getty|shutterstock|ap photo|afp photo|reuters/|epa-efe|alamy|istock|xinhua/|anadolu)\b",
            r"[.)]\s*[\w-]+\.(ru|com|org|net|gov|co\.uk|in|de|fr|ua)\W*$",
        ),
        _cues(
            "bio",
            True,
            r"^([A-Z][\w'.-]+ ){1,3}(is|was) (a|an|the|our)?\s?.{0,100}\b(journalist|reporter|correspondent|editor|writer|columnist|contributor|author|producer|student|intern|freelancer|fellow)\b",
            r"\b(follow|reach|contact|email) (him|her|them) (on|at|via)\b",
            r"\bcan be reached at\b",
        ),
    )
    for cue in group
)

# Blocks that state a date of the article: "Updated : Sep 03, 2025, 04:55 PM IST", "date 2025-09-03".
DATE_LINE = re.compile(
    r"^\W*(published|updated|last updated|first published|posted|posted on|modified|last modified|date|created)\b\s*(on|at)?\s*[:|-]?\s*",
    re.IGNORECASE,
)
BYLINE = re.compile(
    r"^\W*(by|written by|words by|reporting by|story by|text by|author:?)\s+(?P<name>[A-Z][^\d,;:|]{2,80}?)\W*(\||,|$)",
)


# Anchored cues only ever match this close to a block's start or end; a block longer than this
# cannot match a cue anchored at both ends (those are labels and buttons, one short line each).
WINDOW = 240


def _flat(anchors: set[str], strong_only: bool) -> tuple[tuple[str, int], ...]:
    return tuple(
        (lit, i)
        for i, cue in enumerate(CUES)
        if cue.anchor in anchors and cue.leading is None and (cue.strong or not strong_only)
        for lit in sorted(cue.literals or ())
    )


def _by_first_char(strong_only: bool) -> dict[str, tuple[tuple[str, int], ...]]:
    """Anchored cues whose matches start with known literals, bucketed by the first character."""
    buckets: dict[str, list[tuple[str, int]]] = {}
    for i, cue in enumerate(CUES):
        if cue.leading is not None and (cue.strong or not strong_only):
            for lit in sorted(cue.leading):
                buckets.setdefault(lit[0], []).append((lit, i))
    return {char: tuple(items) for char, items in buckets.items()}


# (anywhere, start, end) literal lists, for all cues and for strong cues only.
_LITERALS = {
    strong: (_flat({""}, strong), _flat({"start", "both"}, strong), _flat({"end"}, strong))
    for strong in (False, True)
}
_LEADING = {strong: _by_first_char(strong) for strong in (False, True)}
_ALWAYS = {
    strong: frozenset(
        i for i, cue in enumerate(CUES) if cue.literals is None and (cue.strong or not strong)
    )
    for strong in (False, True)
}


def cue_hits(text: str, strong_only: bool = False) -> list[tuple[Cue, str]]:
    """The cues whose patterns match `text`, in catalogue order, with the words that matched.
    `strong_only` skips the weak cues (for blocks where they cannot apply)."""
    lowered = text.lower()
    head, tail = lowered[:WINDOW], lowered[-WINDOW:]
    anywhere, start, end = _LITERALS[strong_only]
    maybe = set(_ALWAYS[strong_only])
    maybe.update([i for lit, i in anywhere if lit in lowered])
    maybe.update([i for lit, i in start if lit in head])
    maybe.update([i for lit, i in end if lit in tail])
    maybe.update([i for lit, i in _LEADING[strong_only].get(head[:1], ()) if head.startswith(lit)])
    hits = []
    for i in sorted(maybe):
        cue = CUES[i]
        if cue.anchor == "both" and len(text) > WINDOW:
            continue
        window = text[-WINDOW:] if cue.anchor == "end" else text[:WINDOW] if cue.anchor else text
        if m := cue.pattern.search(window):
            hits.append((cue, m.group(0)))
    return hits
