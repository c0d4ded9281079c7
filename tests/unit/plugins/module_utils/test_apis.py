# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""api/versions.py (imported as apis): which module speaks which identity version, and the sentences for options and scopes a version lacks."""

from __future__ import annotations

import pytest

from ansible_collections.acs.administration.plugins.module_utils.api import versions as apis
from ansible_collections.acs.administration.plugins.module_utils.api import identity_2023_10_01 as GA
from ansible_collections.acs.administration.plugins.module_utils.transport.errors import ACSAuthenticationError, ACSNotFoundError


def test_versions_and_defaults():
    assert sorted(apis.IDENTITY) == ["2020-07-20-preview2", "2023-10-01", "2025-03-02-preview"]
    assert apis.identity().API_VERSION == "2023-10-01"
    assert apis.identity("2025-03-02-preview").API_VERSION == apis.IDENTITY_READ_VERSION
    assert hasattr(apis.identity(apis.IDENTITY_READ_VERSION), "get_user")
    assert not hasattr(apis.identity("2023-10-01"), "get_user")


@pytest.mark.parametrize("version, module, option, expected", [
    ("2023-10-01", "acs_user", "custom_ids",
     "custom_ids is not available on api_version 2023-10-01; it needs api_version 2025-03-02-preview."),
    ("2023-10-01", "acs_token", "tokens_valid_from",
     "tokens_valid_from is not available on api_version 2023-10-01; it needs api_version 2020-07-20-preview2."),
    ("2020-07-20-preview2", "acs_token", "expires_in_minutes",
     "expires_in_minutes is not available on api_version 2020-07-20-preview2; it needs api_version 2023-10-01 or 2025-03-02-preview."),
    ("2020-07-20-preview2", "acs_user", "token_expires_in_minutes",
     "token_expires_in_minutes is not available on api_version 2020-07-20-preview2; it needs api_version 2023-10-01 or "
     "2025-03-02-preview."),
    ("2025-03-02-preview", "acs_user", "custom_ids", None),
    ("2020-07-20-preview2", "acs_token", "tokens_valid_from", None),
])
def test_lacking_error_names_the_version_that_has_the_option(version, module, option, expected):
    """One mechanism for identity and phone numbers: the API file's LACKING_OPTIONS, said by versions.lacking_error."""
    assert apis.lacking_error({option: "given"}, module, apis.identity(version)) == expected
    assert apis.lacking_error({option: None}, module, apis.identity(version)) is None


def test_every_version_that_lacks_an_option_names_one_that_has_it():
    """The 'instead' of each identity version names versions whose files do not list the option as lacking."""
    for version, api in apis.IDENTITY.items():
        for module, options in api.LACKING_OPTIONS.items():
            for option, instead in options.items():
                named = [v for v in apis.IDENTITY if v in instead]
                assert named and version not in named, (version, option)
                assert all(option not in apis.IDENTITY[v].LACKING_OPTIONS.get(module, {}) for v in named), (version, option)


@pytest.mark.parametrize("version, scopes, expected", [
    ("2023-10-01", ["chat", "chat.join.limited", "voip.join"], None),
    ("2023-10-01", ["pstn"], "scopes: scope 'pstn' is not available on api_version 2023-10-01; it needs api_version "
                             "2020-07-20-preview2 (valid here: chat, voip, chat.join, chat.join.limited, voip.join)."),
    ("2020-07-20-preview2", ["chat", "voip.join"],
     "scopes: scope 'voip.join' is not available on api_version 2020-07-20-preview2; it needs api_version 2023-10-01 or "
     "2025-03-02-preview (valid here: chat, voip, pstn)."),
    ("2023-10-01", ["sms", "fax"], "scopes has unknown scope(s) 'sms', 'fax'; the valid scopes are chat, voip, chat.join, "
                                   "chat.join.limited, voip.join (api_version 2023-10-01)."),
    ("2025-03-02-preview", [], "scopes must name at least one of: chat, voip, chat.join, chat.join.limited, voip.join."),
])
def test_scope_error(version, scopes, expected):
    assert apis.scope_error(apis.IDENTITY, version, scopes) == expected


def test_identity_not_owned_is_not_found_and_other_401s_stay_authentication_errors():
    owned = ACSAuthenticationError("Authentication failed ...", status=401, code="IdentityNotOwned",
                                   operation="CommunicationIdentity_Delete", request_id="r1")
    error = GA.not_owned_as_not_found(owned, "8:acs:x_1")
    assert isinstance(error, ACSNotFoundError)
    assert str(error) == ("CommunicationIdentity_Delete failed with HTTP 401: user 8:acs:x_1 does not belong to this "
                          "resource (IdentityNotOwned). Request id: r1.")
    other = ACSAuthenticationError("Authentication failed ...", status=401, code="InvalidAuthenticationInfo")
    assert GA.not_owned_as_not_found(other, "8:acs:x_1") is other


