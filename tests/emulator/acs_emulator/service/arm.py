"""The Azure Resource Manager slice of Microsoft.Communication/communicationServices (no HTTP).

- Resources live in meta `arm_resources` ({lower-case name: document}): a name is unique across every subscription
  and resource group (as the service's host names are), compared case-insensitively.
- Provisioning runs on the emulator's clock: a PUT that creates leaves the resource `Creating` (an update of an
  existing one `Updating`) until `ready_at`; a DELETE leaves it `Deleting` until `gone_at`, then it is removed.
  Long-running operations are kept in meta `arm_operations` ({id: {...}}) and derive their status from the resource.
- Each resource has two base64 keys; `regenerate_key` replaces one of them. `disableLocalAuth` refuses them on the
  resource's data plane (what reads them: `data_plane_credentials`).
- Resource groups are not managed: a resource may name any group; subscriptions other than the emulator's are refused.

The HTTP layer (http/arm_2025_05_01.py) maps ArmError to ARM's error body; `on_created` / `on_deleted` let the command
line start and stop each resource's own data plane.
"""

import base64
import os
import re
import uuid

from .clock import iso

RESOURCE_TYPE = "Microsoft.Communication/CommunicationServices"
NAME_RE = re.compile(r"^[-\w]{1,63}$")
DATA_LOCATIONS = ("United States", "Europe", "UK", "Australia", "Japan", "France", "Switzerland", "Norway", "Germany",
                  "Africa", "India", "Asia Pacific", "Canada", "Korea", "UAE", "Brazil")
PUBLIC_NETWORK_ACCESS = ("Enabled", "Disabled", "SecuredByPerimeter")
IDENTITY_TYPES = ("None", "SystemAssigned", "UserAssigned", "SystemAssigned,UserAssigned")
CREATE_SECONDS = 6.0
UPDATE_SECONDS = 2.0
DELETE_SECONDS = 3.0
# Fields a PATCH may carry under properties (dataLocation is create-only).
PATCHABLE = ("linkedDomains", "publicNetworkAccess", "disableLocalAuth")


class ArmError(Exception):
    """An ARM error: HTTP status, ARM error code, message."""

    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def invalid(message):
    """400 InvalidRequestContent."""
    return ArmError(400, "InvalidRequestContent", message)


def new_key():
    """A 64-byte base64 access key, as the service hands out."""
    return base64.b64encode(os.urandom(64)).decode("ascii")


