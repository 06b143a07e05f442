"""The REST routes write their records as FastAPI would, and still declare them in the OpenAPI document."""

from __future__ import annotations

import json

from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from api.answer import RecordJSON
from api.app import create_app
from kg.read.records import EntityRef, Operation, Place, PlaceRef

RECORD_ROUTES = {
    "/actors": "ActorList", "/actors/{actor_id}": "Actor", "/actors/{actor_id}/relations": "Relations",
    "/locations": "PlaceList", "/locations/{location_id}": "Place", "/operations": "OperationList",
    "/statements": "StatementList", "/articles": "ArticlePage", "/articles/{article_id}": "ArticleDetail",
    "/health": "Health",
}


def test_a_record_is_written_as_fastapi_writes_it() -> None:
    here = PlaceRef(id="ḩalab", label="Ḩalab «old city»", lat=36.2, lon=1e-7)
    op = Operation(id="a/operation/1", kind="Capture", date=None, targets=[], location=here,
                   agents=[EntityRef(id="x", label='X\n"Y"')], article=None, evidence="Il a dit : « non »",
                   start=0, end=None)
    place = Place(id="ḩalab", label="Ḩalab", kind="City", iri="https://example.org/ḩ", parent=None,
                  aliases=["Alep", "حلب"], lat=None, lon=-0.5, operations=[op, op])
    answer = RecordJSON(place)
    written = JSONResponse(jsonable_encoder(place)).body
    # The same values with the keys in the same order; a number may be spelled otherwise (1e-7, 1e-07).
    assert list(json.loads(answer.body).items()) == list(json.loads(written).items())
    assert "حلب".encode() in answer.body  # UTF-8, not \u escapes
    assert answer.media_type == "application/json"


def test_every_record_route_declares_its_record() -> None:
    paths = create_app().openapi()["paths"]
    for path, record in RECORD_ROUTES.items():
        schema = paths[path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert schema == {"$ref": f"#/components/schemas/{record}"}, path
