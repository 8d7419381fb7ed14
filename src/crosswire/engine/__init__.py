"""The engine runs the stages over batches; stages stay plain functions."""

from crosswire.engine.pipeline import RunResult, ingest, unique_documents

__all__ = ["RunResult", "ingest", "unique_documents"]
