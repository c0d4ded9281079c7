#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: acs_token
short_description: Issue, reuse and revoke access tokens of Azure Communication Services users
version_added: 0.1.0
description:
  - Issues an access token for a communication user with the scopes it needs (chat, VoIP calling, joining chats or
    calls only), or revokes every token of the user. Speaks the identity API C(2023-10-01) by default; the legacy
    C(2020-07-20-preview2) (with its V(pstn) scope and revocation before a given time) when O(api_version) asks for it.
  - B(Idempotent reuse.) Given the token issued by an earlier run in O(token), the module reads its claims (user,
    scopes, expiry) without any request. When it belongs to O(user_id), has exactly the O(scopes) and stays valid for at
    least O(min_validity), the same token is returned with C(changed=false) and nothing is sent. Otherwise a new token
    is issued.
  - Tokens are valid for 24 hours, or O(expires_in_minutes). B(Set) C(no_log=true) B(on every task that returns a token), otherwise the token is
    printed in the output and in logs. The O(token) option itself is never logged.
  - B(Revoked tokens are not reused.) The service never tells whether a token was revoked, so O(state=revoked) writes
    the time of the revocation into O(revocations_file) on the host that runs the module, and O(state=present) does not
    reuse a token issued at or before that time. A revocation made elsewhere (another host with another file, the
    portal, an SDK) is not seen; share the file, or do not pass such a token.
  - Users are created with M(acs.administration.acs_user).
author:
  - ACS Administration maintainers (@acs-administration)
