"""The JSON body of a REST answer: a record written by pydantic in one step.

A route declares its record type as `response_model` (so `/docs` shows the shape) and returns
`RecordJSON(record)`. FastAPI would otherwise turn a returned record into Python values, check them
against the model again and have the standard library write them: for a place with its 100 operations
(50 kB), 1.5 ms of a request against 0.2 ms for `model_dump_json`.
"""

from __future__ import annotations

from pydantic import BaseModel
from starlette.responses import Response

__all__ = ["RecordJSON"]


class RecordJSON(Response):
    """A record as `application/json`, as FastAPI would write it: compact, UTF-8, fields in order."""

    media_type = "application/json"

    def render(self, content: BaseModel) -> bytes:
        return content.model_dump_json().encode()
