"""The brief: a story told in a few cited sentences, each an article's own sentence (trimmed of
list labels and datelines, never added to), chosen by how many independent origins state it and
how central it is, with both sides of a disputed fact."""

from crosswire.brief.summary import Brief, Line, make_brief, traceable

__all__ = ["Brief", "Line", "make_brief", "traceable"]
