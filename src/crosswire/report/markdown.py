"""A story as Markdown: the brief with its citations, conflicts side by side, the facts by article,
quotes with each outlet's wording, the timeline, entities, reuse, what each outlet adds and what
the cleaner removed. Everything from an article is escaped: a Markdown renderer shows it as text
and runs none of it (no HTML, no links, no emphasis)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from crosswire.report.view import Segment, StoryView

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_LINE_START = re.compile(r"^(?:([-+#>=])|(\d+)([.)]))")


def md(text: object) -> str:
    """Text shown as itself in Markdown: HTML characters as entities, Markdown marks escaped,
    line breaks as spaces."""
    s = " ".join(str(text).split())
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _SPECIAL.sub(r"\\\1", s)
    return _LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", s)


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _cites(numbers: Sequence[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def _marked(segments: Sequence[Segment]) -> str:
    return " ".join(f"**{md(s.text)}**" if s.changed else md(s.text) for s in segments)


def _more(view: StoryView, section: str) -> list[str]:
    left = view.more.get(section, 0)
    return ["", f"*{left} more in stories.json.*"] if left else []


def story_markdown(view: StoryView) -> str:
    c = view.counts
    out = [f"# {md(view.headline)}", ""]
    out.append(
        f"{_n(c['articles'], 'article')} from {_n(c['origins'], 'independent origin')}"
        + (f", {md(view.dates)}" if view.dates else "")
        + f" · {_n(c['facts'], 'fact')} · {_n(c['conflicts'], 'conflict')}"
        + f" · {_n(c['quotes'], 'quote')}"
    )
    out += ["", "## Brief", ""]
    if not view.brief:
        out.append("No brief: the story's analysis did not run.")
    for n, line in enumerate(view.brief, 1):
        note = ""
        if line["side"]:
            note = f" *(disputed: {md(line['side'])})*"
        if line["newest"]:
            note += " *(newest)*"
        out.append(f"{n}. {md(line['text'])} {_cites(line['cites'])}{note}")
    out += ["", "## Articles", ""]
    out += ["| # | origin | outlet | title | published |", "|---|---|---|---|---|"]
    for a in view.articles:
        out.append(
            f"| {a.number} | {a.origin} | {md(a.outlet)} | {md(a.title)} | {md(a.published)} |"
        )
    if view.conflicts:
        out += ["", "## Where the sources disagree", ""]
        for conflict in view.conflicts:
            out.append(f"**{md(conflict['about'])}**")
            out.append("")
            for side in conflict["sides"]:
                words = "; ".join(f"{md(s.text)} [{s.number}]" for s in side["sources"])
                origins = _n(side["origins"], "origin")
                out.append(f"- {md(side['value'])} ({origins}): {words}")
            out.append("")
        out += _more(view, "conflicts")
    if view.developments:
        out += ["", "## How the numbers moved", ""]
        for d in view.developments:
            out += [f"**{md(d['about'])}**", ""]
            for step in d["steps"]:
                words = "; ".join(f"{md(s.text)} [{s.number}]" for s in step["sources"])
                when = f" ({md(step['published'])})" if step["published"] else ""
                newest = " *(newest)*" if step["newest"] else ""
                out.append(f"- {md(step['value'])}{when}{newest}: {words}")
            out.append("")
        out += _more(view, "developments")
    if view.matrix:
        out += ["", "## Facts by article", ""]
        columns = [n for group in view.matrix_origins for n in group]  # by origin
        out.append(f"| fact | origins | {' | '.join(str(n) for n in columns)} |")
        out.append("|---|---|" + "---|" * len(columns))
        for row in view.matrix:
            cells = " | ".join("●" if n in row["states"] else "" for n in columns)
            out.append(f"| {md(row['statement'])} | {row['origins']} | {cells} |")
        out += _more(view, "matrix")
    if view.quotes:
        out += ["", "## Who said it", ""]
        for q in view.quotes:
            extra = " (printed twice by one outlet)" if q["repeated"] else ""
            out.append(f"- **{md(q['speaker'])}**{extra}")
            for w in q["wordings"]:
                out.append(f"  - [{w['number']}] {_marked(w['segments'])}")
        out += _more(view, "quotes")
    if view.timeline:
        out += ["", "## Timeline", ""]
        for t in view.timeline:
            out.append(f"- {md(t['date'])}: {md(t['event'])} {_cites(t['cites'])}")
        out += _more(view, "timeline")
    if view.entities:
        out += ["", "## Who and where", ""]
        out += ["| name | type | also written | articles |", "|---|---|---|---|"]
        for e in view.entities:
            also = ", ".join(md(a) for a in e["aliases"])
            out.append(f"| {md(e['name'])} | {md(e['type'])} | {also} | {e['articles']} |")
        out += _more(view, "entities")
    if view.reuse:
        out += ["", "## Who copied whom", ""]
        for r in view.reuse:
            if r["origin"]:
                copies = ", ".join(f"[{n}]" for n in r["copies"])
                head = f"{copies} reuses [{r['origin']}]"
            else:
                head = " and ".join(f"[{n}]" for n in r["pair"]) + " share text"
            out.append(
                f"- {head}: {r['passages']} passages, {r['chars']} characters ({md(r['evidence'])})"
            )
    if view.exclusives:
        out += ["", "## What each outlet adds", ""]
        for x in view.exclusives:
            more = (
                f" (and {x['total'] - len(x['facts'])} more)"
                if x["total"] > len(x["facts"])
                else ""
            )
            out.append(f"- [{x['number']}] {x['total']} facts no other origin states{more}:")
            out += [f"  - {md(f)}" for f in x["facts"]]
    out += ["", "## Removed from each article", ""]
    for a in view.articles:
        kinds = md(a.removed_kinds) if a.removed_total else "nothing"
        out.append(f"- [{a.number}] {kinds}")
    return "\n".join(out).rstrip() + "\n"
