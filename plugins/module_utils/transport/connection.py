# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection settings: connection string or endpoint + access key, or endpoint + a Microsoft Entra ID auth_source,
validated before any request is sent.

No Ansible imports here, so the parsing is unit-testable on its own.
"""

from __future__ import annotations

import base64
import binascii
import os
from urllib.parse import urlsplit

CONNECTION_STRING_FORMAT = "endpoint=https://<resource>.communication.azure.com/;accesskey=<base64 key>"


class ConnectionSettingsError(ValueError):
    """The connection options cannot be used; the message is one sentence for the user."""


class ConnectionSettings:
    """A validated endpoint (scheme://host[:port], no trailing slash) and either the decoded HMAC key (auth_source
    access_key) or the name of the Microsoft Entra ID auth_source that signs in (credentials.py; access_key is None)."""

    def __init__(self, endpoint, access_key, auth_source="access_key"):
        self.endpoint = endpoint
        self.access_key = access_key
        self.auth_source = auth_source
        self.key = decode_access_key(access_key) if auth_source == "access_key" else None

    @property
    def host(self):
        """The host as the HTTP Host header carries it: the port only when it is not the scheme's default."""
        parts = urlsplit(self.endpoint)
        default_port = 443 if parts.scheme == "https" else 80
        if parts.port and parts.port != default_port:
            return "%s:%d" % (parts.hostname, parts.port)
        return parts.hostname


def parse_connection_string(value):
    """Split a connection string into (endpoint, access_key); keys are case-insensitive, the key keeps its padding."""
    endpoint = access_key = None
    value = value.strip()
    if len(value) > 1 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]  # pasted with the quotes around it (e.g. from the Azure portal or a shell line)
    for element in value.strip().split(";"):
        if not element.strip():
            continue
        name, sep, item = element.partition("=")
        if not sep:
            raise ConnectionSettingsError(
                "The connection string is malformed: the part %r has no '='; expected %s." % (_redact(name), CONNECTION_STRING_FORMAT))
        name = name.strip().lower()
        if name == "endpoint":
            endpoint = item.strip()
        elif name == "accesskey":
            access_key = item.strip()
    missing = [name for name, found in (("endpoint", endpoint), ("accesskey", access_key)) if not found]
    if missing:
        raise ConnectionSettingsError(
            "The connection string has no %s; expected %s." % (" and no ".join(missing), CONNECTION_STRING_FORMAT))
    return endpoint, access_key


def normalize_endpoint(value):
    """Return scheme://host[:port] for an endpoint URL, or raise with a clear sentence."""
    text = (value or "").strip()
    shown = _redact_url(text)
    parts = urlsplit(text)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ConnectionSettingsError(
            "The endpoint %r is not an absolute http(s) URL such as https://<resource>.communication.azure.com/." % shown)
    if parts.query or parts.fragment or parts.path not in ("", "/") or parts.username or parts.password:
        raise ConnectionSettingsError(
            "The endpoint %r must be the resource's base URL, with no path, query or credentials." % shown)
    try:
        port = parts.port
    except ValueError:
        raise ConnectionSettingsError("The endpoint %r has an invalid port." % shown) from None
    host = parts.hostname
    if ":" in host:
        host = "[%s]" % host
    return "%s://%s%s" % (parts.scheme, host, ":%d" % port if port else "")


