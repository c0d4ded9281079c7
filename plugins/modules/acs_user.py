#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: acs_user
short_description: Create, find and delete Azure Communication Services users (identities)
version_added: 0.1.0
description:
  - Creates communication users of an Azure Communication Services resource, one or many at once, optionally with an
    access token each, and deletes them. Speaks the identity API C(2023-10-01) by default, C(2025-03-02-preview) for
    custom ids and reads, and the legacy C(2020-07-20-preview2) when O(api_version) asks for it.
  - B(Idempotent users by custom id.) With O(custom_ids) each user is created under a name of yours, or found when a
    user with that custom id exists already (the service answers a repeat with the same user), so a rerun reports
    C(changed=false), creates nothing and a play needs no file of user ids. A creation whose response was lost is sent
    again safely.
  - B(What the module can and cannot tell by custom id.) The API has no lookup by custom id, so the module sends the
    create-or-get C(POST /identities) with the custom id and no token, which the real service answers with HTTP 201
    whether it created the user or found it. The answer's C(lastTokenIssuedAt) tells them apart. When it is there, a
    token was issued for the user before, so the user existed (reported as found, C(changed=false)). When it is not, the
    user is new, or existed but never had a token, which no answer of the API tells apart; it is reported as created.
    So that a user is reported as created by one run only, each such user gets a token at once, the one of
    O(token_scopes), or without them a 60-minute C(voip) token that the module discards (never returned nor logged).
    A user created outside this module that never had a token is therefore reported as created once. Two runs racing
    to create the same custom id may both report it as created.
  - O(token_scopes) issues a token with each user, with O(count) in the same request (C(createTokenWithScopes)), so
    onboarding N users with tokens takes N requests; with O(custom_ids) in a second request after the create-or-get
    (a token in the create would hide whether the user existed), so 2 requests per user on every run. A token handed
    out for a user that exists already is a credential, not a change; it is returned and the task stays
    C(changed=false).
  - Without custom ids the API has no names, so O(count) creates new users on every run. Keep the returned RV(user_id)
    and pass it back as O(user_id); with a known O(user_id) nothing is created.
  - O(count) and O(custom_ids) run concurrently, each worker over its own kept-alive connection. When some requests
    fail, the task fails but still returns every user created or found in RV(users), so that none is orphaned silently.
  - Deleting a user also revokes all its tokens. A user that is already gone is reported as C(changed=false); on
    C(2025-03-02-preview) (the default for O(state=absent)) each user is read first and no DELETE is sent for one that
    is gone.
  - To issue or refresh tokens for known users idempotently, use M(acs.administration.acs_token).
author:
  - ACS Administration maintainers (@acs-administration)
