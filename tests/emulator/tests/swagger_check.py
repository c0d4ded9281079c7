"""Validate emulator responses against the successor (GA) swagger files copied in tests/emulator/swagger/.

`SwaggerCheck({"2023-10-01": "identity-2023-10-01.json", ...})` picks the swagger by the request's api-version, the
operation by method and path, the schema by status code (`default` for errors), resolves references to
`common-*.json` locally, and validates with jsonschema (Draft 4, formats checked). It records what it covered.
"""

import copy
import json
import os
import re
from urllib.parse import parse_qs, urlsplit

import jsonschema

SWAGGER_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "swagger")
# External reference prefix -> local file holding those definitions.
# phonenumbers 2025-06-01 refers to Common 2021-03-07, which is not published with it; its CommunicationError is the
# same as in 2022-07-13 (acs-api-ga.md §1.4).
EXTERNAL = {"../../../Common/stable/2022-07-13/common.json": "common-2022-07-13.json",
            "../../../Common/stable/2021-03-07/common.json": "common-2022-07-13.json"}


def _load(name):
    with open(os.path.join(SWAGGER_DIR, name), encoding="utf-8") as handle:
        return json.load(handle)


def _localize_refs(node, definitions):
    """Rewrite external `$ref`s to local ones, copying the referenced file's definitions in."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and "#" in ref and not ref.startswith("#"):
            path, _sep, pointer = ref.partition("#")
            for name, value in _load(EXTERNAL[path])["definitions"].items():
                definitions.setdefault(name, value)
            node["$ref"] = "#" + pointer
        for value in node.values():
            _localize_refs(value, definitions)
    elif isinstance(node, list):
        for value in node:
            _localize_refs(value, definitions)


def load_operations(name):
    """[(METHOD, path regex, operationId, responses, definitions)] of one swagger file."""
    doc = copy.deepcopy(_load(name))
    definitions = doc["definitions"]
    _localize_refs(doc["paths"], definitions)
    for value in list(definitions.values()):  # definitions may refer to the common file too
        _localize_refs(value, definitions)
    ops = []
    for path, methods in doc["paths"].items():
        pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
        for method, op in methods.items():
            if isinstance(op, dict) and "operationId" in op:
                ops.append((method.upper(), pattern, op["operationId"], op["responses"], definitions))
    return ops


class SwaggerCheck:
    """Callable on a `requests` response: validates it, returns it; `covered` holds (operationId, status) pairs."""

    def __init__(self, files_by_version):
        self.operations = {version: load_operations(name) for version, name in files_by_version.items()}
        self.covered = set()

    def operation(self, method, url):
        """(operationId, responses, definitions) for a request."""
        parts = urlsplit(url)
        version = parse_qs(parts.query)["api-version"][0]
        for op_method, pattern, op_id, responses, definitions in self.operations[version]:
            if op_method == method and pattern.match(parts.path):
                return op_id, responses, definitions
        raise AssertionError("no %s swagger operation for %s %s" % (version, method, parts.path))

    def __call__(self, resp):
        op_id, responses, definitions = self.operation(resp.request.method, resp.request.url)
        spec = responses.get(str(resp.status_code))
        if spec is None:
            assert resp.status_code >= 400, "%s answered %s, not in the swagger" % (op_id, resp.status_code)
            spec = responses["default"]
        if "schema" in spec:
            schema = dict(spec["schema"], definitions=definitions)
            assert resp.content, (op_id, resp.status_code, dict(resp.headers))
            jsonschema.validate(resp.json(), schema, cls=jsonschema.Draft4Validator, format_checker=jsonschema.FormatChecker())
            assert resp.headers["Content-Type"].startswith("application/json")
        else:
            assert resp.content == b"" and resp.headers["Content-Length"] == "0", (op_id, resp.content)
        self.covered.add((op_id, resp.status_code))
        return resp
