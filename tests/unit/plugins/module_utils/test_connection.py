# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import base64

import pytest

from ansible_collections.acs.administration.plugins.module_utils.transport.connection import (
    ConnectionSettingsError, normalize_endpoint, parse_connection_string, resolve)

KEY = base64.b64encode(b"0123456789abcdef0123456789abcdef").decode()  # ends with '=' padding


def test_parse_keeps_padding_and_ignores_key_case():
    endpoint, key = parse_connection_string("Endpoint=https://contoso.communication.azure.com/;AccessKey=%s" % KEY)
    assert endpoint == "https://contoso.communication.azure.com/"
    assert key == KEY and key.endswith("=")


def test_resolved_settings_strip_trailing_slash_and_decode_key():
    settings = resolve(connection_string="endpoint=https://contoso.communication.azure.com/;accesskey=%s;" % KEY, environ={})
    assert settings.endpoint == "https://contoso.communication.azure.com"
    assert settings.host == "contoso.communication.azure.com"
    assert settings.key == b"0123456789abcdef0123456789abcdef"


@pytest.mark.parametrize("endpoint, host", [
    ("https://127.0.0.1:8443/", "127.0.0.1:8443"),
    ("https://example.com:443", "example.com"),
    ("http://localhost:80/", "localhost"),
    ("http://localhost:8080", "localhost:8080"),
])
def test_host_carries_port_only_when_not_default(endpoint, host):
    assert resolve(endpoint=endpoint, access_key=KEY, environ={}).host == host


@pytest.mark.parametrize("value, fragment", [
    ("accesskey=%s" % KEY, "has no endpoint"),
    ("endpoint=https://x.communication.azure.com/", "has no accesskey"),
    ("endpoint=https://x/;garbage", "has no '='"),
    (";", "has no endpoint and no accesskey"),
    ("endpoint=https://x/;accesskey=not base64!!", "not valid base64"),
    ("endpoint=ftp://x/;accesskey=%s" % KEY, "not an absolute http(s) URL"),
    ("endpoint=https://x/path;accesskey=%s" % KEY, "no path, query or credentials"),
])
def test_malformed_connection_strings_get_one_sentence(value, fragment):
    with pytest.raises(ConnectionSettingsError) as err:
        resolve(connection_string=value, environ={})
    assert fragment in str(err.value)


def test_error_never_echoes_a_long_unknown_part():
    secret = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0"
    with pytest.raises(ConnectionSettingsError) as err:
        parse_connection_string("endpoint=https://x/;%s" % secret)
    assert secret not in str(err.value)


def test_environment_order():
    env = {"ACS_CONNECTION_STRING": "endpoint=https://from-env-cs/;accesskey=%s" % KEY,
           "ACS_ENDPOINT": "https://from-env-ep", "ACS_ACCESS_KEY": KEY}
    assert resolve(environ=env).endpoint == "https://from-env-cs"
    del env["ACS_CONNECTION_STRING"]
    assert resolve(environ=env).endpoint == "https://from-env-ep"
    # explicit options win over the environment
    assert resolve(endpoint="https://explicit", access_key=KEY, environ=env).endpoint == "https://explicit"


def test_nothing_given_says_how_to_connect():
    with pytest.raises(ConnectionSettingsError, match="ACS_CONNECTION_STRING"):
        resolve(environ={})


def test_half_of_a_pair_is_an_error():
    with pytest.raises(ConnectionSettingsError, match="go together"):
        resolve(endpoint="https://x", auth_source="access_key", environ={})
    with pytest.raises(ConnectionSettingsError, match="go together"):
        resolve(environ={"ACS_ACCESS_KEY": KEY})


def test_connection_string_and_endpoint_are_exclusive():
    with pytest.raises(ConnectionSettingsError, match="mutually exclusive"):
        resolve(connection_string="endpoint=https://x/;accesskey=%s" % KEY, endpoint="https://y", environ={})


def test_ipv6_endpoint():
    assert normalize_endpoint("https://[::1]:8443/") == "https://[::1]:8443"


def test_endpoint_errors_never_echo_a_pasted_key():
    with pytest.raises(ConnectionSettingsError) as err:
        resolve(endpoint="https://x.example/;accesskey=%s" % KEY, access_key=KEY, environ={})
    assert KEY not in str(err.value) and "https://x.example/..." in str(err.value)
    with pytest.raises(ConnectionSettingsError) as err:
        resolve(endpoint="https://user:hunter2@x.example/", access_key=KEY, environ={})
    assert "hunter2" not in str(err.value)