options:
  state:
    description:
      - V(present) creates users, or finds them by O(custom_ids); users named by O(user_id) or O(user_ids) are taken to
        exist.
      - V(absent) deletes the users named by O(user_id), O(user_ids) or O(custom_ids).
    type: str
    choices: [present, absent]
    default: present
  api_version:
    description:
      - The identity API version to speak.
      - V(2023-10-01), the current API. V(2025-03-02-preview) adds O(custom_ids) and reading a user. V(2020-07-20-preview2),
        the legacy API (scope V(pstn); a user and its token take two requests; no token lifetime).
      - When not given, V(2025-03-02-preview) is used if O(custom_ids) is given or O(state=absent), else V(2023-10-01).
      - An option the version lacks fails the task before anything is sent, naming the version that has it.
    type: str
    choices: ["2020-07-20-preview2", "2023-10-01", "2025-03-02-preview"]
  custom_ids:
    description:
      - Your own names of the users (1 to 256 characters each, matched exactly; duplicates are ignored), for example
        an e-mail address or an employee number. Needs O(api_version=2025-03-02-preview), chosen when not given.
      - With O(state=present) each user is created, or found when a user with that custom id exists (C(changed=false)).
      - With O(state=absent) the API offers no lookup by custom id, so the module sends one create-or-get request per
        custom id (C(POST /identities) with the custom id, no token), then deletes the user answered. When the answer
        shows a token issued before (C(lastTokenIssuedAt)), the user existed, and it is reported in RV(deleted)
        (C(changed=true)). Otherwise the service created it now, or it existed and never had a token (every user this
        module creates gets one), it is deleted all the same and reported in RV(already_absent) (C(changed=false)). So a
        rerun sends two writes per custom id and changes nothing. Prefer O(user_ids) (from RV(users)) to delete, which
        sends no write for a user that is gone.
      - Mutually exclusive with O(user_id), O(user_ids) and O(count).
    type: list
    elements: str
  user_id:
    description:
      - The id of one user, in the form C(8:acs:<resource id>_<user id>) as returned by this module.
      - With O(state=present) the user is taken to exist and nothing is created (this is not checked);
        with O(token_scopes) a new token is issued for it. With O(state=absent) the user is deleted.
      - Mutually exclusive with O(user_ids), O(custom_ids) and O(count).
    type: str
  user_ids:
    description:
      - Several user ids, like O(user_id). Duplicates are ignored.
      - With O(state=absent) they are read (on C(2025-03-02-preview)) and deleted concurrently, at most O(workers) at a time.
    type: list
    elements: str
  count:
    description:
      - How many B(more) users to create, from 1 to 1000, on every run (not a target). Only with O(state=present) and
        no user named. Use O(custom_ids) for users that a rerun finds, or O(exact_count) for a target number.
      - Defaults to V(1) when no user is named.
    type: int
  exact_count:
    description:
      - How many users there should be, from 1 to 1000, counting those named in O(user_ids); only the difference is
        created. The API cannot list users, so pass back the ids of the users earlier runs created (RV(users)).
      - Users beyond O(exact_count) are not deleted; O(state=absent) deletes users. Tokens (O(token_scopes)) are issued
        for the users this task creates.
      - Mutually exclusive with O(count), O(user_id) and O(custom_ids).
    type: int
  token_scopes:
    description:
      - Also issue an access token with these scopes for each user created or found, or for each user named in
        O(user_id) or O(user_ids), returned in RV(users) with its expiry.
      - Valid scopes on the current API are V(chat), V(voip), V(chat.join), V(chat.join.limited) and V(voip.join);
        on V(2020-07-20-preview2) V(chat), V(voip) and V(pstn).
      - On the current API a created user and its token take one request. A token for a user that existed already is
        returned with C(changed=false). On the legacy API a token for a user named by id is reported as a change.
      - To reuse a token while it stays valid, use M(acs.administration.acs_token) with its
        O(acs.administration.acs_token#module:token).
      - B(The result then contains secrets:) set C(no_log=true) on the task.
    type: list
    elements: str
  token_expires_in_minutes:
    description:
      - Lifetime of the tokens of O(token_scopes), from 60 to 1440 minutes (the service's default is 1440, 24 hours).
      - Not on V(2020-07-20-preview2) (its tokens live 24 hours).
    type: int
  workers:
    description:
      - How many requests run at the same time when several users are created or deleted, from 1 to 50, each over a
        connection of its own that is kept open for the task.
      - A request the service refuses for its limits (HTTP 429, e.g. more than 500 deletions in 30 seconds) is sent
        again after the time the service gives in C(Retry-After).
    type: int
    default: 16
extends_documentation_fragment:
  - acs.administration.acs
  - acs.administration.acs.attributes
attributes:
  check_mode:
    description:
      - Reports what would be created or deleted and sends no write.
      - With O(state=absent) on C(2025-03-02-preview) the users are read, so check mode reports exactly which exist.
        Without a read operation (other versions, or O(custom_ids)), it assumes that every user named exists, and
        that every custom id would be created.
    support: full
  diff_mode:
    description: Shows the user ids before and after the task.
    support: full
notes:
  - The identity API has no list operation, and C(2023-10-01) and C(2020-07-20-preview2) cannot read a user either. The
    module therefore cannot detect a user id that was mistyped or deleted out of band when O(state=present) without
    O(token_scopes); a later M(acs.administration.acs_token) task reports such a user as missing.
  - Without O(custom_ids), a creation request whose response is lost (the connection dropped, or a server error after the
    request reached the service) may or may not have created a user. It is not re-sent, because that could create a
    second user; the task fails and reports how many such requests there were in RV(ambiguous), and its message says
    to use O(custom_ids). This cannot be mended, because the API cannot list users, so such a user can never be found again.
    With O(custom_ids) the request is re-sent (counted in C(stats.retries)), and the service answers with the same user;
    whether it is reported as created or found follows C(lastTokenIssuedAt) as described above, so a user that the lost
    request created is reported as created.
  - The service answers an id it does not own (unknown, deleted, or of another resource) with HTTP 401
    C(IdentityNotOwned) on the current API; the module reports such a user as absent, not as an authentication failure.
  - With O(state=absent), a DELETE whose answer was lost is sent again; when the second answer says the user does not
    exist, the first request deleted it, and the user is reported in RV(deleted), not in RV(already_absent).
seealso:
  - module: acs.administration.acs_token
"""

EXAMPLES = r"""
- name: Onboard users by custom id, each with a chat token (a rerun finds them - changed=false)
  acs.administration.acs_user:
    custom_ids: [alice@example.com, bob@example.com]
    token_scopes: [chat, voip]
    token_expires_in_minutes: 480
  register: onboarded
  no_log: true

- name: Their ids, for acs_token and for deleting them later
  ansible.builtin.debug:
    msg: "{{ onboarded.users | map(attribute='user_id') | list }}"

- name: Create a user and keep its id
  acs.administration.acs_user:
  register: new_user

- name: The same user on later runs - nothing is created, changed=false
  acs.administration.acs_user:
    user_id: "{{ new_user.user_id }}"

- name: Onboard 200 anonymous users with tokens in one task - 200 requests, new users on every run
  acs.administration.acs_user:
    count: 200
    token_scopes: [chat, voip]
  register: bulk
  no_log: true

- name: Delete users by id - each is read first; changed=false and no DELETE when it is already gone
  acs.administration.acs_user:
    user_ids: "{{ onboarded.users | map(attribute='user_id') | list }}"
    state: absent

- name: Delete a user by its custom id (see custom_ids for what this sends)
  acs.administration.acs_user:
    custom_ids: [bob@example.com]
    state: absent

- name: The legacy API, with its pstn scope
  acs.administration.acs_user:
    api_version: "2020-07-20-preview2"
    token_scopes: [chat, pstn]
  register: legacy_user
  no_log: true

- name: Delete many users, with the connection set for the whole play
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/acs.administration.acs:
      connection_string: "{{ vault_acs_connection_string }}"
  tasks:
    - name: Delete the onboarded users
      acs.administration.acs_user:
        user_ids: "{{ lookup('ansible.builtin.file', '/srv/acs/user_ids.json') | from_json }}"
        state: absent
"""

RETURN = r"""
stats:
  description:
    - What the task took, C(requests), C(retries), C(polls) and C(waited_seconds), described in the acs doc fragment's notes.
    - C(retries) counts every request sent again, including a create by custom id re-sent after a lost answer or a server
      error; C(requests) counts every request sent, re-sent ones included. A creation without custom id is never re-sent.
  returned: always
  type: dict
user_id:
  description: The id of the user, when the task concerns exactly one user (not in check mode when it creates one).
  returned: when exactly one user is created, named or deleted
  type: str
  sample: "8:acs:9b665d53-8164-4923-ad5d-5e983b07d2e7_00000006-c6bc-a766-ea7c-5a3a0d000078"
token:
  description: The access token of the one user created or named, when O(token_scopes) is given. A secret.
  returned: when exactly one user is created or named with token_scopes
  type: str
  sample: "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEwMl9pbnQiLCJ0eXAiOiJKV1QifQ.eyJza3lwZWlkIjoiYWNzOi4uLiJ9.c2lnbmF0dXJl"
expires_on:
  description: When RV(token) expires (ISO 8601).
  returned: when exactly one user is created or named with token_scopes
  type: str
  sample: "2024-05-02T10:11:12.1234567+00:00"
users:
  description:
    - The users created, found by custom id, or named by the task, in the order given. On a partial failure, the users
      that were created or found.
    - Each has a token only when O(token_scopes) was given, and a C(custom_id) when found or created by O(custom_ids).
  returned: with state=present; with state=absent and custom_ids, the users deleted (user_id and custom_id)
  type: list
  elements: dict
  contains:
    user_id:
      description: The id of the user.
      type: str
      sample: "8:acs:9b665d53-8164-4923-ad5d-5e983b07d2e7_00000006-c6bc-a766-ea7c-5a3a0d000078"
    custom_id:
      description: Its custom id, when the task created or found it by O(custom_ids).
      type: str
      sample: alice@example.com
    token:
      description: Its access token (a secret), or null.
      type: str
      sample: "eyJhbGciOi..."
    expires_on:
      description: When the token expires (ISO 8601), or null.
      type: str
      sample: "2024-05-02T10:11:12.1234567+00:00"
created:
  description: How many users this task created (0 in check mode).
  returned: with state=present
  type: int
  sample: 200
would_create:
  description: How many users the task would have created.
  returned: in check mode, with state=present
  type: int
  sample: 200
found:
  description:
    - How many users were found by their custom id (they existed already; 0 in check mode).
    - Found means the service's answer showed a token issued for the user before this task (C(lastTokenIssuedAt)); see
      the description for what the module cannot tell.
  returned: with state=present and custom_ids
  type: int
  sample: 2
would_delete:
  description: The custom ids whose users would be deleted (check mode cannot look them up).
  returned: in check mode, with state=absent and custom_ids
  type: list
  elements: str
  sample: [bob@example.com]
ambiguous:
  description:
    - How many creation requests may or may not have created a user, because their response was lost. Such users, if
      they exist, cannot be found through the API; they hold no tokens and cost nothing.
    - Only without O(custom_ids), which make a creation safe to send again; the failure message says so.
  returned: with state=present
  type: int
  sample: 0
deleted:
  description: The ids of the users deleted (in check mode, that would be deleted).
  returned: with state=absent
  type: list
  elements: str
  sample: ["8:acs:9b665d53-8164-4923-ad5d-5e983b07d2e7_00000006-c6bc-a766-ea7c-5a3a0d000078"]
already_absent:
  description:
    - The ids of the users that did not exist (deleted before, or never created in this resource).
    - With O(custom_ids), the custom ids that had no user.
  returned: with state=absent
  type: list
  elements: str
  sample: []
errors:
  description: One sentence per request that failed, when the task fails after some users were created or deleted.
  returned: on failure of some of the requests
  type: list
  elements: str
  sample: ["CommunicationIdentity_Create failed with HTTP 500 after 6 attempts."]
"""

from ansible_collections.acs.administration.plugins.module_utils.api import versions as apis
from ansible_collections.acs.administration.plugins.module_utils.drivers import users
from ansible_collections.acs.administration.plugins.module_utils.module import AnsibleACSModule

# The desired-state logic is the driver's (module_utils/drivers/users.py); these names stay for callers of the module.
api_version = users.api_version
validate = users.validate


def ensure_present(module):
    """Create the users, or find them by custom id; with token_scopes issue their tokens."""
    return users.ensure_present(module)


def ensure_absent(module):
    """Delete the users named by id or by custom id."""
    return users.ensure_absent(module)


def main():
    module = AnsibleACSModule(
        argument_spec=dict(
            state=dict(type="str", choices=["present", "absent"], default="present"),
            api_version=dict(type="str", choices=sorted(apis.IDENTITY)),
            user_id=dict(type="str"),
            user_ids=dict(type="list", elements="str"),
            custom_ids=dict(type="list", elements="str"),
            count=dict(type="int"),
            exact_count=dict(type="int"),
            token_scopes=dict(type="list", elements="str", no_log=False),
            token_expires_in_minutes=dict(type="int", no_log=False),
            workers=dict(type="int", default=16),
        ),
        mutually_exclusive=[["user_id", "user_ids", "custom_ids", "count"], ["exact_count", "count"], ["exact_count", "user_id"],
                            ["exact_count", "custom_ids"]],
        supports_check_mode=True,
    )
    module.identity_version = users.api_version(module.params)
    module.run(users.validate, {"present": ensure_present, "absent": ensure_absent}[module.params["state"]])


if __name__ == "__main__":
    main()
