# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ACS user access tokens: reading them (JWTs) without verifying them, identity ids, and the desired state of
acs_token (reuse a token while it stays valid, else issue one; revoke and record the revocation).

The first part is pure functions, no Ansible and no network: the claims decide whether an existing token can be
reused. The driver part (validate, ensure_present, ensure_revoked) talks to the identity API of the task's version
through one signature per operation and never branches on the version.
Nothing here ever puts a token (or part of one) into a message.

An ACS token's payload looks like
``{"skypeid": "acs:<resource>_<id>", "iat": 1599687579, "exp": 1599773979, "acsScope": "chat,voip", ...}``
and belongs to the identity ``8:acs:<resource>_<id>``.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
import re
import time

from ansible_collections.acs.administration.plugins.module_utils.api import versions as apis
from ansible_collections.acs.administration.plugins.module_utils.drivers import revocations
from ansible_collections.acs.administration.plugins.module_utils.transport.dates import epoch_or_none, parse_datetime, wire_utc
from ansible_collections.acs.administration.plugins.module_utils.transport.errors import ACSError, ACSNotFoundError, TaskFailure
from ansible_collections.acs.administration.plugins.module_utils.validation import parse_duration

USER_ID = re.compile(r"^8:acs:[^\s/?#%]+$")


class TokenError(ValueError):
    """The text is not a readable JWT. The message never contains the token."""


def user_id_error(user_id, option="user_id"):
    """An error sentence when user_id is not an ACS identity id (8:acs:<resource>_<id>), else None."""
    if not isinstance(user_id, str) or not USER_ID.match(user_id):
        shown = user_id if isinstance(user_id, str) and len(user_id) <= 120 else "(%d characters)" % len(str(user_id))
        return ("%s %r is not an Azure Communication Services identity: it must look like "
                "8:acs:<resource id>_<user id>, as returned by acs.administration.acs_user." % (option, shown))
    return None


def _b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def decode_claims(token):
    """The payload (claims) of a JWT as a dict, without checking its signature. Raises TokenError."""
    if not isinstance(token, str) or not token.strip():
        raise TokenError("the token is empty")
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise TokenError("the token is not a JWT (it should have three dot-separated parts, it has %d)" % len(parts))
    try:
        claims = json.loads(_b64url_decode(parts[1]).decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise TokenError("the token's payload is not base64url-encoded JSON") from None
    if not isinstance(claims, dict):
        raise TokenError("the token's payload is not a JSON object")
    return claims


def _epoch(claims, name):
    value = claims.get(name)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value


def expires_at(claims):
    """The exp claim in epoch seconds, or None."""
    return _epoch(claims, "exp")


def claim_user_id(claims):
    """The identity the token was issued for, as an 8:acs:... id, or None.

    The skypeid claim is the id without its "8:" type prefix.
    """
    skypeid = claims.get("skypeid")
    if not isinstance(skypeid, str) or not skypeid:
        return None
    return skypeid if skypeid.startswith("8:") else "8:" + skypeid


def claim_scopes(claims):
    """The token's scopes as a sorted list of lower-case names (acsScope "chat,voip", or a scopes list)."""
    raw = claims.get("acsScope")
    if raw is None:
        raw = claims.get("scopes")
    if isinstance(raw, str):
        names = re.split(r"[\s,]+", raw)
    elif isinstance(raw, (list, tuple)):
        names = [s for s in raw if isinstance(s, str)]
    else:
        names = []
    return sorted({n.strip().lower() for n in names if n and n.strip()})


def iso_utc(epoch):
    """Epoch seconds as ISO 8601 in UTC, e.g. 2020-12-04T04:27:35+00:00."""
    return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc).isoformat()


def issued_at(claims):
    """The iat claim in epoch seconds, or None."""
    return _epoch(claims, "iat")


