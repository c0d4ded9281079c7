"""Releasing N numbers with one acs_phone_number task on the current API (one operation per number, in parallel)
against releasing one, measured in the same run against the same emulator.

    python bench/release_parallel.py                 # 20 numbers vs 1, 3 rounds, emulator --speed 20
    python bench/release_parallel.py --numbers 20 --rounds 5 --speed 10 --workers 10

Each round buys the numbers (acs_phone_search state=purchased, not timed), then times the release task of one number
and of N numbers (the task's own start and end, from the bench_record callback; ansible start-up is not counted) and
prints the per-round times, the medians and their ratio. Issue 19 asks for ratio < 3 for 20 numbers. Nothing is
asserted: a benchmark reports, it does not pass or fail on speed.
"""

import argparse
import json
import os
import statistics
import sys

BENCH = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, BENCH)

# pylint: disable=wrong-import-position
from benchlib import ansible as ans  # noqa: E402
from benchlib.emulator import Emulator  # noqa: E402

# US geographic numbers for applications: 10 per area code in the emulator's catalogue
AREA_CODES = ("206", "425", "212", "646", "213", "323", "415", "628", "312")


def one_task(emu, module, args, label):
    """Run one task of `module` in a playbook (so that the bench_record callback times it); return its record."""
    path = os.path.join(ans.OUT, "release-parallel", label + ".yml")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    play = [{"hosts": "localhost", "connection": "local", "gather_facts": False,
             "tasks": [{"name": label, module: args}]}]
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(play, handle)  # JSON is YAML
    return ans.run([ans.tool("ansible-playbook"), path], emu, label).task(label)


def buy(emu, name, area_code, quantity):
    args = {"name": name, "country_code": "US", "phone_number_type": "geographic", "assignment_type": "application",
            "area_code": area_code, "quantity": quantity, "total": 1000, "state": "purchased"}
    return one_task(emu, "acs.administration.acs_phone_search", args, "buy-" + name)["result"]["reservation"]["phone_numbers"]


def release(emu, numbers, workers, label):
    args = {"phone_numbers": numbers, "state": "released", "workers": workers}
    task = one_task(emu, "acs.administration.acs_phone_number", args, label)
    result = task["result"]
    if sorted(result["released"]) != sorted(numbers):
        raise SystemExit("%s released %r, not %r" % (label, result["released"], numbers))
    return task["end"] - task["start"], result["stats"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--numbers", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--speed", type=float, default=20)
    parser.add_argument("--workers", type=int, default=20)
    opts = parser.parse_args()
    ans.install_collection()
    one_times, many_times = [], []
    with Emulator(os.path.join(ans.OUT, "release-parallel"), speed=opts.speed) as emu:
        for rnd in range(opts.rounds):
            numbers = []
            left = opts.numbers + 1
            for index, code in enumerate(AREA_CODES):
                if left <= 0:
                    break
                take = min(10, left)
                numbers += buy(emu, "bench-%d-%d" % (rnd, index), code, take)
                left -= take
            single, many = numbers[:1], numbers[1:opts.numbers + 1]
            t1, s1 = release(emu, single, opts.workers, "release-1-%d" % rnd)
            tn, sn = release(emu, many, opts.workers, "release-%d-%d" % (opts.numbers, rnd))
            one_times.append(t1)
            many_times.append(tn)
            print("round %d: release 1 number %.2f s (%d requests, %d polls); release %d numbers %.2f s (%d requests, %d polls)"
                  % (rnd + 1, t1, s1["requests"], s1["polls"], opts.numbers, tn, sn["requests"], sn["polls"]))
    one, many = statistics.median(one_times), statistics.median(many_times)
    print("median: release 1 number %.2f s, release %d numbers %.2f s, ratio %.2f (emulator --speed %g, workers %d)"
          % (one, opts.numbers, many, many / one, opts.speed, opts.workers))


if __name__ == "__main__":
    main()