options:
  user_id:
    description:
      - The user, in the form C(8:acs:<resource id>_<user id>) as returned by M(acs.administration.acs_user).
    type: str
    required: true
  api_version:
    description:
      - The identity API version to speak. V(2023-10-01), the current API; V(2025-03-02-preview) behaves the same here;
        V(2020-07-20-preview2), the legacy API.
      - An option or scope the version lacks fails the task before anything is sent, naming the version that has it
        (V(pstn) and O(tokens_valid_from) are legacy only; O(expires_in_minutes) and the C(.join) scopes are current only).
    type: str
    choices: ["2020-07-20-preview2", "2023-10-01", "2025-03-02-preview"]
    default: "2023-10-01"
  state:
    description:
      - V(present) returns a token with the O(scopes), reusing O(token) when it is good enough.
      - V(revoked) revokes every token of the user, whatever its scopes (on V(2020-07-20-preview2), those issued before
        O(tokens_valid_from)), and records the time in O(revocations_file) so that a later O(state=present) does not
        reuse any of them.
        The API cannot tell whether that was done before, so this state reports C(changed=true) on every run,
        except when the user does not exist (it then has no valid tokens, and the task reports C(changed=false)
        with a warning).
    type: str
    choices: [present, revoked]
    default: present
  scopes:
    description:
      - What the token allows. On the current API V(chat) for chat, V(voip) for VoIP calling, V(chat.join) to take part
        in chats without creating, deleting or updating threads, V(chat.join.limited) the same without adding or removing
        participants, V(voip.join) to join calls without starting new ones.
      - On V(2020-07-20-preview2) V(chat), V(voip) and V(pstn) (calls to phone numbers).
      - Required with O(state=present). Order and duplicates do not matter.
    type: list
    elements: str
  token:
    description:
      - A token issued by an earlier run, to return again when it still fits (see O(min_validity)).
      - Its claims are read without verifying its signature, and without asking the service. A token issued at or
        before a revocation that O(revocations_file) records is not reused. A token revoked in any other way, or of
        a user deleted since, cannot be recognised; do not pass such a token.
      - Only with O(state=present).
    type: str
  revocations_file:
    description:
      - A JSON file on the host that runs the module (user id to time, never a token) where O(state=revoked) records
        when it revoked the tokens of each user, and where O(state=present) looks before reusing O(token).
      - The API offers no way to read a revocation back (C(lastTokenIssuedAt) of V(2025-03-02-preview) is the time of
        the last token issued, which a revocation does not change), on any version; this file is the only memory of it.
      - Written only by a revocation that the service accepted, never in check mode. A file that exists but cannot be
        read (or whose folder cannot be written) fails the task before anything is sent, in check mode too.
    type: path
    default: ~/.ansible/acs_revocations.json
  min_validity:
    description:
      - How long O(token) must stay valid to be reused, as a number of seconds or with a unit
        (V(90s), V(30m), V(1h), V(2d)). Tokens live for 24 hours, so V(24h) or more always issues a new token.
    type: str
    default: 1h
  expires_in_minutes:
    description:
      - Lifetime of a new token, from 60 to 1440 minutes (the service's default is 1440, 24 hours).
      - Only with O(state=present), not on V(2020-07-20-preview2).
    type: int
  tokens_valid_from:
    description:
      - Only on V(2020-07-20-preview2); the current API revokes every token of the user.
      - With O(state=revoked), tokens issued before this date-time (ISO 8601, for example V(2024-05-01T12:00:00Z);
        without an offset the time is taken as UTC) stop working.
      - By default the service's current time is used, so every token issued so far is revoked.
      - Only with O(state=revoked).
    type: str
extends_documentation_fragment:
  - acs.administration.acs
  - acs.administration.acs.attributes
attributes:
  check_mode:
    description: Tells whether O(token) would be reused or a new token issued, or that tokens would be revoked; sends
      nothing.
    support: full
  diff_mode:
    description: Shows the expiry and scopes of the token before and after; never the token itself.
    support: full
seealso:
  - module: acs.administration.acs_user
"""

EXAMPLES = r"""
- name: Issue a chat token valid for 8 hours (no_log keeps the token out of the output)
  acs.administration.acs_token:
    user_id: "{{ user_id }}"
    scopes: [chat]
    expires_in_minutes: 480
  register: chat_token
  no_log: true

- name: A token to join calls and chats only
  acs.administration.acs_token:
    user_id: "{{ user_id }}"
    scopes: [chat.join, voip.join]
  register: guest_token
  no_log: true

- name: Reuse the token while it is valid for 2 more hours, otherwise issue a new one
  acs.administration.acs_token:
    user_id: "{{ user_id }}"
    scopes: [chat]
    token: "{{ chat_token.token }}"
    min_validity: 2h
  register: chat_token
  no_log: true

- name: Keep a token in a file and refresh it only when needed
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/acs.administration.acs:
      connection_string: "{{ vault_acs_connection_string }}"
  vars:
    token_file: /srv/acs/bot.token
  tasks:
    - name: Token for chat and VoIP
      acs.administration.acs_token:
        user_id: "{{ bot_user_id }}"
        scopes: [chat, voip]
        token: "{{ lookup('ansible.builtin.file', token_file, errors='ignore') | default(omit, true) }}"
        min_validity: 1h
      register: bot_token
      no_log: true

    - name: Store it for the application
      ansible.builtin.copy:
        dest: "{{ token_file }}"
        content: "{{ bot_token.token }}"
        mode: "0600"
      no_log: true

- name: Revoke every token of a user issued until now
  acs.administration.acs_token:
    user_id: "{{ user_id }}"
    state: revoked

- name: The legacy API revokes the tokens issued before a given time
  acs.administration.acs_token:
    api_version: "2020-07-20-preview2"
    user_id: "{{ user_id }}"
    state: revoked
    tokens_valid_from: "2024-05-01T12:00:00Z"
"""

RETURN = r"""
stats:
  description: What the task took, C(requests), C(retries), C(polls) and C(waited_seconds), described in the acs doc fragment's notes.
  returned: always
  type: dict
user_id:
  description: The user.
  returned: always
  type: str
  sample: "8:acs:9b665d53-8164-4923-ad5d-5e983b07d2e7_00000006-c6bc-a766-ea7c-5a3a0d000078"
token:
  description:
    - The access token, a JWT. B(A secret:) set C(no_log=true) on the task.
    - Null in check mode when a new token would be issued.
  returned: with state=present
  type: str
  sample: "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEwMl9pbnQiLCJ0eXAiOiJKV1QifQ.eyJza3lwZWlkIjoiYWNzOi4uLiJ9.c2lnbmF0dXJl"
expires_on:
  description:
    - When the token expires, in UTC to the second (ISO 8601), the same form for an issued and a reused token.
    - Null in check mode when a new token would be issued.
  returned: with state=present
  type: str
  sample: "2024-05-02T10:11:12+00:00"
scopes:
  description: The scopes of the token, sorted.
  returned: with state=present
  type: list
  elements: str
  sample: [chat, voip]
reused:
  description: Whether the token given in O(token) was returned instead of a new one.
  returned: with state=present
  type: bool
  sample: true
revoked_at:
  description:
    - With O(state=revoked), the time recorded in O(revocations_file) (UTC, ISO 8601), which is O(tokens_valid_from) when given,
      else the service's time of the revocation from its answer's C(Date) header, or the host's time when later.
      Null in check mode and when the user does not exist.
  returned: with state=revoked
  type: str
  sample: "2024-05-01T12:00:00+00:00"
reissue_reason:
  description: Why the token given in O(token) was not reused. Never contains the token.
  returned: when token was given but not reused
  type: str
  sample: "the tokens of this user were revoked at 2024-05-02T10:11:12+00:00 and the given token was issued at 2024-05-02T09:00:00+00:00, not after"
tokens_valid_from:
  description:
    - The time sent with O(state=revoked) (UTC, ISO 8601), or null when the service's current time was used.
    - Always null on the current API, which revokes every token.
  returned: with state=revoked
  type: str
  sample: "2024-05-01T12:00:00.000Z"
"""

import time

from ansible_collections.acs.administration.plugins.module_utils.api import versions as apis
from ansible_collections.acs.administration.plugins.module_utils.drivers import revocations
from ansible_collections.acs.administration.plugins.module_utils.transport.dates import epoch_or_none, parse_datetime, wire_utc
from ansible_collections.acs.administration.plugins.module_utils.transport.errors import ACSError, ACSNotFoundError, TaskFailure
from ansible_collections.acs.administration.plugins.module_utils.module import AnsibleACSModule
from ansible_collections.acs.administration.plugins.module_utils.drivers.tokens import (
    claim_scopes, expires_at, iso_utc, reuse_decision, user_id_error)
from ansible_collections.acs.administration.plugins.module_utils.validation import parse_duration

# A tokens_valid_from further in the future than this also revokes the tokens issued until then: warn.
FUTURE_SLACK = 300


def _version_error(params):
    """Options and lifetimes the api-version lacks or refuses, before anything is sent."""
    version = params["api_version"]
    for option in ("tokens_valid_from", "expires_in_minutes"):
        if params[option] is not None:
            error = apis.option_error(apis.IDENTITY, version, option)
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


def main():
    module = AnsibleACSModule(
        argument_spec=dict(
            user_id=dict(type="str", required=True),
            api_version=dict(type="str", choices=sorted(apis.IDENTITY), default=apis.DEFAULT_IDENTITY_VERSION),
            expires_in_minutes=dict(type="int"),
            state=dict(type="str", choices=["present", "revoked"], default="present"),
            scopes=dict(type="list", elements="str"),
            token=dict(type="str", no_log=True),
            min_validity=dict(type="str", default="1h"),
            tokens_valid_from=dict(type="str", no_log=False),
            revocations_file=dict(type="path", default=revocations.DEFAULT_PATH),
        ),
        supports_check_mode=True,
    )
    module.run(validate, {"present": ensure_present, "revoked": ensure_revoked}[module.params["state"]])


if __name__ == "__main__":
    main()
