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
    C(changed=false) and a play needs no file of user ids. A creation whose response was lost is sent again safely.
  - O(token_scopes) issues a token with each user in the same request (C(createTokenWithScopes)), so onboarding N users
    with tokens takes N requests. A token handed out for a user that exists already is a credential, not a change; it is
    returned and the task stays C(changed=false).
  - Without custom ids the API has no names, so O(count) creates new users on every run. Keep the returned RV(user_id)
    and pass it back as O(user_id); with a known O(user_id) nothing is created.
  - O(count) and O(custom_ids) run concurrently over one connection pool. When some requests fail, the task fails but
    still returns every user created or found in RV(users), so that none is orphaned silently.
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
        custom id (C(POST /identities) with the custom id, no token). A user that exists is answered with 200 and then
        deleted (C(changed=true)); when none exists the service creates one (201), which the module deletes at once and
        does not report (C(changed=false)). So a rerun sends two writes per custom id and changes nothing. Prefer
        O(user_ids) (from RV(users)) to delete, which sends no write for a user that is gone.
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
      - How many requests run at the same time when several users are created or deleted, from 1 to 10
        (10 is the size of the connection pool).
    type: int
    default: 8
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
    With O(custom_ids) the request is re-sent, and the service answers with the same user. When that answer is 201 the
    user is reported as created; when it is 200 (the user exists) it is reported as found, C(changed=false), since the
    task cannot tell whether its first request created it or the user existed before (C(actions) says so).
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
  description: What the task took, C(requests), C(retries), C(polls) and C(waited_seconds), described in the acs doc fragment's notes.
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
    - It also counts a user whose first creation request lost its answer and whose re-sent request was answered with
      the existing user; C(actions) names those.
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

from concurrent.futures import ThreadPoolExecutor
import threading

from ansible_collections.acs.administration.plugins.module_utils.api import versions as apis
from ansible_collections.acs.administration.plugins.module_utils.transport.errors import ACSAmbiguousError, ACSError, ACSNotFoundError, TaskFailure
from ansible_collections.acs.administration.plugins.module_utils.module import AnsibleACSModule
from ansible_collections.acs.administration.plugins.module_utils.drivers.tokens import user_id_error

MAX_COUNT = 1000
MAX_WORKERS = 10


def api_version(params):
    """The identity api-version of the task: api_version, else the preview when the task needs custom ids or reads
    (custom_ids, state=absent), else the default (2023-10-01)."""
    if params["api_version"]:
        return params["api_version"]
    if params["custom_ids"] is not None or params["state"] == "absent":
        return apis.IDENTITY_READ_VERSION
    return apis.DEFAULT_IDENTITY_VERSION


def _ids_error(params):
    for option, user_ids in (("user_id", [params["user_id"]] if params["user_id"] is not None else []),
                             ("user_ids item", params["user_ids"] or ())):
        for user_id in user_ids:
            error = user_id_error(user_id, option=option)
            if error:
                return error
    if params["user_ids"] is not None and not params["user_ids"]:
        return "user_ids is an empty list; name at least one user."
    return None


def _custom_ids_error(custom_ids):
    if not custom_ids:
        return "custom_ids is an empty list; name at least one user."
    low, high = apis.identity(apis.IDENTITY_READ_VERSION).CUSTOM_ID_LENGTH
    for custom_id in custom_ids:
        if not low <= len(custom_id) <= high:
            return "custom_ids item %r is %d characters long; a custom id has %d to %d characters." % (
                custom_id if len(custom_id) <= 40 else custom_id[:40] + "...", len(custom_id), low, high)
        if custom_id != custom_id.strip():
            return "custom_ids item %r has leading or trailing spaces; a custom id is matched exactly, so remove them." % custom_id
    return None


def _absent_error(params):
    if params["user_id"] is None and params["user_ids"] is None and params["custom_ids"] is None:
        return "state=absent needs user_id or user_ids, or custom_ids: the users to delete."
    for option in ("count", "exact_count", "token_scopes", "token_expires_in_minutes"):
        if params[option] is not None:
            return "%s only applies to state=present." % option
    return None


