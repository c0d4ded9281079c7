"""SIP routing api-version 2023-03-01: `GET /sip` and `PATCH /sip` (routes in routes.py; the model is service/sip.py).

- The configuration is `{"trunks": {fqdn: {"sipSignalingPort"}}, "routes": [...]}`; both keys always present, a
  route always with `trunks` (`[]` when none), as recorded.
- PATCH takes `application/merge-patch+json` (anything else: 415 `UnsupportedMediaType`, the older swagger example's
  body) and answers 200 with the whole configuration. Refusals: 422 `UnprocessableConfiguration` with an
  `innererror` (400 for a duplicated route name, as recorded); see service/sip.py.
"""

from .responses import HttpError, Reply

MERGE_PATCH = "application/merge-patch+json"


def _sip(call):
    return call.backend.sip


def require_merge_patch(call):
    """415 unless the body is declared as a JSON merge patch."""
    mimetype = (call.request.mimetype or "").lower()
    if mimetype != MERGE_PATCH:
        raise HttpError(415, "UnsupportedMediaType", "Unsupported Media Type.")


def get(call):
    """GET /sip -> 200 the configuration."""
    return Reply(200, _sip(call).configuration(preview=False))


def update(call):
    """PATCH /sip (merge patch) -> 200 the new configuration."""
    require_merge_patch(call)
    return Reply(200, _sip(call).update(call.json(True), preview=False))