def reuse_decision(token, user_id, scopes, min_validity, now, revoked_at=None):
    """Whether an existing token may be returned instead of issuing a new one.

    Returns (reusable, reason, claims): reusable is True when the token was issued for user_id with exactly
    these scopes (in any order), stays valid until at least now + min_validity seconds, and was issued after
    `revoked_at` (epoch seconds of the user's last known revocation, if any). reason is one sentence that never
    contains the token; claims is None when the token cannot be read.
    The claims cannot show a revocation: `revoked_at` comes from the record acs_token keeps (revocations.py).
    A token issued in the same second as the revocation counts as revoked: the safe side.
    """
    try:
        claims = decode_claims(token)
    except TokenError as exc:
        return False, "the given token cannot be read: %s" % exc, None
    owner = claim_user_id(claims)
    if owner is None:
        return False, "the given token has no skypeid claim, so its user is unknown", claims
    if owner != user_id:
        return False, "the given token was issued for another user (%s)" % owner, claims
    have = claim_scopes(claims)
    want = sorted({s.lower() for s in scopes})
    if have != want:
        return False, "the given token has the scopes [%s], not [%s]" % (", ".join(have), ", ".join(want)), claims
    if revoked_at is not None:
        iat = issued_at(claims)
        if iat is None:
            return False, ("the tokens of this user were revoked at %s and the given token has no iat claim, so it may be "
                           "one of them" % iso_utc(revoked_at)), claims
        if int(iat) <= int(revoked_at):
            return False, ("the tokens of this user were revoked at %s and the given token was issued at %s, not after"
                           % (iso_utc(revoked_at), iso_utc(iat))), claims
    exp = expires_at(claims)
    if exp is None:
        return False, "the given token has no exp claim, so its expiry is unknown", claims
    if exp <= now:
        return False, "the given token expired at %s" % iso_utc(exp), claims
    if exp < now + min_validity:
        return False, ("the given token expires at %s, less than %s from now"
                       % (iso_utc(exp), describe_seconds(min_validity))), claims
    return True, "the given token is for this user and these scopes and is valid until %s" % iso_utc(exp), claims


