# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""AnsibleACSModule: the shared argument spec, the client and API modules, the one failure path and the `stats` of every module."""

from __future__ import annotations

import os
import traceback
from contextlib import contextmanager

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.acs.administration.plugins.module_utils.api import versions as apis
from ansible_collections.acs.administration.plugins.module_utils.transport.client import ACSClient
from ansible_collections.acs.administration.plugins.module_utils.transport.connection import ConnectionSettingsError, resolve
from ansible_collections.acs.administration.plugins.module_utils.transport.credentials import (
    AUTH_SOURCES, CredentialError, TokenSource, build as build_credential)
from ansible_collections.acs.administration.plugins.module_utils.transport.errors import ACSError, TaskFailure, error_message
from ansible_collections.acs.administration.plugins.module_utils.transport.poller import Poller

# The version of galaxy.yml (a module cannot read it at run time); test_collection_version.py keeps them equal.
COLLECTION_VERSION = "0.1.0"
DEFAULT_WAIT_TIMEOUT = 300
# Options that must be 1 or more (0 or more for max_retries): checked before anything is sent.
_MINIMUM = (("limit", 1), ("page_size", 1), ("max_retries", 0), ("wait_timeout", 1))


def acs_argument_spec():
    """Connection options shared by every module (documented in the acs.administration.acs doc fragment)."""
    return dict(
        connection_string=dict(type="str", no_log=True),
        endpoint=dict(type="str"),
        access_key=dict(type="str", no_log=True),
        auth_source=dict(type="str", choices=list(AUTH_SOURCES), fallback=(env_fallback, ["ACS_AUTH_SOURCE"])),
        tenant_id=dict(type="str"),
        client_id=dict(type="str"),
        secret=dict(type="str", no_log=True),
        cloud_environment=dict(type="str", fallback=(env_fallback, ["AZURE_CLOUD_ENVIRONMENT"])),
        validate_certs=dict(type="bool", default=True),
        ca_path=dict(type="path", fallback=(env_fallback, ["ACS_CA_PATH"])),
        timeout=dict(type="float", default=30),
        max_retries=dict(type="int", default=5),
    )


def info_argument_spec():
    """Options every info module adds: the JMESPath query."""
    return dict(query=dict(type="str"))


def wait_argument_spec():
    """Options of modules that wait for long-running operations (documented in the acs.administration.acs.wait fragment)."""
    return dict(
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=DEFAULT_WAIT_TIMEOUT),
    )


def phone_numbers_argument_spec():
    """The api_version option of every phone number module (documented in the acs.administration.acs.phone_api_version fragment)."""
    return dict(api_version=dict(type="str", default=apis.DEFAULT_PHONE_NUMBERS_VERSION, choices=list(apis.PHONE_NUMBERS)))


def paging_argument_spec():
    """Options of modules that read a pageable list (documented in the acs.administration.acs.paging fragment)."""
    return dict(limit=dict(type="int"), page_size=dict(type="int"))