def decode_access_key(access_key):
    """Base64-decode the access key (the HMAC key), or raise with a clear sentence."""
    try:
        key = base64.b64decode(access_key.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ConnectionSettingsError(
            "The access key is not valid base64; copy the primary or secondary key of the resource exactly.") from None
    if not key:
        raise ConnectionSettingsError("The access key is empty.")
    return key


ENTRA_SOURCES = ("credential", "cli", "msi", "env")


def resolve(connection_string=None, endpoint=None, access_key=None, environ=None, auth_source=None):
    """Pick the connection from explicit options first, then from the environment.

    auth_source access_key (the default when a key or connection string is given, as an option or in the environment):
    connection_string; endpoint + access_key; ACS_CONNECTION_STRING; ACS_ENDPOINT + ACS_ACCESS_KEY.
    A Microsoft Entra ID auth_source (credential, cli, msi, env) needs only endpoint (or ACS_ENDPOINT); without any key,
    an endpoint alone means auth_source credential (the DefaultAzureCredential chain).
    """
    environ = os.environ if environ is None else environ
    if auth_source is None:
        auth_source = _default_auth_source(connection_string, endpoint, access_key, environ)
    if auth_source in ENTRA_SOURCES:
        return _resolve_entra(auth_source, connection_string, endpoint, access_key, environ)
    if auth_source != "access_key":
        raise ConnectionSettingsError("auth_source must be one of access_key, %s, not %r." % (", ".join(ENTRA_SOURCES), auth_source))
    if connection_string or endpoint or access_key:
        return _resolve_options(connection_string, endpoint, access_key, environ)
    return _resolve_environment(environ)


def _default_auth_source(connection_string, endpoint, access_key, environ):
    """access_key when a key or connection string is given (as an option or in the environment) or no endpoint either;
    credential for an endpoint alone."""
    has_key = connection_string or access_key or environ.get("ACS_CONNECTION_STRING") or environ.get("ACS_ACCESS_KEY")
    return "access_key" if has_key or not (endpoint or environ.get("ACS_ENDPOINT")) else "credential"


def _resolve_entra(auth_source, connection_string, endpoint, access_key, environ):
    """A Microsoft Entra ID auth_source: the endpoint alone."""
    if connection_string or access_key:
        raise ConnectionSettingsError(
            "auth_source=%s signs in with Microsoft Entra ID: give endpoint alone, without connection_string or access_key."
            % auth_source)
    endpoint = endpoint or environ.get("ACS_ENDPOINT")
    if not endpoint:
        raise ConnectionSettingsError("auth_source=%s needs the resource's endpoint: set endpoint (or ACS_ENDPOINT)." % auth_source)
    return ConnectionSettings(normalize_endpoint(endpoint), None, auth_source=auth_source)


def _resolve_options(connection_string, endpoint, access_key, environ):
    """auth_source access_key with a connection string, or endpoint and/or access_key, given as options."""
    if connection_string and (endpoint or access_key):
        raise ConnectionSettingsError("connection_string is mutually exclusive with endpoint and access_key; give one or the other.")
    if connection_string:
        ep, key = parse_connection_string(connection_string)
        return ConnectionSettings(normalize_endpoint(ep), key)
    endpoint = endpoint or environ.get("ACS_ENDPOINT")
    access_key = access_key or environ.get("ACS_ACCESS_KEY")
    if not endpoint or not access_key:
        raise ConnectionSettingsError("endpoint and access_key go together; one of them is missing.")
    return ConnectionSettings(normalize_endpoint(endpoint), access_key)


def _resolve_environment(environ):
    """auth_source access_key with no connection option: ACS_CONNECTION_STRING, then ACS_ENDPOINT + ACS_ACCESS_KEY."""
    if environ.get("ACS_CONNECTION_STRING"):
        ep, key = parse_connection_string(environ["ACS_CONNECTION_STRING"])
        return ConnectionSettings(normalize_endpoint(ep), key)
    if environ.get("ACS_ENDPOINT") or environ.get("ACS_ACCESS_KEY"):
        if not environ.get("ACS_ENDPOINT") or not environ.get("ACS_ACCESS_KEY"):
            raise ConnectionSettingsError("ACS_ENDPOINT and ACS_ACCESS_KEY go together; one of them is not set.")
        return ConnectionSettings(normalize_endpoint(environ["ACS_ENDPOINT"]), environ["ACS_ACCESS_KEY"])
    raise ConnectionSettingsError(
        "No connection was given: set connection_string (or endpoint and access_key, or endpoint with an Entra ID "
        "auth_source), or the ACS_CONNECTION_STRING environment variable.")


def _redact(text):
    """Never echo what might be a key: show only the first characters of an unexpected part."""
    text = text.strip()
    return text if len(text) <= 12 else text[:8] + "..."


def _redact_url(text):
    """An endpoint as it may be shown in a message: nothing after a ';' (a pasted connection string's key) or in the query."""
    shown = text.split(";", 1)[0].split("?", 1)[0]
    if "@" in shown:
        shown = shown.split("://", 1)[0] + "://***@" + shown.rsplit("@", 1)[1]
    return shown + ("..." if shown != text else "")
