# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""AnsibleACSModule: the shared argument spec, the client, error reporting and progress figures for every module."""

from __future__ import annotations

import os
import traceback

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib
from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from .client import ACSClient
from .connection import ConnectionSettingsError, resolve
from .poller import Poller

try:
    import requests  # noqa: F401  pylint: disable=unused-import
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

try:
    import jmespath
    HAS_JMESPATH = True
    JMESPATH_IMPORT_ERROR = None
except ImportError:
    HAS_JMESPATH = False
    JMESPATH_IMPORT_ERROR = traceback.format_exc()

COLLECTION_VERSION = "0.1.0"


def acs_argument_spec():
    """Connection options shared by every module (documented in the acs.administration.acs doc fragment)."""
    return dict(
        connection_string=dict(type="str", no_log=True),
        endpoint=dict(type="str"),
        access_key=dict(type="str", no_log=True),
        validate_certs=dict(type="bool", default=True),
        ca_path=dict(type="path", fallback=(env_fallback, ["ACS_CA_PATH"])),
        timeout=dict(type="float", default=30),
        max_retries=dict(type="int", default=5),
    )


def info_argument_spec():
    """Options every info module adds: the JMESPath query."""
    return dict(query=dict(type="str"))


def paging_argument_spec():
    """Options of modules that read a pageable list (documented in the acs.administration.acs.paging fragment)."""
    return dict(limit=dict(type="int"), page_size=dict(type="int"))


class AnsibleACSModule:
    """Composition around AnsibleModule, in the style of amazon.aws's AnsibleAWSModule.

    Modules give their own argument spec; this class adds the connection options, builds one client per run
    on first use, turns ACS errors into fail_json, and adds request/poll figures to every result.
    """

    def __init__(self, argument_spec=None, info_module=False, paging=False, **kwargs):
        spec = acs_argument_spec()
        if info_module:
            spec.update(info_argument_spec())
        if paging:
            spec.update(paging_argument_spec())
        spec.update(argument_spec or {})
        mutually_exclusive = list(kwargs.pop("mutually_exclusive", []))
        mutually_exclusive += [["connection_string", "endpoint"], ["connection_string", "access_key"]]
        self._module = AnsibleModule(argument_spec=spec, mutually_exclusive=mutually_exclusive, **kwargs)
        self._client = None
        self._poller = None
        self.info_module = info_module
        if not HAS_REQUESTS:
            self._module.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
        for option in ("limit", "page_size", "max_retries"):
            value = self.params.get(option)
            if value is not None and value < (0 if option == "max_retries" else 1):
                self._module.fail_json(msg="%s must be %s, not %d." % (option, "0 or more" if option == "max_retries" else "1 or more", value))
        if self.params["timeout"] <= 0:
            self._module.fail_json(msg="timeout must be a positive number of seconds, not %s." % self.params["timeout"])
        self._query = None
        if info_module and self.params.get("query"):
            self._query = self._compile_query(self.params["query"])
        if not self.params["validate_certs"]:
            self.warn("validate_certs is false: the endpoint's TLS certificate is not verified. Prefer ca_path for a private CA.")

    # -- proxies ---------------------------------------------------------------------------------------------

    @property
    def params(self):
        return self._module.params

    @property
    def check_mode(self):
        return self._module.check_mode

    @property
    def diff_mode(self):
        return self._module._diff  # pylint: disable=protected-access

    def warn(self, message):
        self._module.warn(message)

    def __getattr__(self, name):
        return getattr(self._module, name)

    # -- client ----------------------------------------------------------------------------------------------

    @property
    def client(self):
        """The ACSClient for this run, built on first use (connection settings are validated then)."""
        if self._client is None:
            params = self.params
            try:
                settings = resolve(params.get("connection_string"), params.get("endpoint"), params.get("access_key"))
            except ConnectionSettingsError as exc:
                self.fail_json(msg=str(exc))
            # Values read from the environment are secrets too: mask them wherever they might appear.
            self._module.no_log_values.add(settings.access_key)
            ca_path = params.get("ca_path")
            if ca_path and not os.path.isfile(ca_path):
                self.fail_json(msg="ca_path %r is not a readable file; give the PEM file of the CA that signed the endpoint's certificate."
                               % ca_path)
            self._client = ACSClient(
                settings, validate_certs=params["validate_certs"], ca_path=params.get("ca_path"), timeout=params["timeout"],
                max_retries=params["max_retries"], user_agent="acs.administration/%s" % COLLECTION_VERSION)
        return self._client

    def paging(self):
        """limit and page_size as keyword arguments for the list functions."""
        return {"limit": self.params.get("limit"), "page_size": self.params.get("page_size")}

    @property
    def poller(self):
        if self._poller is None:
            self._poller = Poller(self.client)
        return self._poller

    # -- results ---------------------------------------------------------------------------------------------

    def progress(self):
        """How many requests, retries and polls this run took, and how long it waited."""
        stats = self._client.stats if self._client else {}
        return {
            "requests": stats.get("requests", 0),
            "retries": stats.get("retries", 0),
            "polls": stats.get("polls", 0),
            "waited_seconds": round(stats.get("retry_wait_seconds", 0.0) + stats.get("poll_wait_seconds", 0.0), 3),
        }

    def exit_json(self, **result):
        result.update(self.progress())
        if self._query is not None:
            result["query_result"] = self._run_query(result)
        self._module.exit_json(**result)

    def fail_json(self, msg, **result):
        result.update(self.progress())
        self._module.fail_json(msg=msg, **result)

    def fail_from_error(self, exc, msg=None, **result):
        """Report an ACSError (or a subclass) as a failed task: one sentence plus status, code and request id."""
        details = exc.to_result() if hasattr(exc, "to_result") else {}
        details.update(result)
        text = str(exc) if msg is None else "%s: %s" % (msg, exc)
        self.fail_json(msg=text, **details)

    def _compile_query(self, expression):
        """Check the JMESPath expression before anything is sent."""
        if not HAS_JMESPATH:
            self._module.fail_json(msg=missing_required_lib("jmespath"), exception=JMESPATH_IMPORT_ERROR)
        try:
            return jmespath.compile(expression)
        except jmespath.exceptions.JMESPathError as exc:
            reason = str(exc).splitlines()[0]
            where = getattr(exc, "lex_position", None)
            at = " at character %d" % (where + 1) if isinstance(where, int) else ""
            self.fail_json(msg="The query %r is not a valid JMESPath expression: %s%s." % (expression, reason.rstrip(":. "), at))

    def _run_query(self, result):
        """Evaluate the query against the result's own keys."""
        data = {k: v for k, v in result.items() if k not in ("changed", "requests", "retries", "polls", "waited_seconds")}
        try:
            return self._query.search(data)
        except jmespath.exceptions.JMESPathError as exc:
            self.fail_json(msg="The query %r failed: %s" % (self.params["query"], exc))


def snake_dict(data, keep_under=()):
    """The API's camelCase keys in snake_case; values under keys in `keep_under` (keyed by phone numbers, say) stay as they are."""
    if data is None:
        return None
    return camel_dict_to_snake_dict(data, ignore_list=list(keep_under))
