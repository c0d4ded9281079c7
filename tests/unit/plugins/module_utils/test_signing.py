# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Our HMAC signing against vectors produced by the official SDK's HMACCredentialsPolicy (see make_signing_vectors.py)."""

from __future__ import annotations

import base64
import json
import os

import pytest

from ansible_collections.acs.administration.plugins.module_utils.transport import signing

with open(os.path.join(os.path.dirname(__file__), "signing_vectors.json"), encoding="utf-8") as _handle:
    VECTORS = json.load(_handle)["vectors"]


def _signature(authorization):
    return authorization.split("&Signature=", 1)[1]


@pytest.mark.parametrize("vector", VECTORS, ids=["%s %s" % (v["method"], v["path_and_query"][:40]) for v in VECTORS])
def test_signature_matches_sdk_vector(vector):
    key = base64.b64decode(vector["access_key"])
    body = vector["body"].encode("utf-8") if vector["body"] is not None else b""
    headers = signing.signed_headers(vector["method"], vector["path_and_query"], vector["host"], body, key, date=vector["date"])
    assert headers["x-ms-content-sha256"] == vector["content_sha256"]
    assert _signature(headers["Authorization"]) == _signature(vector["authorization"])
    assert headers["x-ms-date"] == vector["date"]
    assert headers["Authorization"].startswith("HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=")


def test_empty_body_hash_is_hash_of_empty_string():
    assert signing.content_hash(None) == "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
    assert signing.content_hash(b"") == signing.content_hash("")


def test_signature_changes_with_every_signed_part():
    key = b"k" * 32
    base = ("GET", "/a?api-version=1", "Mon, 02 Nov 2020 10:00:00 GMT", "h", signing.content_hash(b""))
    reference = signing.signature(key, signing.string_to_sign(*base))
    for index in range(len(base)):
        changed = list(base)
        changed[index] = changed[index] + "x"
        assert signing.signature(key, signing.string_to_sign(*changed)) != reference


def test_http_date_is_rfc1123_gmt():
    assert signing.http_date(1604311200) == "Mon, 02 Nov 2020 10:00:00 GMT"


def test_vectors_still_match_the_installed_sdk():
    """When the SDK is installed, regenerate each vector with it so the JSON file cannot drift from the SDK."""
    sdk_policy = pytest.importorskip("azure.communication.administration._shared.policy")
    from unittest import mock
    from azure.core.pipeline import PipelineRequest, PipelineContext
    from azure.core.pipeline.transport import HttpRequest
    for vector in VECTORS:
        endpoint = "https://" + vector["host"]
        request = HttpRequest(vector["method"], endpoint + vector["path_and_query"])
        if vector["body"] is not None:
            request.body = vector["body"]
        with mock.patch.object(sdk_policy, "get_current_utc_time", return_value=vector["date"]):
            sdk_policy.HMACCredentialsPolicy(endpoint, vector["access_key"]).on_request(PipelineRequest(request, PipelineContext(None)))
        assert request.headers["Authorization"] == vector["authorization"]
