"""The current-API sections of bench/run.py (issue 17): identity 2023-10-01 and phone numbers 2025-06-01, beside the
official SDKs azure-communication-identity 1.5.0 and azure-communication-phonenumbers 1.4.0 on the same emulator.

- `numbers`: release / capability updates of N purchased numbers, one acs_phone_number task vs the SDK's loop;
- `polling-ga`: lag from an operation's terminal status to the client noticing it, and status reads per operation,
  on the emulator's `--timing recorded` at real pace;
- `bulk-ga`: N users with a chat+voip token, one acs_user task vs a sequential create_user_and_token loop.

(The current-API economy, overhead and throughput sections are run.py's own, with other playbooks and operations.)
"""

import json
import os
import subprocess
import sys
import time

from . import InvalidRun, fmt, load, log, median, verdict
from . import ansible as ans
from . import throughput as tp
from .emulator import ROOT, Emulator

from acs_emulator.service.timing_ga import RECORDED_SPREAD  # noqa: E402  pylint: disable=import-error,wrong-import-order

BENCH = os.path.join(ROOT, "bench")
OUT = ans.OUT
GET_OPERATION = "PhoneNumbers_GetOperation"
OPERATION_PATH = "/phoneNumbers/operations/"
# The current SDK's default interval between status reads (azure-communication-phonenumbers _phone_numbers_client.py).
SDK_INTERVAL = 2.0
NUMBER_OPS = {"capabilities": "PhoneNumbers_UpdateCapabilities", "release": "PhoneNumbers_ReleasePhoneNumber"}
# the emulator's operation type of each polling phase (its recorded spread is quoted in the tables)
PHASE_OPERATIONS = {"search": "search", "purchase": "reservationPurchase", "capabilities": "updatePhoneNumberCapabilities",
                    "release": "releasePhoneNumber"}


def spread(phase):
    """'5-7 s': the real-pace spread the emulator's recorded timing draws this phase's duration from."""
    low, high = RECORDED_SPREAD[PHASE_OPERATIONS[phase]]
    return "%g-%g s" % (low, high)


def _sdk(script, args, emulator, timeout=3600):
    """Run an SDK script with the emulator's connection; returns (wall seconds, parsed JSON output)."""
    env = dict(os.environ, **emulator.client_env())
    start = time.time()
    proc = subprocess.run([sys.executable, os.path.join(BENCH, "sdk", script)] + [str(a) for a in args], capture_output=True,
                          text=True, env=env, check=False, timeout=timeout)
    wall = time.time() - start
    if proc.returncode != 0:
        raise InvalidRun("%s exited %d:\n%s" % (script, proc.returncode, proc.stderr[-3000:]))
    return wall, json.loads(proc.stdout)


def _failed(entries, allowed=()):
    return [e for e in entries if e["status"] is None or (e["status"] >= 400 and e["status"] not in allowed)]


def _operation_id(entry):
    return entry["path"][len(OPERATION_PATH):] if entry["path"].startswith(OPERATION_PATH) else None


def bench_catalog(workdir, pool_size):
    """The emulator's 2025-06-01 catalogue with `pool_size` US geographic application numbers per area code (the default
    has 10 per offering and area code)."""
    with open(os.path.join(ROOT, "tests", "emulator", "acs_emulator", "data", "catalog_ga.json"), encoding="utf-8") as handle:
        catalog = json.load(handle)
    for country in catalog["countries"]:
        for offering in country["offerings"]:
            if country["countryCode"] == "US" and (offering["phoneNumberType"], offering["assignmentType"]) == ("geographic", "application"):
                offering["poolSize"] = pool_size
    os.makedirs(workdir, exist_ok=True)
    path = os.path.join(workdir, "catalog_ga.json")
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(catalog, handle)
    return path


# ---------------------------------------------------------------------------------------------------------------
# 1 + 2. Release and capability updates of N numbers
# ---------------------------------------------------------------------------------------------------------------

