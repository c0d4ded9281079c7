# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Azure Resource Manager, Microsoft.Communication/communicationServices, api-version 2025-05-01: get, create or
update (PUT, long-running: 201 + Azure-AsyncOperation), update (PATCH, synchronous), delete (long-running: 202 +
Location), list by resource group or subscription (paged: value / nextLink), listKeys, regenerateKey.

The only place that talks to this API. Functions take an ACSClient whose endpoint is the cloud's ARM endpoint and
return ARM's own (camelCase) data. An operation URL ARM hands back is followed only on that same endpoint.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ansible_collections.acs.administration.plugins.module_utils.transport.client import ACSClient, Response
from ansible_collections.acs.administration.plugins.module_utils.transport.errors import ACSError

API_VERSION = "2025-05-01"
OP = "CommunicationServices_"
TERMINAL = ("Succeeded", "Failed", "Canceled")


def _group(subscription_id, resource_group):
    return "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Communication/communicationServices" % (
        ACSClient.quote_segment(subscription_id), ACSClient.quote_segment(resource_group))


def resource_path(subscription_id, resource_group, name):
    """The path of one resource."""
    return _group(subscription_id, resource_group) + "/" + ACSClient.quote_segment(name)


def get(client, subscription_id, resource_group, name):
    """GET the resource (ACSNotFoundError when it does not exist)."""
    return client.request("GET", resource_path(subscription_id, resource_group, name), OP + "Get", API_VERSION).body


def create_or_update(client, subscription_id, resource_group, name, body):
    """PUT the resource: Response (201 with Azure-AsyncOperation while it provisions, or 200)."""
    return client.request("PUT", resource_path(subscription_id, resource_group, name), OP + "CreateOrUpdate", API_VERSION,
                          body=body, expected=(200, 201))


def update(client, subscription_id, resource_group, name, body):
    """PATCH tags, identity and the patchable properties; the updated resource."""
    return client.request("PATCH", resource_path(subscription_id, resource_group, name), OP + "Update", API_VERSION,
                          body=body).body


def delete(client, subscription_id, resource_group, name):
    """DELETE the resource: Response (202 with Location while it is deleted, 200 or 204)."""
    return client.request("DELETE", resource_path(subscription_id, resource_group, name), OP + "Delete", API_VERSION,
                          expected=(200, 202, 204))


def list_resources(client, subscription_id, resource_group=None):
    """Every resource of a resource group, or of the subscription."""
    if resource_group:
        return client.paged(_group(subscription_id, resource_group), OP + "ListByResourceGroup", API_VERSION, "value")
    path = "/subscriptions/%s/providers/Microsoft.Communication/communicationServices" % ACSClient.quote_segment(subscription_id)
    return client.paged(path, OP + "ListBySubscription", API_VERSION, "value")


def list_keys(client, subscription_id, resource_group, name):
    """primaryKey, secondaryKey, primaryConnectionString, secondaryConnectionString (secrets)."""
    return client.request("POST", resource_path(subscription_id, resource_group, name) + "/listKeys", OP + "ListKeys",
                          API_VERSION, idempotent=True).body


def regenerate_key(client, subscription_id, resource_group, name, key_type):
    """Replace the Primary or Secondary key; the new key and connection string of that kind (secrets). Never re-sent."""
    return client.request("POST", resource_path(subscription_id, resource_group, name) + "/regenerateKey",
                          OP + "RegenerateKey", API_VERSION, body={"keyType": key_type}).body


def follow(client, url, operation):
    """GET an operation URL (Azure-AsyncOperation or Location) that ARM handed back, on the client's own endpoint only:
    Response with 200/202/204."""
    parts = urlsplit(url)
    own = urlsplit(client.settings.endpoint)
    if (parts.scheme, parts.netloc.lower()) != (own.scheme, own.netloc.lower()):
        raise ACSError("%s pointed to %s://%s, not the Resource Manager endpoint %s; the token is not sent there."
                       % (operation, parts.scheme, parts.netloc, client.settings.endpoint), operation=operation)
    answer = client.request("GET", parts.path, operation, None, query=parts.query, expected=(200, 202, 204))
    return Response(answer.status, answer.headers, answer.body)
