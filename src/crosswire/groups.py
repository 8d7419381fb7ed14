"""Connected groups: items joined by pairs (union-find), the one way crosswire groups by links."""

from __future__ import annotations

from collections.abc import Callable, Iterable


class Union:
    """Union-find over positions 0..count-1, joined one pair at a time.

    >>> u = Union(4)
    >>> u.join(0, 2), u.join(2, 3), u.join(3, 0)
    (True, True, False)
    >>> u.same(0, 3), u.same(0, 1)
    (True, False)
    """

    __slots__ = ("parent",)

    def __init__(self, count: int) -> None:
        self.parent = list(range(count))

    def root(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def same(self, i: int, j: int) -> bool:
        return self.root(i) == self.root(j)

    def join(self, i: int, j: int) -> bool:
        """Join the groups of i and j (the smaller root stays); False when already one."""
        ri, rj = self.root(i), self.root(j)
        if ri == rj:
            return False
        self.parent[max(ri, rj)] = min(ri, rj)
        return True


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
    union = Union(count)
    for i, j in pairs:
        if not union.same(i, j) and (joins is None or joins(i, j)):
            union.join(i, j)
    groups: dict[int, list[int]] = {}
    for i in range(count):
        groups.setdefault(union.root(i), []).append(i)
    return list(groups.values())
