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
  - Issues an access token for a communication user with the scopes it needs (chat, VoIP calling, PSTN calling),
    or revokes every token of the user.
  - B(Idempotent reuse.) Given the token issued by an earlier run in O(token), the module reads its claims (user,
    scopes, expiry) without any request. When it belongs to O(user_id), has exactly the O(scopes) and stays valid for at
    least O(min_validity), the same token is returned with C(changed=false) and nothing is sent. Otherwise a new token
    is issued.
  - Tokens are valid for 24 hours. B(Set) C(no_log=true) B(on every task that returns a token), otherwise the token is
    printed in the output and in logs. The O(token) option itself is never logged.
  - Users are created with M(acs.administration.acs_user).
author:
  - ACS Administration maintainers (@acs-administration)
options:
  user_id:
    description:
      - The user, in the form C(8:acs:<resource id>_<user id>) as returned by M(acs.administration.acs_user).
    type: str
    required: true
  state:
    description:
      - V(present) returns a token with the O(scopes), reusing O(token) when it is good enough.
      - V(revoked) revokes every token of the user issued before O(tokens_valid_from), whatever its scopes.
        The API cannot tell whether that was done before, so this state reports C(changed=true) on every run,
        except when the user does not exist (it then has no valid tokens, and the task reports C(changed=false)
        with a warning).
    type: str
    choices: [present, revoked]
    default: present
  scopes:
    description:
      - What the token allows. V(chat) for chat, V(voip) for VoIP calling, V(pstn) for calls to phone numbers.
      - Required with O(state=present). Order and duplicates do not matter.
    type: list
    elements: str
  token:
    description:
      - A token issued by an earlier run, to return again when it still fits (see O(min_validity)).
      - Its claims are read without verifying its signature, and without asking the service. A token revoked with
        O(state=revoked), or of a user deleted since, cannot be recognised that way; do not pass such a token.
      - Only with O(state=present).
    type: str
  min_validity:
    description:
      - How long O(token) must stay valid to be reused, as a number of seconds or with a unit
        (V(90s), V(30m), V(1h), V(2d)). Tokens live for 24 hours, so V(24h) or more always issues a new token.
    type: str
    default: 1h
  tokens_valid_from:
    description:
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
- name: Issue a chat token (no_log keeps the token out of the output)
  acs.administration.acs_token:
    user_id: "{{ user_id }}"
    scopes: [chat]
  register: chat_token
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

- name: Revoke the tokens issued before a given time
  acs.administration.acs_token:
    user_id: "{{ user_id }}"
    state: revoked
    tokens_valid_from: "2024-05-01T12:00:00Z"
"""

RETURN = r"""
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
  description: When the token expires (ISO 8601). Null in check mode when a new token would be issued.
  returned: with state=present
  type: str
  sample: "2024-05-02T10:11:12.1234567+00:00"
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
reissue_reason:
  description: Why the token given in O(token) was not reused. Never contains the token.
  returned: when token was given but not reused
  type: str
  sample: "the given token expires at 2024-05-02T10:11:12+00:00, less than 1h from now"
tokens_valid_from:
  description: The time sent with O(state=revoked) (UTC, ISO 8601), or null when the service's current time was used.
  returned: with state=revoked
  type: str
  sample: "2024-05-01T12:00:00.000Z"
requests:
  description: How many HTTP requests the module sent, retries included (0 when a token is reused).
  returned: always
  type: int
  sample: 1
retries:
  description: How many of those requests were retries after throttling or a transient failure.
  returned: always
  type: int
  sample: 0
polls:
  description: How many status polls the module made (always 0 here).
  returned: always
  type: int
  sample: 0
waited_seconds:
  description: Seconds spent waiting between retries.
  returned: always
  type: float
  sample: 0.0