def section_numbers(args, results):
    count = args.numbers
    workdir = os.path.join(OUT, "numbers")
    reservations = -(-(2 * count + 1) // 20)  # one more number: the release of a single number, for scale
    emulator = Emulator(workdir, speed=args.numbers_speed,
                        extra_args=["--catalog-ga", bench_catalog(workdir, 20 * reservations + 20),
                                    "--timing", "recorded", "--timing-seed", "17"])
    rows = {}
    with emulator:
        log("numbers: buying %d numbers (%d reservations of 20, not timed)" % (2 * count, reservations))
        run = ans.playbook("ga_buy.yml", emulator, "numbers-buy",
                           extra_vars={"prefix": "bench-numbers", "reservations": reservations, "area_code": "206"})
        bought = run.task("numbers")["result"]["ansible_facts"]["numbers"]
        if len(bought) != 20 * reservations or len(set(bought)) != len(bought):
            raise InvalidRun("numbers: bought %d numbers, expected %d distinct" % (len(bought), 20 * reservations))
        sets = {"module": bought[:count], "sdk": bought[count:2 * count]}
        for operation in ("capabilities", "release"):
            rows[operation] = {}
            for side in ("module", "sdk"):
                rows[operation][side] = numbers_variant(emulator, operation, side, sets[side], args.workers)
        single = numbers_variant(emulator, "release", "module", bought[2 * count:2 * count + 1], args.workers)
        stats = emulator.stats()
    released = stats.get("ga_releases") or {}
    if len(released) != 2 * count + 1 or set(released.values()) != {1}:
        raise InvalidRun("numbers: expected one release request for each of %d numbers, the emulator counted %s"
                         % (2 * count + 1, released))
    rows["release"]["module-1"] = single
    results["numbers"] = {"count": count, "speed": emulator.speed, "workers": args.workers, "rows": rows, "load": load()}


def numbers_variant(emulator, operation, side, numbers, workers):
    emulator.clear_log()
    log("numbers: %s of %d numbers via the %s" % (operation, len(numbers), side))
    if side == "module":
        run = ans.playbook("ga_numbers.yml", emulator, "numbers-%s" % operation,
                           extra_vars={"op": operation, "numbers": numbers, "workers": workers})
        task = run.task(operation)
        per_number = task["result"].get("results") or []
        if len(per_number) != len(numbers) or any(r.get("operation_status") != "succeeded" or not r.get("changed") for r in per_number):
            raise InvalidRun("numbers: the %s task did not succeed for every number: %s" % (operation, per_number[:3]))
        wall, task_seconds = run.wall, task["end"] - task["start"]
    else:
        path = os.path.join(OUT, "numbers", "sdk-%s.json" % operation)
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(numbers, handle)
        wall, out = _sdk("ga_numbers.py", [operation, path], emulator)
        if out["count"] != len(numbers) or any(s.lower() != "succeeded" for s in out["statuses"]):
            raise InvalidRun("numbers: SDK %s ended %s" % (operation, out["statuses"][:5]))
        task_seconds = out["loop_seconds"]
    entries = emulator.requests_log()
    bad = _failed(entries)
    if bad:
        raise InvalidRun("numbers: %s %s saw failed requests: %s" % (side, operation, bad[:3]))
    writes = [e for e in entries if e["operation"] == NUMBER_OPS[operation]]
    if len(writes) != len(numbers):
        raise InvalidRun("numbers: %s %s sent %d %s, expected %d" % (side, operation, len(writes), NUMBER_OPS[operation], len(numbers)))
    polls = [e for e in entries if e["operation"] == GET_OPERATION]
    return {"wall": wall, "task": task_seconds, "requests": len(entries), "writes": len(writes), "status_reads": len(polls)}


def render_numbers(data, summary):
    count, rows = data["count"], data["rows"]
    lines = ["## 1-2. Release and capability updates of %d numbers" % count, "",
             "Emulator `--speed %g` with `--timing recorded` (each operation's duration drawn from the real service's spread, "
             "then divided by the speed: release %s, capabilities %s at real pace). The module: one "
             "`acs_phone_number` task (`bench/playbooks/ga_numbers.yml`, `workers: %d`), one operation per number in parallel. "
             "The SDK: `bench/sdk/ga_numbers.py`, `begin_release_phone_number(n).result()` / "
             "`begin_update_phone_number_capabilities(n, calling=\"inbound\").result()` for one number after the other, at its "
             "default 2 s poll interval. wall = the whole command (`ansible-playbook` or `python`); task = the task alone "
             "(callback times) or the SDK loop alone. Requests from the emulator's log." % (
                 data["speed"], spread("release"), spread("capabilities"), data["workers"]), "",
             "| operation | client | wall (s) | task (s) | requests | writes | status reads | SDK wall / this wall | SDK task / this task |",
             "|---|---|---|---|---|---|---|---|---|"]
    for operation in ("release", "capabilities"):
        sdk = rows[operation]["sdk"]
        for side in ("module", "sdk"):
            row = rows[operation][side]
            lines.append("| %s | %s | %s | %s | %d | %d | %d | %s | %s |" % (
                operation, "one `acs_phone_number` task" if side == "module" else "SDK loop", fmt(row["wall"], 1), fmt(row["task"], 1),
                row["requests"], row["writes"], row["status_reads"], fmt(sdk["wall"] / row["wall"]), fmt(sdk["task"] / row["task"])))
    single, many = rows["release"].get("module-1"), rows["release"]["module"]
    if single:
        lines += ["", "The same task releasing one number: %s s (task %s s); %d numbers take %sx as long as one (task time). "
                  "(This replaces bench/release_parallel.py, which issue 19 used for 20 numbers vs 1.)" % (
                      fmt(single["wall"], 1), fmt(single["task"], 1), count, fmt(many["task"] / single["task"]))]
    lines.append("")
    for number, operation in (("1", "release"), ("2", "capabilities")):
        module, sdk = rows[operation]["module"], rows[operation]["sdk"]
        ratio = sdk["wall"] / module["wall"]
        summary.append("| %s. %s of %d numbers: one task at least 10x faster than the SDK loop | %s | %sx end to end (%s s vs %s s), "
                       "%sx task vs loop (%s s vs %s s); status reads %d vs %d |" % (
                           number, "release" if operation == "release" else "capability updates", count, verdict(ratio >= 10),
                           fmt(ratio, 1), fmt(module["wall"], 1), fmt(sdk["wall"], 1), fmt(sdk["task"] / module["task"], 1),
                           fmt(module["task"], 1), fmt(sdk["task"], 1), module["status_reads"], sdk["status_reads"]))
    return lines


# ---------------------------------------------------------------------------------------------------------------
# 4. Polling on recorded timings
# ---------------------------------------------------------------------------------------------------------------

PHASES = ("search", "purchase", "capabilities", "release")
SEARCH_AREA_CODE = "212"  # the search holds one number here; the reservation holds one of 425


def module_search(emulator):
    """The search phase, collection side. No module starts a 2025-06-01 search (acs_phone_search holds numbers in a
    reservation), so the collection's own transport does, in this process: ACSClient, the API module's operation
    reads and Poller.wait(kind="search"), as a driver would. Returns the phase's window."""
    acs_client, resolve, apis = tp._client_classes()  # pylint: disable=protected-access
    from ansible_collections.acs.administration.plugins.module_utils.transport.poller import Poller  # pylint: disable=import-outside-toplevel,import-error
    api = apis.phone_numbers(apis.DEFAULT_PHONE_NUMBERS_VERSION)
    client = acs_client(resolve(emulator.connection_string), ca_path=emulator.ca, timeout=60)
    start = time.time()
    response = client.request("POST", "/availablePhoneNumbers/countries/US/:search", "SearchAvailablePhoneNumbers", api.API_VERSION,
                              body={"phoneNumberType": "geographic", "assignmentType": "application", "areaCode": SEARCH_AREA_CODE,
                                    "capabilities": {"calling": "inbound+outbound", "sms": "none"}, "quantity": 1}, expected=(202,))
    operation = api.operation_path(response.headers)
    body, record = Poller(client).wait(lambda: api.get_operation(client, operation), api.operation_status, api.OPERATION_DONE, 300,
                                       "The search", kind="search")
    if api.operation_status(body) != "succeeded":
        raise InvalidRun("polling-ga: the collection's search ended %s" % body.get("status"))
    return {"phase": "search", "start": start, "end": time.time(), "reported": record.polls}


def module_windows(emulator, rep):
    """One repetition, collection side: the search (in-process, see module_search), then bench/playbooks/ga_lro.yml."""
    windows = [module_search(emulator)]
    run = ans.playbook("ga_lro.yml", emulator, "ga-lro-%d" % rep, extra_vars={"prefix": "bench-lro-%d" % rep, "area_code": "425"})
    return windows + [{"phase": p, "start": run.task(p)["start"], "end": run.task(p)["end"],
                       "reported": (run.task(p)["result"].get("stats") or {}).get("polls")} for p in PHASES if p != "search"]


def section_polling_ga(args, results):
    workdir = os.path.join(OUT, "polling-ga")
    emulator = Emulator(workdir, speed=args.ga_lro_speed, extra_args=["--timing", "recorded", "--timing-seed", "4"])
    samples = []
    with emulator:
        for rep in range(1, args.reps + 1):
            for side in (("module", "sdk") if rep % 2 else ("sdk", "module")):
                emulator.clear_log()
                if side == "module":
                    log("polling-ga rep %d/%d: the collection's search, then ansible-playbook bench/playbooks/ga_lro.yml" % (rep, args.reps))
                    windows = module_windows(emulator, rep)
                else:
                    log("polling-ga rep %d/%d: python bench/sdk/ga_lro.py" % (rep, args.reps))
                    _wall, windows = _sdk("ga_lro.py", ["--area-code", "425", "--search-area-code", SEARCH_AREA_CODE], emulator, timeout=900)
                entries = emulator.requests_log()
                bad = _failed(entries, allowed=(404,))
                if bad:
                    raise InvalidRun("polling-ga: %s rep %d saw failed requests: %s" % (side, rep, bad[:3]))
                samples += [dict(analyse_ga(w, emulator, entries, side), rep=rep) for w in windows]
    if len(samples) != 2 * len(PHASES) * args.reps:
        raise InvalidRun("polling-ga: %d samples, expected %d" % (len(samples), 2 * len(PHASES) * args.reps))
    results["polling-ga"] = {"speed": emulator.speed, "reps": args.reps, "samples": samples, "load": load()}


def analyse_ga(window, emulator, entries, side):
    """One long-running call: its operation (the one status-read in its time window), terminal time, reads and lags."""
    mine = [e for e in entries if window["start"] <= e["t"] <= window["end"]]
    reads = [e for e in mine if e["operation"] == GET_OPERATION]
    ids = sorted({_operation_id(e) for e in reads})
    if len(ids) != 1:
        raise InvalidRun("polling-ga: %s %s read operations %s, expected exactly one" % (side, window["phase"], ids))
    schedule = emulator.operation(ids[0])
    terminal = schedule["terminalAt"]
    times = sorted(e["t"] for e in reads)
    after = [t for t in times if t >= terminal - 0.001]
    if not after or schedule["status"] != "succeeded":
        raise InvalidRun("polling-ga: %s %s (%s, %s) returned at %.3f without a status read after its terminal time %.3f"
                         % (side, window["phase"], ids[0], schedule["status"], window["end"], terminal))
    if side == "module" and isinstance(window.get("reported"), int) and window["reported"] != len(reads):
        raise InvalidRun("polling-ga: module %s reports %d polls, the emulator logged %d status reads"
                         % (window["phase"], window["reported"], len(reads)))
    started = schedule["steps"][0]["at"]
    return {"side": side, "phase": window["phase"], "id": ids[0], "duration": terminal - started, "reads": len(reads),
            "requests": len(mine), "lag": after[0] - terminal, "return_lag": window["end"] - terminal,
            "first_read": times[0] - started}


def _stat(samples, side, key, phase=None):
    return median(s[key] for s in samples if s["side"] == side and phase in (None, s["phase"]))


def _ratio(numerator, denominator):
    return fmt(numerator / denominator) if denominator else "-"


def render_polling_ga(data, summary, schedule_text=""):
    samples = data["samples"]
    phases = [p for p in PHASES if any(s["phase"] == p for s in samples)]
    lines = ["## 4. Polling on recorded timings", "",
             "Emulator `--speed %g --timing recorded` (%s; each operation's duration drawn, seeded, from the spread around "
             "the real service's recorded durations: %s), %d repetition(s) per side, alternating. Module: `bench/playbooks/ga_lro.yml` "
             "(`acs_phone_search` state=purchased, `acs_phone_number` capabilities, state=released); the search: no module starts a "
             "2025-06-01 search, so the collection's own transport does it in the bench process (`ACSClient`, "
             "`Poller.wait(kind=\"search\")`, `benchlib/current.py` `module_search`). SDK: `bench/sdk/ga_lro.py`, "
             "`begin_search_available_phone_numbers`, `begin_purchase_reservation`, `begin_update_phone_number_capabilities`, "
             "`begin_release_phone_number` at the default interval (2 s). Each call's "
             "operation is the one whose status it read (`GetOperation` in the request log within the call's time window); its "
             "terminal time comes from the emulator (`GET /_emulator/operations/{id}`). **lag** = the first status read at or "
             "after the terminal time minus that time (when the client noticed); **return lag** = the task's end (callback) or "
             "the SDK call's return minus that time; **reads** = `GetOperation` requests of the operation; **first read** = "
             "the first of them after the operation's start. Medians; the ratios are SDK lag / module lag (target at least 2) "
             "and module reads / SDK reads (target at most 1)." % (
                 data["speed"], "real pace" if data["speed"] == 1 else "the real durations divided by %g" % data["speed"],
                 ", ".join("%s %s at real pace" % (p, spread(p)) for p in phases), data["reps"]), "",
             "| operation | duration (s) | module reads | SDK reads | reads module/SDK | module lag (s) | SDK lag (s) | lag SDK/module "
             "| module return lag (s) | SDK return lag (s) | module first read (s) | SDK first read (s) |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for phase in phases:
        m_reads, s_reads = _stat(samples, "module", "reads", phase), _stat(samples, "sdk", "reads", phase)
        m_lag, s_lag = _stat(samples, "module", "lag", phase), _stat(samples, "sdk", "lag", phase)
        lines.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            phase, fmt(median(s["duration"] for s in samples if s["phase"] == phase), 1),
            fmt(m_reads, 1), fmt(s_reads, 1), _ratio(m_reads, s_reads), fmt(m_lag), fmt(s_lag), _ratio(s_lag, m_lag),
            fmt(_stat(samples, "module", "return_lag", phase)), fmt(_stat(samples, "sdk", "return_lag", phase)),
            fmt(_stat(samples, "module", "first_read", phase)), fmt(_stat(samples, "sdk", "first_read", phase))))
    pooled = {side: {"lag": _stat(samples, side, "lag"),
                     "reads": sum(s["reads"] for s in samples if s["side"] == side) / max(1, len([s for s in samples if s["side"] == side]))}
              for side in ("module", "sdk")}
    lines += ["", "All operations: module lag median %s s, SDK %s s; reads per operation (mean): module %s, SDK %s." % (
        fmt(pooled["module"]["lag"]), fmt(pooled["sdk"]["lag"]), fmt(pooled["module"]["reads"], 1), fmt(pooled["sdk"]["reads"], 1)), ""]
    if schedule_text:
        lines += [schedule_text, ""]
    per_phase = []
    ok = True
    for phase in phases:
        m_reads, s_reads = _stat(samples, "module", "reads", phase), _stat(samples, "sdk", "reads", phase)
        m_lag, s_lag = _stat(samples, "module", "lag", phase), _stat(samples, "sdk", "lag", phase)
        ok = ok and m_reads <= s_reads and m_lag <= s_lag / 2
        per_phase.append("%s reads %s/%s, lag %s/%s s" % (phase, fmt(m_reads, 1), fmt(s_reads, 1), fmt(m_lag), fmt(s_lag)))
    summary.append("| 4. polling: at most the SDK's reads per operation and at most half its median lag | %s | "
                   "module/SDK medians per operation: %s; all operations: lag %s/%s s |" % (
                       verdict(ok), "; ".join(per_phase), fmt(pooled["module"]["lag"]), fmt(pooled["sdk"]["lag"])))
    return lines


