"""Validate phone numbers 2025-06-01 responses that the SDK received against the successor swagger (copied in
../swagger; loaded by swagger_check.py).

Recorded behaviours the swagger does not state are allowed: "nextLink": null on the last page,
"resourceLocation": null on purchase and release operations, the search's 202 with an empty body, the capabilities
update's 202 body {"capabilitiesUpdateId"} (D6; the swagger says a purchased number) and the one-number operator
information request's values with isoCountryCode, numberType and operatorDetails null (D15). Errors carry
"Content-Type: application/json" without a charset, successes with one, as recorded.
"""

import json

import jsonschema

from .swagger_check import load_operations

EMPTY_202 = {"PhoneNumbers_SearchAvailablePhoneNumbers"}
CAPABILITIES_202 = {"type": "object", "required": ["capabilitiesUpdateId"], "additionalProperties": False,
                    "properties": {"capabilitiesUpdateId": {"type": "string"}}}  # recorded (NET-PN UpdateCapabilities.json)
NULLABLE = ("nextLink", "resourceLocation")


OPERATOR_NULLABLE = ("isoCountryCode", "numberType", "operatorDetails", "mobileNetworkCode", "mobileCountryCode")


def _nullable(definitions):
    for schema in definitions.values():
        props = schema.get("properties", {})
        for name in NULLABLE:
            if name in props:
                props[name] = dict(props[name], type=["string", "null"])
        _operator_nullable(schema)


def _operator_nullable(schema):
    """Let the operator information fields be null (recorded, D15), wherever the schema nests them."""
    if isinstance(schema, list):
        for item in schema:
            _operator_nullable(item)
        return
    if not isinstance(schema, dict):
        return
    props = schema.get("properties", {})
    for name in OPERATOR_NULLABLE:
        if name not in props:
            continue
        if "$ref" in props[name]:
            props[name] = {"anyOf": [props[name], {"type": "null"}]}
        elif isinstance(props[name].get("type"), str):
            props[name]["type"] = [props[name]["type"], "null"]
            if "enum" in props[name]:
                props[name]["enum"] = props[name]["enum"] + [None]
    for value in schema.values():
        if isinstance(value, (dict, list)):
            _operator_nullable(value)


class GaValidator:
    """Validates (method, path, status, content type, body) tuples and records what it covered."""

    def __init__(self, name="phonenumbers-2025-06-01.json"):
        self.operations = load_operations(name)
        _nullable(self.operations[0][4])  # one definitions dict, shared by every operation of the file
        self.covered = set()

    def operation(self, method, path):
        """(operationId, responses, definitions) serving a path."""
        for op_method, pattern, op_id, responses, definitions in self.operations:
            if op_method == method and pattern.match(path):
                return op_id, responses, definitions
        raise AssertionError("no swagger operation for %s %s" % (method, path))

    def check(self, method, path, status, content_type, body):
        """Raise AssertionError or jsonschema.ValidationError when the response breaks the swagger."""
        op_id, responses, definitions = self.operation(method, path)
        spec = responses.get(str(status))
        if spec is None:
            assert status >= 400, "%s answered %s, not in the swagger" % (op_id, status)
            spec = responses["default"]
        if "schema" in spec and not (op_id in EMPTY_202 and status == 202):
            schema = dict(spec["schema"], definitions=definitions)
            if op_id == "PhoneNumbers_OperatorInformationSearch":
                _operator_nullable(schema)
            if op_id == "PhoneNumbers_UpdateCapabilities" and status == 202:
                schema = dict(CAPABILITIES_202, definitions=definitions)
            jsonschema.validate(json.loads(body), schema, cls=jsonschema.Draft4Validator, format_checker=jsonschema.FormatChecker())
            expected = "application/json" if status >= 400 else "application/json; charset=utf-8"
            assert content_type == expected, (op_id, status, content_type)
        else:
            assert body in (b"", ""), (op_id, status, body)
        self.covered.add((op_id, status))
