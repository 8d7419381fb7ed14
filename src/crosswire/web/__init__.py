"""The web app and JSON API (`crosswire serve`): the store's published stories served live,
searched, and corrected (split, merge) in the page. FastAPI and uvicorn come with the `web`
extra; without them, `create_app` says which extra to install."""

from __future__ import annotations

from typing import TYPE_CHECKING

from crosswire.errors import CrosswireError
from crosswire.web.config import WebConfig

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["WebConfig", "create_app", "from_environment"]


def create_app(config: WebConfig) -> FastAPI:
    """The app serving `config.db` (raises CrosswireError naming the extra when it is absent)."""
    try:
        from crosswire.web.app import build
    except ModuleNotFoundError as exc:
        raise CrosswireError(
            f"crosswire serve needs the web extra ({exc.name} is missing):"
            " pip install 'crosswire[web]'"
        ) from None
    return build(config)


def from_environment() -> FastAPI:
    """The app of a worker process of `crosswire serve --workers` (uvicorn's factory)."""
    return create_app(WebConfig.from_environment())
