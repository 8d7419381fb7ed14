"""The engine: the pipeline's steps (`steps`), the executors they run under (`executors`:
local processes or Ray), and the jobs the commands run end to end (`jobs`)."""

from crosswire.engine import jobs
from crosswire.engine.executors import Executor, LocalExecutor, RayExecutor
from crosswire.engine.pipeline import RunResult, ingest, unique_documents
from crosswire.engine.steps import Stats, Step

__all__ = [
    "Executor",
    "LocalExecutor",
    "RayExecutor",
    "RunResult",
    "Stats",
    "Step",
    "ingest",
    "jobs",
    "unique_documents",
]
