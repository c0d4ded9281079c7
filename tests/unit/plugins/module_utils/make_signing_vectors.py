#!/usr/bin/env python
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write signing_vectors.json with signatures computed by the official legacy SDK's own HMACCredentialsPolicy.

Run from the repository root with azure-communication-administration installed:
    python tests/unit/plugins/module_utils/make_signing_vectors.py
The unit tests compare our signing with these vectors, so they are pinned by the SDK, not by our own code.
"""

from __future__ import annotations

import json
import os
from unittest import mock

from azure.core.pipeline import PipelineRequest, PipelineContext
from azure.core.pipeline.transport import HttpRequest
from azure.communication.administration._shared import policy as sdk_policy

KEY = "bm90LWEtcmVhbC1rZXktMDEyMzQ1Njc4OWFiY2RlZg=="
CASES = [
    ("GET", "https://contoso.communication.azure.com",
     "/administration/phonenumbers/countries?locale=en-US&skip=0&take=100&api-version=2020-07-20-preview1", None,
     "Mon, 02 Nov 2020 10:00:00 GMT"),
    ("POST", "https://contoso.communication.azure.com",
     "/identities/8%3Aacs%3A00000000-0000-0000-0000-000000000000_00000006-0000-0000-0000-000000000000/token?api-version=2020-07-20-preview2",
     '{"scopes":["chat","voip"]}', "Mon, 02 Nov 2020 10:00:00 GMT"),
    ("POST", "https://127.0.0.1:8443", "/identities?api-version=2020-07-20-preview2", None, "Thu, 26 Nov 2026 16:00:00 GMT"),
    ("PATCH", "https://127.0.0.1:8443",
     "/identities/8%3Aacs%3A1b2c_00000006-aaaa-bbbb-cccc-dddddddddddd?api-version=2020-07-20-preview2",
     '{"tokensValidFrom":"2026-11-26T16:00:00.000Z"}', "Thu, 26 Nov 2026 16:00:01 GMT"),
    ("DELETE", "https://127.0.0.1:8443",
     "/identities/8%3Aacs%3A1b2c_00000006-aaaa-bbbb-cccc-dddddddddddd?api-version=2020-07-20-preview2", None,
     "Thu, 26 Nov 2026 16:00:02 GMT"),
    ("PATCH", "https://contoso.communication.azure.com",
     "/administration/phonenumbers/numberconfiguration/configure?api-version=2020-07-20-preview1",
     '{"phoneNumber":"+14255550123","pstnConfiguration":{"callbackUrl":"https://example.com/calls","applicationId":"app-\u00e9"}}',
     "Fri, 27 Nov 2026 08:30:00 GMT"),
]


def sdk_sign(method, endpoint, path_and_query, body, date):
    request = HttpRequest(method, endpoint + path_and_query)
    if body is not None:
        request.body = body
    with mock.patch.object(sdk_policy, "get_current_utc_time", return_value=date):
        sdk_policy.HMACCredentialsPolicy(endpoint, KEY).on_request(PipelineRequest(request, PipelineContext(None)))
    return request.headers


def main():
    vectors = []
    for method, endpoint, path_and_query, body, date in CASES:
        headers = sdk_sign(method, endpoint, path_and_query, body, date)
        vectors.append({
            "access_key": KEY, "method": method, "host": endpoint.split("://", 1)[1], "path_and_query": path_and_query,
            "body": body, "date": date, "content_sha256": headers["x-ms-content-sha256"],
            "authorization": headers["Authorization"],
        })
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "signing_vectors.json")
    with open(out, "w", encoding="utf-8") as handle:
        json.dump({"source": "azure-communication-administration HMACCredentialsPolicy", "vectors": vectors}, handle, indent=2)
        handle.write("\n")
    print("wrote %d vectors to %s" % (len(vectors), out))


if __name__ == "__main__":
    main()
