"""What keeps the app safe with untrusted articles and requests: a strict Content-Security-Policy
with a nonce per response, bounded request bodies, and the token that writes need (a bearer
header for the API; for the pages a session cookie and a per-session form field)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

SESSION_COOKIE = "crosswire_session"


def policy(nonce: str) -> str:
    """The Content-Security-Policy of every response: nothing from elsewhere, scripts only with
    this response's nonce, forms only to this server."""
    return (
        "default-src 'none'; "
        f"script-src 'nonce-{nonce}'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    )


class Guarded:
    """ASGI middleware: a nonce per request (`scope["state"]["nonce"]`), the policy and the
    other safety headers on every response, and request bodies over `limit` bytes refused
    with 413 (by their declared length, or as they arrive)."""

    def __init__(self, app: App, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(18)
        scope.setdefault("state", {})["nonce"] = nonce
        started = False

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                headers += [(k.encode(), v.encode()) for k, v in _headers(nonce).items()]
                message["headers"] = headers
            await send(message)

        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await _too_large(guarded_send, self.limit)
            return
        seen = 0

        async def bounded_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, bounded_receive, guarded_send)
        except _TooLarge:
            if not started:
                await _too_large(guarded_send, self.limit)


class _TooLarge(Exception):
    pass


def _headers(nonce: str) -> dict[str, str]:
    return {
        "content-security-policy": policy(nonce),
        "x-content-type-options": "nosniff",
        "referrer-policy": "no-referrer",
        "x-frame-options": "DENY",
        "cross-origin-opener-policy": "same-origin",
    }


async def _too_large(send: Send, limit: int) -> None:
    body = f'{{"detail": "request body over {limit} bytes"}}'.encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"connection", b"close")],
        }
    )
    await send({"type": "http.response.body", "body": body})


def same(given: str | None, expected: str | None) -> bool:
    """Whether a presented secret is the expected one (in constant time); never with none."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())


def derived(token: str, purpose: str) -> str:
    """A value derived from the token for one purpose (the session cookie, the form field):
    neither gives the token away."""
    return hmac.new(token.encode(), purpose.encode(), hashlib.sha256).hexdigest()


def bearer(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer ...` header."""
    if authorization and authorization[:7].lower() == "bearer ":
        return authorization[7:].strip()
    return None
