"""The secret scanner finds what it must and lets a token through only where a module returns it on purpose."""

from __future__ import annotations

import json

from scan_secrets import main, scan

KEY = "YWNzLWVtdWxhdG9yLXdlbGwta25vd24tZGV2LWtleSE="
CS = "endpoint=https://127.0.0.1:8443/;accesskey=" + KEY
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJza3lwZWlkIjoiYWNzOjEifQ.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg"


def task(name, module, result, status="ok", item=None):
    label = " => (item=%s)" % item if item else ""
    return ("TASK [%s] ***\ntask path: /x/main.yml:1\n<127.0.0.1> ESTABLISH LOCAL CONNECTION FOR USER: root\n"
            "Using module file /c/ansible_collections/acs/administration/plugins/modules/%s.py\n"
            "%s: [localhost]%s => %s\n\n" % (name, module, status, label, json.dumps(result, indent=4)))


def kinds(text, secrets=()):
    return sorted({f.kind for f in scan(text, secrets)})


def test_clean_output_has_no_findings():
    text = task("info", "acs_country_info", {"changed": False, "countries": [{"country_code": "US"}],
                                             "invocation": {"module_args": {"connection_string": "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"}}})
    assert scan(text, [KEY, CS]) == []


def test_token_returned_by_acs_token_is_allowed():
    text = task("issue", "acs_token", {"changed": True, "token": JWT, "scopes": ["chat"],
                                       "invocation": {"module_args": {"token": None}}})
    text += task("users", "acs_user", {"changed": True, "users": [{"user_id": "8:acs:x", "token": JWT}]})
    assert scan(text) == []


def test_token_anywhere_else_is_a_finding():
    leaks = [
        task("msg", "acs_token", {"failed": True, "msg": "bad token %s" % JWT}, status="fatal"),
        task("reason", "acs_token", {"token": JWT, "reissue_reason": "the token %s expired" % JWT}),
        task("invocation", "acs_token", {"token": JWT, "invocation": {"module_args": {"token": JWT}}}),
        task("warning", "acs_user", {"users": [], "warnings": ["token %s" % JWT]}),
        task("debug", "debug", {"msg": JWT}),
        task("fact", "set_fact", {"ansible_facts": {"token": JWT}}),
        task("label", "acs_token", {"token": "censored"}, item=JWT),
        "TASK [http] ***\nsend: b'POST /identities HTTP/1.1\\r\\nAuthorization: Bearer %s'\n" % JWT,
    ]
    for text in leaks:
        # an Authorization header is a bearer finding as well
        assert kinds(text) == (["bearer", "jwt"] if "Bearer" in text else ["jwt"]), text


def test_keys_connection_strings_and_signatures_are_findings():
    assert "secret" in kinds("key is %s" % KEY, [KEY])
    assert kinds("conn: endpoint=https://other.example.com/;accesskey=c29tZS1vdGhlci1rZXkteHl6MTIz") == ["accesskey"]
    header = "Authorization: HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature="
    assert kinds(header + "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=") == ["signature"]
    # percent-encoded and inside base64 (ansible's slurp shows files in base64)
    assert kinds("x=%s" % "endpoint%3Dhttps%3A%2F%2F127.0.0.1%3A8443%2F%3Baccesskey%3D" + KEY.replace("=", "%3D"), [CS]) == ["secret"]
    import base64  # pylint: disable=import-outside-toplevel
    assert kinds('"content": "%s"' % base64.b64encode(("ACS_CONNECTION_STRING=" + CS + "\n").encode()).decode(), [CS]) == ["secret"]


def test_placeholders_are_not_findings():
    text = "expected endpoint=https://<resource>.communication.azure.com/;accesskey=<base64 key>. Signature=<signature>"
    assert scan(text, [KEY]) == []


def test_cli_exit_code_and_redaction(tmp_path, capsys):
    log = tmp_path / "run.log"
    log.write_text(task("leak", "debug", {"msg": CS}))
    env = tmp_path / "emulator.env"
    env.write_text("ACS_CONNECTION_STRING=%s\nACS_EMULATOR_CA=/x/ca.pem\n" % CS)
    assert main([str(log), "--env-file", str(env)]) == 1
    out = capsys.readouterr().out
    assert "secret" in out and "accesskey" in out
    assert KEY not in out and CS not in out
    log.write_text(task("fine", "acs_country_info", {"countries": []}))
    assert main([str(log), "--secret", KEY]) == 0


def test_entra_secrets_and_bearer_tokens_are_findings():
    secret = "emu~0123456789abcdefghijKLMNOP"
    leaks = {
        "client_secret": [
            "EXEC /bin/sh -c 'AZURE_CLIENT_SECRET=s3cr3t-value-1 /usr/bin/python3 x.py'",
            'grant_type=client_credentials&client_id=abc&client_secret=s3cr3t-value-2&scope=x',
            task("sp", "acs_user", {"changed": True, "invocation": {"module_args": {"secret": "s3cr3t-value-3"}}}),
            "warning: got %s back" % secret,
        ],
        "bearer": ["Authorization: Bearer opaque-token-0123456789abcdef", "headers {'Authorization': 'Bearer %s'}" % JWT],
    }
    for kind, texts in leaks.items():
        for text in texts:
            assert kind in kinds(text), text
    masked = task("sp", "acs_user", {"changed": True, "invocation": {"module_args": {
        "secret": "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER", "auth_source": "env", "client_id": "c"}}})
    assert scan(masked) == []


def test_env_file_client_secret_is_a_secret(tmp_path, capsys):
    env = tmp_path / "emulator.env"
    env.write_text("ACS_CONNECTION_STRING=%s\nAZURE_CLIENT_SECRET=plain-secret-without-prefix\n" % CS)
    log = tmp_path / "run.log"
    log.write_text("ok: [localhost] => {\"msg\": \"plain-secret-without-prefix\"}\n")
    assert main([str(log), "--env-file", str(env)]) == 1
    assert "plain-secret-without-prefix" not in capsys.readouterr().out
