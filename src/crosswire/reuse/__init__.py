"""Reuse: which articles share text (wire copy, reprints, near duplicates), the shared passages,
and who copied whom."""

from crosswire.reuse.align import align
from crosswire.reuse.candidates import candidate_pairs
from crosswire.reuse.detect import find_reuse
from crosswire.reuse.origins import independent_origins, origin_of

__all__ = ["align", "candidate_pairs", "find_reuse", "independent_origins", "origin_of"]
