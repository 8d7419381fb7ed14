"""What `crosswire serve` is given: the store, where runs write, who may read and write."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path

MAX_BODY = 32 * 1024 * 1024  # bytes of a request (an ingest of files); more is refused (413)
THREADS = 4  # threads the pages and the API are served from (see `app.build`)


@dataclass(frozen=True, slots=True)
class WebConfig:
    db: Path
    out: Path  # where a run the app starts writes stories.json and the reports
    token: str | None = None  # CROSSWIRE_TOKEN: needed to write; none, no writes
    open_reads: bool = True  # reads without the token (by default only when on loopback)
    max_body: int = MAX_BODY
    threads: int = THREADS


def loopback(host: str) -> bool:
    """Whether an address is this machine's own (reads stay open there by default).

    >>> loopback("127.0.0.1"), loopback("::1"), loopback("localhost"), loopback("0.0.0.0")
    (True, True, True, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