def _version_error(params, version):
    """Options and scopes the api-version lacks, before anything is sent."""
    for option in ("custom_ids", "token_expires_in_minutes"):
        if params[option] is not None:
            error = apis.option_error(apis.IDENTITY, version, option)
            if error:
                return error
    if params["token_scopes"] is not None:
        return apis.scope_error(apis.IDENTITY, version, params["token_scopes"], option="token_scopes")
    return None


def _lifetime_error(params, version):
    minutes = params["token_expires_in_minutes"]
    if minutes is None:
        return None
    low, high = apis.identity(version).LIFETIME
    if not low <= minutes <= high:
        return "token_expires_in_minutes must be between %d and %d, not %d." % (low, high, minutes)
    if params["token_scopes"] is None and params["state"] == "present":
        return "token_expires_in_minutes needs token_scopes: it is the lifetime of the tokens issued with the users."
    return None


def validate(params):
    """Every check that runs before a request; returns an error sentence or None."""
    version = api_version(params)
    error = _ids_error(params) or _version_error(params, version) or _lifetime_error(params, version)
    if not error and params["custom_ids"] is not None:
        error = _custom_ids_error(params["custom_ids"])
    if not error and not 1 <= params["workers"] <= MAX_WORKERS:
        error = "workers must be between 1 and %d, not %d." % (MAX_WORKERS, params["workers"])
    if not error and params["state"] == "absent":
        error = _absent_error(params)
    for option in ("count", "exact_count"):
        if not error and params[option] is not None and not 1 <= params[option] <= MAX_COUNT:
            error = "%s must be between 1 and %d, not %d." % (option, MAX_COUNT, params[option])
    return error


def named_users(params):
    """The user ids given in user_id or user_ids, without duplicates, in order."""
    ids = [params["user_id"]] if params["user_id"] is not None else list(params["user_ids"] or ())
    return list(dict.fromkeys(ids))


def _issue(api, client, user, scopes, minutes, new=False):
    """Issue a token for `user` into it (`new`: a user this task created); returns an error sentence or None."""
    user_id = user["user_id"]
    try:
        answer = api.issue_token(client, user_id, scopes, expires_in_minutes=minutes, retry_safe=True)
        user.update(token=answer["token"], expires_on=answer.get("expiresOn"))
    except ACSError as exc:
        return ("User %s was created but its token was not issued: %s" if new else "No token was issued for user %s: %s") % (user_id, exc)
    except (KeyError, TypeError):
        return "The service answered without a token for user %s." % user_id
    return None


def _user(body, custom_id=None):
    """A `users` item from a create answer of the current API: user_id, custom_id (when known), token, expires_on."""
    token = body.get("accessToken") or {}
    user = {"user_id": body["identity"]["id"], "token": token.get("token"), "expires_on": token.get("expiresOn")}
    if custom_id is not None:
        user["custom_id"] = custom_id
    return user


def _create_one(api, client, scopes, minutes, stop, custom_id=None):
    """Create (or, by custom id, find) one user with its token; returns an outcome dict. Runs in a worker thread: never raises."""
    if stop.is_set():
        return {"status": "skipped"}
    try:
        body, created = api.create_user(client, scopes, minutes, custom_id=custom_id)
        user = _user(body, custom_id)
    except ACSAmbiguousError as exc:
        return {"status": "ambiguous", "error": str(exc)}
    except ACSError as exc:
        stop.set()  # authentication, validation or exhausted retries: the next ones would fail the same way
        return {"status": "failed", "error": str(exc) if custom_id is None else "custom id %r: %s" % (custom_id, exc)}
    except (KeyError, TypeError):
        # The service answered without an id: a user may exist that nobody knows.
        return {"status": "ambiguous", "error": "CommunicationIdentity_Create returned no user id."}
    # created is None: the first request's answer was lost and the re-sent one found the user (200). Nothing that this
    # task can see was created, so it is reported as found (changed=false), with an action saying what is not known.
    outcome = {"status": "created" if created else "found", "user": user, "resent": created is None}
    if scopes and user["token"] is None:
        error = _issue(api, client, user, scopes, minutes, new=True)  # a version that creates no token with the user
        if error:
            outcome["error"] = error
    return outcome


