"""Connected groups: items joined by pairs (union-find), the one way crosswire groups by links."""

from __future__ import annotations

from collections.abc import Callable, Iterable


def connected(
    count: int,
    pairs: Iterable[tuple[int, int]],
    joins: Callable[[int, int], bool] | None = None,
) -> list[list[int]]:
    """Positions 0..count-1 grouped by the pairs that join them, directly or through others
    (`joins`, when given, is asked of a pair only when its two are not yet in one group).
    Groups come in the order of their first position, each in order.

    >>> connected(5, [(0, 2), (3, 4), (2, 0)])
    [[0, 2], [1], [3, 4]]
    """
    parent = list(range(count))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in pairs:
        ri, rj = root(i), root(j)
        if ri != rj and (joins is None or joins(i, j)):
            parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[int]] = {}
    for i in range(count):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())
