"""CommunicationIdentity: users, tokens (HS256 JWTs), revocation, custom ids, Teams user token exchange.

Two sets of rules over the same users and tokens: the legacy ones (2020-07-20-preview2: scopes chat/voip/pstn, 24 h
tokens, revoke before a time, unknown id = NotFound) and the current ones (2023-10-01 and later: five scopes,
lifetime 60..1440 minutes, revoke all, unknown or foreign id = NotOwned, ValidationError with a target).
"""

import base64
import hashlib
import hmac
import json
import uuid

from .clock import iso, parse_iso
from .errors import InvalidInput, NotFound, NotOwned

SCOPES = ("chat", "voip", "pstn")
TOKEN_LIFETIME = 24 * 3600
SCP = 1792

# current API (2023-10-01 and later)
GA_SCOPES = ("chat", "voip", "chat.join", "chat.join.limited", "voip.join")
MIN_MINUTES, MAX_MINUTES, DEFAULT_MINUTES = 60, 1440, 1440
CUSTOM_ID_MAX = 256
NOT_OWNED = "Provided identity doesn't belong to the resource."
# Scopes of a token exchanged for a Teams user's Azure AD token.
TEAMS_SCOPES = ("voip",)


def _b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _validation(message, target):
    return InvalidInput(message, code="ValidationError", target=target)


def _required(field):
    """The ValidationError of a required field missing from the body (recorded: target `Scopes`, capitalised)."""
    name = field[0].upper() + field[1:]
    return _validation("%s: The %s field is required." % (name, name), name)


def iso_seconds(ts):
    """An identity's lastTokenIssuedAt as recorded: whole seconds and an offset (2025-04-14T15:32:27+00:00)."""
    return iso(int(ts)).split(".")[0] + "+00:00"


# The Teams token exchange's answer to an Entra token it does not accept (invalid, empty or expired), as recorded.
INVALID_AAD_TOKEN = "Provided access token is not valid."


def check_minutes(minutes):
    """A current-API token lifetime in minutes (default 1440); ValidationError outside [60, 1440]."""
    if minutes is None:
        return DEFAULT_MINUTES
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise _validation("ExpiresInMinutes value %s is invalid." % (minutes,), "ExpiresInMinutes")
    return minutes


def check_scopes(scopes):
    """Current-API token scopes (duplicates dropped); ValidationError when empty or unknown."""
    if scopes is None:
        raise _required("scopes")
    if not isinstance(scopes, list) or not scopes:
        raise _validation("Invalid scopes - Scopes field is required.", "scopes")
    bad = [s for s in scopes if s not in GA_SCOPES]
    if bad:
        raise _validation("Invalid scopes - %s. Valid scopes are: %s." % (", ".join(map(str, bad)), ", ".join(GA_SCOPES)), "scopes")
    return list(dict.fromkeys(scopes))


