# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SIP routing API (direct routing), api-version 2023-03-01: read and merge-patch the configuration.

The only place that talks to this API version. Functions take an ACSClient and return the API's own (camelCase) data:
`{"trunks": {fqdn: {"sipSignalingPort"}}, "routes": [{"name", "description"?, "numberPattern", "trunks"}]}`.
PATCH /sip is a JSON merge patch: `trunks` is merged (a null value deletes a trunk), `routes` replaces the whole list.
The API has no ETag: read-modify-write and its races belong to drivers/sip.py.
"""

from __future__ import annotations

API_VERSION = "2023-03-01"
# Module options this version has beyond the common ones (versions.option_error names the versions that have the others).
OPTIONS = frozenset()
# Trunk fields of this version: module option -> wire name.
TRUNK_FIELDS = {"sip_signaling_port": "sipSignalingPort"}
# Route fields of this version besides name, number_pattern and trunks: module option -> wire name.
ROUTE_FIELDS = {"description": "description"}
MERGE_PATCH = "application/merge-patch+json"


def get_configuration(client, expand_health=False, api_version=API_VERSION):
    """GET /sip -> the whole configuration (trunk health only on a version that has it)."""
    params = [("expand", "trunks/health")] if expand_health else None
    return client.request("GET", "/sip", "SipRouting_Get", api_version, params=params).body


def update_configuration(client, patch, api_version=API_VERSION):
    """PATCH /sip with a merge patch -> 200 and the whole configuration after it.

    Not re-sent after a 500 or a lost answer (idempotent=False): the routes replace the whole list, and sending an old
    list again could undo another writer's change made meanwhile. An ambiguous outcome is ACSAmbiguousError: the
    caller reads the configuration again.
    """
    return client.request("PATCH", "/sip", "SipRouting_Update", api_version, body=patch, content_type=MERGE_PATCH,
                          idempotent=False).body


def test_routes(client, number, configuration=None):
    """This version cannot test a number on the service: the caller evaluates the routes itself (drivers/sip.py)."""
    raise NotImplementedError("POST /sip:testRoutesWithNumber needs api_version 2024-11-15-preview")
