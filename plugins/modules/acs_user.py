#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: acs_user
short_description: Create and delete Azure Communication Services users (identities)
version_added: 0.1.0
description:
  - Creates communication users of an Azure Communication Services resource, one or many at once, optionally with an
    access token each, and deletes them.
  - B(Creating a user is not idempotent.) The identity API has no names and no way to list or read users, so the module
    cannot tell whether "the" user already exists. Every run of a task without O(user_id) creates new users.
    Keep the returned RV(user_id) (for example in a file, a vault or host vars) and pass it back as O(user_id); with a
    known O(user_id) the task sends nothing and reports C(changed=false).
  - O(count) creates many users in one task, concurrently over one connection pool, for onboarding hundreds of users
    without a playbook loop. When some creations fail, the task fails but still returns every user that was created in
    RV(users), so that none is orphaned silently.
  - Deleting a user also revokes all its tokens. A user that is already gone is reported as C(changed=false).
  - To issue or refresh tokens for known users idempotently, use M(acs.administration.acs_token).
author:
  - ACS Administration maintainers (@acs-administration)
options:
  state:
    description:
      - V(present) creates users, unless O(user_id) or O(user_ids) names users that exist already.
      - V(absent) deletes the users named by O(user_id) or O(user_ids).
    type: str
    choices: [present, absent]
    default: present
  user_id:
    description:
      - The id of one user, in the form C(8:acs:<resource id>_<user id>) as returned by this module.
      - With O(state=present) the user is taken to exist and nothing is created (the API cannot read a user, so this is not
        checked); with O(token_scopes) a new token is issued for it. With O(state=absent) the user is deleted.
      - Mutually exclusive with O(user_ids) and O(count).
    type: str
  user_ids:
    description:
      - Several user ids, like O(user_id). Duplicates are ignored.
      - With O(state=absent) they are deleted concurrently, at most O(workers) at a time.
    type: list
    elements: str
  count:
    description:
      - How many B(more) users to create, from 1 to 1000, on every run (not a target). Only with O(state=present) and
        neither O(user_id) nor O(user_ids).
      - Defaults to V(1) when no user is named. For a target number of users, use O(exact_count).
    type: int
  exact_count:
    description:
      - How many users there should be, from 1 to 1000, counting those named in O(user_ids); only the difference is
        created. The API cannot list users, so pass back the ids of the users earlier runs created (RV(users)).
      - Users beyond O(exact_count) are not deleted; O(state=absent) deletes users. Tokens (O(token_scopes)) are issued
        for the users this task creates.
    type: int
  token_scopes:
    description:
      - Also issue an access token with these scopes for each user this task creates, or for each user named in
        O(user_id) or O(user_ids), returned in RV(users) with its expiry. Valid scopes are V(chat), V(voip) and V(pstn).
      - For a user named by id a new token is issued on every run (the task reports a change); to reuse a token while it
        stays valid, use M(acs.administration.acs_token) with its O(acs.administration.acs_token#module:token).
      - B(The result then contains secrets:) set C(no_log=true) on the task.
    type: list
    elements: str
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
    description: Reports what would be created or deleted and sends nothing. Without a read operation in the API,
      check mode assumes that every user named for deletion still exists.
    support: full
  diff_mode:
    description: Shows the user ids before and after the task.
    support: full
notes:
  - The identity API (C(2020-07-20-preview2)) has no list or read operation. The module therefore cannot detect a user
    id that was mistyped or deleted out of band when O(state=present); a later M(acs.administration.acs_token) task
    reports such a user as missing.
  - A creation request whose response is lost (the connection dropped, or a server error after the request reached the
    service) may or may not have created a user. It is not re-sent, because that could create a second user; the task
    fails and reports how many such requests there were in RV(ambiguous).
seealso:
  - module: acs.administration.acs_token
"""

EXAMPLES = r"""
- name: Create a user and keep its id
  acs.administration.acs_user:
  register: new_user

- name: The same user on later runs - nothing is sent, changed=false
  acs.administration.acs_user:
    user_id: "{{ new_user.user_id }}"

- name: Create a user with a chat token (the result holds a secret)
  acs.administration.acs_user:
    token_scopes: [chat]
  register: chat_user
  no_log: true

- name: Onboard 200 users with chat and voip tokens in one task, concurrently
  acs.administration.acs_user:
    count: 200
    token_scopes: [chat, voip]
  register: onboarded
  no_log: true

- name: Save the ids (tokens expire after 24 hours; refresh them with acs_token)
  ansible.builtin.copy:
    dest: /srv/acs/user_ids.json
    content: "{{ onboarded.users | map(attribute='user_id') | list | to_json }}"
    mode: "0600"

- name: Delete one user (changed=false when it is already gone)
  acs.administration.acs_user:
    user_id: "{{ new_user.user_id }}"
    state: absent

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
    - The users created (or named) by the task, in creation order. On a partial failure, the users that were created.
    - Each has a token only when O(token_scopes) was given.
  returned: with state=present
  type: list
  elements: dict
  contains:
    user_id:
      description: The id of the user.
      type: str
      sample: "8:acs:9b665d53-8164-4923-ad5d-5e983b07d2e7_00000006-c6bc-a766-ea7c-5a3a0d000078"
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
ambiguous:
  description:
    - How many creation requests may or may not have created a user, because their response was lost. Such users, if
      they exist, cannot be found through the API; they hold no tokens and cost nothing.
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
  description: The ids of the users that did not exist (deleted before, or never created in this resource).
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

from ansible_collections.acs.administration.plugins.module_utils.errors import ACSAmbiguousError, ACSError, ACSNotFoundError, TaskFailure
from ansible_collections.acs.administration.plugins.module_utils.module import AnsibleACSModule
from ansible_collections.acs.administration.plugins.module_utils.tokens import user_id_error
from ansible_collections.acs.administration.plugins.module_utils.validation import scopes_error

MAX_COUNT = 1000
MAX_WORKERS = 10


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


def _absent_error(params):
    if params["user_id"] is None and params["user_ids"] is None:
        return "state=absent needs user_id or user_ids: the users to delete."
    for option in ("count", "exact_count", "token_scopes"):
        if params[option] is not None:
            return "%s only applies to state=present." % option
    return None


def validate(params):
    """Every check that runs before a request; returns an error sentence or None."""
    error = _ids_error(params)
    if not error and not 1 <= params["workers"] <= MAX_WORKERS:
        error = "workers must be between 1 and %d, not %d." % (MAX_WORKERS, params["workers"])
    if not error and params["token_scopes"] is not None:
        error = scopes_error(params["token_scopes"], option="token_scopes")
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


def _issue(api, client, user, scopes):
    """Issue the token of a new user into `user`; returns an error sentence or None."""
    user_id = user["user_id"]
    try:
        answer = api.issue_token(client, user_id, scopes, retry_safe=True)
        user.update(token=answer["token"], expires_on=answer.get("expiresOn"))
    except ACSError as exc:
        return "User %s was created but its token was not issued: %s" % (user_id, exc)
    except (KeyError, TypeError):
        return "User %s was created but CommunicationIdentity_IssueToken returned no token." % user_id
    return None


def _create_one(api, client, scopes, stop):
    """Create one user (and its token); returns an outcome dict. Runs in a worker thread: never raises."""
    if stop.is_set():
        return {"status": "skipped"}
    try:
        user_id = api.create_user(client)
    except ACSAmbiguousError as exc:
        return {"status": "ambiguous", "error": str(exc)}
    except ACSError as exc:
        stop.set()  # authentication, validation or exhausted retries: the next ones would fail the same way
        return {"status": "failed", "error": str(exc)}
    except (KeyError, TypeError):
        # The service answered 200 without an id: a user may exist that nobody knows.
        return {"status": "ambiguous", "error": "CommunicationIdentity_Create returned no user id."}
    outcome = {"status": "created", "user": {"user_id": user_id, "token": None, "expires_on": None}}
    error = _issue(api, client, outcome["user"], scopes) if scopes else None
    if error:
        outcome["error"] = error
    return outcome


def _delete_one(api, client, user_id):
    """Delete one user; returns an outcome dict. Runs in a worker thread: never raises."""
    try:
        api.delete_user(client, user_id)
    except ACSNotFoundError:
        return {"status": "absent", "user_id": user_id}
    except ACSError as exc:
        return {"status": "failed", "user_id": user_id, "error": "Could not delete user %s: %s" % (user_id, exc)}
    return {"status": "deleted", "user_id": user_id}


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
    counts = (("%d of them without a token", sum(1 for o in outcomes if "user" in o and o.get("error"))),
              ("%d creation request(s) lost their response and may or may not have created a user (not re-sent, to avoid "
               "duplicates)", result["ambiguous"]),
              ("%d not attempted after an error", sum(1 for o in outcomes if o["status"] == "skipped")))
    parts = ["Created %d of %d users" % (result["created"], count)] + [text % n for text, n in counts if n]
    return TaskFailure("; ".join(parts) + ". The users that were created are in 'users'. First error: " + errors[0],
                       result=dict(result, errors=errors))


def _known_users(module, known, scopes):
    """Users given by id exist already: nothing is created; with token_scopes each gets a new token."""
    users = [{"user_id": u, "token": None, "expires_on": None} for u in known]
    if not scopes or module.check_mode:
        return _users_result(users, known, known, module, changed=bool(scopes), created=0, ambiguous=0)
    api, client = module.identity_api, module.client
    errors = [e for e in _run(module.params["workers"], [lambda u=u: _issue(api, client, u, scopes) for u in users]) if e]
    result = _users_result(users, known, known, module, changed=any(u["token"] for u in users), created=0, ambiguous=0)
    if errors:
        raise TaskFailure("%d of %d token(s) were not issued. First error: %s" % (len(errors), len(users), errors[0]),
                          result=dict(result, errors=errors))
    return result


def ensure_present(module):
    params = module.params
    scopes = list(dict.fromkeys(params["token_scopes"] or ()))
    known = named_users(params)
    if params["exact_count"] is None and known:
        return _known_users(module, known, scopes)
    count = (params["count"] or 1) if params["exact_count"] is None else params["exact_count"] - len(known)
    if count <= 0:
        return _users_result([{"user_id": u, "token": None, "expires_on": None} for u in known], known, known, module,
                             changed=False, created=0, ambiguous=0)
    if module.check_mode:
        return _users_result([], known, known + ["(new user %d)" % (i + 1) for i in range(count)], module,
                             changed=True, created=0, ambiguous=0, would_create=count)
    api, client = module.identity_api, module.client  # built (and the connection validated) here, before any thread starts
    stop = threading.Event()
    outcomes = _run(params["workers"], [lambda: _create_one(api, client, scopes, stop)] * count)
    users = [o["user"] for o in outcomes if "user" in o]
    result = _users_result([{"user_id": u, "token": None, "expires_on": None} for u in known] + users, known,
                           known + [u["user_id"] for u in users], module, changed=bool(users), created=len(users),
                           ambiguous=sum(1 for o in outcomes if o["status"] == "ambiguous"))
    failure = _creation_failure(outcomes, count, result)
    if failure:
        raise failure
    return result


def ensure_absent(module):
    ids = named_users(module.params)
    result = dict(user_id=ids[0]) if len(ids) == 1 else {}
    if module.check_mode:
        if module.diff_mode:
            result["diff"] = {"before": {"user_ids": ids}, "after": {"user_ids": []}}
        return dict(result, changed=True, deleted=ids, already_absent=[], actions=["would delete %s" % u for u in ids])
    api, client = module.identity_api, module.client
    outcomes = _run(module.params["workers"], [lambda u=u: _delete_one(api, client, u) for u in ids])
    deleted = [o["user_id"] for o in outcomes if o["status"] == "deleted"]
    absent = [o["user_id"] for o in outcomes if o["status"] == "absent"]
    errors = [o["error"] for o in outcomes if o["status"] == "failed"]
    result.update(changed=bool(deleted), deleted=deleted, already_absent=absent,
                  actions=[{"deleted": "deleted %s", "absent": "%s was already absent", "failed": "could not delete %s"}[o["status"]]
                           % o["user_id"] for o in outcomes])
    if module.diff_mode:
        result["diff"] = {"before": {"user_ids": deleted}, "after": {"user_ids": []}}
    if errors:
        raise TaskFailure("Deleted %d of %d users (%d already absent); %d failed. First error: %s" % (
            len(deleted), len(ids), len(absent), len(errors), errors[0]), result=dict(result, errors=errors))
    return result


def main():
    module = AnsibleACSModule(
        argument_spec=dict(
            state=dict(type="str", choices=["present", "absent"], default="present"),
            user_id=dict(type="str"),
            user_ids=dict(type="list", elements="str"),
            count=dict(type="int"),
            exact_count=dict(type="int"),
            token_scopes=dict(type="list", elements="str", no_log=False),
            workers=dict(type="int", default=8),
        ),
        mutually_exclusive=[["user_id", "user_ids"], ["user_id", "count"], ["user_ids", "count"], ["exact_count", "count"],
                            ["exact_count", "user_id"]],
        supports_check_mode=True,
    )
    module.run(validate, {"present": ensure_present, "absent": ensure_absent}[module.params["state"]])


if __name__ == "__main__":
    main()
