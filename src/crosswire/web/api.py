"""The JSON API (its OpenAPI schema at /openapi.json): stories as listed and as stories.json
has them, articles, search, live events; and, with the token, ingest, split and merge."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel, Field
from starlette.datastructures import UploadFile

from crosswire.errors import CorrectionError
from crosswire.report.json import article_json
from crosswire.store.published import Listed
from crosswire.web.app import Opened, Readers, config_of, may_read, may_write
from crosswire.web.live import Generations
from crosswire.web.views import MAX_OFFSET, filters_of, listing, plain
from crosswire.web.work import ingest_job, merge_job, split_job

router = APIRouter(dependencies=[Depends(may_read)])

MAX_FILES = 1000  # files an ingest takes at once
MAX_OUTLETS = 5000  # outlets a request lists
WAKE_SECONDS = 1.0  # how often a waiting event stream looks whether its reader has gone
STREAM_SECONDS = 300  # an event stream ends then (the browser reconnects by itself)
Id = Annotated[str, Path(min_length=1, max_length=300)]
Day = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$")]


class StoryListing(BaseModel):
    id: str
    headline: str
    first: str | None
    last: str | None
    articles: int
    origins: int
    facts: int
    conflicts: int
    generation: int


class StoriesPage(BaseModel):
    total: int
    offset: int
    stories: list[StoryListing]


class Hit(BaseModel):
    kind: Literal["article", "fact"]
    story: str | None
    headline: str
    article: str | None
    title: str | None = Field(description="the article's title (articles only)")
    outlet: str | None = Field(description="the article's outlet (articles only)")
    snippet: str
    matched: list[tuple[int, int]] = Field(description="character spans of the snippet matched")


class SearchResult(BaseModel):
    query: str
    articles: list[Hit]
    facts: list[Hit]


class Changed(BaseModel):
    new: list[str]
    changed: list[str]
    gone: list[str]
    stories: int
    generation: int
    problems: list[str]


class Ingested(Changed):
    articles: int
    failures: list[str]


class Corrected(Changed):
    story: str
    moved: int | None = Field(None, description="articles a merge moved")


class SplitRequest(BaseModel):
    articles: list[Annotated[str, Field(max_length=300)]] = Field(min_length=1, max_length=5000)


class MergeRequest(BaseModel):
    stories: list[Annotated[str, Field(max_length=300)]] = Field(min_length=2, max_length=200)


@router.get("/stories", response_model=StoriesPage)
def stories(
    store: Opened,
    since: Day = None,
    until: Day = None,
    outlet: Annotated[str | None, Query(max_length=300)] = None,
    conflicts: bool = False,
    order: Literal["newest", "corroborated"] = "newest",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> dict[str, Any]:
    """Stories, newest (or most corroborated) first, narrowed by dates, outlet, conflicts."""
    found, total = store.listed(filters_of(since, until, outlet, conflicts, order), limit, offset)
    return {"total": total, "offset": offset, "stories": [listing(s) for s in found]}


@router.get(
    "/stories/{story_id}",
    responses={200: {"description": "the stories.json record"}, 304: {"description": "as sent"}},
)
def story(request: Request, store: Opened, story_id: Id) -> Response:
    """A story as stories.json has it (findings and all). Its ETag is the story's published
    key: send it back as If-None-Match to be told (304) when the story is as it was."""
    key = store.published_key(story_id)
    line = store.published_line(story_id) if key is not None else None
    if key is None or line is None:
        raise HTTPException(404, "no such story")
    tag = f'"{key}"'
    if tag in (t.strip() for t in request.headers.get("if-none-match", "").split(",")):
        return Response(status_code=304, headers={"etag": tag})
    return Response(line, media_type="application/json", headers={"etag": tag})


class OutletListing(BaseModel):
    outlet: str
    stories: int
    articles: int
    copied: int = Field(description="its articles other outlets' reprint")
    exclusives: int = Field(description="facts no other origin of its stories states")


@router.get("/outlets", response_model=list[OutletListing])
def outlets(
    store: Opened, limit: Annotated[int, Query(ge=1, le=MAX_OUTLETS)] = 100
) -> list[dict[str, Any]]:
    """Outlets, those in the most stories first: what each brings."""
    names = ("outlet", "stories", "articles", "copied", "exclusives")
    return [dict(zip(names, row, strict=True)) for row in store.outlets(limit)]


@router.get("/articles/{article_id}")
def article(store: Opened, article_id: Id) -> dict[str, Any]:
    """An article as stories.json has it, with its story."""
    found = store.articles_by_id([article_id])
    if not found:
        raise HTTPException(404, "no such article")
    return article_json(found[0]) | {"story": store.story_of(article_id)}


@router.get("/search", response_model=SearchResult)
def search(
    store: Opened,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    """Articles (title and text) and facts matching every word, the best first."""
    hits = []
    for hit in store.search(q, limit):
        snippet, matched = plain(hit.snippet)
        hits.append(
            {
                "kind": hit.kind,
                "story": hit.story,
                "headline": hit.headline,
                "article": hit.article,
                "title": hit.title,
                "outlet": hit.outlet,
                "snippet": snippet,
                "matched": matched,
            }
        )
    articles = [h for h in hits if h["kind"] == "article"]
    return {"query": q, "articles": articles, "facts": [h for h in hits if h["kind"] == "fact"]}


@router.post("/ingest", response_model=Ingested, dependencies=[Depends(may_write)])
async def ingest(request: Request) -> dict[str, Any]:
    """Run the engine on new articles: a JSONL body (one article an object), or files uploaded
    as multipart form data (field `files`; any format `crosswire run` reads). Answers with what
    changed."""
    kind = request.headers.get("content-type", "")
    if kind.startswith("multipart/form-data"):
        form = await request.form(max_files=MAX_FILES, max_fields=MAX_FILES)
        files = {}
        for n, item in enumerate(form.getlist("files")):
            if not isinstance(item, UploadFile):
                raise HTTPException(422, "`files` must be files")
            files[f"{n:04d}-{_safe_name(item.filename)}"] = await item.read()
    else:
        files = {"upload.jsonl": await request.body()}
    if not any(files.values()):
        raise HTTPException(422, "nothing to ingest: send JSONL, or files as `files`")
    config = config_of(request)
    done: dict[str, Any] = await request.app.state.writer.run(
        ingest_job, str(config.db), str(config.out), files
    )
    return done


@router.post(
    "/stories/{story_id}/split", response_model=Corrected, dependencies=[Depends(may_write)]
)
async def split(request: Request, story_id: Id, body: SplitRequest) -> dict[str, Any]:
    """Split articles off a story into one of their own (kept as the CLI keeps it); the
    stories are analysed again where they changed."""
    return await _correct(request, split_job, story_id, body.articles)


@router.post("/stories/merge", response_model=Corrected, dependencies=[Depends(may_write)])
async def merge(request: Request, body: MergeRequest) -> dict[str, Any]:
    """Merge stories into the first given (kept as the CLI keeps it)."""
    return await _correct(request, merge_job, body.stories)


async def _correct(request: Request, job: Any, *args: Any) -> dict[str, Any]:
    config = config_of(request)
    try:
        done: dict[str, Any] = await request.app.state.writer.run(
            job, str(config.db), str(config.out), *args
        )
    except CorrectionError as exc:
        raise HTTPException(422, str(exc)) from None
    return done


@router.get("/events", response_class=StreamingResponse)
async def events(
    request: Request,
    since: Annotated[int, Query(ge=-1)] = -1,
    most: Annotated[int, Query(ge=0, le=1000, description="events before closing; 0: no end")] = 0,
) -> StreamingResponse:
    """Server-Sent Events: `stories` each time a run publishes new or changed stories after
    generation `since` (-1: from now), with how many and the first of them."""
    readers: Readers = request.app.state.readers
    watch: Generations = request.app.state.watch

    def changed(number: int) -> list[Listed]:
        with readers.lent() as store:
            return store.changed_since(number, 500)

    async def stream() -> AsyncIterator[str]:
        number = watch.now if since < 0 else since
        yield "retry: 3000\n\n"
        sent, start = 0, time.monotonic()
        while time.monotonic() - start < STREAM_SECONDS and not await request.is_disconnected():
            now = await watch.after(number, seconds=WAKE_SECONDS)
            if now > number:
                news = await asyncio.to_thread(changed, number)
                shown = [{"id": s.story, "headline": s.headline} for s in news[:10]]
                data = json.dumps({"generation": now, "count": len(news), "stories": shown})
                yield f"event: stories\nid: {now}\ndata: {data}\n\n"
                number, sent = now, sent + 1
                if most and sent >= most:
                    return

    headers = {"cache-control": "no-store", "x-accel-buffering": "no"}
    return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)


def _safe_name(name: str | None) -> str:
    """An uploaded file's name as a plain file name (no folders, no odd characters); its
    extension kept, since it says the format."""
    base = re.sub(r"[^A-Za-z0-9._-]", "_", (name or "upload").rsplit("/", 1)[-1])
    return base.lstrip(".")[-120:] or "upload"
