"""What `crosswire serve` is given: the store, where runs write, who may read and write."""

from __future__ import annotations

import ipaddress
import json
import os
from dataclasses import dataclass
from pathlib import Path

MAX_BODY = 32 * 1024 * 1024  # bytes of a request (an ingest of files); more is refused (413)
THREADS = 4  # threads the pages and the API are served from (see `app.build`)
ENVIRONMENT = "CROSSWIRE_SERVE"  # the config, for the worker processes of `serve --workers`


@dataclass(frozen=True, slots=True)
class WebConfig:
    db: Path
    out: Path  # where a run the app starts writes stories.json and the reports
    token: str | None = None  # CROSSWIRE_TOKEN: needed to write; none, no writes
    open_reads: bool = True  # reads without the token (by default only when on loopback)
    max_body: int = MAX_BODY
    threads: int = THREADS

    def environment(self) -> str:
        """The config as its worker processes read it (the token stays in CROSSWIRE_TOKEN)."""
        values = {"db": str(self.db), "out": str(self.out), "open_reads": self.open_reads}
        return json.dumps(values | {"max_body": self.max_body, "threads": self.threads})

    @classmethod
    def from_environment(cls) -> WebConfig:
        """The config `environment` gave this worker process.

        >>> os.environ[ENVIRONMENT] = WebConfig(Path("s.db"), Path("out")).environment()
        >>> WebConfig.from_environment().db
        PosixPath('s.db')
        >>> del os.environ[ENVIRONMENT]
        """
        values = json.loads(os.environ[ENVIRONMENT])
        return cls(
            Path(values["db"]),
            Path(values["out"]),
            os.environ.get("CROSSWIRE_TOKEN") or None,
            bool(values["open_reads"]),
            int(values["max_body"]),
            int(values["threads"]),
        )


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
