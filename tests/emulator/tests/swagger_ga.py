"""Validate phone numbers 2025-06-01 responses against the successor swagger (a verbatim copy in ../swagger).

The swagger refers to CommunicationError in Common/stable/2021-03-07/common.json, which is not published with it;
the 2022-07-13 common.json copied beside it has the same definition (acs-api-ga.md §1.4), so the reference is
pointed there. Three recorded behaviours the swagger does not state are allowed: "nextLink": null on the last page,
"resourceLocation": null on purchase and release operations, and the search's 202 with an empty body.
"""

import copy
import json
import os
import re

import jsonschema

SWAGGER_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "swagger")
COMMON_REF = "../../../Common/stable/2021-03-07/common.json#/definitions/"
EMPTY_202 = {"PhoneNumbers_SearchAvailablePhoneNumbers"}


def _rewrite(node):
    """Point the common.json references at the local definitions; let nextLink and resourceLocation be null."""
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str) and node["$ref"].startswith(COMMON_REF):
            node["$ref"] = "#/definitions/" + node["$ref"][len(COMMON_REF):]
        props = node.get("properties")
        for name in ("nextLink", "resourceLocation"):
            if isinstance(props, dict) and name in props:
                props[name] = dict(props[name], type=["string", "null"])
        for value in node.values():
            _rewrite(value)
    elif isinstance(node, list):
        for value in node:
            _rewrite(value)


def _load(name="phonenumbers-2025-06-01.json", common="common-2022-07-13.json"):
    with open(os.path.join(SWAGGER_DIR, name), encoding="utf-8") as handle:
        doc = json.load(handle)
    with open(os.path.join(SWAGGER_DIR, common), encoding="utf-8") as handle:
        definitions = dict(json.load(handle)["definitions"])
    definitions.update(copy.deepcopy(doc["definitions"]))
    _rewrite(definitions)
    operations = []
    for path, methods in doc["paths"].items():
        pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
        for method, op in methods.items():
            responses = copy.deepcopy(op["responses"])
            _rewrite(responses)
            operations.append((method.upper(), pattern, op["operationId"], responses))
    return operations, definitions


class GaValidator:
    """Validates (method, path, status, content type, body) tuples and records what it covered."""

    def __init__(self):
        self.operations, self.definitions = _load()
        self.covered = set()

    def operation(self, method, path):
        """The operationId serving a path."""
        for op_method, pattern, op_id, responses in self.operations:
            if op_method == method and pattern.match(path):
                return op_id, responses
        raise AssertionError("no swagger operation for %s %s" % (method, path))

    def check(self, method, path, status, content_type, body):
        """Raise AssertionError or jsonschema.ValidationError when the response breaks the swagger."""
        op_id, responses = self.operation(method, path)
        spec = responses.get(str(status))
        if spec is None:
            assert status >= 400, "%s answered %s, not in the swagger" % (op_id, status)
            spec = responses["default"]
        if "schema" in spec and not (op_id in EMPTY_202 and status == 202):
            schema = dict(spec["schema"], definitions=self.definitions)
            jsonschema.validate(json.loads(body), schema, cls=jsonschema.Draft4Validator, format_checker=jsonschema.FormatChecker())
            expected = "application/json" if status >= 400 else "application/json; charset=utf-8"
            assert content_type == expected, (op_id, status, content_type)
        else:
            assert body in (b"", ""), (op_id, status, body)
        self.covered.add((op_id, status))