"""

import time

from ansible_collections.acs.administration.plugins.module_utils.client import ACSError
from ansible_collections.acs.administration.plugins.module_utils.identity import issue_token, revoke_tokens
from ansible_collections.acs.administration.plugins.module_utils.module import AnsibleACSModule
from ansible_collections.acs.administration.plugins.module_utils.tokens import (
    claim_scopes, expires_at, iso_utc, parse_datetime, reuse_decision, user_id_error)
from ansible_collections.acs.administration.plugins.module_utils.validation import parse_duration, scopes_error

# A tokens_valid_from further in the future than this also revokes the tokens issued until then: warn.
FUTURE_SLACK = 300


def validate(params):
    """Every check that runs before a request: (error sentence or None, min_validity seconds, tokens_valid_from)."""
    error = user_id_error(params["user_id"])
    if error:
        return error, None, None
    if params["state"] == "present":
        if params["scopes"] is None:
            return "state=present needs scopes: one or more of chat, voip, pstn.", None, None
        error = scopes_error(params["scopes"])
        if error:
            return error, None, None
        if params["tokens_valid_from"] is not None:
            return "tokens_valid_from only applies to state=revoked.", None, None
        min_validity = parse_duration(params["min_validity"])
        if min_validity is None:
            return ("min_validity %r is not a duration: give seconds or a number with s, m, h or d, such as 1h."
                    % params["min_validity"]), None, None
        if params["token"] is not None and not params["token"].strip():
            return "token is empty: leave it out to issue a new token.", None, None
        return None, min_validity, None
    for option, why in (("scopes", "revoking applies to every token of the user, whatever its scopes"),
                        ("token", "revoking applies to every token of the user")):
        if params[option] is not None:
            return "%s does not apply to state=revoked: %s." % (option, why), None, None
    valid_from = None
    if params["tokens_valid_from"] is not None:
        try:
            valid_from = parse_datetime(params["tokens_valid_from"])
        except ValueError as exc:
            return "tokens_valid_from %s" % exc, None, None
    return None, None, valid_from


def ensure_present(module, min_validity):
    params = module.params
    user_id = params["user_id"]
    scopes = sorted({s.lower() for s in params["scopes"]})
    given = params["token"]
    result = dict(user_id=user_id, scopes=scopes)
    before = {"token_expires_on": None, "scopes": []}
    if given is not None:
        reusable, reason, claims = reuse_decision(given, user_id, scopes, min_validity, time.time())
        if claims is not None and expires_at(claims) is not None:
            before = {"token_expires_on": iso_utc(expires_at(claims)), "scopes": claim_scopes(claims)}
        if reusable:
            # The result carries the token on purpose, like a newly issued one: keep it from being masked as a
            # no_log value there, and mask it in the echoed module arguments instead.
            module.no_log_values.discard(given)
            invocation = {"module_args": dict(params, token="VALUE_SPECIFIED_IN_NO_LOG_PARAMETER")}
            module.exit_json(changed=False, token=given, expires_on=before["token_expires_on"], reused=True,
                             invocation=invocation, **result)
        result["reissue_reason"] = reason

    result["reused"] = False
    if module.check_mode:
        result.update(changed=True, token=None, expires_on=None)
        if module.diff_mode:
            result["diff"] = {"before": before, "after": {"token_expires_on": "(new token)", "scopes": scopes}}
        module.exit_json(**result)

    try:
        answer = issue_token(module.client, user_id, scopes, retry_safe=True)
    except ACSError as exc:
        if exc.status == 404:
            module.fail_from_error(exc, msg="User %s does not exist (it was deleted, or never created in this resource)" % user_id)
        module.fail_from_error(exc, msg="Could not issue a token for user %s" % user_id)
    if not isinstance(answer, dict) or not answer.get("token"):
        module.fail_json(msg="CommunicationIdentity_IssueToken answered without a token for user %s." % user_id)
    result.update(changed=True, token=answer["token"], expires_on=answer.get("expiresOn"))
    if module.diff_mode:
        result["diff"] = {"before": before, "after": {"token_expires_on": result["expires_on"], "scopes": scopes}}
    module.exit_json(**result)


def ensure_revoked(module, valid_from):
    user_id = module.params["user_id"]
    epoch, sent = valid_from if valid_from else (None, None)
    if epoch is not None and epoch > time.time() + FUTURE_SLACK:
        module.warn("tokens_valid_from %s is in the future: tokens issued from now until then are revoked too." % sent)
    result = dict(user_id=user_id, tokens_valid_from=sent)
    diff = {"before": {"tokens_valid_from": "(not known: the API cannot read it)"},
            "after": {"tokens_valid_from": sent or "(now)"}}
    if module.check_mode:
        if module.diff_mode:
            result["diff"] = diff
        module.exit_json(changed=True, **result)
    try:
        revoke_tokens(module.client, user_id, sent)
    except ACSError as exc:
        if exc.status == 404:
            module.warn("User %s does not exist (deleted, or never created in this resource): it has no valid tokens to revoke." % user_id)
            module.exit_json(changed=False, **result)
        module.fail_from_error(exc, msg="Could not revoke the tokens of user %s" % user_id)
    if module.diff_mode:
        result["diff"] = diff
    module.exit_json(changed=True, **result)


def main():
    module = AnsibleACSModule(
        argument_spec=dict(
            user_id=dict(type="str", required=True),
            state=dict(type="str", choices=["present", "revoked"], default="present"),
            scopes=dict(type="list", elements="str"),
            token=dict(type="str", no_log=True),
            min_validity=dict(type="str", default="1h"),
            tokens_valid_from=dict(type="str", no_log=False),
        ),
        supports_check_mode=True,
    )
    error, min_validity, valid_from = validate(module.params)
    if error:
        module.fail_json(msg=error)
    if module.params["state"] == "revoked":
        ensure_revoked(module, valid_from)
    ensure_present(module, min_validity)


if __name__ == "__main__":
    main()