class ArmService:
    """Resources, their provisioning steps, keys and long-running operations."""

    def __init__(self, store, clock, speed=1.0):
        self.store = store
        self.clock = clock
        self.speed = speed
        self.on_created = None
        self.on_deleted = None
        with store.tx():
            if store.get_meta("arm_subscription_id") is None:
                store.set_meta("arm_subscription_id", str(uuid.uuid4()))
            self.subscription_id = store.get_meta("arm_subscription_id")

    # -- storage ----------------------------------------------------------------------------------------------

    def _all(self):
        return self.store.get_meta("arm_resources", {})

    def _save(self, resources):
        self.store.set_meta("arm_resources", resources)

    def _ops(self):
        return self.store.get_meta("arm_operations", {})

    def _delay(self, seconds):
        return seconds / self.speed

    def settle(self):
        """Finish the provisioning steps that are due; remove resources whose deletion is over."""
        now = self.clock.now()
        resources = self._all()
        changed = False
        for key, doc in list(resources.items()):
            if doc["state"] == "Deleting" and now >= doc["gone_at"]:
                del resources[key]
                changed = True
                if self.on_deleted:
                    self.on_deleted(doc)
            elif doc["state"] in ("Creating", "Updating") and now >= doc["ready_at"]:
                doc["state"] = "Succeeded"
                changed = True
        if changed:
            self._save(resources)

    def check_subscription(self, subscription_id):
        """403 for a subscription other than the emulator's."""
        if subscription_id.lower() != self.subscription_id.lower():
            raise ArmError(403, "AuthorizationFailed", "The client does not have authorization to perform this action "
                           "over scope '/subscriptions/%s' or the scope is invalid." % subscription_id)

    # -- reads ------------------------------------------------------------------------------------------------

    def find(self, subscription_id, group, name):
        """The document of a resource in that group, or 404 ResourceNotFound."""
        self.check_subscription(subscription_id)
        doc = self._all().get(name.lower())
        if doc is None or doc["resource_group"].lower() != group.lower():
            raise ArmError(404, "ResourceNotFound", "The Resource '%s/%s' under resource group '%s' was not found. For more "
                           "details please go to https://aka.ms/ARMResourceNotFoundFix" % (RESOURCE_TYPE, name, group))
        return doc

    def list(self, subscription_id, group=None):
        """The resources of a subscription, or of one of its groups, in creation order."""
        self.check_subscription(subscription_id)
        docs = sorted(self._all().values(), key=lambda d: d["seq"])
        if group is not None:
            docs = [d for d in docs if d["resource_group"].lower() == group.lower()]
        return docs

    def name_available(self, subscription_id, name):
        """(available, reason, message) for checkNameAvailability."""
        self.check_subscription(subscription_id)
        if not NAME_RE.match(name or ""):
            return False, "Invalid", "The name must be 1 to 63 letters, digits, '-' or '_'."
        if name.lower() in self._all():
            return False, "AlreadyExists", "Requested name is unavailable for the requested type"
        return True, "NameAvailable", "Requested name is available for the requested type"

    # -- writes -----------------------------------------------------------------------------------------------

    def put(self, subscription_id, group, name, body):
        """Create or replace: (document, created, operation id or None when nothing is pending)."""
        self.check_subscription(subscription_id)
        if not NAME_RE.match(name):
            raise ArmError(400, "InvalidResourceName", "The resource name '%s' is invalid: use 1 to 63 letters, digits, "
                           "'-' or '_'." % name)
        props = _check_put_body(body)
        resources = self._all()
        doc = resources.get(name.lower())
        if doc is not None and doc["resource_group"].lower() != group.lower():
            raise ArmError(409, "NameUnavailable", "The name '%s' is already in use by another Communication Services "
                           "resource; names are unique across Azure." % name)
        if doc is not None and doc["state"] == "Deleting":
            raise ArmError(409, "Conflict", "The resource '%s' is being deleted." % name)
        if doc is not None and props["dataLocation"] != doc["data_location"]:
            raise invalid("The property 'dataLocation' cannot be changed after the resource is created (it is '%s')."
                          % doc["data_location"])
        created = doc is None
        now = self.clock.now()
        if created:
            doc = {"name": name, "subscription_id": self.subscription_id, "resource_group": group, "seq": self.store.next_seq("arm"),
                   "data_location": props["dataLocation"], "immutable_resource_id": str(uuid.uuid4()),
                   "primary_key": new_key(), "secondary_key": new_key(), "notification_hub_id": None,
                   "created_at": now, "host_name": None}
        doc.update({"tags": body.get("tags") or {}, "identity": _identity(body.get("identity")),
                    "linked_domains": props.get("linkedDomains") or [],
                    "public_network_access": props.get("publicNetworkAccess") or "Enabled",
                    "disable_local_auth": bool(props.get("disableLocalAuth", False)),
                    "state": "Creating" if created else "Updating",
                    "ready_at": now + self._delay(CREATE_SECONDS if created else UPDATE_SECONDS), "modified_at": now})
        resources[name.lower()] = doc
        self._save(resources)
        if created and self.on_created:
            doc["host_name"] = self.on_created(doc)
            resources[name.lower()] = doc
            self._save(resources)
        return doc, created, self._start_op(doc, "put")

    def patch(self, subscription_id, group, name, body):
        """Update tags, identity and the patchable properties at once (no long-running operation)."""
        doc = self.find(subscription_id, group, name)
        if not isinstance(body, dict):
            raise invalid("The request content must be a JSON object.")
        unknown = set(body) - {"tags", "identity", "properties"}
        if unknown:
            raise invalid("The property '%s' cannot be updated with PATCH." % sorted(unknown)[0])
        props = body.get("properties") or {}
        if not isinstance(props, dict):
            raise invalid("'properties' must be a JSON object.")
        bad = set(props) - set(PATCHABLE)
        if bad:
            create_only = " (it is create-only)" if "dataLocation" in bad else ""
            raise invalid("The property '%s' cannot be updated with PATCH%s." % (sorted(bad)[0], create_only))
        _check_properties(props)
        if "tags" in body:
            if not isinstance(body["tags"], dict):
                raise invalid("'tags' must be a JSON object of strings.")
            doc["tags"] = body["tags"] or {}
        if "identity" in body:
            doc["identity"] = _identity(body["identity"])
        for wire, field in (("linkedDomains", "linked_domains"), ("publicNetworkAccess", "public_network_access"),
                            ("disableLocalAuth", "disable_local_auth")):
            if wire in props:
                doc[field] = props[wire]
        doc["modified_at"] = self.clock.now()
        resources = self._all()
        resources[name.lower()] = doc
        self._save(resources)
        return doc

    def delete(self, subscription_id, group, name):
        """Start a deletion: the operation id, or None when there is no such resource (204)."""
        try:
            doc = self.find(subscription_id, group, name)
        except ArmError as exc:
            if exc.status == 404:
                return None
            raise
        if doc["state"] != "Deleting":
            doc["state"] = "Deleting"
            doc["gone_at"] = self.clock.now() + self._delay(DELETE_SECONDS)
            resources = self._all()
            resources[name.lower()] = doc
            self._save(resources)
        return self._start_op(doc, "delete")

    def regenerate_key(self, subscription_id, group, name, key_type):
        """Replace the Primary or Secondary key; the old one stops working at once."""
        doc = self.find(subscription_id, group, name)
        if key_type not in ("Primary", "Secondary"):
            raise invalid("keyType must be 'Primary' or 'Secondary', not %r." % (key_type,))
        field = key_type.lower() + "_key"
        doc[field] = new_key()
        resources = self._all()
        resources[name.lower()] = doc
        self._save(resources)
        return doc

    def link_notification_hub(self, subscription_id, group, name, body):
        """Record the notification hub (it must be in the same subscription)."""
        doc = self.find(subscription_id, group, name)
        hub = (body or {}).get("resourceId") if isinstance(body, dict) else None
        if not isinstance(hub, str) or not (body or {}).get("connectionString"):
            raise invalid("linkNotificationHub needs 'resourceId' and 'connectionString'.")
        if not hub.lower().startswith("/subscriptions/%s/" % self.subscription_id.lower()):
            raise ArmError(400, "WrongSubscription", "The notification hub must be in the same subscription as the "
                           "communication service")
        doc["notification_hub_id"] = hub
        resources = self._all()
        resources[name.lower()] = doc
        self._save(resources)
        return hub

    def reset(self):
        """Remove every resource (stopping its data plane) and operation; the subscription stays."""
        for doc in self._all().values():
            if self.on_deleted:
                self.on_deleted(doc)
        self.store.del_meta("arm_resources")
        self.store.del_meta("arm_operations")

    # -- long-running operations ------------------------------------------------------------------------------

    def _start_op(self, doc, kind):
        if kind == "put" and doc["state"] == "Succeeded":
            return None
        op_id = str(uuid.uuid4())
        ops = self._ops()
        ops[op_id] = {"kind": kind, "name": doc["name"].lower(), "seq": doc["seq"], "start": self.clock.now(),
                      "end": doc["gone_at"] if kind == "delete" else doc["ready_at"]}
        self.store.set_meta("arm_operations", ops)
        return op_id

    def operation(self, subscription_id, op_id):
        """The operation status document (ARM's shape), or 404."""
        self.check_subscription(subscription_id)
        op = self._ops().get(op_id)
        if op is None:
            raise ArmError(404, "OperationNotFound", "The operation '%s' was not found." % op_id)
        doc = self._all().get(op["name"])
        current = doc is not None and doc["seq"] == op["seq"]
        done = self.clock.now() >= op["end"] or not current
        status = "Succeeded" if done else ("Deleting" if op["kind"] == "delete" else "Running")
        if done and op["kind"] == "put" and not current:
            status = "Canceled"
        body = {"id": "/subscriptions/%s/providers/Microsoft.Communication/locations/global/operationStatuses/%s"
                % (self.subscription_id, op_id), "name": op_id, "status": status, "startTime": iso(op["start"]),
                "percentComplete": 100.0 if done else 50.0}
        if done:
            body["endTime"] = iso(min(op["end"], self.clock.now()))
        return body

    # -- the data plane -------------------------------------------------------------------------------------

    def data_plane_credentials(self, name):
        """(keys that work now, local auth allowed) of a resource; ([], False) once it is gone."""
        doc = self._all().get(name.lower())
        if doc is None or doc["state"] == "Deleting":
            return [], False
        return [doc["primary_key"], doc["secondary_key"]], not doc["disable_local_auth"]


