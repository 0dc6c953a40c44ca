"""The error answers every API operation can give, added to the OpenAPI schema once.

Any operation may be refused before its view runs (401 without credentials, 403 without the
role, 404 for an unknown id or page, always `{"detail": message}`), and any operation that reads
input may answer 400: either `{"detail": message}` (a domain rule refused it, a bad request) or
DRF's validation errors, an object of field name → messages (a list of strings, or for a list
of objects such as `signers`, one object of the same shape per item).
"""

DETAIL = "Detail"
VALIDATION_ERRORS = "ValidationErrors"

_DETAIL_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
_VALIDATION_ERRORS_SCHEMA = {
    "type": "object",
    "description": (
        "Field name → messages; `non_field_errors` for the body as a whole; for a list of "
        "objects, one object of the same shape per item."
    ),
    "additionalProperties": {
        "oneOf": [
            {"type": "array", "items": {"type": "string"}},
            {"type": "array", "items": {"type": "object"}},
            {"type": "object"},
        ]
    },
}

_DESCRIPTIONS = {
    "400": "The request was refused: a validation error or a domain rule",
    "401": "No valid credentials",
    "403": "The caller lacks the role",
    "404": "No such object, action or page",
}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


def add_error_responses(result: dict, generator, request, public) -> dict:
    """drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault(DETAIL, _DETAIL_SCHEMA)
    schemas[VALIDATION_ERRORS] = _VALIDATION_ERRORS_SCHEMA
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            for code in ("401", "403", "404"):
                responses.setdefault(
                    code, {"description": _DESCRIPTIONS[code], "content": _json(_ref(DETAIL))}
                )
            declared = responses.get("400", {})
            responses["400"] = {
                "description": declared.get("description") or _DESCRIPTIONS["400"],
                "content": _json({"anyOf": [_ref(DETAIL), _ref(VALIDATION_ERRORS)]}),
            }
    return result
