"""What a new user met (issue 24, item 6): a quoted connection string, the TLS error, nothing listening on the
emulator's old port."""

from __future__ import annotations

import pytest

from ansible_collections.acs.administration.plugins.module_utils.transport import client
from ansible_collections.acs.administration.plugins.module_utils.transport.connection import ConnectionSettings, parse_connection_string

KEY = "YWNzLWVtdWxhdG9yLXdlbGwta25vd24tZGV2LWtleSE="
URLLIB3_TLS = ("HTTPSConnectionPool(host='127.0.0.1', port=34809): Max retries exceeded with url: /availablePhoneNumbers/"
               "countries?api-version=2025-06-01 (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] "
               "certificate verify failed: self-signed certificate in certificate chain (_ssl.c:1032)')))")


@pytest.mark.parametrize("quote", ['"', "'"])
def test_a_connection_string_pasted_with_its_quotes_is_read_without_them(quote):
    value = "%sendpoint=https://r.communication.azure.com/;accesskey=%s%s" % (quote, KEY, quote)
    assert parse_connection_string(value) == ("https://r.communication.azure.com/", KEY)


def test_the_tls_error_gives_the_openssl_reason_not_urllib3s_wrapping():
    reason = client._tls_reason(Exception(URLLIB3_TLS))  # pylint: disable=protected-access
    assert reason == "certificate verify failed: self-signed certificate in certificate chain"
    assert client._tls_reason(Exception("odd")) == "odd"  # pylint: disable=protected-access


@pytest.mark.parametrize("endpoint, hinted", [("https://127.0.0.1:34809/", True), ("https://localhost:8443/", True),
                                              ("https://[::1]:8443/", True), ("https://r.communication.azure.com/", False)])
def test_a_refused_connection_to_a_loopback_endpoint_asks_whether_the_emulator_runs(endpoint, hinted):
    hint = client._local_hint(ConnectionSettings(endpoint, KEY), never_sent=True)  # pylint: disable=protected-access
    assert ("Is the emulator running?" in hint and "source .state/demo.env" in hint) == hinted, hint
    assert client._local_hint(ConnectionSettings(endpoint, KEY), never_sent=False) == ""  # pylint: disable=protected-access