def _run(workers, jobs):
    """Run the callables concurrently and return their outcomes in order."""
    if len(jobs) == 1:
        return [jobs[0]()]
    with ThreadPoolExecutor(max_workers=min(workers, len(jobs)), thread_name_prefix="acs_user") as pool:
        return list(pool.map(lambda job: job(), jobs))


def _users_result(users, diff_before, diff_after, module, **result):
    """The result keys of acs_user: users, user_id (and the token of a single user), actions, diff."""
    result["users"] = users
    result["actions"] = [_known_action(module, u, result["changed"]) for u in users if u["user_id"] in diff_before]
    if result.get("would_create") or result.get("created"):
        result["actions"].append("%s %d users" % ("would create" if module.check_mode else "created",
                                                  result.get("would_create") or result["created"]))
    if len(users) == 1:
        result["user_id"] = users[0]["user_id"]
        if users[0].get("token") is not None:
            result.update(token=users[0]["token"], expires_on=users[0]["expires_on"])
    if module.diff_mode:
        result["diff"] = {"before": {"user_ids": diff_before}, "after": {"user_ids": diff_after}}
    return result


def _known_action(module, user, changed):
    if user.get("custom_id") is not None:
        return "found %s by custom id %r%s" % (user["user_id"], user["custom_id"], "; issued a token" if user.get("token") else "")
    if user.get("token"):
        return "issued a token for %s" % user["user_id"]
    if changed and module.check_mode:
        return "would issue a token for %s" % user["user_id"]
    return "%s is known; nothing to create" % user["user_id"]


def _creation_failure(outcomes, count, result):
    """The TaskFailure of a bulk creation in which something failed, or None when nothing did."""
    errors = [o["error"] for o in outcomes if o.get("error")]
    if not errors:
        return None
    counts = (("%d found by custom id", result.get("found", 0)),
              ("%d of them without a token", sum(1 for o in outcomes if "user" in o and o.get("error"))),
              ("%d creation request(s) lost their response and may or may not have created a user (not re-sent, to avoid "
               "duplicates; the API cannot list users, so such a user cannot be found again: name users with custom_ids "
               "(api_version " + apis.IDENTITY_READ_VERSION + "), whose creations are safe to send again)", result["ambiguous"]),
              ("%d not attempted after an error", sum(1 for o in outcomes if o["status"] == "skipped")))
    parts = ["Created %d of %d users" % (result["created"], count)] + [text % n for text, n in counts if n]
    return TaskFailure("; ".join(parts) + ". The users that were created or found are in 'users'. First error: " + errors[0],
                       result=dict(result, errors=errors))


def _known_users(module, known, scopes, minutes):
    """Users given by id exist already: nothing is created; with token_scopes each gets a new token.

    Whether a new token is a change is the API's to say (NEW_TOKEN_IS_A_CHANGE): it is on the legacy API (issue 13,
    item 9); on the current API it is a credential handed out, like the token of a user found by custom id.
    """
    users = [{"user_id": u, "token": None, "expires_on": None} for u in known]
    api = module.identity_api
    a_change = api.NEW_TOKEN_IS_A_CHANGE
    if not scopes or module.check_mode:
        return _users_result(users, known, known, module, changed=bool(scopes) and a_change, created=0, ambiguous=0)
    client = module.client
    errors = [e for e in _run(module.params["workers"], [lambda u=u: _issue(api, client, u, scopes, minutes) for u in users]) if e]
    result = _users_result(users, known, known, module, changed=a_change and any(u["token"] for u in users), created=0, ambiguous=0)
    if errors:
        raise TaskFailure("%d of %d token(s) were not issued. First error: %s" % (len(errors), len(users), errors[0]),
                          result=dict(result, errors=errors))
    return result


def ensure_present(module):
    params = module.params
    scopes = list(dict.fromkeys(params["token_scopes"] or ()))
    minutes = params["token_expires_in_minutes"]
    known = named_users(params)
    if params["exact_count"] is None and known:
        return _known_users(module, known, scopes, minutes)
    custom_ids = list(dict.fromkeys(params["custom_ids"] or ()))
    count = _count_to_create(params, known, custom_ids)
    if count <= 0:
        return _users_result([{"user_id": u, "token": None, "expires_on": None} for u in known], known, known, module,
                             changed=False, created=0, ambiguous=0)
    if module.check_mode:
        return _plan_creation(module, known, custom_ids, count)
    return _create_users(module, known, custom_ids, count, scopes, minutes)


