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

from ansible_collections.acs.administration.plugins.module_utils.api import versions as apis
from ansible_collections.acs.administration.plugins.module_utils.drivers import revocations, tokens
from ansible_collections.acs.administration.plugins.module_utils.module import AnsibleACSModule

# The desired-state logic is the driver's (module_utils/drivers/tokens.py); these names stay for callers of the module.
validate = tokens.validate


def ensure_present(module):
    """Reuse the given token while it stays valid, else issue one."""
    return tokens.ensure_present(module)


def ensure_revoked(module):
    """Revoke every token of the user and record when."""
    return tokens.ensure_revoked(module)


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
    module.run(tokens.validate, {"present": ensure_present, "revoked": ensure_revoked}[module.params["state"]])


if __name__ == "__main__":
    main()
