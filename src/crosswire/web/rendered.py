"""Pages as last rendered, kept by what they follow from: a story page by the story's
published key, the front page and search by the store's generation (a run that publishes
anything moves it on). A page is rendered with a stand-in for the response's nonce, put in
when it is served; the stand-in is random, made at start, so no article's text can hold it."""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Hashable

MOST_CHARS = 64 << 20  # characters of rendered pages kept (the least recently served go first)


class Rendered:
    """A bounded cache of rendered pages (least recently used out first), safe across threads.

    >>> pages = Rendered(most_chars=40)
    >>> for key in "abcd":
    ...     pages.put(key, key * 10)
    >>> pages.get("a")  # (now the most recently served)
    'aaaaaaaaaa'
    >>> pages.put("e", "e" * 10)  # (past 40: the least recently served goes)
    >>> pages.get("b") is None, pages.get("a") is not None, pages.get("e") is not None
    (True, True, True)
    >>> pages.put("f", "f" * 11)  # (more than a quarter of the whole: not kept)
    >>> pages.get("f") is None
    True
    >>> pages.served(f'<script nonce="{pages.stand_in}">', "N0")
    '<script nonce="N0">'
    """

    def __init__(self, most_chars: int = MOST_CHARS) -> None:
        self.most_chars = most_chars
        self.stand_in = "nonce-" + secrets.token_hex(16)
        self._pages: OrderedDict[Hashable, str] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> str | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: Hashable, page: str) -> None:
        if len(page) > self.most_chars // 4:  # (one huge page does not push out all others)
            return
        with self._lock:
            old = self._pages.pop(key, None)
            self._size += len(page) - (len(old) if old is not None else 0)
            self._pages[key] = page
            while self._size > self.most_chars:
                _, dropped = self._pages.popitem(last=False)
                self._size -= len(dropped)

    def served(self, page: str, nonce: str) -> str:
        """The page with this response's nonce in place of the stand-in."""
        return page.replace(self.stand_in, nonce)