def _count_to_create(params, known, custom_ids):
    """How many users the task creates: one per custom id, else count (default 1), else exact_count less the named users."""
    if custom_ids:
        return len(custom_ids)
    return (params["count"] or 1) if params["exact_count"] is None else params["exact_count"] - len(known)


def _plan_creation(module, known, custom_ids, count):
    """Check mode. Without a write the API cannot look a custom id up: check mode assumes each would be created."""
    users = [{"user_id": None, "custom_id": c, "token": None, "expires_on": None} for c in custom_ids]
    extra = {"found": 0} if custom_ids else {}
    return _users_result(users, known, known + ["(new user %s)" % (c if custom_ids else i + 1)
                                                for i, c in enumerate(custom_ids or range(count))],
                         module, changed=True, created=0, ambiguous=0, would_create=count, **extra)


def _create_users(module, known, custom_ids, count, scopes, minutes):
    """Create `count` users (one per custom id when given) on the worker pool."""
    api, client = module.identity_api, module.client  # built (and the connection validated) here, before any thread starts
    stop = threading.Event()
    if custom_ids:
        jobs = [lambda c=c: _create_one(api, client, scopes, minutes, stop, custom_id=c) for c in custom_ids]
    else:
        jobs = [lambda: _create_one(api, client, scopes, minutes, stop)] * count
    outcomes = _run(module.params["workers"], jobs)
    users = [o["user"] for o in outcomes if "user" in o]
    created = sum(1 for o in outcomes if o["status"] == "created")
    found = [o["user"]["user_id"] for o in outcomes if o["status"] == "found"]
    result = _users_result([{"user_id": u, "token": None, "expires_on": None} for u in known] + users, known + found,
                           known + [u["user_id"] for u in users], module, changed=bool(created), created=created,
                           ambiguous=sum(1 for o in outcomes if o["status"] == "ambiguous"))
    if custom_ids:
        result["found"] = len(found)
        result["actions"] += ["custom id %r: the answer to the first request was lost and the request sent again found the user; "
                              "that first request may have been the one that created it" % o["user"]["custom_id"]
                              for o in outcomes if o.get("resent")]
    failure = _creation_failure(outcomes, count, result)
    if failure:
        raise failure
    return result


def _delete_one(api, client, user_id, read_first):
    """Delete one user (reading it first when the API can); returns an outcome dict. Runs in a worker thread: never raises."""
    try:
        if read_first:
            api.get_user(client, user_id)
        ours = _delete(api, client, user_id)
    except ACSNotFoundError:
        return {"status": "absent", "user_id": user_id}
    except ACSError as exc:
        return {"status": "failed", "user_id": user_id, "error": "Could not delete user %s: %s" % (user_id, exc)}
    return {"status": "deleted" if ours else "absent", "user_id": user_id}


def _delete(api, client, user_id):
    """Delete a user: True when this run deleted it, False when it was gone already. A DELETE re-sent after an attempt
    the service may have carried out (its answer was lost) that finds the user gone means this run deleted it."""
    try:
        api.delete_user(client, user_id)
    except ACSNotFoundError:
        return client.last_request_may_have_acted()
    return True


def _exists(api, client, user_id):
    """Check mode: whether the user exists (read through the API), True when the API cannot read users."""
    if "read_users" not in api.OPTIONS:
        return True
    try:
        api.get_user(client, user_id)
    except ACSNotFoundError:
        return False
    return True


