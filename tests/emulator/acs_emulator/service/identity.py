"""CommunicationIdentity: users, tokens (HS256 JWTs), revocation."""

import base64
import hashlib
import hmac
import json
import uuid

from .clock import iso, parse_iso
from .errors import InvalidInput, NotFound

SCOPES = ("chat", "voip", "pstn")
TOKEN_LIFETIME = 24 * 3600
SCP = 1792


def _b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


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

    def _user(self, user_id):
        row = self.store.one("SELECT id, created, deleted, tokens_valid_from FROM users WHERE id = ?", (user_id,))
        if row is None or row[2] is not None:
            raise NotFound("Identity '%s' was not found." % user_id, code="IdentityNotFound")
        return row

    def create(self):
        """CommunicationIdentity_Create."""
        raw = uuid.uuid4().hex
        local = "00000006-%s-%s-%s-%s" % (raw[0:4], raw[4:8], raw[8:12], raw[12:24])
        user_id = "8:acs:%s_%s" % (self.resource_id, local)
        self.store.execute("INSERT INTO users (id, created) VALUES (?, ?)", (user_id, self.clock.now()))
        self.store.incr("users_created")
        return {"id": user_id}

    def delete(self, user_id):
        """CommunicationIdentity_Delete."""
        self._user(user_id)
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
        scopes = [s.lower() for s in scopes]
        now = self.clock.now()
        iat = int(now)
        skypeid = user_id[2:] if user_id.startswith("8:") else user_id
        header = {"alg": "HS256", "kid": "acs-emulator", "typ": "JWT"}
        payload = {"skypeid": skypeid, "scp": SCP, "csi": str(iat), "iat": iat, "exp": iat + TOKEN_LIFETIME,
                   "acsScope": ",".join(scopes), "resourceId": self.resource_id}
        signing_input = _b64url(json.dumps(header, separators=(",", ":")).encode()) + "." + \
            _b64url(json.dumps(payload, separators=(",", ":")).encode())
        signature = _b64url(hmac.new(self._secret(), signing_input.encode("ascii"), hashlib.sha256).digest())
        token = signing_input + "." + signature
        self.store.execute("INSERT INTO tokens (hash, user_id, issued) VALUES (?, ?, ?)",
                           (hashlib.sha256(token.encode()).hexdigest(), user_id, now))
        self.store.incr("tokens_issued")
        return {"id": user_id, "token": token, "expiresOn": iso(iat + TOKEN_LIFETIME)}

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
