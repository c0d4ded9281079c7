# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a module's main() in-process and capture what it exits or fails with."""

from __future__ import annotations

import contextlib
import json
import os
from unittest import mock

from ansible.module_utils import basic
from ansible.module_utils.common.text.converters import to_bytes

try:  # ansible-core >= 2.19
    from ansible.module_utils.testing import patch_module_args  # pylint: disable=unused-import
except ImportError:  # older ansible-core
    @contextlib.contextmanager
    def patch_module_args(args=None):
        with mock.patch.object(basic, "_ANSIBLE_ARGS", to_bytes(json.dumps({"ANSIBLE_MODULE_ARGS": args or {}}))):
            yield


class ModuleExit(Exception):
    """exit_json was called."""


class ModuleFail(Exception):
    """fail_json was called."""


def run_module(main, args, environ=None):
    """Return (failed, result) of running main() with these module arguments and environment."""
    def _exit(self, **kwargs):  # pylint: disable=unused-argument
        raise ModuleExit(kwargs)

    def _fail(self, msg, **kwargs):  # pylint: disable=unused-argument
        kwargs["msg"] = msg
        raise ModuleFail(kwargs)

    # HOME stays (the conftest gives each test its own): acs_token's revocation record defaults to a file under it.
    environ = dict({"HOME": os.environ["HOME"]} if "HOME" in os.environ else {}, **(environ or {}))
    with mock.patch.dict("os.environ", environ, clear=True), \
            mock.patch.object(basic.AnsibleModule, "exit_json", _exit), \
            mock.patch.object(basic.AnsibleModule, "fail_json", _fail), \
            patch_module_args(args):
        try:
            main()
        except ModuleExit as done:
            return False, done.args[0]
        except ModuleFail as failed:
            return True, failed.args[0]
    raise AssertionError("the module returned without exit_json or fail_json")


LEGACY_PHONE_NUMBERS = "2020-07-20-preview1"


def run_legacy(main, args, environ=None):
    """run_module with api_version 2020-07-20-preview1 unless the args name a version (the legacy phone number tests)."""
    args = dict(args or {})
    args.setdefault("api_version", LEGACY_PHONE_NUMBERS)
    return run_module(main, args, environ)


def runner(main, **defaults):
    """run(emu, **args) for one module (run_legacy): its main() with the emulator's connection options, then DEFAULTS,
    then ARGS; an argument given as None is left out."""
    def run(emu, **args):
        given = dict(defaults, **args)
        return run_legacy(main, dict(emu.args, **{k: v for k, v in given.items() if v is not None}))
    return run


def refused(emu, outcome):
    """The message of a run (failed, result) that failed without sending a request: bad input, one sentence, nothing sent."""
    failed, result = outcome
    assert failed, result
    sent = emu.requests()
    assert sent == [], sent
    return result["msg"]
