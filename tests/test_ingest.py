from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crosswire.engine import ingest, unique_documents
from crosswire.ingest import read_paths, read_stdin
from crosswire.records import Failure, RawDocument
from crosswire.settings import Settings

ARTICLE = (
    "Council approves new budget\n\n"
    "The city council approved a new budget on Tuesday after a long debate about the cost of"
    " repairing roads and schools across the district.\n\n"
    "The mayor said the plan would be reviewed again next year by an independent panel."
)
PAGE = (
    "<html><head><title>Council approves new budget</title></head><body><nav>Home | News |"
    " Sport</nav><article><h1>Council approves new budget</h1><p>The city council approved a new"
    " budget on Tuesday after a long debate about the cost of repairing roads and schools across"
    " the district, officials said.</p><p>The mayor said the plan would be reviewed again next year"
    " by an independent panel of experts from the region.</p></article></body></html>"
)


def read(paths: list[Path], settings: Settings) -> tuple[list[RawDocument], list[Failure]]:
    items = list(read_paths(paths, settings))
    return [i for i in items if isinstance(i, RawDocument)], [
        i for i in items if isinstance(i, Failure)
    ]


def test_ingest_reads_directories_recursively_with_file_name_ids(
    tmp_path: Path, settings: Settings
) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a" / "b" / "two.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "a" / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a" / "notes.pdf").write_bytes(b"%PDF")
    docs, failures = read([tmp_path], settings)
    assert sorted(d.id for d in docs) == ["one", "two"]
    assert {d.format for d in docs} == {"text", "html"}
    assert failures == []


def test_ingest_jsonl_bad_line_named_and_rest_read(tmp_path: Path, settings: Settings) -> None:
    feed = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "r1", "text": ARTICLE, "outlet": "Daily Bugle", "url": "https://x/1"}),
        "{not json",
        json.dumps({"html": PAGE, "title": "Council approves new budget"}),
        json.dumps({"id": "r4"}),
        json.dumps(["a list"]),
    ]
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, failures = read([feed], settings)
    assert docs[0].id == "r1"
    assert docs[0].metadata["outlet"] == "Daily Bugle"
    assert docs[1].id.startswith("doc-") and docs[1].format == "html"
    assert [(f.line, f.reason.split(":")[0]) for f in failures] == [
        (2, "not JSON"),
        (4, "record has no `text` or `html`"),
        (5, "a JSON list, not an object"),
    ]
    assert all(f.source == str(feed) for f in failures)


def test_ingest_json_array(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "batch.json"
    path.write_text(json.dumps([{"id": "x", "text": ARTICLE}, {"id": "y", "text": ARTICLE + "!"}]))
    docs, failures = read([path], settings)
    assert [d.id for d in docs] == ["x", "y"] and not failures


def _warc(records: list[tuple[str, str]], *, gz: bool) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for url, body in records:
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        payload = io.BytesIO(body.encode("utf-8"))
        writer.write_record(
            writer.create_warc_record(url, "response", payload=payload, http_headers=headers)
        )
    return out.getvalue()


def test_ingest_warc_gz_reads_html_responses(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(
        _warc([("https://a/1", PAGE), ("https://a/2", PAGE.replace("Tuesday", "Monday"))], gz=True)
    )
    docs, failures = read([path], settings)
    assert [d.url for d in docs] == ["https://a/1", "https://a/2"]
    assert not failures


def test_ingest_cut_off_warc_keeps_earlier_records(tmp_path: Path, settings: Settings) -> None:
    data = _warc(
        [("https://a/1", PAGE), ("https://a/2", PAGE.replace("Tuesday", "Friday"))], gz=False
    )
    path = tmp_path / "cut.warc"
    path.write_bytes(data[: len(data) - 200])
    docs, failures = read([path], settings)
    assert [d.url for d in docs] == ["https://a/1"]
    assert len(failures) == 1 and "record 2" in failures[0].reason


def test_ingest_bad_files_each_named(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("   \n\n  ")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\x03\x04" * 500)
    (tmp_path / "garbled.txt").write_bytes(bytes(range(0x80, 0x100)) * 4)
    with (tmp_path / "huge.txt").open("wb") as huge:
        huge.truncate(200 * 1024 * 1024)  # sparse: 200 MB on paper, nothing on disk
    (tmp_path / "good.txt").write_text(ARTICLE)
    docs, failures = read([tmp_path], settings)
    assert [d.id for d in docs] == ["good"]
    reasons = {Path(f.source).name: f.reason for f in failures}
    assert reasons["empty.txt"] == "empty file"
    assert "no text" in reasons["blank.txt"] or "empty" in reasons["blank.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "undecodable" in reasons["garbled.txt"]
    assert "over the 50.0 MB limit" in reasons["huge.txt"]


def test_ingest_truncated_html_still_yields_article(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "cut.html"
    path.write_text(PAGE[: PAGE.index("</p><p>") + 20], encoding="utf-8")
    result = ingest(read_paths([path], settings))
    assert not result.failures
    assert "city council approved" in result.articles[0].body


def test_ingest_missing_path_and_unknown_type(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    _, failures = read([tmp_path / "nope", tmp_path / "x.pdf"], settings)
    assert [f.reason for f in failures] == ["no such file or directory", "unknown file type"]


def test_ingest_stdin_kinds(settings: Settings) -> None:
    (doc,) = read_stdin(ARTICLE.encode("utf-8"), settings)
    assert isinstance(doc, RawDocument) and doc.format == "text" and doc.id.startswith("doc-")
    (page,) = read_stdin(PAGE.encode("utf-8"), settings)
    assert isinstance(page, RawDocument) and page.format == "html"
    feed = (json.dumps({"id": "s1", "text": ARTICLE}) + "\n").encode()
    (rec,) = read_stdin(feed, settings)
    assert isinstance(rec, RawDocument) and rec.id == "s1"


def test_same_article_twice_kept_once_and_id_clash_renamed(
    tmp_path: Path, settings: Settings
) -> None:
    for sub in ("a", "b", "c"):
        (tmp_path / sub).mkdir()
    (tmp_path / "a" / "story.txt").write_text(ARTICLE)
    (tmp_path / "b" / "story.txt").write_text(ARTICLE)
    (tmp_path / "c" / "story.txt").write_text(ARTICLE + "\n\nA correction was added.")
    result = unique_documents(read_paths([tmp_path], settings))
    assert result.duplicates == 1
    ids = [d.id for d in result.documents]
    assert ids[0] == "story" and ids[1].startswith("story-") and len(ids) == 2


def test_ids_are_stable_content_hashes(settings: Settings) -> None:
    a = next(iter(read_stdin(ARTICLE.encode(), settings)))
    b = next(iter(read_stdin(("\ufeff" + ARTICLE.replace("\n", "\r\n")).encode(), settings)))
    assert isinstance(a, RawDocument) and isinstance(b, RawDocument) and a.id == b.id


def test_gzip_is_only_for_warc(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(PAGE.encode()))
    _, failures = read([tmp_path / "page.html.gz"], settings)
    assert failures[0].reason == "unknown file type"