def _check_put_body(body):
    """The properties of a PUT body, or 400 InvalidRequestContent."""
    if not isinstance(body, dict):
        raise invalid("The request content must be a JSON object.")
    location = body.get("location")
    if not isinstance(location, str) or location.lower() != "global":
        raise ArmError(400, "LocationNotAvailableForResourceType", "The provided location '%s' is not available for "
                       "resource type '%s'. List of available regions for the resource type is 'global'." % (location, RESOURCE_TYPE))
    props = body.get("properties")
    if not isinstance(props, dict) or not isinstance(props.get("dataLocation"), str) or not props["dataLocation"]:
        raise invalid("The property 'properties.dataLocation' is required.")
    if props["dataLocation"] not in DATA_LOCATIONS:
        raise invalid("The data location '%s' is not supported; supported: %s." % (props["dataLocation"], ", ".join(DATA_LOCATIONS)))
    if "tags" in body and not isinstance(body["tags"], (dict, type(None))):
        raise invalid("'tags' must be a JSON object of strings.")
    _check_properties(props)
    return props


def _check_properties(props):
    """400 for a patchable property of the wrong type or value."""
    domains = props.get("linkedDomains")
    if domains is not None and (not isinstance(domains, list) or not all(isinstance(d, str) for d in domains)):
        raise invalid("'linkedDomains' must be a list of resource ids.")
    access = props.get("publicNetworkAccess")
    if access is not None and access not in PUBLIC_NETWORK_ACCESS:
        raise invalid("'publicNetworkAccess' must be one of %s." % ", ".join(PUBLIC_NETWORK_ACCESS))
    if "disableLocalAuth" in props and not isinstance(props["disableLocalAuth"], bool):
        raise invalid("'disableLocalAuth' must be true or false.")