# ---------------------------------------------------------------------------------------------------------------
# 3. Bulk onboarding on the current identity API
# ---------------------------------------------------------------------------------------------------------------

def bulk_section(key, args, variants, run_variant):
    """A bulk onboarding section: each variant on one emulator, then "count" and "sdk" again with every request delayed
    by args.latency_ms (unless 0). run_variant(emulator, variant, users, latency_ms) -> a row."""
    emulator = Emulator(os.path.join(OUT, key), speed=50)
    with emulator:
        rows = {v: run_variant(emulator, v, args.users, 0) for v in variants}
        latency_rows = {}
        if args.latency_ms:
            latency_rows = {v: run_variant(emulator, v, args.users, args.latency_ms) for v in ("count", "sdk")}
    return {"users": args.users, "rows": rows, "latency_ms": args.latency_ms, "latency_rows": latency_rows, "load": load()}


def start_bulk_variant(emulator, key, variant, users, latency_ms):
    """A bulk variant's start: the emulator reset, its requests delayed by latency_ms (unless 0)."""
    emulator.reset()
    emulator.delay_requests(latency_ms)
    log("%s: %d users with tokens via %s%s" % (key, users, variant, " (+%d ms per request)" % latency_ms if latency_ms else ""))


def section_bulk_ga(args, results):
    """500 users (and, for the fixed costs, 1 user) on loopback, each side args.bulk_reps times in turn (medians); then
    once more with every request delayed args.latency_ms."""
    emulator = Emulator(os.path.join(OUT, "bulk-ga"), speed=50)
    with emulator:
        rows = alternating(emulator, args.users, 0, args.bulk_reps)
        single = alternating(emulator, 1, 0, args.bulk_reps)
        latency_rows = alternating(emulator, args.users, args.latency_ms, 1) if args.latency_ms else {}
    results["bulk-ga"] = {"users": args.users, "rows": rows, "single": single, "reps": args.bulk_reps,
                          "latency_ms": args.latency_ms, "latency_rows": latency_rows, "load": load()}