def describe_seconds(seconds):
    """A short human form of a duration: 90 -> '1m30s', 3600 -> '1h'."""
    seconds = int(round(seconds))
    if seconds <= 0:
        return "0s"
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if seconds >= size:
            parts.append("%d%s" % (seconds // size, unit))
            seconds %= size
    return "".join(parts)


# -- the desired state of acs_token ----------------------------------------------------------------------------------

# A tokens_valid_from further in the future than this also revokes the tokens issued until then: warn.
FUTURE_SLACK = 300


def _version_error(params):
    """Options and lifetimes the api-version lacks or refuses, before anything is sent."""
    version = params["api_version"]
    error = apis.lacking_error(params, "acs_token", apis.identity(version))
    if error:
        return error
    minutes = params["expires_in_minutes"]
    if minutes is not None:
        low, high = apis.identity(version).LIFETIME
        if not low <= minutes <= high:
            return "expires_in_minutes must be between %d and %d, not %d." % (low, high, minutes)
        if params["state"] != "present":
            return "expires_in_minutes only applies to state=present."
    return None


def _present_error(params):
    if params["scopes"] is None:
        return "state=present needs scopes: one or more of %s." % ", ".join(apis.identity(params["api_version"]).SCOPES)
    error = apis.scope_error(apis.IDENTITY, params["api_version"], params["scopes"])
    if error:
        return error
    if params["tokens_valid_from"] is not None:
        return "tokens_valid_from only applies to state=revoked."
    if parse_duration(params["min_validity"]) is None:
        return "min_validity %r is not a duration: give seconds or a number with s, m, h or d, such as 1h." % params["min_validity"]
    if params["token"] is not None and not params["token"].strip():
        return "token is empty: leave it out to issue a new token."
    return None


def _revoked_error(params):
    for option, why in (("scopes", "revoking applies to every token of the user, whatever its scopes"),
                        ("token", "revoking applies to every token of the user")):
        if params[option] is not None:
            return "%s does not apply to state=revoked: %s." % (option, why)
    if params["tokens_valid_from"] is not None:
        try:
            parse_datetime(params["tokens_valid_from"])
        except ValueError as exc:
            return "tokens_valid_from %s" % exc
    return None


def validate(params):
    """Every check that runs before a request; returns an error sentence or None."""
    return (user_id_error(params["user_id"]) or _version_error(params)
            or (_present_error(params) if params["state"] == "present" else _revoked_error(params)))


def _reuse(module, user_id, scopes, result):
    """The result that hands back the given token when it can be reused, else None (with the reason in `result`);
    also returns the diff's view of the given token."""
    given = module.params["token"]
    before = {"token_expires_on": None, "scopes": []}
    if given is None:
        return None, before
    try:
        revoked_at = revocations.revoked_at(module.params["revocations_file"], user_id)
    except revocations.RecordError as exc:
        raise TaskFailure("Cannot tell whether the given token was revoked: %s." % exc) from None
    reusable, reason, claims = reuse_decision(given, user_id, scopes, parse_duration(module.params["min_validity"]), time.time(),
                                              revoked_at=revoked_at)
    if claims is not None and expires_at(claims) is not None:
        before = {"token_expires_on": iso_utc(expires_at(claims)), "scopes": claim_scopes(claims)}
    if not reusable:
        result["reissue_reason"] = reason
        return None, before
    # The result carries the token on purpose, like a newly issued one: keep it from being masked as a
    # no_log value there, and mask it in the echoed module arguments instead.
    module.no_log_values.discard(given)
    invocation = {"module_args": dict(module.params, token="VALUE_SPECIFIED_IN_NO_LOG_PARAMETER")}
    return dict(result, changed=False, token=given, expires_on=before["token_expires_on"], reused=True, invocation=invocation,
                actions=["reused the given token of %s" % user_id]), before


def _expiry(expires_on):
    """The service's expiresOn (7 fractional digits) in the one form every result uses, that of a reused token."""
    epoch = epoch_or_none(expires_on)
    return iso_utc(epoch) if epoch is not None else expires_on


def ensure_present(module):
    user_id = module.params["user_id"]
    scopes = sorted({s.lower() for s in module.params["scopes"]})
    result = dict(user_id=user_id, scopes=scopes)
    reused, before = _reuse(module, user_id, scopes, result)
    if reused:
        return reused
    result.update(reused=False, changed=True, token=None, expires_on=None, actions=["would issue a token for %s" % user_id])
    if not module.check_mode:
        try:
            answer = module.identity_api.issue_token(module.client, user_id, scopes,
                                                     expires_in_minutes=module.params["expires_in_minutes"], retry_safe=True)
        except ACSNotFoundError as exc:
            raise TaskFailure("User %s does not exist (it was deleted, or never created in this resource): %s" % (user_id, exc),
                              error=exc) from None
        except ACSError as exc:
            raise TaskFailure("Could not issue a token for user %s: %s" % (user_id, exc), error=exc) from None
        if not isinstance(answer, dict) or not answer.get("token"):
            raise TaskFailure("The service answered without a token for user %s." % user_id)
        result.update(token=answer["token"], expires_on=_expiry(answer.get("expiresOn")), actions=["issued a token for %s" % user_id])
    if module.diff_mode:
        result["diff"] = {"before": before, "after": {"token_expires_on": result["expires_on"] or "(new token)", "scopes": scopes}}
    return result


def _check_record(path):
    """Fail before the revocation is sent when its record could not be written afterwards."""
    try:
        revocations.check_usable(path)
    except revocations.RecordError as exc:
        raise TaskFailure("Nothing was revoked: %s. Repair the file or remove it (it holds only user ids and revocation times; "
                          "removing it forgets the earlier revocations), or set revocations_file to a file that can be read "
                          "and written, then run the task again." % exc) from None


def ensure_revoked(module):
    user_id = module.params["user_id"]
    when = parse_datetime(module.params["tokens_valid_from"]) if module.params["tokens_valid_from"] is not None else None
    sent = wire_utc(when) if when else None
    if when is not None and when.timestamp() > time.time() + FUTURE_SLACK:
        module.warn("tokens_valid_from %s is in the future: tokens issued from now until then are revoked too." % sent)
    result = dict(user_id=user_id, tokens_valid_from=sent, changed=True, revoked_at=None,
                  actions=["%s the tokens of %s" % ("would revoke" if module.check_mode else "revoked", user_id)])
    if module.diff_mode:
        result["diff"] = {"before": {"tokens_valid_from": "(not known: the API cannot read it)"},
                          "after": {"tokens_valid_from": sent or "(now)"}}
    _check_record(module.params["revocations_file"])
    if module.check_mode:
        return result
    try:
        headers = module.identity_api.revoke_tokens(module.client, user_id, sent)
    except ACSNotFoundError:
        module.warn("User %s does not exist (deleted, or never created in this resource): it has no valid tokens to revoke." % user_id)
        return dict(user_id=user_id, tokens_valid_from=sent, changed=False, revoked_at=None,
                    actions=["%s does not exist; it has no tokens to revoke" % user_id])
    except ACSError as exc:
        raise TaskFailure("Could not revoke the tokens of user %s: %s" % (user_id, exc), error=exc) from None
    if when is not None:
        revoked = when.timestamp()  # the legacy API revokes the tokens issued before this time, past or future
    else:
        # The later of the service's clock and the host's: a token issued before the revocation is never taken for one
        # issued after it (one issued just after it may be reissued once more: the safe side).
        revoked = max(t for t in (revocations.service_time(headers), time.time()) if t is not None)
    try:
        revocations.record(module.params["revocations_file"], user_id, revoked)
    except revocations.RecordError as exc:
        raise TaskFailure("The tokens of user %s were revoked, but %s, so a later run may reuse a revoked token: fix it and "
                          "run the task again." % (user_id, exc), result=result) from None
    result["revoked_at"] = iso_utc(revoked)
    return result
