# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Azure Resource Manager connection of acs_resource, acs_resource_info and acs_resource_key: the options they add
to AnsibleACSModule's, and the one ACSClient of a run, pointed at the cloud's ARM endpoint with a bearer token for ARM."""

from __future__ import annotations

import os

from ansible.module_utils.basic import env_fallback

from ansible_collections.acs.administration.plugins.module_utils.module import COLLECTION_VERSION
from ansible_collections.acs.administration.plugins.module_utils.transport import arm_cloud
from ansible_collections.acs.administration.plugins.module_utils.transport.client import ACSClient
from ansible_collections.acs.administration.plugins.module_utils.transport.connection import (
    ConnectionSettings, ConnectionSettingsError, normalize_endpoint)
from ansible_collections.acs.administration.plugins.module_utils.transport.credentials import CredentialError, build

# Data-plane options that mean nothing on ARM: given, they fail the task in one sentence.
DATA_PLANE_ONLY = ("connection_string", "endpoint", "access_key")


def arm_argument_spec():
    """subscription_id (AZURE_SUBSCRIPTION_ID), resource_group and name of the resource."""
    return dict(
        subscription_id=dict(type="str", fallback=(env_fallback, ["AZURE_SUBSCRIPTION_ID"])),
    )


def arm_client(module):
    """The run's ARM client (built once, signed in before anything is decided); its stats are the module's."""
    if module._client is not None:  # pylint: disable=protected-access
        return module._client  # pylint: disable=protected-access
    params = module.params
    given = [name for name in DATA_PLANE_ONLY if params.get(name)]
    if given:
        module.fail_json(msg="%s %s for the data plane; acs_resource modules talk to Azure Resource Manager and sign in "
                         "with Microsoft Entra ID (auth_source)." % (" and ".join(given), "is" if len(given) == 1 else "are"))
    verify = params.get("ca_path") if params["validate_certs"] and params.get("ca_path") else params["validate_certs"]
    try:
        subscription = arm_cloud.subscription(params.get("subscription_id"))
        auth_source = arm_cloud.default_auth_source(params.get("auth_source"))
        cloud = arm_cloud.resolve_cloud(params.get("cloud_environment"), verify=verify, timeout=params["timeout"])
        settings = ConnectionSettings(normalize_endpoint(cloud.endpoint), None, auth_source=auth_source)
    except (CredentialError, ConnectionSettingsError) as exc:
        module.fail_json(msg=str(exc))
    module.params["subscription_id"] = subscription
    for name in ("AZURE_CLIENT_SECRET", "AZURE_SECRET", "IDENTITY_HEADER"):
        if os.environ.get(name):  # secrets read from the environment: masked wherever they might appear
            module._module.no_log_values.add(os.environ[name])  # pylint: disable=protected-access

    def factory():
        return build(auth_source, params.get("tenant_id"), params.get("client_id"), params.get("secret"), cloud.authority,
                     ca_path=params.get("ca_path"), validate_certs=params["validate_certs"])

    source = arm_cloud.ArmTokenSource(factory, auth_source, cloud, on_token=module._module.no_log_values.add)  # pylint: disable=protected-access
    try:
        source.token()
    except CredentialError as exc:
        module.fail_json(msg=str(exc), error_code=exc.reason)
    module._client = ACSClient(settings, validate_certs=params["validate_certs"], ca_path=params.get("ca_path"),  # pylint: disable=protected-access
                               timeout=params["timeout"], max_retries=params["max_retries"],
                               user_agent="acs.administration/%s" % COLLECTION_VERSION, token_source=source)
    return module._client  # pylint: disable=protected-access
