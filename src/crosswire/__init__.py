"""crosswire: turn many news reports into one cross-checked story."""

from crosswire.errors import CrosswireError, InputError, StoreError
from crosswire.records import Article, Block, Failure, Metadata, RawDocument, Removed
from crosswire.settings import Settings

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Block",
    "CrosswireError",
    "Failure",
    "InputError",
    "Metadata",
    "RawDocument",
    "Removed",
    "Settings",
    "StoreError",
    "__version__",
]