class AnsibleACSModule:
    """Composition around AnsibleModule, in the style of amazon.aws's AnsibleAWSModule.

    Modules give their own argument spec and flags for the option sets they take (info_module: query; paging: limit
    and page_size; wait: wait and wait_timeout); this class adds the connection options, builds one client per run on
    first use, reports every failure the same way and adds `stats` to every result.
    """

    def __init__(self, argument_spec=None, info_module=False, paging=False, wait=False, **kwargs):
        spec = acs_argument_spec()
        for wanted, extra in ((info_module, info_argument_spec), (paging, paging_argument_spec), (wait, wait_argument_spec)):
            if wanted:
                spec.update(extra())
        spec.update(argument_spec or {})
        mutually_exclusive = list(kwargs.pop("mutually_exclusive", []))
        mutually_exclusive += [["connection_string", "endpoint"], ["connection_string", "access_key"]]
        if info_module:
            kwargs["supports_check_mode"] = True  # an info module only reads
        self._module = AnsibleModule(argument_spec=spec, mutually_exclusive=mutually_exclusive, **kwargs)
        self._client = None
        self._poller = None
        # The identity api-version this run speaks, when the module chooses it (else the api_version option).
        self.identity_version = None
        self._check_numbers()
        self._query = None
        self._jmespath_error = None
        if info_module and self.params.get("query"):
            self._query = self._compile_query(self.params["query"])
        if not self.params["validate_certs"]:
            self.warn("validate_certs is false: the endpoint's TLS certificate is not verified. Prefer ca_path for a private CA.")

    def _check_numbers(self):
        for option, minimum in _MINIMUM:
            value = self.params.get(option, minimum)
            if option == "wait_timeout" and (value is None or value < 1):
                self._module.fail_json(msg="wait_timeout must be 1 or more seconds, not %s." % value)
            if value is not None and value < minimum:
                self._module.fail_json(msg="%s must be %s, not %d." % (option, "0 or more" if minimum == 0 else "1 or more", value))
        if self.params["timeout"] <= 0:
            self._module.fail_json(msg="timeout must be a positive number of seconds, not %s." % self.params["timeout"])

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

    # -- client and APIs -------------------------------------------------------------------------------------

    @property
    def client(self):
        """The ACSClient for this run, built on first use (connection settings are validated then)."""
        if self._client is None:
            params = self.params
            try:
                settings = resolve(params.get("connection_string"), params.get("endpoint"), params.get("access_key"),
                                   auth_source=params.get("auth_source"))
            except ConnectionSettingsError as exc:
                self.fail_json(msg=str(exc))
            ca_path = params.get("ca_path")
            if ca_path and not os.path.isfile(ca_path):
                self.fail_json(msg="ca_path %r is not a readable file; give the PEM file of the CA that signed the endpoint's certificate."
                               % ca_path)
            token_source = None
            if settings.key is not None:
                # Values read from the environment are secrets too: mask them wherever they might appear.
                self._module.no_log_values.add(settings.access_key)
            else:
                token_source = TokenSource(self._credential_factory(settings.auth_source), settings.auth_source,
                                           on_token=self._module.no_log_values.add)
                try:
                    # Sign in now, before the module decides anything: a failure is the task's one sentence.
                    token_source.token()
                except CredentialError as exc:
                    self.fail_json(msg=str(exc), error_code=exc.reason)
            self._client = ACSClient(
                settings, validate_certs=params["validate_certs"], ca_path=ca_path, timeout=params["timeout"],
                max_retries=params["max_retries"], user_agent="acs.administration/%s" % COLLECTION_VERSION,
                token_source=token_source)
        return self._client

    def _credential_factory(self, auth_source):
        """Builds the azure-identity credential of `auth_source` when the first request needs its token."""
        params = self.params
        for name in ("AZURE_CLIENT_SECRET", "AZURE_SECRET", "IDENTITY_HEADER"):
            if os.environ.get(name):
                self._module.no_log_values.add(os.environ[name])
        return lambda: build_credential(auth_source, params.get("tenant_id"), params.get("client_id"), params.get("secret"),
                                        params.get("cloud_environment"), ca_path=params.get("ca_path"),
                                        validate_certs=params["validate_certs"])

    @property
    def identity_api(self):
        """The identity API module (identity_<version>.py) this run speaks: identity_version, else the api_version option."""
        return apis.identity(self.identity_version or self.params.get("api_version"))

    @property
    def phone_numbers_api(self):
        """The phone numbers API module (phone_numbers_<version>.py) this run speaks."""
        return apis.task_phone_numbers(self.params)

    def paging(self):
        """limit and page_size as keyword arguments for the list functions."""
        return {"limit": self.params.get("limit"), "page_size": self.params.get("page_size")}

    @property
    def poller(self):
        if self._poller is None:
            self._poller = Poller(self.client)
        return self._poller

    def lifecycle_options(self):
        """check_mode, wait and wait_timeout as keyword arguments for a Lifecycle."""
        return {"check_mode": self.check_mode, "wait": self.params["wait"], "wait_timeout": self.params["wait_timeout"]}

    # -- running ---------------------------------------------------------------------------------------------

    def run(self, validate, ensure):
        """The body of every module's main(): validate(params) -> an error sentence or None, checked before anything
        is sent; then ensure(module) -> the result, or a TaskFailure / ACSError, which fails the task."""
        error = validate(self.params)
        if error:
            self.fail_json(msg=error)
        try:
            result = ensure(self)
        except TaskFailure as exc:
            self.fail_task(exc)
        except ACSError as exc:
            self.fail_task(TaskFailure(str(exc), error=exc))
        self.exit_json(**result)

    # -- results ---------------------------------------------------------------------------------------------

    def stats(self):
        """How many requests, retries and polls this run took, and how many seconds it waited."""
        stats = dict(self._client.stats) if self._client else {"requests": 0, "retries": 0, "polls": 0, "waited_seconds": 0.0}
        stats["waited_seconds"] = round(stats["waited_seconds"], 3)
        return stats

    def exit_json(self, **result):
        if "actions" in result:
            result.setdefault("msg", "; ".join(result["actions"]) or "nothing to do")
        result["stats"] = self.stats()
        if self._query is not None:
            result["query_result"] = self._run_query(result)
        self._module.exit_json(**result)

    def fail_json(self, msg, **result):
        result["stats"] = self.stats()
        self._module.fail_json(msg=msg, **result)

    def fail_task(self, failure):
        """The one way a task fails: the sentence, what the task did until then, and the status, error code and
        request id of the request behind it."""
        details = failure.error.to_result() if failure.error is not None else {}
        details.update(failure.result)
        self.fail_json(msg=str(failure), **details)

    def _compile_query(self, expression):
        """Check the JMESPath expression before anything is sent (jmespath is imported only by a task with a query)."""
        try:
            import jmespath  # pylint: disable=import-outside-toplevel
        except ImportError:
            self._module.fail_json(msg=missing_required_lib("jmespath"), exception=traceback.format_exc())
        self._jmespath_error = jmespath.exceptions.JMESPathError
        try:
            return jmespath.compile(expression)
        except self._jmespath_error as exc:
            reason = str(exc).splitlines()[0]
            where = getattr(exc, "lex_position", None)
            at = " at character %d" % (where + 1) if isinstance(where, int) else ""
            self.fail_json(msg="The query %r is not a valid JMESPath expression: %s%s." % (expression, reason.rstrip(":. "), at))

    def _run_query(self, result):
        """Evaluate the query against the result's own keys."""
        data = {k: v for k, v in result.items() if k not in ("changed", "stats")}
        try:
            return self._query.search(data)
        except self._jmespath_error as exc:
            self.fail_json(msg="The query %r failed: %s" % (self.params["query"], exc))


@contextmanager
def failing_as(action, result=None, **scope):
    """Turn an ACSError raised inside into a TaskFailure: the not-found sentence for what `scope` names (see
    errors.not_found_message), else '<action>: <error>'; `result` is returned with the failure."""
    try:
        yield
    except ACSError as exc:
        raise TaskFailure(error_message(exc, action, **scope), error=exc, result=result) from None
