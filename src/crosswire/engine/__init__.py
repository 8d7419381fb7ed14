"""The engine runs the stages over batches (stages stay plain functions) and the jobs the
commands run end to end (`jobs`)."""

from crosswire.engine import jobs
from crosswire.engine.pipeline import RunResult, ingest, unique_documents

__all__ = ["RunResult", "ingest", "jobs", "unique_documents"]
