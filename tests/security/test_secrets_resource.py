"""No key, connection string, client secret or token in the -vvv output of the resource playbooks
(playbooks/create_resource.yml, playbooks/rotate_keys.yml) and of a refused resource change, against the emulator
with --arm: the keys of the resource before and after the rotation are all scanned for."""

from __future__ import annotations

from pathlib import Path

import requests

from acs_resilience import run_module, run_playbook
from scan_secrets import scan

REPO = Path(__file__).resolve().parents[2]
API = "?api-version=2025-05-01"


def sign_in_env(emulator):
    env = emulator.env
    return {"AZURE_CLOUD_ENVIRONMENT": env["AZURE_CLOUD_ENVIRONMENT"], "AZURE_SUBSCRIPTION_ID": env["AZURE_SUBSCRIPTION_ID"],
            "AZURE_TENANT": env["AZURE_TENANT_ID"], "AZURE_CLIENT_ID": env["AZURE_CLIENT_ID"],
            "AZURE_SECRET": env["AZURE_CLIENT_SECRET"], "ACS_CA_PATH": emulator.ca_path,
            "ACS_STATE_DIR": str(emulator.dir / "acs-state"), "ANSIBLE_INJECT_INVOCATION": "true"}


def list_keys(emulator, name):
    """The resource's keys, read straight from the emulator's ARM (a token from its Entra ID authority)."""
    env = emulator.env
    form = {"grant_type": "client_credentials", "client_id": env["AZURE_CLIENT_ID"],
            "client_secret": env["AZURE_CLIENT_SECRET"], "scope": "https://management.azure.com/.default"}
    token = requests.post("%s/%s/oauth2/v2.0/token" % (emulator.url, env["AZURE_TENANT_ID"]), data=form,
                          verify=emulator.ca_path, timeout=30).json()["access_token"]
    path = "/subscriptions/%s/resourceGroups/rg-secrets/providers/Microsoft.Communication/communicationServices/%s/listKeys" % (
        env["AZURE_SUBSCRIPTION_ID"], name)
    keys = requests.post(emulator.url + path + API, headers={"Authorization": "Bearer " + token}, verify=emulator.ca_path,
                         timeout=30).json()
    return [keys[k] for k in ("primaryKey", "secondaryKey", "primaryConnectionString", "secondaryConnectionString")], token


def test_resource_playbooks_print_no_secret_at_vvv(collections, emulator_factory, tmp_path):
    emulator = emulator_factory(extra_args=["--arm"])
    env = sign_in_env(emulator)
    rotated = tmp_path / "rotated"
    created = run_playbook(collections, REPO / "playbooks" / "create_resource.yml",
                           {"acs_resource_group": "rg-secrets", "acs_resource_name": "secrets-acs", "acs_quantity": 1},
                           env=env, verbosity=3)
    assert created.rc == 0, created
    before, token = list_keys(emulator, "secrets-acs")
    rotation = run_playbook(collections, REPO / "playbooks" / "rotate_keys.yml",
                            {"acs_resource_group": "rg-secrets", "acs_resource_name": "secrets-acs",
                             "acs_rotated_file": str(rotated)}, env=env, verbosity=3)
    assert rotation.rc == 0, rotation
    after, _token = list_keys(emulator, "secrets-acs")
    assert set(before[:2]).isdisjoint(after[:2])  # both keys were rotated
    assert rotated.read_text().strip() == after[3]
    refused, result = run_module(collections, "acs_resource", {"name": "secrets-acs", "resource_group": "rg-secrets",
                                                               "data_location": "Japan"}, env=env)
    assert result["failed"] and "cannot change" in result["msg"], refused
    secrets = before + after + [token, emulator.env["AZURE_CLIENT_SECRET"]]
    for run in (created, rotation, refused):
        findings = scan(run.output, secrets)
        assert findings == [], "\n".join(map(str, findings))
    assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" in created.output  # the connection string option is masked, not absent