def _delete_by_custom_id(api, client, custom_id):
    """The API has no lookup by custom id: a create-or-get with it (no token) answers 200 with the user when one
    exists, which is then deleted; when none exists the service creates one (201), which is deleted at once and not
    reported. Returns an outcome dict; never raises."""
    try:
        body, created = api.create_user(client, custom_id=custom_id)
        user_id = body["identity"]["id"]
        ours = _delete(api, client, user_id)
    except ACSNotFoundError:
        return {"status": "absent", "custom_id": custom_id}
    except (ACSError, KeyError, TypeError) as exc:
        return {"status": "failed", "custom_id": custom_id, "error": "Could not delete the user of custom id %r: %s" % (custom_id, exc)}
    if created is False and ours:
        return {"status": "deleted", "user_id": user_id, "custom_id": custom_id}
    return {"status": "absent", "custom_id": custom_id}


def _absent_by_custom_id(module, result):
    custom_ids = list(dict.fromkeys(module.params["custom_ids"]))
    if module.check_mode:
        if module.diff_mode:
            result["diff"] = {"before": {"custom_ids": custom_ids}, "after": {"custom_ids": []}}
        return dict(result, changed=True, deleted=[], already_absent=[], would_delete=custom_ids,
                    actions=["would delete the user of custom id %r, if there is one" % c for c in custom_ids])
    api, client = module.identity_api, module.client
    outcomes = _run(module.params["workers"], [lambda c=c: _delete_by_custom_id(api, client, c) for c in custom_ids])
    deleted = [o for o in outcomes if o["status"] == "deleted"]
    result.update(changed=bool(deleted), deleted=[o["user_id"] for o in deleted],
                  users=[{"user_id": o["user_id"], "custom_id": o["custom_id"]} for o in deleted],
                  already_absent=[o["custom_id"] for o in outcomes if o["status"] == "absent"],
                  actions=[{"deleted": "deleted the user of custom id %r", "absent": "custom id %r had no user",
                            "failed": "could not delete the user of custom id %r"}[o["status"]] % o["custom_id"] for o in outcomes])
    if module.diff_mode:
        result["diff"] = {"before": {"custom_ids": [o["custom_id"] for o in deleted]}, "after": {"custom_ids": []}}
    return _deletion_result(outcomes, len(custom_ids), result)


def _deletion_result(outcomes, total, result):
    errors = [o["error"] for o in outcomes if o["status"] == "failed"]
    if errors:
        raise TaskFailure("Deleted %d of %d users (%d already absent); %d failed. First error: %s" % (
            len(result["deleted"]), total, len(result["already_absent"]), len(errors), errors[0]), result=dict(result, errors=errors))
    return result


def ensure_absent(module):
    ids = named_users(module.params)
    result = dict(user_id=ids[0]) if len(ids) == 1 else {}
    if not ids:
        return _absent_by_custom_id(module, result)
    api = module.identity_api
    read_first = "read_users" in api.OPTIONS
    if module.check_mode:
        client = module.client if read_first else None
        there = [u for u in ids if _exists(api, client, u)]
        if module.diff_mode:
            result["diff"] = {"before": {"user_ids": there}, "after": {"user_ids": []}}
        return dict(result, changed=bool(there), deleted=there, already_absent=[u for u in ids if u not in there],
                    actions=["would delete %s" % u if u in there else "%s is already absent" % u for u in ids])
    client = module.client
    outcomes = _run(module.params["workers"], [lambda u=u: _delete_one(api, client, u, read_first) for u in ids])
    deleted = [o["user_id"] for o in outcomes if o["status"] == "deleted"]
    result.update(changed=bool(deleted), deleted=deleted, already_absent=[o["user_id"] for o in outcomes if o["status"] == "absent"],
                  actions=[{"deleted": "deleted %s", "absent": "%s was already absent", "failed": "could not delete %s"}[o["status"]]
                           % o["user_id"] for o in outcomes])
    if module.diff_mode:
        result["diff"] = {"before": {"user_ids": deleted}, "after": {"user_ids": []}}
    return _deletion_result(outcomes, len(ids), result)


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
            workers=dict(type="int", default=8),
        ),
        mutually_exclusive=[["user_id", "user_ids", "custom_ids", "count"], ["exact_count", "count"], ["exact_count", "user_id"],
                            ["exact_count", "custom_ids"]],
        supports_check_mode=True,
    )
    module.identity_version = api_version(module.params)
    module.run(validate, {"present": ensure_present, "absent": ensure_absent}[module.params["state"]])


if __name__ == "__main__":
    main()