def _identity(value):
    """The stored managed identity (type, user-assigned ids with made-up principal and client ids)."""
    if value is None:
        return {"type": "None"}
    if not isinstance(value, dict) or value.get("type") not in IDENTITY_TYPES:
        raise invalid("'identity.type' must be one of %s." % ", ".join(IDENTITY_TYPES))
    kind = value["type"]
    out = {"type": kind}
    if "SystemAssigned" in kind:
        out["principalId"] = str(uuid.uuid4())
        out["tenantId"] = str(uuid.uuid4())
    assigned = value.get("userAssignedIdentities") or {}
    if "UserAssigned" in kind:
        if not isinstance(assigned, dict) or not assigned:
            raise invalid("'identity.userAssignedIdentities' must name at least one identity for type %s." % kind)
        out["userAssignedIdentities"] = {rid: {"principalId": str(uuid.uuid4()), "clientId": str(uuid.uuid4())}
                                         for rid in assigned}
    elif assigned:
        raise invalid("'identity.userAssignedIdentities' is only allowed with a UserAssigned type.")
    return out


def wire(doc):
    """The resource as ARM answers it."""
    return {
        "id": "/subscriptions/%s/resourceGroups/%s/providers/%s/%s" % (
            doc["subscription_id"], doc["resource_group"], RESOURCE_TYPE, doc["name"]),
        "name": doc["name"], "type": RESOURCE_TYPE, "location": "global", "tags": doc["tags"],
        "identity": doc["identity"],
        "systemData": {"createdAt": iso(doc["created_at"]), "lastModifiedAt": iso(doc["modified_at"]),
                       "createdByType": "Application", "lastModifiedByType": "Application"},
        "properties": {"provisioningState": doc["state"], "hostName": doc["host_name"], "dataLocation": doc["data_location"],
                       "notificationHubId": doc["notification_hub_id"], "version": "0.2.0",
                       "immutableResourceId": doc["immutable_resource_id"], "linkedDomains": doc["linked_domains"],
                       "publicNetworkAccess": doc["public_network_access"], "disableLocalAuth": doc["disable_local_auth"]},
    }