def test_create_body_leaves_out_what_is_not_given():
    assert not GA.create_body()
    assert GA.create_body(["chat"]) == {"createTokenWithScopes": ["chat"]}
    assert GA.create_body(["chat"], 60) == {"createTokenWithScopes": ["chat"], "expiresInMinutes": 60}
    assert not GA.create_body(None, 60)


@pytest.mark.parametrize("version", ["2023-10-01", "2025-03-02-preview"])
def test_a_version_without_tokens_valid_from_refuses_it(version):
    """One revoke_tokens signature on every identity version; the versions that lack tokens_valid_from refuse it."""
    with pytest.raises(ValueError, match="tokens_valid_from is not available on api_version %s" % version):
        apis.identity(version).revoke_tokens(None, "8:acs:user", "2024-01-01T00:00:00Z")


# -- the phone numbers version table: what a version lacks (data in its API file), and which driver it takes ------------

@pytest.mark.parametrize("params, module, expected", [
    ({"api_version": "2025-06-01", "search_id": "s"}, "acs_phone_search_info",
     "search_id does not exist in the phone numbers API 2025-06-01: give reservation_id or name."),
    ({"api_version": "2020-07-20-preview1", "reservation_id": "r"}, "acs_phone_search_info",
     "reservation_id does not exist in the phone numbers API 2020-07-20-preview1: give search_id or name."),
    ({"api_version": "2020-07-20-preview1"}, "acs_operator_info",
     "acs_operator_info needs the phone numbers API 2025-06-01; the 2020-07-20-preview1 API has no operator information."),
    ({"api_version": "2025-06-01"}, "acs_release_info",
     "acs_release_info has no counterpart in the phone numbers API 2025-06-01: releases are one long-running operation per "
     "number there, reported by acs.administration.acs_phone_number with state=released. Set api_version to "
     "2020-07-20-preview1 to use it against a resource that still serves the preview API."),
    ({"api_version": "2025-06-01", "search_id": "s"}, "acs_phone_search_info_unknown", None),
    ({"api_version": "2025-06-01", "capabilities_add": [], "capabilities_remove": False}, "acs_phone_number", None),
    ({"api_version": "2020-07-20-preview1", "search_id": "s"}, "acs_phone_search_info", None),
])
def test_lacking_error(params, module, expected):
    assert apis.lacking_error(params, module) == expected


def test_every_phone_numbers_version_declares_its_generation_and_lacks():
    for version, api in apis.PHONE_NUMBERS.items():
        assert api.API_VERSION == version
        assert api.GENERATION in ("current", "legacy")
        assert isinstance(api.LACKING_MODULES, dict) and isinstance(api.LACKING_OPTIONS, dict)


@pytest.mark.parametrize("version, expected", [("2025-06-01", "current"), ("2020-07-20-preview1", "legacy"), (None, "current")])
def test_driver_of_the_task_version(version, expected):
    assert apis.driver({"api_version": version}, current=lambda: "current", legacy=lambda: "legacy")() == expected


def test_every_identity_version_has_one_signature_per_operation():
    """Issue 25 item 1: the modules call every identity version the same way; api_version is 2023-10-01's own."""
    import inspect  # pylint: disable=import-outside-toplevel
    for operation in ("create_user", "issue_token", "revoke_tokens", "delete_user"):
        shapes = {version: [p for p in inspect.signature(getattr(api, operation)).parameters if p != "api_version"]
                  for version, api in apis.IDENTITY.items()}
        assert len({tuple(shape) for shape in shapes.values()}) == 1, (operation, shapes)


def test_a_version_refuses_an_argument_it_lacks_before_sending():
    legacy = apis.IDENTITY["2020-07-20-preview2"]
    current = apis.IDENTITY["2023-10-01"]
    for call in (lambda: legacy.create_user(None, ["chat"], expires_in_minutes=60),
                 lambda: legacy.create_user(None, custom_id="alice"),
                 lambda: legacy.issue_token(None, "8:acs:x", ["chat"], expires_in_minutes=60),
                 lambda: current.create_user(None, ["chat"], custom_id="alice")):
        with pytest.raises(ValueError, match="is not available on api_version"):
            call()  # the client is None: nothing could have been sent