class IdentityService:
    """Identity operations over the store."""

    def __init__(self, store, clock):
        self.store = store
        self.clock = clock

    @property
    def resource_id(self):
        """The resource guid, fixed per state."""
        return self.store.get_meta("resource_id")

    def _secret(self):
        return base64.b64decode(self.store.get_meta("jwt_secret"))

    def _live(self, user_id):
        row = self.store.one("SELECT id, created, deleted, tokens_valid_from, custom_id, last_token FROM users WHERE id = ?",
                             (user_id,))
        return row if row is not None and row[2] is None else None

    def _user(self, user_id):
        row = self._live(user_id)
        if row is None:
            raise NotFound("Identity '%s' was not found." % user_id, code="IdentityNotFound")
        return row

    def _owned(self, user_id):
        """A live ACS identity of this resource (a Teams user's `8:orgid:` id is not one)."""
        row = self._live(user_id) if user_id.startswith("8:acs:%s_" % self.resource_id) else None
        if row is None:
            raise NotOwned(NOT_OWNED)
        return row

    def _new_user(self, custom_id=None):
        raw = uuid.uuid4().hex
        local = "00000006-%s-%s-%s-%s" % (raw[0:4], raw[4:8], raw[8:12], raw[12:24])
        user_id = "8:acs:%s_%s" % (self.resource_id, local)
        self.store.execute("INSERT INTO users (id, created, custom_id) VALUES (?, ?, ?)", (user_id, self.clock.now(), custom_id))
        self.store.incr("users_created")
        return user_id

    def _mint(self, user_id, scopes, lifetime):
        """Sign and record a token; return (token, expiry in epoch seconds)."""
        now = self.clock.now()
        iat = int(now)
        skypeid = user_id[2:] if user_id.startswith("8:") else user_id
        header = {"alg": "HS256", "kid": "acs-emulator", "typ": "JWT"}
        # jti (a random token id) makes two tokens issued in the same second with the same claims differ
        payload = {"skypeid": skypeid, "scp": SCP, "csi": str(iat), "iat": iat, "exp": iat + lifetime,
                   "acsScope": ",".join(scopes), "resourceId": self.resource_id, "jti": uuid.uuid4().hex}
        signing_input = _b64url(json.dumps(header, separators=(",", ":")).encode()) + "." + \
            _b64url(json.dumps(payload, separators=(",", ":")).encode())
        signature = _b64url(hmac.new(self._secret(), signing_input.encode("ascii"), hashlib.sha256).digest())
        token = signing_input + "." + signature
        self.store.execute("INSERT INTO tokens (hash, user_id, issued) VALUES (?, ?, ?)",
                           (hashlib.sha256(token.encode()).hexdigest(), user_id, now))
        self.store.execute("UPDATE users SET last_token = ? WHERE id = ?", (now, user_id))
        self.store.incr("tokens_issued")
        return token, iat + lifetime

    # ---------------------------------------------------------------- legacy (2020-07-20-preview2)
    def create(self):
        """CommunicationIdentity_Create."""
        return {"id": self._new_user()}

    def delete(self, user_id):
        """CommunicationIdentity_Delete."""
        self._user(user_id)
        self._delete(user_id)

    def _delete(self, user_id):
        self.store.execute("UPDATE users SET deleted = ? WHERE id = ?", (self.clock.now(), user_id))
        self.store.incr("users_deleted")

    def update(self, user_id, body):
        """CommunicationIdentity_Update: revoke tokens issued before tokensValidFrom (default now)."""
        if body is None:
            body = {}
        if not isinstance(body, dict):
            raise InvalidInput("The request body must be a JSON object.")
        self._user(user_id)
        value = body.get("tokensValidFrom")
        if value is None:
            valid_from = self.clock.now()
        else:
            try:
                valid_from = parse_iso(value)
            except (TypeError, ValueError) as exc:
                raise InvalidInput("tokensValidFrom is not a valid date-time: %s" % exc) from exc
        self.store.execute("UPDATE users SET tokens_valid_from = ? WHERE id = ?", (valid_from, user_id))

    def issue_token(self, user_id, body):
        """CommunicationIdentity_IssueToken."""
        if not isinstance(body, dict) or "scopes" not in body:
            raise InvalidInput("The request body must be a JSON object with 'scopes'.")
        scopes = body["scopes"]
        if not isinstance(scopes, list) or not scopes or not all(isinstance(s, str) for s in scopes):
            raise InvalidInput("'scopes' must be a non-empty list of strings.")
        bad = [s for s in scopes if s.lower() not in SCOPES]
        if bad:
            raise InvalidInput("Invalid scope(s): %s. Valid scopes are: %s." % (", ".join(bad), ", ".join(SCOPES)), code="InvalidScope")
        self._user(user_id)
        token, expires = self._mint(user_id, [s.lower() for s in scopes], TOKEN_LIFETIME)
        return {"id": user_id, "token": token, "expiresOn": iso(expires)}

    # ---------------------------------------------------------------- current (2023-10-01, 2025-03-02-preview)
    def identity(self, user_id):
        """An owned identity: {id, customId (when tagged), lastTokenIssuedAt (once a token was issued)}."""
        row = self._owned(user_id)
        out = {"id": row[0]}
        if row[4] is not None:
            out["customId"] = row[4]
        if row[5] is not None:
            out["lastTokenIssuedAt"] = iso_seconds(row[5])
        return out

    def create_identity(self, scopes=None, minutes=None, custom_id=None):
        """Create an identity (or find the live one tagged `custom_id`), with a token when `scopes` is not None.

        Returns (identity, access token or None, created). The identity is read after the token is issued: its
        lastTokenIssuedAt is this token's time (as recorded for a new identity with a custom id and a token)."""
        minutes = check_minutes(minutes)
        if scopes is not None:
            scopes = check_scopes(scopes)
        if custom_id is not None and (not isinstance(custom_id, str) or not 1 <= len(custom_id) <= CUSTOM_ID_MAX):
            raise _validation("CustomId must be a string of 1 to %d characters." % CUSTOM_ID_MAX, "customId")
        row = None
        if custom_id is not None:
            row = self.store.one("SELECT id FROM users WHERE custom_id = ? AND deleted IS NULL", (custom_id,))
        user_id = row[0] if row else self._new_user(custom_id)
        token = self.issue_access_token(user_id, scopes, minutes) if scopes is not None else None
        return self.identity(user_id), token, row is None

    def issue_access_token(self, user_id, scopes, minutes=None):
        """CommunicationIdentity_IssueAccessToken: {token, expiresOn}."""
        minutes, scopes = check_minutes(minutes), check_scopes(scopes)
        self._owned(user_id)
        token, expires = self._mint(user_id, scopes, minutes * 60)
        return {"token": token, "expiresOn": iso(expires)}

    def revoke_access_tokens(self, user_id):
        """CommunicationIdentity_RevokeAccessTokens: every token issued so far stops being valid."""
        self._owned(user_id)
        self.store.execute("UPDATE users SET tokens_valid_from = ? WHERE id = ?", (self.clock.now(), user_id))

    def delete_identity(self, user_id):
        """CommunicationIdentity_Delete (current API): the identity and its tokens are gone."""
        self._owned(user_id)
        self._delete(user_id)

    def exchange_teams_token(self, aad_token, app_id, user_object_id):
        """CommunicationIdentity_ExchangeTeamsUserAccessToken: an ACS token for the Teams user `8:orgid:<oid>`.

        The emulator has no Azure AD: the token is any JWT whose claims `appid` (or `azp`) and `oid` match `app_id`
        and `user_object_id` and whose `exp` (if present) is in the future; its signature is not checked. As recorded,
        the token is checked first: an invalid, empty or expired one is 401 InvalidAccessToken without a target; then
        a missing or other appId or userId is 400 ValidationError with its target."""
        claims = self._aad_claims(aad_token)
        for field, value in (("appId", app_id), ("userId", user_object_id)):
            if not isinstance(value, str) or not value:
                raise _required(field)
        if claims.get("appid", claims.get("azp")) != app_id:
            raise _validation("AAD application is not the expected one.", "appId")
        if claims.get("oid") != user_object_id:
            raise _validation("Provided UserId has invalid format.", "userId")
        now = self.clock.now()
        expires_at = claims.get("exp", now + 3600)
        user_id = "8:orgid:" + user_object_id
        self.store.execute("INSERT OR IGNORE INTO users (id, created) VALUES (?, ?)", (user_id, now))
        token, expires = self._mint(user_id, list(TEAMS_SCOPES), max(60, int(expires_at - now)))
        return {"token": token, "expiresOn": iso(expires)}

    def _aad_claims(self, aad_token):
        """The claims of an Entra token the exchange accepts (a JWT, not expired); else 401 InvalidAccessToken."""
        try:
            claims = json.loads(_b64url_decode(aad_token.split(".")[1]))
            if not isinstance(claims, dict):
                raise ValueError("claims are not an object")
        except (AttributeError, IndexError, ValueError, TypeError) as exc:
            raise NotOwned(INVALID_AAD_TOKEN, code="InvalidAccessToken") from exc
        expires_at = claims.get("exp", self.clock.now() + 3600)
        if isinstance(expires_at, bool) or not isinstance(expires_at, (int, float)) or expires_at <= self.clock.now():
            raise NotOwned(INVALID_AAD_TOKEN, code="InvalidAccessToken")
        return claims

    def verify(self, token):
        """Check a token: signature, user, revocation, expiry."""
        result = {"valid": False, "reason": "malformed", "user_id": None, "scopes": [], "expires_on": None}
        parts = token.split(".") if isinstance(token, str) else []
        if len(parts) != 3:
            return result
        try:
            payload = json.loads(_b64url_decode(parts[1]))
            signature = _b64url_decode(parts[2])
            skypeid, exp = payload["skypeid"], int(payload["exp"])
        except (ValueError, KeyError, TypeError):
            return result
        expected = hmac.new(self._secret(), (parts[0] + "." + parts[1]).encode("ascii"), hashlib.sha256).digest()
        result.update(user_id="8:" + str(skypeid), scopes=[s for s in str(payload.get("acsScope", "")).split(",") if s],
                      expires_on=iso(exp))
        if not hmac.compare_digest(signature, expected):
            result["reason"] = "bad_signature"
            return result
        row = self.store.one("SELECT deleted, tokens_valid_from FROM users WHERE id = ?", (result["user_id"],))
        if row is None or row[0] is not None:
            result["reason"] = "user_deleted"
            return result
        issued_row = self.store.one("SELECT issued FROM tokens WHERE hash = ?", (hashlib.sha256(token.encode()).hexdigest(),))
        issued = issued_row[0] if issued_row else float(payload.get("iat", 0))
        if row[1] is not None and issued < row[1]:
            result["reason"] = "revoked"
            return result
        if self.clock.now() >= exp:
            result["reason"] = "expired"
            return result
        result.update(valid=True, reason="ok")
        return result
