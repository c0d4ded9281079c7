# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Communication users as desired state: create (one, many, or one per custom id), find by custom id, delete.

The driver of acs_user. It speaks to the identity API of the task's version through one signature per operation
(api/identity_*.py) and never branches on the version: what a version has is data in its API file (LACKING_OPTIONS, READS_USERS).

Finding a user by custom id (2025-03-02-preview). The API has no lookup by custom id and no list: the only way is the
create-or-get `POST /identities {customId}`, which the real service answers **201** whether it created the user or found
it. What tells them apart is the answered identity's `lastTokenIssuedAt`: it is present once any token was issued for
the user, and a user this request created has none (the request asks for no token). So:
- `lastTokenIssuedAt` present: the user existed before this task (found, changed=false);
- absent: the user is new, or it existed but never had a token. Either way it is reported as created, and it gets a
  token at once (the task's token, or, without token_scopes, a 60-minute token that is discarded), so that every later
  run finds it: a user is reported as created by at most one run.
"""

from __future__ import annotations

import threading

from ansible_collections.acs.administration.plugins.module_utils.api import versions as apis
from ansible_collections.acs.administration.plugins.module_utils.drivers import pool
from ansible_collections.acs.administration.plugins.module_utils.drivers.tokens import user_id_error
from ansible_collections.acs.administration.plugins.module_utils.transport.errors import ACSAmbiguousError, ACSError, ACSNotFoundError, TaskFailure

MAX_COUNT = 1000
# The lifetime and scope of the token that marks a user created by custom id without token_scopes (see the docstring).
MARK_MINUTES, MARK_SCOPES = 60, ("voip",)


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
    error = apis.lacking_error(params, "acs_user", apis.identity(version))
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
    if not error:
        error = pool.workers_error(params["workers"])
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


def _create_one(api, client, scopes, minutes, stop):
    """Create one user (with its token when the version issues it in the same request); returns an outcome dict.
    Runs in a worker thread: never raises. Not re-sent after a lost answer (a second user could be created)."""
    if stop.is_set():
        return {"status": "skipped"}
    try:
        body, _created = api.create_user(client, scopes, minutes)
        user = _user(body)
    except ACSAmbiguousError as exc:
        return {"status": "ambiguous", "error": str(exc)}
    except ACSError as exc:
        stop.set()  # authentication, validation or exhausted retries: the next ones would fail the same way
        return {"status": "failed", "error": str(exc)}
    except (KeyError, TypeError):
        # The service answered without an id: a user may exist that nobody knows.
        return {"status": "ambiguous", "error": "CommunicationIdentity_Create returned no user id."}
    outcome = {"status": "created", "user": user}
    if scopes and user["token"] is None:
        error = _issue(api, client, user, scopes, minutes, new=True)  # a version that creates no token with the user
        if error:
            outcome["error"] = error
    return outcome


def _find_or_create(api, client, scopes, minutes, stop, custom_id):
    """Find or create the user of `custom_id` (see the module docstring), then issue its token; an outcome dict.

    The create-or-get asks for no token, so that its answer's lastTokenIssuedAt says whether the user existed. The
    client re-sends it after a lost answer (it is idempotent by custom id). Runs in a worker thread: never raises."""
    if stop.is_set():
        return {"status": "skipped"}
    try:
        body, created = api.create_user(client, custom_id=custom_id)
        user = _user(body, custom_id)
    except ACSError as exc:
        stop.set()
        return {"status": "failed", "error": "custom id %r: %s" % (custom_id, exc)}
    except (KeyError, TypeError):
        return {"status": "failed", "error": "custom id %r: CommunicationIdentity_Create returned no user id." % custom_id}
    outcome = {"status": "found" if created is False else "created", "user": user}
    if scopes:
        error = _issue(api, client, user, scopes, minutes, new=created is not False)
    elif created is not False:
        error = _mark(api, client, user)
    else:
        error = None
    if error:
        outcome["error"] = error
    return outcome


def _mark(api, client, user):
    """Issue (and discard) a short token for a user created by custom id without token_scopes, so that its
    lastTokenIssuedAt tells every later run that it exists. Returns an error sentence or None."""
    try:
        api.issue_token(client, user["user_id"], MARK_SCOPES, expires_in_minutes=MARK_MINUTES, retry_safe=True)
    except ACSError as exc:
        return ("User %s (custom id %r) was created, but the token that lets later runs find it was not issued, so a "
                "rerun reports it as created again: %s" % (user["user_id"], user["custom_id"], exc))
    return None


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
    errors = [e for e in pool.run(module.params["workers"], [lambda u=u: _issue(api, client, u, scopes, minutes) for u in users],
                                  name="acs_user") if e]
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
        jobs = [lambda c=c: _find_or_create(api, client, scopes, minutes, stop, c) for c in custom_ids]
    else:
        jobs = [lambda: _create_one(api, client, scopes, minutes, stop)] * count
    outcomes = pool.run(module.params["workers"], jobs, name="acs_user")
    users = [o["user"] for o in outcomes if "user" in o]
    created = sum(1 for o in outcomes if o["status"] == "created")
    found = [o["user"]["user_id"] for o in outcomes if o["status"] == "found"]
    result = _users_result([{"user_id": u, "token": None, "expires_on": None} for u in known] + users, known + found,
                           known + [u["user_id"] for u in users], module, changed=bool(created), created=created,
                           ambiguous=sum(1 for o in outcomes if o["status"] == "ambiguous"))
    if custom_ids:
        result["found"] = len(found)
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
    if not api.READS_USERS:
        return True
    try:
        api.get_user(client, user_id)
    except ACSNotFoundError:
        return False
    return True


def _delete_by_custom_id(api, client, custom_id):
    """The API has no lookup by custom id: a create-or-get with it (no token) answers the user of that custom id, which
    is then deleted. When the answer shows a token issued before (lastTokenIssuedAt), the user existed: deleted. Else
    the service created it now, or it never had a token (acs_user gives every user it creates one): it is deleted too,
    and reported as absent. Returns an outcome dict; never raises."""
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
    outcomes = pool.run(module.params["workers"], [lambda c=c: _delete_by_custom_id(api, client, c) for c in custom_ids], name="acs_user")
    deleted = [o for o in outcomes if o["status"] == "deleted"]
    result.update(changed=bool(deleted), deleted=[o["user_id"] for o in deleted],
                  users=[{"user_id": o["user_id"], "custom_id": o["custom_id"]} for o in deleted],
                  already_absent=[o["custom_id"] for o in outcomes if o["status"] == "absent"],
                  actions=[{"deleted": "deleted the user of custom id %r",
                            "absent": "custom id %r had no user that ever had a token (any user the service answered was deleted)",
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
    read_first = api.READS_USERS
    if module.check_mode:
        client = module.client if read_first else None
        there = [u for u in ids if _exists(api, client, u)]
        if module.diff_mode:
            result["diff"] = {"before": {"user_ids": there}, "after": {"user_ids": []}}
        return dict(result, changed=bool(there), deleted=there, already_absent=[u for u in ids if u not in there],
                    actions=["would delete %s" % u if u in there else "%s is already absent" % u for u in ids])
    client = module.client
    outcomes = pool.run(module.params["workers"], [lambda u=u: _delete_one(api, client, u, read_first) for u in ids], name="acs_user")
    deleted = [o["user_id"] for o in outcomes if o["status"] == "deleted"]
    result.update(changed=bool(deleted), deleted=deleted, already_absent=[o["user_id"] for o in outcomes if o["status"] == "absent"],
                  actions=[{"deleted": "deleted %s", "absent": "%s was already absent", "failed": "could not delete %s"}[o["status"]]
                           % o["user_id"] for o in outcomes])
    if module.diff_mode:
        result["diff"] = {"before": {"user_ids": deleted}, "after": {"user_ids": []}}
    return _deletion_result(outcomes, len(ids), result)
