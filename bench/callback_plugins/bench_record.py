# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark helper: one JSON line per finished task with its start/end wall-clock times and its result.

Enabled only by bench/run.py (ANSIBLE_CALLBACKS_ENABLED=bench_record, BENCH_RECORD_FILE=<path>). Results of
no_log tasks arrive censored by Ansible; loop results are reduced to counts.
"""

from __future__ import annotations

DOCUMENTATION = r"""
name: bench_record
type: aggregate
short_description: Record task timings and results for bench/run.py
description:
  - Writes one JSON line per finished task to the file named by the BENCH_RECORD_FILE environment variable.
requirements:
  - enabled in ANSIBLE_CALLBACKS_ENABLED
"""

import json
import os
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_record"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self._path = os.environ.get("BENCH_RECORD_FILE")
        self._starts = {}

    def _write(self, record):
        if not self._path:
            return
        with open(self._path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(record, default=str) + "\n")

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._starts[task._uuid] = time.time()  # pylint: disable=protected-access

    def _done(self, result, status):
        end = time.time()
        task = result._task  # pylint: disable=protected-access
        data = dict(result._result)  # pylint: disable=protected-access
        items = data.get("results")
        if isinstance(items, list) and (task.loop or task.loop_with):  # a loop's items, not a module's own `results`
            items = data.pop("results")
            data["loop_items"] = len(items)
            data["loop_failed"] = sum(1 for item in items if isinstance(item, dict) and item.get("failed"))
            data["loop_requests"] = sum(int((item.get("stats") or {}).get("requests", 0) or 0) for item in items if isinstance(item, dict))
        self._write({"task": task.get_name(), "action": task.action, "status": status,
                     "start": self._starts.get(task._uuid), "end": end, "result": data})  # pylint: disable=protected-access

    def v2_runner_on_ok(self, result):
        self._done(result, "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._done(result, "failed")

    def v2_runner_on_unreachable(self, result):
        self._done(result, "unreachable")

    def v2_runner_on_skipped(self, result):
        self._done(result, "skipped")