def alternating(emulator, users, latency_ms, reps):
    """Each variant `reps` times, in turn (count, sdk, sdk, count, ...): the median wall and task of each."""
    samples = {"count": [], "sdk": []}
    for rep in range(reps):
        for variant in (("count", "sdk") if rep % 2 == 0 else ("sdk", "count")):
            samples[variant].append(bulk_variant(emulator, variant, users, latency_ms))
    return {variant: {"wall": median([s["wall"] for s in runs]), "task": median([s["task"] for s in runs]),
                      "requests": runs[0]["requests"], "walls": [s["wall"] for s in runs]}
            for variant, runs in samples.items()}


def bulk_variant(emulator, variant, users, latency_ms):
    start_bulk_variant(emulator, "bulk-ga", variant, users, latency_ms)
    if variant == "sdk":
        wall, out = _sdk("ga_onboard.py", [users], emulator)
        task_seconds = out["loop_seconds"]
        if out["users"] != users or out["tokens"] != users:
            raise InvalidRun("bulk-ga: the SDK loop made %s users, %s tokens" % (out["users"], out["tokens"]))
    else:
        run = ans.playbook("ga_onboard.yml", emulator, "ga-onboard-%d" % latency_ms, extra_vars={"n": users})
        task = run.task("onboard")
        wall, task_seconds = run.wall, task["end"] - task["start"]
    stats = emulator.stats()
    entries = emulator.requests_log()
    bad = [e for e in entries if e["status"] != 201 or e["operation"] != "CommunicationIdentity_Create"
           or "api-version=2023-10-01" not in (e.get("query") or "")]
    if stats["users_created"] != users or stats["tokens_issued"] != users or bad:
        raise InvalidRun("bulk-ga %s: %d users requested; the emulator counted %d users created, %d tokens issued, %d requests "
                         "other than a 201 Create on 2023-10-01 (%s)" % (variant, users, stats["users_created"], stats["tokens_issued"],
                                                                         len(bad), bad[:2]))
    emulator.check_delayed("bulk-ga %s" % variant, latency_ms, len(entries))
    return {"wall": wall, "task": task_seconds, "requests": len(entries)}


