"""SIP routing api-version 2024-11-15-preview: what it adds to 2023-03-01 (routes in routes.py).

- `domains` (`{domain: {"enabled"}}`, merged like trunks); trunk `enabled`, `directTransfer`, `privacyHeader`
  (`id`|`none`), `ipAddressVersion` (`ipv4`|`ipv6`), shown with their defaults (true, false, id, ipv4); route
  `callerIdOverride`.
- `GET /sip?expand=trunks/health` adds each trunk's read-only `health` (set through the control API,
  `PUT /_emulator/sip/health`; `unknown` until then). Another `expand` value: 400.
- `POST /sip:testRoutesWithNumber?targetPhoneNumber=...` -> `{"matchingRoutes": [...]}`: the routes whose pattern
  matches the number, in configuration order; the routes of the body's configuration when it has `routes`, else the
  stored ones.
"""

from .responses import HttpError, Reply
from .sip_2023_03_01 import require_merge_patch

EXPAND_HEALTH = "trunks/health"


def _sip(call):
    return call.backend.sip


def get(call):
    """GET /sip[?expand=trunks/health] -> 200 the configuration."""
    expand = call.query.get("expand")
    if expand not in (None, "", EXPAND_HEALTH):
        raise HttpError(400, "InvalidQueryParameter", "The query parameter 'expand' accepts only '%s'." % EXPAND_HEALTH)
    return Reply(200, _sip(call).configuration(preview=True, expand_health=expand == EXPAND_HEALTH))


def update(call):
    """PATCH /sip (merge patch) -> 200 the new configuration."""
    require_merge_patch(call)
    return Reply(200, _sip(call).update(call.json(True), preview=True))


def test_routes_with_number(call):
    """POST /sip:testRoutesWithNumber?targetPhoneNumber= -> 200 {"matchingRoutes"}."""
    routes = _sip(call).test_routes(call.query.get("targetPhoneNumber"), call.json(False))
    return Reply(200, {"matchingRoutes": routes})
