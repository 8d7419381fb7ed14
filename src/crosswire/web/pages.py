"""The pages: the front page of stories (filtered, live), a story (with its corrections), an
article beside what the cleaner removed, outlets, search, and signing in to correct. Rendered
on the server with Jinja2 (autoescaped: an article's text is shown as text, never as markup)."""

from __future__ import annotations

import json
from collections.abc import Hashable
from functools import cache
from pathlib import Path
from typing import Annotated, Any

import jinja2
from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crosswire import __version__
from crosswire.errors import CorrectionError
from crosswire.report.html import TEMPLATES as REPORT_TEMPLATES
from crosswire.report.json import article_json
from crosswire.report.view import story_view
from crosswire.web.app import Opened, config_of, in_session, may_read, signed_in
from crosswire.web.rendered import Rendered
from crosswire.web.security import SESSION_COOKIE, derived, same
from crosswire.web.views import MAX_OFFSET, PAGE_SIZE, by_story, filters_of, segments
from crosswire.web.work import merge_job, split_job

router = APIRouter(dependencies=[Depends(may_read)], include_in_schema=False)
MAX_OUTLETS = 500  # outlets the outlet list and the front page's filter offer
SEARCH_HITS = 30  # of articles, and of facts
SESSION_DAYS = 30


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
                jinja2.FileSystemLoader(REPORT_TEMPLATES),
            ]
        ),
        autoescape=True,
        auto_reload=False,  # (the templates are the package's: no look at their files a page)
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _page(
    request: Request, template: str, status: int = 200, key: Hashable = None, **values: Any
) -> HTMLResponse:
    """The template rendered; kept by `key` (what the page follows from) when one is given."""
    config, rendered = config_of(request), _rendered(request)
    signed = signed_in(request)
    html = (
        _environment()
        .get_template(template)
        .render(
            nonce=rendered.stand_in if key is not None else request.state.nonce,
            version=__version__,
            signed_in=signed,
            writes=config.token is not None,
            csrf=derived(config.token, "form") if config.token else "",
            **values,
        )
    )
    if key is not None:
        rendered.put((key, signed), html)
        html = rendered.served(html, request.state.nonce)
    return _html(html, status)


def _kept(request: Request, key: Hashable) -> HTMLResponse | None:
    """The page as rendered for `key` before, if it still is kept."""
    rendered = _rendered(request)
    html = rendered.get((key, signed_in(request)))
    return None if html is None else _html(rendered.served(html, request.state.nonce))


