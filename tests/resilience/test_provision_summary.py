"""The summary table of provision_numbers_legacy.yml shows the callback of every owned number (issue 13, item 12),
not `-` for the numbers that an earlier search bought and configured."""

from __future__ import annotations

import json
import re

from acs_resilience import BIN, ROOT, TOLL_FREE_PLAN, _run, ansible_env, operations, run_module

EARLIER_CALLBACK = "https://hooks.example.com/acs/earlier"
PLAYBOOK = ROOT / "playbooks" / "provision_numbers_legacy.yml"


def test_the_summary_shows_the_callback_of_numbers_bought_by_an_earlier_search(collections, emulator):
    connection = {"connection_string": emulator.connection_string, "ca_path": emulator.ca_path,
                  "api_version": "2020-07-20-preview1"}
    run, bought = run_module(collections, "acs_phone_search", dict(connection, name="earlier", phone_plan_ids=[TOLL_FREE_PLAN],
                                                                   area_code="833", state="purchased"))
    assert bought and not bought.get("failed"), run.output
    earlier = bought["search"]["phone_numbers"][0]
    run, configured = run_module(collections, "acs_number_config", dict(connection, phone_number=earlier,
                                                                        callback_url=EARLIER_CALLBACK))
    assert configured and configured["changed"], run.output

    extra = json.dumps(dict(emulator.connection_vars(), acs_search_name="later", acs_quantity=1))
    for check in ([], ["--check"]):
        emulator.clear_log()
        run = _run([str(BIN / "ansible-playbook"), "-i", "localhost,", "-c", "local", *check, "-e", extra, str(PLAYBOOK)],
                   ansible_env(collections), 300)
        assert run.rc == 0, run.output
        row = re.search(r'"(%s [^"]*)"' % re.escape(earlier), run.stdout)
        assert row, run.stdout
        assert EARLIER_CALLBACK in row.group(1), row.group(1)
        # The earlier number's configuration is read, never changed: the only configuration written is that of the
        # number the later search bought (none in check mode).
        assert len(operations(emulator.log(), "ConfigureNumber")) == (0 if check else 1), emulator.log()
        assert operations(emulator.log(), "UnconfigureNumber") == []