def fixed_costs(rows, single, users):
    """What one user costs each side (start-up, mostly) and each further user; where the task would catch up."""
    extra = {v: (rows[v]["wall"] - single[v]["wall"]) / max(1, users - 1) for v in ("count", "sdk")}
    head_start = single["count"]["wall"] - single["sdk"]["wall"]
    lines = ["The same with one user (medians): `acs_user` %s s, the SDK script %s s, so `ansible-playbook` starts %s s later "
             "than the SDK's Python; each further user then costs the task %s ms and the SDK loop %s ms (wall)." % (
                 fmt(single["count"]["wall"], 2), fmt(single["sdk"]["wall"], 2), fmt(head_start, 2),
                 fmt(extra["count"] * 1000, 2), fmt(extra["sdk"] * 1000, 2))]
    if extra["sdk"] > extra["count"] > 0 and head_start > 0:
        lines[0] += " On loopback the task catches up with the SDK loop at about %d users." % (head_start / (extra["sdk"] - extra["count"]))
    return lines + [""]


def render_bulk_ga(data, summary):
    rows, users = data["rows"], data["users"]
    names = {"count": "`acs_user` with `count: %d` (one task, 16 workers)" % users,
             "sdk": "SDK `create_user_and_token`, sequential Python loop"}
    lines = ["## 3. Bulk onboarding (identity 2023-10-01)", "",
             "%d users, each with a chat+voip token: one `CommunicationIdentity_Create` with `createTokenWithScopes` per user on "
             "both sides (every logged request is checked to be a 201 Create on 2023-10-01; the emulator's users_created and "
             "tokens_issued must be %d). Module: `bench/playbooks/ga_onboard.yml`; SDK: `bench/sdk/ga_onboard.py`. wall = the "
             "whole command; task = the onboarding task alone (callback times) or the SDK loop alone." % (users, users), ""]

    def table(variant_rows, title):
        out = [title, "", "| variant | wall (s) | task (s) | requests | users/s (wall) | SDK wall / this wall | SDK task / this task |",
               "|---|---|---|---|---|---|---|"]
        for key in ("count", "sdk"):
            row = variant_rows[key]
            out.append("| %s | %s | %s | %d | %s | %s | %s |" % (
                names[key], fmt(row["wall"], 1), fmt(row["task"], 1), row["requests"], fmt(users / row["wall"], 1),
                fmt(variant_rows["sdk"]["wall"] / row["wall"]), fmt(variant_rows["sdk"]["task"] / row["task"])))
        return out + [""]

    reps = data.get("reps", 1)
    lines += table(rows, "### Loopback, no added latency" + (" (medians of %d runs each, in turn)" % reps if reps > 1 else ""))
    if data.get("single"):
        lines += fixed_costs(rows, data["single"], users)
    loop_ratio = rows["sdk"]["wall"] / rows["count"]["wall"]
    figures = "loopback: %sx end to end (%s s vs %s s), %sx task vs loop; %d vs %d requests" % (
        fmt(loop_ratio), fmt(rows["count"]["wall"], 1), fmt(rows["sdk"]["wall"], 1),
        fmt(rows["sdk"]["task"] / rows["count"]["task"]), rows["count"]["requests"], rows["sdk"]["requests"])
    text = "%s on loopback (no slower)" % verdict(loop_ratio >= 1)
    if data.get("latency_rows"):
        lrows = data["latency_rows"]
        lines += table(lrows, "### Every request delayed %d ms by the emulator (its `latency` fault at rate 1)" % data["latency_ms"])
        lratio = lrows["sdk"]["wall"] / lrows["count"]["wall"]
        figures += "; with %d ms per request: %sx end to end (%s s vs %s s)" % (
            data["latency_ms"], fmt(lratio, 1), fmt(lrows["count"]["wall"], 1), fmt(lrows["sdk"]["wall"], 1))
        text += ", %s with %d ms latency (at least 5x)" % (verdict(lratio >= 5), data["latency_ms"])
    summary.append("| 3. onboarding %d users with tokens: one `acs_user` task vs the SDK loop | %s | %s |" % (users, text, figures))
    return lines
