"""A catalogue of bad and tricky inputs, as an attacker or a careless user would give them.

Each case is a folder of files (names as bytes: some are not UTF-8) holding a good article beside
the bad input, and what crosswire must do: a "bad" input is named on one line of stderr, the run
exits 1 and the good article is stored; a "tricky" input is a good article with hostile text in
its name or title, stored with exit 0 and printed safely. `scale` grows the big cases: the test
suite uses a small one, `benchmarks/robustness.py` a large one.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
from dataclasses import dataclass, field

GOOD_NAME = b"good.txt"
GOOD = (
    "Council approves new budget\n\n"
    "The city council approved a new budget on Tuesday after a long debate about the cost of"
    " repairing roads and schools across the district.\n\n"
    "The mayor said the plan would be reviewed again next year by an independent panel."
)
BODY = (
    "Harbour workers walked out on Monday over a pay offer that the union called an insult,"
    " closing the port to ferries for the first time in twenty years, officials said.\n\n"
    "The company said it would meet union leaders again on Thursday to discuss the offer."
)
HOSTILE = (
    "[/] [bold]x[/bold] \x1b[31mred\x1b[0m"
    " \x1b]8;;https://evil.invalid\x1b\\link\x1b]8;;\x1b\\ :100: \u202etxt.exe"
)


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    files: dict[bytes, bytes]  # file name -> content, in the case's folder
    expect: str  # "bad": named, exit 1, the good article kept; "tricky": stored, exit 0
    named: bytes = b""  # what the error line must show of the bad input (default: its name)
    stdin: bytes | None = None  # given on standard input instead of the folder
    forged: bytes = b""  # no line of stderr may start with this (a line forged by a file name)
    kept: int = 0  # articles of the bad input itself that must still be stored (read before damage)
    notes: dict[str, str] = field(default_factory=dict)


def _warc(records: list[tuple[str, str]], gz: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for uri, html in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.0")
        record = writer.create_warc_record(
            uri, "response", payload=io.BytesIO(html.encode()), http_headers=headers
        )
        writer.write_record(record)
    return buf.getvalue()


def _page(title: str) -> str:
    paras = "".join(f"<p>{p}</p>" for p in BODY.split("\n\n"))
    return (
        f"<html><head><title>{title}</title></head><body><article>{paras}</article></body></html>"
    )


def _gzip_zeros(size: int) -> bytes:
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=1) as z:
        chunk = bytes(1 << 20)
        for _ in range(size >> 20):
            z.write(chunk)
    return out.getvalue()


def cases(scale: int = 1) -> list[Case]:
    """Every case; `scale` multiplies the sizes of the big ones. At 1 they pass limits of 1 MB a
    file and 512 KB a record (the tests' settings); at 64, the default limits."""
    rng = random.Random(16)
    text = json.dumps(BODY)
    page = _page("Harbour strike")
    two = _warc(
        [("https://a.invalid/1", page), ("https://a.invalid/2", page.replace("Monday", "Friday"))],
        gz=True,
    )
    first_member = len(_warc([("https://a.invalid/1", page)], gz=True))
    plain = _warc([("https://a.invalid/1", page)], gz=False)
    out = [
        # Crashes seen
        Case(
            "lone surrogate in JSON",
            {b"feed.jsonl": b'{"text": ' + text[:-1].encode() + b' \\ud800"}\n'},
            "tricky",
        ),
        Case("JSON nested 100,000 deep", {b"deep.json": b"[" * 100_000 + b"]" * 100_000}, "bad"),
        Case(
            "JSONL line nested 100,000 deep",
            {b"deep.jsonl": b'{"a":' * 100_000 + b"1" + b"}" * 100_000 + b"\n"},
            "bad",
        ),
        Case(
            "5,000-digit integer",
            {b"big.jsonl": b'{"id": 1' + b"0" * 5000 + b', "text": ' + text.encode() + b"}\n"},
            "bad",
        ),
        Case(
            "WARC cut inside a record header",
            {b"cut.warc": plain + plain[: plain.index(b"\r\n\r\n") // 2]},
            "bad",
            kept=1,
        ),
        Case("markup in a path", {b"a[/]b [bold]c.txt": BODY.encode()}, "tricky"),
        Case(
            "markup and escapes in a title",
            {b"t.jsonl": json.dumps({"title": HOSTILE, "text": BODY}).encode() + b"\n"},
            "tricky",
        ),
        Case(
            "markup in a WARC URI",
            {b"u.warc": _warc([("https://a.invalid/[/]x", page)], gz=False)},
            "tricky",
        ),
        Case("file name not UTF-8", {b"caf\xe9 \xff.txt": BODY.encode()}, "tricky"),
        Case(
            "escape sequences in a file name",
            {b"x\x1b[31mred\x1b]8;;http:e.invalid\x07.txt": BODY.encode()},
            "tricky",
        ),
        Case(
            "newline in a file name",
            {b"x\nerror forged.txt": b""},
            "bad",
            named=b"forged",
            forged=b"error forged",
        ),
        Case(
            "emoji code in a feed position",
            {b"feed.jsonl": b"\n" * 99 + b"{not json :100:\n"},
            "bad",
            named=b"feed.jsonl:100",
        ),
        # Hangs seen
        Case(
            "gzip bomb with no WARC header", {b"bomb.warc.gz": _gzip_zeros(16 * scale << 20)}, "bad"
        ),
        Case("newline-free WARC", {b"flat.warc": b"WARC/1.0 " + b"x" * (4 * scale << 20)}, "bad"),
        Case(
            "one JSONL line over the record limit",
            {b"long.jsonl": b'{"text": "' + b"word " * (scale << 18) + b'"}\n'},
            "bad",
        ),
        Case(
            "stdin over the file limit", {}, "bad", named=b"<stdin>", stdin=b"word " * (scale << 19)
        ),
        # Silent seen
        Case("empty JSON array", {b"empty.json": b"[]"}, "bad"),
        Case(
            "random bytes as WARC",
            {b"noise.warc": bytes(rng.getrandbits(8) for _ in range(4096))},
            "bad",
        ),
        Case(
            "WARC.gz cut inside a gzip member",
            {b"cut.warc.gz": two[: first_member + (len(two) - first_member) // 2]},
            "bad",
            kept=1,
        ),
        Case(
            "100,000 nested divs",
            {
                b"divs.html": b"<html><body>"
                + b"<div>" * 100_000
                + b"word " * 50
                + b"</div>" * 100_000
                + b"</body></html>"
            },
            "bad",
        ),
        # More of the same kinds
        Case("not JSON at all", {b"x.json": b"\x00\x01 garbage"}, "bad"),
        Case("JSON string, not an object", {b"s.json": b'"just a string"'}, "bad"),
        Case("binary as text", {b"bin.txt": bytes(rng.getrandbits(8) for _ in range(2048))}, "bad"),
        Case("empty file", {b"empty.txt": b""}, "bad"),
        Case(
            "HTML with no text",
            {b"blank.html": b"<html><body><script>x()</script></body></html>"},
            "bad",
        ),
        Case(
            "gzip that is no WARC", {b"fake.warc.gz": gzip.compress(b"hello world " * 100)}, "bad"
        ),
        Case("UTF-16 text without BOM", {b"u16.txt": BODY.encode("utf-16-le")}, "tricky"),
        Case(
            "NUL bytes inside text",
            {b"nul.txt": BODY.replace("Monday", "Mon\x00day").encode()},
            "tricky",
        ),
    ]
    for c in out:
        c.files.setdefault(GOOD_NAME, GOOD.encode())
    return out


def write(case: Case, folder: os.PathLike[str] | str) -> None:
    """The case's files in `folder` (created)."""
    os.makedirs(folder, exist_ok=True)
    base = os.fsencode(folder)
    for name, data in case.files.items():
        path = os.path.join(base, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)  # "a[/]b.txt": b.txt in "a["
        with open(path, "wb") as f:
            f.write(data)


def verdict(case: Case, code: int, stderr: str, stored: int) -> str:
    """What happened: "handled", "crashed", "silent" or "lost" (a hang is the caller's)."""
    if "Traceback" in stderr or code not in (0, 1):
        return "crashed"
    good = (2 if case.expect == "tricky" and case.stdin is None else 1) + case.kept
    if case.stdin is not None:
        good = 0
    if stored < good:
        return "lost"
    if case.expect == "tricky":
        return "handled" if code == 0 and "\x1b" not in stderr else "crashed"
    named = case.named or next(n for n in case.files if n != GOOD_NAME).split(b"\n")[0]
    shown = named.decode("utf-8", "replace")
    lines = [line for line in stderr.splitlines() if line.startswith("error")]
    if code != 1 or not any(shown[:8] in line for line in lines):
        return "silent"
    if case.forged and any(line.startswith(case.forged.decode()) for line in stderr.splitlines()):
        return "crashed"  # the terminal showed a line the input forged
    return "handled"
