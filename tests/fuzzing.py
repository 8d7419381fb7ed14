"""Fuzz targets: every reader and the cleaner, fed generated and mutated input. A target returns
what crosswire made of the input (articles and failures) and must never raise: whatever the
bytes, the answer is an article or a failure naming the input. Used by tests/test_fuzz.py with a
small budget and by benchmarks/fuzz.py with a large one."""

from __future__ import annotations

import gzip
import io
import json
import tempfile
from collections.abc import Callable
from pathlib import Path

from hypothesis import strategies as st

from crosswire.engine import ingest
from crosswire.ingest import read_paths, read_stdin
from crosswire.records import Failure
from crosswire.settings import Settings

SETTINGS = Settings(max_file_bytes=1 << 20, max_record_bytes=1 << 18)
BODY = (
    "Harbour workers walked out on Monday over a pay offer, closing the port to ferries.\n\n"
    "The company said it would meet union leaders again on Thursday to discuss the offer."
)
PAGE = (
    "<html><head><title>Harbour strike</title><meta property='article:published_time'"
    " content='2024-05-06T10:00:00Z'></head><body><nav>Home | News</nav><article><h1>Harbour"
    " strike</h1><p>" + BODY.replace("\n\n", "</p><p>") + "</p></article><footer>© 2024</footer>"
    "</body></html>"
)


def _warc(html: str, gz: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.0")
    for n in range(2):
        record = writer.create_warc_record(
            f"https://a.invalid/{n}",
            "response",
            payload=io.BytesIO(html.encode()),
            http_headers=headers,
        )
        writer.write_record(record)
    return buf.getvalue()


WARC = _warc(PAGE, gz=False)
WARC_GZ = _warc(PAGE, gz=True)


def mutated(seed: bytes) -> st.SearchStrategy[bytes]:
    """The seed with bytes flipped, cut, repeated or spliced in: damage as a crawl or a disk
    would do it."""

    def apply(ops: list[tuple[int, int, bytes]]) -> bytes:
        data = bytearray(seed)
        for kind, at, chunk in ops:
            at = at % (len(data) + 1)
            if kind == 0:
                data[at : at + len(chunk)] = chunk  # overwrite
            elif kind == 1:
                del data[at : at + len(chunk) * 7]  # cut
            elif kind == 2:
                data[at:at] = chunk  # insert
            else:
                data = data[:at]  # truncate
        return bytes(data)

    op = st.tuples(st.integers(0, 3), st.integers(0, 1 << 20), st.binary(min_size=1, max_size=16))
    return st.lists(op, min_size=1, max_size=6).map(apply)


_json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(),
    st.sampled_from([BODY, PAGE, "", "\ud800", "2024-05-06", "x" * 300]),
)
json_values = st.recursive(
    _json_leaf,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["text", "html", "id", "url", "title", "published", "outlet", "x"]),
            inner,
            max_size=6,
        )
    ),
    max_leaves=20,
)


def _json_bytes(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")


html_pages = st.lists(
    st.sampled_from(
        [
            "<p>",
            "</p>",
            "<div>",
            "</div>",
            "<article>",
            "</article>",
            "<h1>",
            "</h1>",
            "<script>",
            "</script>",
            "<nav>",
            "<meta name='date' content='2024-02-30'>",
            "<title>",
            "</title>",
            "<!--",
            "-->",
            "<![CDATA[",
            "&amp;",
            "&#0;",
            "\x00",
            BODY,
            "Subscribe to our newsletter",
            "Read more",
            "By Jane Doe, 8.5.12",
            "<br>",
        ]
    ),
    max_size=40,
).map(lambda parts: "".join(parts).encode("utf-8", "surrogatepass"))


def _through_file(data: bytes, name: str) -> list[object]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return _ingested(read_paths([path], SETTINGS))


def _ingested(items: object) -> list[object]:
    """Read, clean (and run the rest of ingest) on the items; every one an article or failure."""
    result = ingest(items)  # type: ignore[arg-type]
    out: list[object] = [*result.articles, *result.failures]
    for failure in result.failures:
        assert isinstance(failure, Failure) and str(failure)
    return out


TARGETS: dict[str, tuple[Callable[[bytes], list[object]], st.SearchStrategy[bytes]]] = {
    "text file": (
        lambda b: _through_file(b, "a.txt"),
        st.binary(max_size=4096) | mutated(BODY.encode()),
    ),
    "html file": (lambda b: _through_file(b, "a.html"), html_pages | mutated(PAGE.encode())),
    "jsonl file": (
        lambda b: _through_file(b, "a.jsonl"),
        st.lists(json_values.map(_json_bytes), max_size=4).map(b"\n".join)
        | st.binary(max_size=2048),
    ),
    "json file": (
        lambda b: _through_file(b, "a.json"),
        json_values.map(_json_bytes) | st.binary(max_size=2048),
    ),
    "warc file": (lambda b: _through_file(b, "a.warc"), mutated(WARC) | st.binary(max_size=2048)),
    "warc.gz file": (
        lambda b: _through_file(b, "a.warc.gz"),
        mutated(WARC_GZ) | st.just(gzip.compress(WARC)),
    ),
    "stdin": (lambda b: _ingested(read_stdin(b, SETTINGS)), st.binary(max_size=4096) | html_pages),
}
