# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """Connection options shared by every acs.administration module."""

    DOCUMENTATION = r"""
options:
  connection_string:
    description:
      - Connection string of the Azure Communication Services resource, as shown under I(Keys) in the Azure portal,
        in the form C(endpoint=https://<resource>.communication.azure.com/;accesskey=<base64 key>).
      - Keys are case-insensitive; the access key keeps its C(=) padding.
      - Mutually exclusive with O(endpoint) and O(access_key).
      - When neither O(connection_string) nor O(endpoint) is given, the E(ACS_CONNECTION_STRING) environment variable is used,
        then E(ACS_ENDPOINT) with E(ACS_ACCESS_KEY). Environment variables are read on the host that runs the module.
    type: str
  endpoint:
    description:
      - Endpoint of the resource, for example V(https://contoso.communication.azure.com/). Used with O(access_key).
      - Falls back to the E(ACS_ENDPOINT) environment variable.
    type: str
  access_key:
    description:
      - Access key of the resource (base64), used with O(endpoint) to sign every request with HMAC-SHA256.
      - Falls back to the E(ACS_ACCESS_KEY) environment variable.
    type: str
  auth_source:
    description:
      - How the module authenticates to the resource.
      - V(access_key) signs every request with the access key (HMAC-SHA256); the default when a connection string or an
        access key is given, as an option or in the environment.
      - The other values sign in with Microsoft Entra ID and send one bearer token for
        C(https://communication.azure.com/.default) per task; O(endpoint) alone is then enough. V(msi), V(cli) and
        V(credential) need the C(azure-identity) library; V(env) signs in by itself (the OAuth 2.0 client credentials grant).
        V(env) uses a service principal (O(tenant_id), O(client_id), O(secret), or E(AZURE_TENANT_ID), E(AZURE_CLIENT_ID),
        E(AZURE_CLIENT_SECRET); E(AZURE_TENANT) and E(AZURE_SECRET) as in azure.azcollection work too);
        V(msi) a managed identity (O(client_id) picks a user-assigned one); V(cli) the Azure CLI login (C(az login));
        V(credential) the C(DefaultAzureCredential) chain (environment, workload identity, managed identity, Azure CLI, ...).
      - Without any key and without O(auth_source), an O(endpoint) alone means V(credential).
      - Falls back to the E(ACS_AUTH_SOURCE) environment variable.
    type: str
    choices: [access_key, credential, cli, msi, env]
  tenant_id:
    description:
      - Microsoft Entra tenant (directory) id of the service principal (O(auth_source=env)), or the tenant the Azure CLI
        signs in to (O(auth_source=cli)). Falls back to E(AZURE_TENANT_ID) (or E(AZURE_TENANT)) for O(auth_source=env).
    type: str
  client_id:
    description:
      - Application (client) id of the service principal (O(auth_source=env)), or the client id of a user-assigned managed
        identity (O(auth_source=msi) or V(credential)). Falls back to E(AZURE_CLIENT_ID) for O(auth_source=env).
    type: str
  secret:
    description:
      - Client secret of the service principal (O(auth_source=env)). Falls back to E(AZURE_CLIENT_SECRET) (or E(AZURE_SECRET)).
    type: str
  cloud_environment:
    description:
      - The Microsoft Entra authority to sign in with, for the service principal and V(credential) flows
        (managed identities and the Azure CLI know their own).
      - V(AzureCloud) (login.microsoftonline.com), V(AzureChinaCloud), V(AzureUSGovernment), or the C(https://) URL of an
        authority host, such as the emulator's C(AZURE_AUTHORITY_HOST). Instance discovery is off for a URL that is not a known cloud.
      - Falls back to E(AZURE_CLOUD_ENVIRONMENT), then to E(AZURE_AUTHORITY_HOST), then to V(AzureCloud).
    type: str
  validate_certs:
    description:
      - Verify the TLS certificate of the endpoint. Turning this off is insecure and produces a warning;
        prefer O(ca_path) for a private CA such as the emulator's.
    type: bool
    default: true
  ca_path:
    description:
      - Path of a PEM bundle of CA certificates to trust for the endpoint, for example the certificate
        printed by the emulator as C(ACS_EMULATOR_CA).
      - Falls back to the E(ACS_CA_PATH) environment variable.
      - Without it the endpoint's certificate is checked against certifi's CA bundle when the Python package certifi is
        installed, else against the system's.
    type: path
  timeout:
    description:
      - Seconds to wait for each HTTP response before giving up on it.
    type: float
    default: 30
  max_retries:
    description:
      - How many times a request is retried after a throttling reply (429), a server error (500, 502, 503, 504)
        or a connection failure, with exponential backoff and jitter that honours C(Retry-After).
      - A request that creates or buys something is only retried when the service cannot have acted on it;
        otherwise the module reads the resource's state before deciding what to do.
    type: int
    default: 5
notes:
  - Requests are signed with the ACS HMAC-SHA256 access-key scheme, or carry a Microsoft Entra ID bearer token (O(auth_source)).
    Access keys, connection strings, client secrets, signatures and tokens are never logged.
  - With O(ca_path), the Microsoft Entra ID requests of O(auth_source) trust the same CA bundle.
  - A proxy named by E(HTTPS_PROXY) (or E(HTTP_PROXY) for an http endpoint) is used unless E(NO_PROXY) names the
    endpoint's host; an https endpoint is reached through it with CONNECT.
  - The API versions used are C(2023-10-01) for identities (C(2025-03-02-preview) for custom ids and reading users; the
    legacy C(2020-07-20-preview2) through the modules' C(api_version)) and, for phone numbers, C(2025-06-01) by default
    (C(2020-07-20-preview1) on request, see the C(api_version) option of the phone number modules).
  - Every module returns RV(stats), what the task took - C(requests), how many HTTP requests it sent, retries included;
    C(retries), how many of those were retries after throttling or a transient failure; C(polls), how many status reads it
    made while waiting for long-running operations (0 for modules that start none); C(waited_seconds), the seconds spent
    waiting between retries and polls.
requirements:
  - python >= 3.9
  - jmespath (only for the query option of the info modules)
  - azure-identity (only for O(auth_source) V(msi), V(cli) or V(credential))
"""

    ATTRIBUTES = r"""
attributes:
  action_group:
    description: Use C(group/acs.administration.acs) in C(module_defaults) to set the connection options for every module at once.
    support: full
    membership:
      - acs.administration.acs
"""

    INFO_MODULE = r"""
attributes:
  check_mode:
    description: This module only reads; it runs normally in check mode.
    support: full
  diff_mode:
    description: This module only reads; it never reports a difference.
    support: N/A
options:
  query:
    description:
      - A JMESPath expression evaluated against a dictionary of this module's result lists, for example
        V(countries[?country_code=='US'].localized_name | [0]). Its value is returned as RV(query_result).
    type: str
"""

    PAGING = r"""
options:
  limit:
    description:
      - Return at most this many items. By default every page is read.
    type: int
  page_size:
    description:
      - How many items to ask for per request (the API's C(take)); the service's default is 100.
        Each further page is read by following the service's C(nextLink).
    type: int
"""

    WAIT = r"""
options:
  wait:
    description:
      - Wait until the long-running operation the task started (or found under way) reaches a final status,
        polling with a backoff that starts at half a second and grows to 5 seconds.
      - With V(false) the module returns as soon as the service has accepted the request; RV(actions) says what was started.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds all the waits of the task may take together. When they run out the task fails with the
        last status seen; running it again resumes waiting and never repeats a request that was acted on.
    type: int
    default: 300
"""

    PHONE_API_VERSION = r"""
options:
  api_version:
    description:
      - The phone numbers API version to speak.
      - V(2025-06-01), the default, is the API a real resource serves today (offerings, localities, area codes,
        reservations, one long-running operation per number).
      - V(2020-07-20-preview1) is the legacy preview API (plan groups, plans, location options, named searches, bulk
        releases, number configuration), kept for resources and emulators that still serve it.
      - An option that the chosen version lacks fails before anything is sent, naming what to use instead.
    type: str
    choices: ["2025-06-01", "2020-07-20-preview1"]
    default: "2025-06-01"
"""

    # The modules of the resource itself on Azure Resource Manager (acs_resource, acs_resource_info, acs_resource_key).
    RESOURCE_MANAGER = r"""
options:
  subscription_id:
    description:
      - The Azure subscription. Falls back to E(AZURE_SUBSCRIPTION_ID).
    type: str
notes:
  - For this module O(cloud_environment) (or E(AZURE_CLOUD_ENVIRONMENT)) is a cloud name (V(AzureCloud), the default,
    V(AzureChinaCloud), V(AzureUSGovernment)) or the C(https://) URL of a custom cloud's Azure Resource Manager endpoint,
    as in azure.azcollection; the module reads its C(/metadata/endpoints) to find where to sign in and the audience of
    the token. Without O(auth_source), a complete service principal in the environment means V(env), else V(credential).
"""
