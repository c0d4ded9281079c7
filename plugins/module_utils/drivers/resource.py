# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Desired state of a Communication Services resource on Azure Resource Manager (acs_resource, acs_resource_info,
acs_resource_key).

present: create with one PUT (then wait for provisioning), or change an existing resource with one PATCH that carries
only what differs; a different data location is refused (it cannot change). absent: DELETE, then wait. All waits of a
task share one budget (base.Lifecycle). Results are snake_case and never hold a key.
No Ansible imports.
"""

from __future__ import annotations

import copy

from ansible_collections.acs.administration.plugins.module_utils.api import resource_manager_2025_05_01 as api
from ansible_collections.acs.administration.plugins.module_utils.drivers.base import Lifecycle
from ansible_collections.acs.administration.plugins.module_utils.transport.errors import ACSNotFoundError, TaskFailure

TRANSITIONAL = ("Creating", "Updating", "Deleting", "Running", "Accepted", "Moving")
IDENTITY_TYPES = {"none": "None", "systemassigned": "SystemAssigned", "userassigned": "UserAssigned",
                  "systemassigned,userassigned": "SystemAssigned,UserAssigned"}


class Target:
    """subscription_id, resource_group and name of one resource."""

    def __init__(self, subscription_id, resource_group, name):
        self.subscription_id = subscription_id
        self.resource_group = resource_group
        self.name = name

    def args(self):
        return self.subscription_id, self.resource_group, self.name


def resource_result(body):
    """The snake_case resource as the modules return it."""
    if not body:
        return {}
    props = body.get("properties") or {}
    identity = body.get("identity") or {}
    assigned = identity.get("userAssignedIdentities") or {}
    return {
        "id": body.get("id"), "name": body.get("name"), "type": body.get("type"), "location": body.get("location"),
        "tags": body.get("tags") or {},
        "identity": {"type": identity.get("type", "None"), "principal_id": identity.get("principalId"),
                     "tenant_id": identity.get("tenantId"),
                     "user_assigned_identities": {rid: {"principal_id": v.get("principalId"), "client_id": v.get("clientId")}
                                                  for rid, v in assigned.items()}},
        "host_name": props.get("hostName"), "data_location": props.get("dataLocation"),
        "provisioning_state": props.get("provisioningState"), "immutable_resource_id": props.get("immutableResourceId"),
        "notification_hub_id": props.get("notificationHubId"), "version": props.get("version"),
        "linked_domains": props.get("linkedDomains") or [], "public_network_access": props.get("publicNetworkAccess"),
        "disable_local_auth": bool(props.get("disableLocalAuth")),
    }


def identity_body(identity):
    """ARM's identity for the module's `identity` option ({type, user_assigned_identities}), or None when not given."""
    if identity is None:
        return None
    kind = IDENTITY_TYPES[identity["type"].replace(" ", "").lower()]
    body = {"type": kind}
    if "UserAssigned" in kind:
        body["userAssignedIdentities"] = {rid: {} for rid in identity.get("user_assigned_identities") or []}
    return body


def validate(params):
    """One sentence for options that cannot work together, or None."""
    identity = params.get("identity")
    if identity is not None:
        kind = identity["type"].replace(" ", "").lower()
        ids = identity.get("user_assigned_identities") or []
        if "userassigned" in kind and not ids:
            return "identity.type %s needs identity.user_assigned_identities." % identity["type"]
        if "userassigned" not in kind and ids:
            return "identity.user_assigned_identities needs identity.type UserAssigned or SystemAssigned,UserAssigned."
    return None


def _same_identity(wanted, current):
    if wanted["type"] != current.get("type", "None"):
        return False
    have = {k.lower() for k in (current.get("userAssignedIdentities") or {})}
    return {k.lower() for k in wanted.get("userAssignedIdentities") or {}} == have


def changes(params, current):
    """The PATCH body that brings `current` (ARM's resource) to the options (only what differs), {} when none."""
    patch, props = {}, {}
    have = current.get("properties") or {}
    tags = params.get("tags")
    if tags is not None:
        wanted = dict(tags) if params.get("purge_tags", True) else dict(current.get("tags") or {}, **tags)
        if wanted != (current.get("tags") or {}):
            patch["tags"] = wanted
    identity = identity_body(params.get("identity"))
    if identity is not None and not _same_identity(identity, current.get("identity") or {}):
        patch["identity"] = identity
    for option, wire in (("disable_local_auth", "disableLocalAuth"), ("public_network_access", "publicNetworkAccess")):
        if params.get(option) is not None and params[option] != have.get(wire, False if option == "disable_local_auth" else "Enabled"):
            props[wire] = params[option]
    domains = params.get("linked_domains")
    if domains is not None and sorted(d.lower() for d in domains) != sorted(d.lower() for d in have.get("linkedDomains") or []):
        props["linkedDomains"] = list(domains)
    if props:
        patch["properties"] = props
    return patch


def create_body(params):
    """The PUT body of a new resource."""
    props = {"dataLocation": params["data_location"]}
    for option, wire in (("disable_local_auth", "disableLocalAuth"), ("public_network_access", "publicNetworkAccess"),
                         ("linked_domains", "linkedDomains")):
        if params.get(option) is not None:
            props[wire] = params[option]
    body = {"location": "global", "tags": dict(params.get("tags") or {}), "properties": props}
    identity = identity_body(params.get("identity"))
    if identity is not None:
        body["identity"] = identity
    return body


def predicted(current, patch):
    """What ARM would answer after `patch` (check mode)."""
    after = copy.deepcopy(current)
    for key in ("tags", "identity"):
        if key in patch:
            after[key] = patch[key]
    after.setdefault("properties", {}).update(patch.get("properties") or {})
    return after


class ResourceLifecycle(Lifecycle):
    """One acs_resource task."""

    def read(self, target):
        """ARM's resource, or None when it does not exist."""
        try:
            return api.get(self.client, *target.args())
        except ACSNotFoundError:
            return None

    def present(self, target, params):
        """Create or converge; returns (before, after) as ARM's resources (before None when created)."""
        current = self.read(target)
        if current is None:
            return None, self._create(target, params)
        if _state(current) == "Deleting":
            raise TaskFailure("%s is being deleted; run the task again once it is gone to create it anew." % target.name)
        wanted, have = params.get("data_location"), (current.get("properties") or {}).get("dataLocation")
        if wanted and have and wanted.lower() != have.lower():
            raise TaskFailure("The data location of %s cannot change: it is %s, the task asks for %s; create a new "
                              "resource to move the data." % (target.name, have, wanted))
        patch = changes(params, current)
        if not patch:
            return current, self._settled(target, current)
        self.changed = True
        changed = sorted((set(patch) - {"properties"}) | set(patch.get("properties") or {}))
        self.actions.append("updated %s: %s" % (target.name, ", ".join(changed)))
        if self.check_mode:
            return current, predicted(current, patch)
        return current, api.update(self.client, *target.args(), patch)

    def _create(self, target, params):
        if not params.get("data_location"):
            raise TaskFailure("%s does not exist: data_location is needed to create it." % target.name)
        body = create_body(params)
        self.changed = True
        self.actions.append("created %s in %s" % (target.name, params["data_location"]))
        if self.check_mode:
            props = dict(body["properties"], provisioningState="Succeeded")
            return dict(body, name=target.name, properties=props)
        answer = api.create_or_update(self.client, *target.args(), body)
        url = (answer.headers or {}).get("Azure-AsyncOperation")
        if not self.wait or not url:
            return answer.body
        self.poll(lambda: api.follow(self.client, url, "CommunicationServices_CreateOrUpdate (status)"),
                  lambda b: b.get("status"), _NotTransitional(), "The creation of %s" % target.name, {"name": target.name},
                  lambda last: "%s was still provisioning (%s) when wait_timeout ran out; rerun the task to wait again."
                  % (target.name, last.get("status")))
        final = api.get(self.client, *target.args())
        state = (final.get("properties") or {}).get("provisioningState")
        if state != "Succeeded":
            raise TaskFailure("The creation of %s ended in %s." % (target.name, state), result={"resource": resource_result(final)})
        return final

    def _settled(self, target, current):
        """A resource found mid-provisioning: wait for it (when wait) before calling it converged."""
        if not self.wait or (current.get("properties") or {}).get("provisioningState") not in TRANSITIONAL:
            return current
        return self.poll(lambda: api.get(self.client, *target.args()),
                         lambda b: (b.get("properties") or {}).get("provisioningState"), _NotTransitional(),
                         "The provisioning of %s" % target.name, {"name": target.name},
                         lambda last: "%s was still %s when wait_timeout ran out." % (
                             target.name, (last.get("properties") or {}).get("provisioningState")))

    def absent(self, target):
        """Delete; returns the resource as it was (None when there was none)."""
        current = self.read(target)
        if current is None:
            return None
        if _state(current) == "Deleting":
            # deleted by an earlier run (with wait: false) or someone else: nothing to send, only to wait for
            self.actions.append("%s is being deleted already" % target.name)
            if self.wait and not self.check_mode:
                self._gone(target)
            return None
        self.changed = True
        self.actions.append("deleted %s" % target.name)
        if self.check_mode:
            return current
        answer = api.delete(self.client, *target.args())
        url = (answer.headers or {}).get("Location")
        if self.wait and answer.status == 202 and url:
            self.poll(lambda: _deletion(api.follow(self.client, url, "CommunicationServices_Delete (status)")),
                      lambda b: b.get("status"), _NotTransitional(), "The deletion of %s" % target.name, {"name": target.name},
                      lambda last: "%s was still being deleted when wait_timeout ran out." % target.name)
        return current

    def _gone(self, target):
        """Wait until a resource being deleted is gone (a GET answers 404)."""
        def fetch():
            body = self.read(target)
            return {"status": "Deleted"} if body is None else {"status": _state(body)}
        self.poll(fetch, lambda b: b.get("status"), _NotTransitional(), "The deletion of %s" % target.name,
                  {"name": target.name}, lambda last: "%s was still being deleted when wait_timeout ran out." % target.name)


def _state(body):
    return (body.get("properties") or {}).get("provisioningState")


class _NotTransitional:
    def __contains__(self, status):
        return status not in TRANSITIONAL


def _deletion(response):
    """A Location poll as a status: 202 -> Deleting, 200/204 -> Deleted."""
    response.body = {"status": "Deleting" if response.status == 202 else "Deleted"}
    return response


def key_result(body, which=("primary", "secondary")):
    """The keys and connection strings of an answer of listKeys or regenerateKey (secrets: the module is no_log'd)."""
    out = {}
    for kind in which:
        if body.get(kind + "Key") is not None:
            out[kind + "_key"] = body[kind + "Key"]
            out[kind + "_connection_string"] = body.get(kind + "ConnectionString")
    return out
