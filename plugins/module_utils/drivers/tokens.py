# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading ACS user access tokens (JWTs) without verifying them, and identity ids.

Pure functions, no Ansible and no network: the claims decide whether an existing token can be reused.
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