def _html(html: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(html, status, headers={"cache-control": "no-store"})


def _rendered(request: Request) -> Rendered:
    pages: Rendered = request.app.state.rendered
    return pages


@router.get("/")
def front(
    request: Request,
    store: Opened,
    since: str | None = None,
    until: str | None = None,
    outlet: Annotated[str | None, Query(max_length=300)] = None,
    conflicts: bool = False,
    order: str = "newest",
    page: Annotated[int, Query(ge=1, le=MAX_OFFSET // PAGE_SIZE)] = 1,
) -> HTMLResponse:
    filters = filters_of(since, until, outlet, conflicts, order)
    key = ("front", filters, page, store.generation())
    if (kept := _kept(request, key)) is not None:
        return kept
    stories, total = store.listed(filters, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    return _page(
        request,
        "front.html.j2",
        key=key,
        stories=stories,
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        filters=filters,
        outlets=[o[0] for o in store.outlets(MAX_OUTLETS)],
        generation=key[-1],
    )


@router.get("/stories/{story_id}")
def story(request: Request, store: Opened, story_id: str) -> HTMLResponse:
    key = ("story", story_id, store.published_key(story_id))
    if (kept := _kept(request, key)) is not None:
        return kept
    line = store.published_line(story_id)
    if line is None or key[-1] is None:
        return _page(request, "missing.html.j2", 404, what="story", name=story_id)
    record = json.loads(line)
    articles = {a.id: article_json(a) for a in store.articles_by_id(record["articles"])}
    view = story_view(record, articles)
    return _page(request, "story_page.html.j2", key=key, v=view, story_id=story_id)


@router.get("/articles/{article_id}")
def article(request: Request, store: Opened, article_id: str) -> HTMLResponse:
    found = store.articles_by_id([article_id])
    if not found:
        return _page(request, "missing.html.j2", 404, what="article", name=article_id)
    a = found[0]
    paragraphs = [p for p in a.body.split("\n") if p.strip()]
    return _page(
        request,
        "article.html.j2",
        a=a,
        paragraphs=paragraphs,
        story=store.story_of(a.id),
        url=a.meta.url if (a.meta.url or "").startswith(("https://", "http://")) else None,
    )


@router.get("/outlets")
def outlets(request: Request, store: Opened) -> HTMLResponse:
    return _page(request, "outlets.html.j2", outlets=store.outlets(MAX_OUTLETS))


@router.get("/outlets/{name}")
def outlet(request: Request, store: Opened, name: str) -> HTMLResponse:
    stories = store.outlet_stories(name, 200)
    if not stories:
        return _page(request, "missing.html.j2", 404, what="outlet", name=name)
    totals = [sum(row[1] for row in stories), sum(row[2] for row in stories)]
    totals.append(sum(row[3] for row in stories))
    return _page(request, "outlet.html.j2", name=name, stories=stories, totals=totals)


@router.get("/search")
def search(
    request: Request, store: Opened, q: Annotated[str, Query(max_length=200)] = ""
) -> HTMLResponse:
    key = ("search", q, store.generation())
    if (kept := _kept(request, key)) is not None:
        return kept
    hits = store.search(q, SEARCH_HITS) if q.strip() else []
    facts = [h for h in hits if h.kind == "fact"]
    return _page(
        request,
        "search.html.j2",
        key=key,
        q=q,
        articles=[(h, segments(h.snippet)) for h in hits if h.kind == "article"],
        facts=len(facts),
        stories=by_story(facts),
    )


@router.get("/login")
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    return _page(request, "login.html.j2", next=_local(next), failed=False)


@router.post("/login")
def login(
    request: Request,
    token: Annotated[str, Form(max_length=500)],
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    """Sign in with the token: a session cookie (HttpOnly, SameSite=Strict) derived from it."""
    expected = config_of(request).token
    if not same(token, expected) or expected is None:
        return _page(request, "login.html.j2", 401, next=_local(next), failed=True)
    done = RedirectResponse(_local(next), 303)
    done.set_cookie(
        SESSION_COOKIE,
        derived(expected, "session"),
        max_age=SESSION_DAYS * 86400,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return done


@router.post("/logout")
def logout() -> Response:
    done = RedirectResponse("/", 303)
    done.delete_cookie(SESSION_COOKIE)
    return done


@router.post("/stories/{story_id}/split")
async def split(request: Request, story_id: str) -> Response:
    form = await _form(request)
    articles = [str(a) for a in form.getlist("articles")]
    return await _correct(request, story_id, split_job, story_id, articles)


@router.post("/stories/{story_id}/merge")
async def merge(request: Request, story_id: str) -> Response:
    form = await _form(request)
    others = [str(s).strip() for s in form.getlist("stories") if str(s).strip()]
    return await _correct(request, story_id, merge_job, [story_id, *others])


async def _form(request: Request) -> Any:
    """A correction's form, once the session and its form field are checked."""
    config = config_of(request)
    form = await request.form(max_fields=5000)
    if config.token is None:
        raise HTTPException(403, "writes are off: start the server with CROSSWIRE_TOKEN set")
    if not (in_session(request) and same(str(form.get("csrf", "")), derived(config.token, "form"))):
        raise HTTPException(403, "sign in to correct stories")
    return form


async def _correct(request: Request, story_id: str, job: Any, *args: Any) -> Response:
    config = config_of(request)
    try:
        done = await request.app.state.writer.run(job, str(config.db), str(config.out), *args)
    except CorrectionError as exc:
        return _page(request, "missing.html.j2", 422, what="correction", name=str(exc))
    return RedirectResponse(f"/stories/{done['story']}", 303)


def _local(target: str) -> str:
    """A redirect target on this server only (never to another site).

    >>> _local("/stories/x"), _local("//evil.example/"), _local("https://evil.example/")
    ('/stories/x', '/', '/')
    """
    ok = target.startswith("/") and not target.startswith(("//", "/\\"))
    return target if ok else "/"
