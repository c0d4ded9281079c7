"""No access key, connection string, signature or token in the -vvv output of the modules, except tokens returned
on purpose; TLS certificates are verified by default and turning that off is explicit and warned about."""

from __future__ import annotations

import base64
import os

from acs_resilience import run_module, run_playbook
from scan_secrets import JWT, scan

KEY = base64.b64encode(os.urandom(32)).decode()
WRONG = base64.b64encode(b"not-the-key-of-this-resource-123").decode()


def test_vvv_output_of_every_secret_path_is_clean(collections, emulator_factory):
    emulator = emulator_factory(access_key=KEY)
    wrong_cs = emulator.connection_string.replace(KEY, WRONG)
    run = run_playbook(collections, "secrets.yml", dict(
        emulator.connection_vars(), acs_endpoint=emulator.url, acs_access_key=KEY, acs_wrong_connection_string=wrong_cs),
        # ansible-core 2.21+ returns a task's arguments (its "invocation") only with INJECT_INVOCATION; 2.19 and 2.20
        # always do: inject them everywhere so that the masking of the secret options is checked on every version
        verbosity=3, env={"ACS_CONNECTION_STRING": emulator.connection_string, "ANSIBLE_INJECT_INVOCATION": "true"})
    assert run.rc == 0, run
    assert run.recap().get("ignored") == 4, run.recap()
    assert not run.crash_markers(), run
    output = run.output
    findings = scan(output, [KEY, emulator.connection_string, WRONG, wrong_cs])
    assert findings == [], "\n".join(map(str, findings))
    # The rule was exercised: tokens were printed where they are returned on purpose, and the 401 was really sent.
    assert len(JWT.findall(output)) >= 3
    assert any(r["status"] == 401 for r in emulator.log())
    assert "validate_certs is false" in output
    assert output.count("VALUE_SPECIFIED_IN_NO_LOG_PARAMETER") >= 10  # the secret options are masked, not just absent


def test_certificates_are_verified_by_default(collections, emulator):
    # no ca_path and no ACS_CA_PATH (the helper drops ACS_* variables); REQUESTS_CA_BUNDLE may point at the system store
    run, result = run_module(collections, "acs_country_info", {"connection_string": emulator.connection_string})
    assert not run.crash_markers(), run
    assert result["failed"], run
    assert "TLS verification of %s failed" % emulator.url in result["msg"], result
    assert "Set ca_path (or ACS_CA_PATH)" in result["msg"], result
    assert emulator.log() == []  # the handshake failed: no request reached the service


def test_ca_path_from_the_environment_is_used(collections, emulator):
    run, result = run_module(collections, "acs_country_info", {"connection_string": emulator.connection_string},
                             env={"ACS_CA_PATH": emulator.ca_path})
    assert result and not result.get("failed"), run
    assert "[WARNING]" not in run.output, run


def test_turning_verification_off_is_warned_about(collections, emulator):
    run, result = run_module(collections, "acs_country_info",
                             {"connection_string": emulator.connection_string, "validate_certs": False})
    assert result and not result.get("failed"), run
    assert result["countries"], result  # answered over the unverified connection
    # ansible-core 2.19 shows warnings on the display rather than in the printed result
    assert "[WARNING]: validate_certs is false: the endpoint's TLS certificate is not verified" in run.output, run
