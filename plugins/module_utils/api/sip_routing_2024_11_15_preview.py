# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SIP routing API, api-version 2024-11-15-preview: 2023-03-01 plus domains, trunk flags, route caller id
override, trunk health (`GET /sip?expand=trunks/health`) and `POST /sip:testRoutesWithNumber`.

The only place that talks to this API version. Trunks are shown with every flag (enabled, directTransfer,
privacyHeader id|none, ipAddressVersion ipv4|ipv6); `domains` is `{domain: {"enabled"}}`, merged like trunks.
"""

from __future__ import annotations

from ansible_collections.acs.administration.plugins.module_utils.api import sip_routing_2023_03_01 as ga

API_VERSION = "2024-11-15-preview"
OPTIONS = frozenset(("enabled", "direct_transfer", "privacy_header", "ip_address_version", "caller_id_override", "health"))
TRUNK_FIELDS = dict(ga.TRUNK_FIELDS, enabled="enabled", direct_transfer="directTransfer", privacy_header="privacyHeader",
                    ip_address_version="ipAddressVersion")
ROUTE_FIELDS = dict(ga.ROUTE_FIELDS, caller_id_override="callerIdOverride")
PRIVACY_HEADERS = ("id", "none")
IP_ADDRESS_VERSIONS = ("ipv4", "ipv6")


def get_configuration(client, expand_health=False):
    """GET /sip[?expand=trunks/health] -> the whole configuration, domains included."""
    return ga.get_configuration(client, expand_health, api_version=API_VERSION)


def update_configuration(client, patch):
    """PATCH /sip (merge patch) -> the whole configuration after it (never re-sent blindly, as on 2023-03-01)."""
    return ga.update_configuration(client, patch, api_version=API_VERSION)


def test_routes(client, number, configuration=None):
    """POST /sip:testRoutesWithNumber?targetPhoneNumber= -> the routes (wire form) that match, in order; those of
    `configuration` when given, else the stored ones. Only reads: safe to send again."""
    answer = client.request("POST", "/sip:testRoutesWithNumber", "SipRouting_TestRoutesWithNumber", API_VERSION,
                            params=[("targetPhoneNumber", number)], body=configuration or {}, idempotent=True)
    return (answer.body or {}).get("matchingRoutes") or []
