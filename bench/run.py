"""Benchmarks of acs.administration against the ACS emulator, beside the official legacy SDK.

    python bench/run.py                      # everything; writes bench/RESULTS.md
    python bench/run.py --only economy       # one or more sections; writes bench/out/RESULTS.partial.md
    python bench/run.py --quick              # small sizes (50 users, 1 polling rep, ...) for a trial

Sections: economy (requests per operation), polling (long-running operation latency), bulk (500 users with
tokens), overhead (one task vs a bare SDK script), throughput (signed requests per second).

The collection is built and installed with ansible-galaxy into bench/out/collections, and the modules run through
ansible-playbook / ansible like a user runs them. Every figure is measured in this run; ratios compare figures
of the same run. A run that saw an error or a wrong count stops with exit code 1 and says why; its tables
are not written. See bench/README.md.
"""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, BENCH)

# pylint: disable=wrong-import-position
from benchlib import InvalidRun, fmt, load, log, median, verdict  # noqa: E402
from benchlib import current  # noqa: E402
from benchlib import overhead  # noqa: E402
from benchlib import sip  # noqa: E402
from benchlib import ansible as ans  # noqa: E402
from benchlib import throughput as tp  # noqa: E402
from benchlib.emulator import ROOT, Emulator, count_requests  # noqa: E402

sys.path.insert(0, os.path.join(ROOT, "tests", "emulator"))
from acs_emulator.service import phonenumbers as emu_pn  # noqa: E402  pylint: disable=import-error

OUT = ans.OUT
LEGACY_SECTIONS = ("economy", "polling", "bulk", "overhead", "throughput")
CURRENT_SECTIONS = ("numbers", "polling-ga", "bulk-ga", "economy-ga", "overhead-ga", "throughput-ga", "sip")
SECTIONS = CURRENT_SECTIONS + LEGACY_SECTIONS


# ---------------------------------------------------------------------------------------------------------------
# 1. Requests per operation
# ---------------------------------------------------------------------------------------------------------------

# step: (module, first run minimum (reads, writes), rerun minimum (reads, writes), what the minimum is)
ECONOMY_STEPS = [
    ("country_info", "acs_country_info", (1, 0), (1, 0), "one page of GetAllSupportedCountries"),
    ("plan_group_info", "acs_plan_group_info", (1, 0), (1, 0), "one page of GetPhonePlanGroups"),
    ("phone_plan_info", "acs_phone_plan_info", (1, 0), (1, 0), "one page of GetPhonePlans"),
    ("location_info", "acs_location_info", (1, 0), (1, 0), "GetPhonePlanLocationOptions"),
    ("area_code_info", "acs_area_code_info", (1, 0), (1, 0), "GetAllAreaCodes (a POST that reads)"),
    ("user_create", "acs_user", (0, 2), (0, 0), "Create + IssueToken; with the known user_id nothing is needed"),
    ("token_issue", "acs_token", (0, 1), (0, 0), "IssueToken; a still-valid token is recognised from its claims"),
    ("token_revoke", "acs_token", (0, 1), (0, 1), "Update (revoke); the API cannot read whether tokens were revoked"),
    ("search_reserve", "acs_phone_search", (1, 1), (2, 0),
     "GetAllSearches (find the name) + CreateSearch + polls; rerun: GetAllSearches + GetSearchById (the list has no numbers)"),
    ("search_purchase", "acs_phone_search", (1, 1), (2, 0),
     "GetAllSearches (status is in the list) + PurchaseSearch + polls; rerun: GetAllSearches + GetSearchById"),
    ("number_capabilities", "acs_phone_number", (1, 1), (1, 0),
     "GetAllPhoneNumbers (capabilities of every number) + one UpdateCapabilities + polls"),
    ("number_config_set", "acs_number_config", (1, 1), (1, 0), "GetNumberConfiguration + ConfigureNumber"),
    ("number_config_remove", "acs_number_config", (1, 1), (1, 0), "GetNumberConfiguration + UnconfigureNumber"),
    ("phone_number_info", "acs_phone_number_info", (1, 0), (1, 0), "one page of GetAllPhoneNumbers"),
    ("phone_search_info", "acs_phone_search_info", (1, 0), (1, 0), "one page of GetAllSearches"),
    ("number_release", "acs_phone_number", (1, 1), (1, 0), "GetAllPhoneNumbers + one ReleasePhoneNumbers + polls"),
    ("release_info", "acs_release_info", (1, 0), (1, 0), "one page of GetAllReleases"),
    ("search_cancel", "acs_phone_search", (1, 1), (2, 0),
     "GetAllSearches + CancelSearch + polls; rerun: GetAllSearches + GetSearchById (the list shows Cancelled, but not the "
     "search the module returns)"),
    ("user_delete", "acs_user", (0, 1), (0, 1), "Delete; the API has no read, the rerun's DELETE answers 404"),
]


# The current APIs (identity 2023-10-01, phone numbers 2025-06-01): bench/playbooks/economy_ga.yml.
ECONOMY_GA_STEPS = [
    ("country_info", "acs_country_info", (1, 0), (1, 0), "one page of ListAvailableCountries"),
    ("offering_info", "acs_offering_info", (1, 0), (1, 0), "one page of ListOfferings"),
    ("location_info", "acs_location_info", (2, 0), (2, 0), "two pages of ListAvailableLocalities (108 US localities, 100 a page)"),
    ("area_code_info", "acs_area_code_info", (1, 0), (1, 0), "one page of ListAreaCodes"),
    ("user_create", "acs_user", (0, 1), (0, 0), "one Create with createTokenWithScopes; with the known user_id nothing is needed"),
    ("token_issue", "acs_token", (0, 1), (0, 0), "IssueAccessToken; a still-valid token is recognised from its claims"),
    ("token_revoke", "acs_token", (0, 1), (0, 1), "RevokeAccessTokens; the API cannot read whether tokens were revoked"),
    ("search_reserve", "acs_phone_search", (2, 1), (1, 0),
     "GetReservation (404: the id comes from the name) + BrowseAvailableNumbers (a POST that reads) + CreateOrUpdateReservation; "
     "rerun: GetReservation"),
    ("search_purchase", "acs_phone_search", (2, 1), (1, 0),
     "GetReservation + ListPhoneNumbers (the `total` guard: reservations are deleted after a month, so the name alone "
     "cannot prove a past purchase) + PurchaseReservation + polls; rerun: GetReservation (completed)"),
    ("phone_search_info", "acs_phone_search_info", (1, 0), (1, 0), "GetReservation (the id comes from the name)"),
    ("phone_number_info", "acs_phone_number_info", (1, 0), (1, 0), "one page of ListPhoneNumbers"),
    ("number_capabilities", "acs_phone_number", (2, 2), (2, 0),
     "per number (2): GetByNumber + UpdateCapabilities + polls; rerun: GetByNumber each"),
    ("operator_info", "acs_operator_info", (2, 0), (2, 0), "OperatorInformationSearch (a POST that reads), one per number (the service takes one)"),
    ("number_release", "acs_phone_number", (2, 2), (2, 0),
     "per number (2): GetByNumber + ReleasePhoneNumber + polls; rerun: GetByNumber each (404)"),
    ("search_absent", "acs_phone_search", (1, 1), (1, 0), "GetReservation + DeleteReservation; rerun: GetReservation (404)"),
    ("sip_trunk", "acs_sip_trunk", (1, 1), (1, 0), "GET /sip + one merge-PATCH of the trunk; rerun: GET /sip"),
    ("sip_route", "acs_sip_route", (1, 1), (1, 0), "GET /sip + one PATCH of the routes (the list is replaced whole); rerun: GET /sip"),
    ("sip_routing", "acs_sip_routing", (1, 1), (1, 0), "GET /sip + one PATCH (a trunk added, a route changed); rerun: GET /sip"),
    ("sip_info", "acs_sip_info", (1, 0), (1, 0), "GET /sip; test_number is evaluated locally, as the service would"),
    ("user_delete", "acs_user", (1, 1), (1, 0),
     "Get (on 2025-03-02-preview, the version with a read of a user) + Delete; rerun: Get (401, no such user) and no write"),
]


# Modules that exist only for the legacy phone numbers API (the current-API economy does not measure them), and
# modules that exist only for the current one (the legacy economy does not).
LEGACY_ONLY = frozenset(("acs_plan_group_info", "acs_phone_plan_info", "acs_number_config", "acs_release_info"))
# SIP routing has no legacy API: the current-API economy measures it.
CURRENT_ONLY = frozenset(("acs_offering_info", "acs_operator_info", "acs_sip_trunk", "acs_sip_route", "acs_sip_routing",
                          "acs_sip_info"))
# The resource itself, on Azure Resource Manager (emulator --arm, Entra ID sign-in), not on the data plane that both
# economies measure: not measured here yet (issue 30).
RESOURCE_MANAGER = frozenset(("acs_resource", "acs_resource_info", "acs_resource_key"))


def check_economy_log(key, run, entries):
    """The request log of an economy run holds no failed request and no request outside a task."""
    # 401 on CommunicationIdentity_Get is the service's answer for a user that does not exist (the module reads it so).
    bad = [e for e in entries if e["status"] is None or e["status"] >= 500 or e["status"] == 403
           or (e["status"] == 401 and e["operation"] != "CommunicationIdentity_Get")]
    if bad:
        raise InvalidRun("%s: the emulator logged failed requests: %s" % (key, bad[:3]))
    attributed = set()
    for task in run.tasks:
        attributed.update(i for i, e in enumerate(entries) if task["start"] <= e["t"] <= task["end"])
    if len(attributed) != len(entries):
        stray = [entries[i] for i in range(len(entries)) if i not in attributed]
        raise InvalidRun("%s: %d logged requests fall outside every task: %s" % (key, len(stray), stray[:3]))


def economy_row(run, entries, step, module, first_min, rerun_min, note):
    """The requests of one economy step's first run and rerun, against the API's minimum."""
    first = count_requests(run.task(step + "|first"), entries)
    rerun = count_requests(run.task(step + "|rerun"), entries)
    return {"step": step, "module": module, "first": first, "rerun": rerun, "first_min": first_min,
            "rerun_min": rerun_min, "note": note,
            "rerun_no_extra_write": rerun["writes"] <= rerun_min[1],
            "rerun_reads_at_min": rerun["reads"] <= rerun_min[0],
            "first_at_min": first["reads"] <= first_min[0] and first["writes"] <= first_min[1]}


def section_economy(args, results, key="economy", playbook="economy.yml", steps=None, skip_modules=CURRENT_ONLY):
    """Requests of every module on a first run and a rerun, from the request log of one playbook run."""
    steps = ECONOMY_STEPS if steps is None else steps
    emulator = Emulator(os.path.join(OUT, key), speed=args.economy_speed)
    with emulator:
        log("%s: ansible-playbook bench/playbooks/%s (emulator --speed %g)" % (key, playbook, emulator.speed))
        run = ans.playbook(playbook, emulator, key)
        entries = emulator.requests_log()
    check_economy_log(key, run, entries)
    rows = [economy_row(run, entries, *step) for step in steps]
    covered = {r["module"] for r in rows}
    missing = [m for m in ans.installed_modules() if m not in covered and m not in skip_modules and m not in RESOURCE_MANAGER]
    if missing:
        raise InvalidRun("%s: modules without a measurement: %s" % (key, ", ".join(missing)))
    results[key] = {"speed": emulator.speed, "rows": rows, "playbook_seconds": run.wall, "load": load(), "playbook": playbook}


# ---------------------------------------------------------------------------------------------------------------
# 2. Polling latency
# ---------------------------------------------------------------------------------------------------------------

PHASES = {
    # phase: (record kind, record field holding the operation's start, seconds to the terminal status at real pace)
    "reserve": ("search", "_start", emu_pn.SEARCH_RESERVED),
    "purchase": ("search", "_purchase_start", emu_pn.PURCHASE_DONE),
    "cancel": ("search", "_cancel_start", emu_pn.CANCEL_DONE),
    "release": ("release", "_start", emu_pn.RELEASE_DONE),
    "capabilities": ("capabilities", "_start", emu_pn.CAPABILITIES_DONE),
}


def toll_free_plan(emulator):
    """A US toll-free plan offering area code 833, read with the SDK."""
    # pylint: disable=import-outside-toplevel
    from azure.communication.administration import PhoneNumberAdministrationClient
    client = PhoneNumberAdministrationClient.from_connection_string(emulator.connection_string, connection_verify=emulator.ca)
    groups = [g for g in client.list_phone_plan_groups("US") if g.phone_number_type == "TollFree"]
    for plan in client.list_phone_plans("US", groups[0].phone_plan_group_id):
        if "833" in (plan.area_codes or []):
            return plan.phone_plan_id
    raise InvalidRun("the emulator's catalogue has no US toll-free plan with area code 833")


def module_samples(run):
    """(phase, kind, id, end) of each long-running task of lro.yml, with its final status checked."""
    wanted = [("reserve", "search", "Reserved"), ("purchase", "search", "Success"), ("capabilities", "capabilities", "Complete"),
              ("release", "release", "Complete"), ("reserve_b", "search", "Reserved"), ("cancel", "search", "Cancelled")]
    samples = []
    for task_name, kind, status in wanted:
        task = run.task(task_name)
        result = task["result"]
        if kind == "search":
            body, op_id, got = result.get("search") or {}, (result.get("search") or {}).get("search_id"), (result.get("search") or {}).get("status")
        elif kind == "release":
            body = result.get("release") or {}
            op_id, got = body.get("release_id"), body.get("status")
        else:
            body = result.get("capabilities_update") or {}
            op_id, got = body.get("capabilities_update_id"), body.get("capabilities_update_status")
        if not op_id or got != status or not result.get("changed"):
            raise InvalidRun("polling: task %s ended with id %r status %r changed %r, expected status %s"
                             % (task_name, op_id, got, result.get("changed"), status))
        samples.append({"phase": "reserve" if task_name == "reserve_b" else task_name, "kind": kind, "id": op_id,
                        "end": task["end"], "status": got, "reported_polls": (result.get("stats") or {}).get("polls")})
    return samples


def status_reads(entries, op_id, started, end):
    """Times of the GETs of `op_id` from the operation's start to `end`. The log's times are whole milliseconds
    (truncated), so a read sent a millisecond before the request that started the operation (the module reads a search
    before cancelling it) can share the start's millisecond: within the window, only the reads after the last write to
    the operation (in the log's order) count."""
    window = [e for e in entries if op_id in e["path"] and started - 0.002 <= e["t"] <= end]
    writes = [i for i, e in enumerate(window) if e["method"] != "GET"]
    after = window[writes[-1] + 1:] if writes else window
    return sorted(e["t"] for e in after if e["method"] == "GET" and e["path"].endswith("/" + op_id))


def analyse_sample(sample, emulator, entries, side):
    kind, field, seconds = PHASES[sample["phase"]]
    if kind != sample["kind"]:
        raise InvalidRun("polling: %s sample of kind %s" % (sample["phase"], sample["kind"]))
    doc = emulator.record(kind, sample["id"])
    if field not in doc:
        raise InvalidRun("polling: %s record %s has no %s" % (kind, sample["id"], field))
    offset = doc["_clock_offset"]
    started = doc[field] - offset
    terminal = doc[field] + seconds / emulator.speed - offset
    polls = status_reads(entries, sample["id"], started, sample["end"])
    observed = [t for t in polls if t >= terminal - 0.001]
    if not observed:
        raise InvalidRun("polling: %s %s %s returned at %.3f without a poll after the terminal status (%.3f)"
                         % (side, sample["phase"], sample["id"], sample["end"], terminal))
    if side == "module" and isinstance(sample.get("reported_polls"), int) and not 0 <= len(polls) - sample["reported_polls"] <= 1:
        raise InvalidRun("polling: module %s reports %s polls, the emulator logged %d status reads"
                         % (sample["phase"], sample["reported_polls"], len(polls)))
    waited = sample["end"] - started
    return {"side": side, "phase": sample["phase"], "id": sample["id"], "polls": len(polls), "waited": waited,
            "polls_per_minute": len(polls) / waited * 60.0, "poll_lag": observed[0] - terminal,
            "return_lag": sample["end"] - terminal, "duration": terminal - started}


def section_polling(args, results):
    runs = [(args.lro_speed, args.reps)]
    if args.offset_speed and args.offset_reps:
        runs.append((args.offset_speed, args.offset_reps))
    results["polling"] = {"runs": [polling_run(speed, reps) for speed, reps in runs], "load": load()}


def polling_run(speed, reps):
    """`reps` samples of every long-running operation per side on one emulator at `speed`."""
    workdir = os.path.join(OUT, "polling-%g" % speed)
    emulator = Emulator(workdir, speed=speed, state=os.path.join(workdir, "emulator.sqlite"))
    rows = []
    with emulator:
        plan_id = toll_free_plan(emulator)
        for rep in range(1, reps + 1):
            order = ("module", "sdk") if rep % 2 else ("sdk", "module")
            for side in order:
                emulator.clear_log()
                if side == "module":
                    log("polling --speed %g rep %d/%d: ansible-playbook bench/playbooks/lro.yml" % (speed, rep, reps))
                    run = ans.playbook("lro.yml", emulator, "lro-%g-%d" % (speed, rep),
                                       extra_vars={"prefix": "bench-m%d" % rep, "plan_id": plan_id, "area_code": "833"})
                    samples = module_samples(run)
                else:
                    log("polling --speed %g rep %d/%d: python bench/sdk/sdk_lro.py" % (speed, rep, reps))
                    samples = run_sdk_lro(emulator, plan_id, "bench-s%d" % rep)
                entries = emulator.requests_log()
                bad = [e for e in entries if e["status"] is None or e["status"] >= 400]
                if bad:
                    raise InvalidRun("polling: %s rep %d saw failed requests: %s" % (side, rep, bad[:3]))
                rows += [dict(analyse_sample(s, emulator, entries, side), rep=rep) for s in samples]
        stats = emulator.stats()
    purchases = stats.get("purchases") or {}
    if len(purchases) != 2 * reps or set(purchases.values()) != {1}:
        raise InvalidRun("polling: expected one purchase per search in %d searches, the emulator counted %s" % (2 * reps, purchases))
    if len(rows) != 12 * reps:
        raise InvalidRun("polling: %d samples, expected %d" % (len(rows), 12 * reps))
    return {"speed": speed, "reps": reps, "samples": rows}


def run_sdk_lro(emulator, plan_id, prefix):
    env = dict(os.environ, **emulator.client_env())
    proc = subprocess.run([sys.executable, os.path.join(BENCH, "sdk", "sdk_lro.py"), "--plan-id", plan_id, "--area-code", "833",
                           "--prefix", prefix], capture_output=True, text=True, env=env, check=False, timeout=900)
    if proc.returncode != 0:
        raise InvalidRun("sdk_lro.py exited %d:\n%s" % (proc.returncode, proc.stderr[-3000:]))
    return json.loads(proc.stdout)


# ---------------------------------------------------------------------------------------------------------------
# 3. Bulk onboarding
# ---------------------------------------------------------------------------------------------------------------

def check_identity_stats(emulator, label, users):
    stats = emulator.stats()
    entries = emulator.requests_log()
    bad = [e for e in entries if e["status"] not in (200, 201)]
    if stats["users_created"] != users or stats["tokens_issued"] != users or bad:
        raise InvalidRun("bulk %s: %d users requested; the emulator counted %d users created, %d tokens issued, %d failed requests"
                         % (label, users, stats["users_created"], stats["tokens_issued"], len(bad)))
    return len(entries)


def section_bulk(args, results):
    results["bulk"] = current.bulk_section("bulk", args, ("count", "loop", "sdk"), bulk_variant)


def bulk_variant(emulator, variant, users, latency_ms):
    current.start_bulk_variant(emulator, "bulk", variant, users, latency_ms)
    if variant == "sdk":
        env = dict(os.environ, **emulator.client_env())
        start = time.time()
        proc = subprocess.run([sys.executable, os.path.join(BENCH, "sdk", "sdk_onboard.py"), str(users)],
                              capture_output=True, text=True, env=env, check=False, timeout=3600)
        wall = time.time() - start
        if proc.returncode != 0:
            raise InvalidRun("sdk_onboard.py exited %d:\n%s" % (proc.returncode, proc.stderr[-3000:]))
        task_seconds = json.loads(proc.stdout)["loop_seconds"]
    else:
        run = ans.playbook("onboard_%s.yml" % variant, emulator, "onboard-%s-%d" % (variant, latency_ms), extra_vars={"n": users})
        task = run.task("onboard")
        wall, task_seconds = run.wall, task["end"] - task["start"]
        if variant == "loop" and (task["result"].get("loop_items") != users or task["result"].get("loop_failed")):
            raise InvalidRun("bulk loop: %s items, %s failed" % (task["result"].get("loop_items"), task["result"].get("loop_failed")))
    requests_sent = check_identity_stats(emulator, variant, users)
    emulator.check_delayed("bulk %s" % variant, latency_ms, requests_sent)
    return {"wall": wall, "task": task_seconds, "requests": requests_sent}


# ---------------------------------------------------------------------------------------------------------------
# 4. Per-task overhead
# ---------------------------------------------------------------------------------------------------------------

OVERHEAD = {
    # section: (module arguments, SDK script, the one operation both send)
    "overhead": ("api_version=2020-07-20-preview1", "sdk_countries.py", "PhoneNumberAdministration_GetAllSupportedCountries"),
    "overhead-ga": ("", "ga_countries.py", "PhoneNumbers_ListAvailableCountries"),
}


def section_overhead(args, results, key="overhead"):
    module_args, script, operation = OVERHEAD[key]
    emulator = Emulator(os.path.join(OUT, key), speed=50)
    module_times, sdk_times = [], []
    with emulator:
        env = dict(os.environ, **emulator.client_env())
        for rep in range(args.overhead_reps):
            for side in (("module", "sdk") if rep % 2 == 0 else ("sdk", "module")):
                emulator.clear_log()
                if side == "module":
                    run = ans.adhoc("acs.administration.acs_country_info", module_args, emulator, "%s-%d" % (key, rep))
                    module_times.append(run.wall)
                else:
                    start = time.time()
                    proc = subprocess.run([sys.executable, os.path.join(BENCH, "sdk", script)], capture_output=True,
                                          text=True, env=env, check=False, timeout=300)
                    sdk_times.append(time.time() - start)
                    if proc.returncode != 0 or proc.stdout.strip() == "0":
                        raise InvalidRun("%s exited %d: %s" % (script, proc.returncode, (proc.stderr or proc.stdout)[-2000:]))
                entries = emulator.requests_log()
                if [(e["operation"], e["status"]) for e in entries] != [(operation, 200)]:
                    raise InvalidRun("%s %s: expected one %s, the emulator logged %s"
                                     % (key, side, operation, [(e["operation"], e["status"]) for e in entries]))
        log("%s: %d x ansible localhost -m acs_country_info %s, %d x %s" % (key, len(module_times), module_args, len(sdk_times), script))
        # python's own start-up, for scale
        start = time.time()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        bare_python = time.time() - start
    results[key] = {"module": module_times, "sdk": sdk_times, "python_startup": bare_python, "load": load(),
                    "module_args": module_args, "script": script, "operation": operation}


def section_overhead_ga(args, results):
    """The current-API overhead: acs_country_info against the SDK script, then every current-API module against
    `ansible -m ping` (benchlib/overhead.py)."""
    section_overhead(args, results, "overhead-ga")
    overhead.section_modules(args, results["overhead-ga"])
    results["overhead-ga"]["load"] = load()


def render_overhead_ga(data, summary, number="6"):
    lines = render_overhead(data, summary, number)
    if data.get("modules"):
        lines += overhead.render_modules(data, summary, number)
    return lines


# ---------------------------------------------------------------------------------------------------------------
# 5. Emulator throughput
# ---------------------------------------------------------------------------------------------------------------

def section_throughput(args, results, key="throughput"):
    family = "current" if key.endswith("-ga") else "legacy"
    read, write = tp.FAMILIES[family]
    rows = []
    reuse = None
    for tls in (True, False):
        emulator = Emulator(os.path.join(OUT, key), speed=50, tls=tls, name="emulator-%s" % ("tls" if tls else "plain"))
        with emulator:
            if tls:
                reuse = tp.connection_reuse(emulator)
            plan = [(read, 1), (read, 8)]
            if tls:
                plan.append((write, 8))
            for operation, threads in plan:
                log("%s: %d x %s, %d thread(s), %s" % (key, args.throughput_requests, operation, threads, "HTTPS" if tls else "HTTP"))
                rows.append(tp.measure(emulator, operation, args.throughput_requests, threads))
    results[key] = {"rows": rows, "reuse": reuse, "load": load()}


# ---------------------------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------------------------

def versions():
    def pkg(name):
        try:
            from importlib.metadata import version  # pylint: disable=import-outside-toplevel
            return version(name)
        except Exception:  # pylint: disable=broad-except
            return "?"
    cpu = "?"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), "?")
    except OSError:
        pass
    return {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": "%s %s, %s, %d CPU(s)" % (platform.system(), platform.release(), cpu, os.cpu_count() or 0),
            "python": platform.python_version(), "ansible-core": pkg("ansible-core"), "requests": pkg("requests"),
            "azure-communication-administration": pkg("azure-communication-administration"), "azure-core": pkg("azure-core"),
            "azure-communication-identity": pkg("azure-communication-identity"),
            "azure-communication-phonenumbers": pkg("azure-communication-phonenumbers"),
            "werkzeug": pkg("werkzeug"), "cheroot": pkg("cheroot"), "load_at_start": load()}


def _demote(lines):
    """Section headings one level down (## -> ###), under the API family's heading."""
    return ["#" + line if line.startswith("##") else line for line in lines]


def machine_sentence(meta):
    """Whether the machine ran other jobs during the run, from its 1-minute load average at the start and the end."""
    loads = []
    for value in (meta.get("load_at_start"), meta.get("load_at_end")):
        try:
            loads.append(float(str(value).split()[0]))
        except (ValueError, IndexError):
            loads.append(None)
    if None not in loads and max(loads) < 1.0:
        said = "The machine (2 cores) was otherwise idle during the run (1-minute load average below 1 at its start and end)"
    else:
        said = "The machine (2 cores) was shared with other jobs during the run, so absolute times are noisy"
    return (said + "; every ratio compares two figures of this run, taken one after the other on the same emulator. Each "
            "section gives the load average when it ended.")


def render(results, args, collection_version):
    meta = results["meta"]
    lines = ["# Benchmark results", "",
             "Produced by `make bench` (`python bench/run.py`); see bench/README.md for what each figure means.", "",
             "| | |", "|---|---|",
             "| date | %s |" % meta["date"], "| machine | %s |" % meta["machine"],
             "| load average (1/5/15 min) | at start %s, at end %s |" % (meta["load_at_start"], meta.get("load_at_end", "?")),
             "| acs.administration | %s (built and installed with ansible-galaxy) |" % collection_version,
             "| python / ansible-core / requests | %s / %s / %s |" % (meta["python"], meta["ansible-core"], meta["requests"]),
             "| official SDKs | current APIs: azure-communication-identity %s, azure-communication-phonenumbers %s; legacy APIs: "
             "azure-communication-administration %s; azure-core %s |" % (
                 meta.get("azure-communication-identity", "?"), meta.get("azure-communication-phonenumbers", "?"),
                 meta["azure-communication-administration"], meta["azure-core"]),
             "| emulator | tests/emulator (werkzeug %s on cheroot %s), HTTPS |" % (meta["werkzeug"], meta["cheroot"]), "",
             machine_sentence(meta), ""]
    families = (
        ("Current APIs (identity 2023-10-01, phone numbers 2025-06-01; issue 17)", (
            ("numbers", current.render_numbers), ("bulk-ga", current.render_bulk_ga),
            ("polling-ga", lambda data, summary: current.render_polling_ga(data, summary, poller_text())),
            ("economy-ga", lambda data, summary: render_economy(data, summary, "5")),
            ("overhead-ga", lambda data, summary: render_overhead_ga(data, summary, "6")),
            ("throughput-ga", lambda data, summary: render_throughput(data, summary, "6")),
            ("sip", sip.render_sip))),
        ("Legacy APIs (identity 2020-07-20-preview2, phone numbers 2020-07-20-preview1)", (
            ("economy", render_economy), ("polling", render_polling), ("bulk", render_bulk),
            ("overhead", render_overhead), ("throughput", render_throughput))),
    )
    for title, renderers in families:
        summary = []
        body = []
        for name, renderer in renderers:
            if name in results:
                section = renderer(results[name], summary)
                # under the section's heading: how busy the machine was when the section ended
                body += section[:2] + ["Load average (1/5/15 min) when this section ended: %s." % results[name].get("load", "?"), ""] + section[2:]
        if body:
            lines += ["## " + title, "", "### Targets", "", "| target | result | figures |", "|---|---|---|"] + summary + [""] + _demote(body)
    return "\n".join(lines) + "\n"


def render_economy(data, summary, number="1"):
    rows = data["rows"]
    lines = ["## %s. Requests per operation" % number, "",
             "Counted from the emulator's request log (emulator `--speed %g`), one `ansible-playbook` run of "
             "`bench/playbooks/%s`: each step runs once and again with the same arguments. reads exclude polls; "
             "polls are the status reads after the write (their number depends on the emulator's speed). "
             "\"API minimum\" is reads+writes that the API needs for the operation (polls not included)." % (
                 data["speed"], data.get("playbook", "economy.yml")), "",
             "| step | module | first run: reads / writes / polls | changed | rerun: reads / writes | changed "
             "| API minimum first | API minimum rerun | rerun target | requests of the rerun |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        f, s = r["first"], r["rerun"]
        target = rerun_target(r)
        lines.append("| %s | %s | %d / %d / %d | %s | %d / %d | %s | %d + %d | %d + %d | %s | %s |" % (
            r["step"], r["module"], f["reads"], f["writes"], f["polls"], f["changed"], s["reads"], s["writes"], s["changed"],
            r["first_min"][0], r["first_min"][1], r["rerun_min"][0], r["rerun_min"][1], target, ", ".join(s["ops"]) or "none"))
    lines += ["", "What the minimum is, per step:", ""]
    lines += ["- `%s`: %s" % (r["step"], r["note"]) for r in rows]
    lines.append("")
    economy_summary(rows, summary, number)
    first_extra = [r for r in rows if not r["first_at_min"]]
    if first_extra:
        lines += ["First runs above the API minimum (polls excluded): " + "; ".join(
            "`%s` %d reads + %d writes (%s)" % (r["step"], r["first"]["reads"], r["first"]["writes"], ", ".join(r["first"]["ops"]))
            for r in first_extra), ""]
    return lines


def rerun_target(r):
    """"met", "at API minimum (N write)" or "**not met**" for a rerun's requests."""
    s = r["rerun"]
    if s["writes"] == 0 and s["reads"] <= r["rerun_min"][0]:
        return "met"
    if r["rerun_min"][1] and s["writes"] <= r["rerun_min"][1] and s["reads"] <= r["rerun_min"][0]:
        return "at API minimum (%d write)" % r["rerun_min"][1]
    return "**not met**"


def economy_summary(rows, summary, number):
    """The economy section's two rows of the targets table."""
    no_write = [r for r in rows if r["rerun"]["writes"] > r["rerun_min"][1]]
    extra_reads = [r for r in rows if r["rerun"]["reads"] > r["rerun_min"][0]]
    api_writes = [r["step"] for r in rows if r["rerun_min"][1]]
    summary.append("| %s. reruns send no write | %s | %s |" % (
        number, verdict(not no_write),
        ("no rerun writes, except %s where the API itself requires the write" % ", ".join(api_writes)) if not no_write else
        "extra writes in " + ", ".join("%s (%d)" % (r["step"], r["rerun"]["writes"]) for r in no_write)))
    summary.append("| %s. reruns at the API's minimum of reads | %s | %s |" % (
        number, verdict(not extra_reads),
        "every rerun at the API minimum" if not extra_reads else
        "; ".join("%s: %d reads vs %d (%s)" % (r["step"], r["rerun"]["reads"], r["rerun_min"][0], ", ".join(r["rerun"]["ops"]))
                  for r in extra_reads)))


PHASE_ORDER = ["reserve", "purchase", "cancel", "release", "capabilities"]


POLL_KINDS = {"search": "search", "purchase": "reservation_purchase", "capabilities": "capabilities", "release": "release"}


def poller_text():
    """The installed collection's read schedule of each current-API phase (poll_schedule.py), for the polling section."""
    tp._client_classes()  # puts the installed collection on sys.path  pylint: disable=protected-access
    from ansible_collections.acs.administration.plugins.module_utils.transport import poll_schedule  # pylint: disable=import-outside-toplevel,import-error
    reads = ["%s (kind `%s`) at %s" % (phase, kind, ", ".join(fmt(t, 2) for t in poll_schedule.read_offsets(kind, 16)))
             for phase, kind in POLL_KINDS.items()]
    return ("The collection's Poller reads on a schedule per kind of operation (`transport/poll_schedule.py`, "
            "docs/polling_and_retries.md), in seconds after the request that started the operation: %s, ... (then every 5 s at "
            "most). The SDK reads at once, then every %g s." % ("; ".join(reads), current.SDK_INTERVAL))


def phase_stats(samples, phase, side, key):
    return median([s[key] for s in samples if s["phase"] == phase and s["side"] == side])


def polling_table(run):
    samples = run["samples"]
    speed = run["speed"]
    title = "### Emulator `--speed %g` (%s), %d repetition(s) per side" % (
        speed, "real pace" if speed == 1 else "every duration divided by %g" % speed, run["reps"])
    lines = [title, "",
             "| operation | time to terminal (s) | samples (module + SDK) | module lag (s) | SDK lag (s) | module poll lag (s) "
             "| SDK poll lag (s) | module polls | SDK polls | module polls/min | SDK polls/min |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for phase in PHASE_ORDER:
        count = {side: len([s for s in samples if s["phase"] == phase and s["side"] == side]) for side in ("module", "sdk")}
        lines.append("| %s | %s | %d + %d | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            phase, fmt(phase_stats(samples, phase, "module", "duration"), 2), count["module"], count["sdk"],
            fmt(phase_stats(samples, phase, "module", "return_lag")), fmt(phase_stats(samples, phase, "sdk", "return_lag")),
            fmt(phase_stats(samples, phase, "module", "poll_lag")), fmt(phase_stats(samples, phase, "sdk", "poll_lag")),
            fmt(phase_stats(samples, phase, "module", "polls"), 1), fmt(phase_stats(samples, phase, "sdk", "polls"), 1),
            fmt(phase_stats(samples, phase, "module", "polls_per_minute"), 1), fmt(phase_stats(samples, phase, "sdk", "polls_per_minute"), 1)))
    pooled = {}
    for side in ("module", "sdk"):
        mine = [s for s in samples if s["side"] == side]
        pooled[side] = {"lag": median([s["return_lag"] for s in mine]), "lag_max": max(s["return_lag"] for s in mine),
                        "ppm": sum(s["polls"] for s in mine) / sum(s["waited"] for s in mine) * 60.0}
    lines += ["", "All operations: module lag median %s s (max %s), SDK lag median %s s (max %s); polls per minute of waiting, "
              "all samples pooled: module %s, SDK %s." % (fmt(pooled["module"]["lag"]), fmt(pooled["module"]["lag_max"]),
                                                          fmt(pooled["sdk"]["lag"]), fmt(pooled["sdk"]["lag_max"]),
                                                          fmt(pooled["module"]["ppm"], 1), fmt(pooled["sdk"]["ppm"], 1)), ""]
    return lines, pooled


def render_polling(data, summary):
    lines = ["## 2. Polling latency", "",
             "Each long-running operation's start is read from the emulator's record of it (`_start`, `_purchase_start`, "
             "`_cancel_start` in its SQLite state) and its terminal-status time is that start plus the emulator's fixed duration "
             "divided by the speed. **lag** = the module's task (as the callback sees it) or the SDK call returning, minus the "
             "terminal-status time; **poll lag** = the first status read the emulator received after the terminal status, minus "
             "that time; **polls** = status reads of the resource in the request log between the start and the return (the "
             "module's read right after the write and the SDK's initial read included); **polls/min** = polls per minute of "
             "waiting (start to return). Module: `ansible-playbook bench/playbooks/lro.yml`. SDK: `bench/sdk/sdk_lro.py`, the "
             "SDK's own pollers for reserve, purchase and release; the SDK has no poller for cancel and capability updates, so "
             "those poll at the SDK pollers' fixed 5 s. Medians per operation.", ""]
    real = None
    for run in data["runs"]:
        table, pooled = polling_table(run)
        lines += table
        if real is None:
            real = (run, pooled)
    lines += [schedule_sentence(), ""]
    run, pooled = real
    polling_summary(run, pooled, data, summary)
    return lines


LEGACY_POLL_KINDS = {"reserve": "legacy_reservation", "purchase": "legacy_purchase", "cancel": "legacy_cancellation",
                     "release": "legacy_release", "capabilities": "legacy_capabilities"}


def schedule_sentence():
    """The legacy polling section's sentence on when the Poller reads (the installed collection's legacy schedules)."""
    tp._client_classes()  # puts the installed collection on sys.path  pylint: disable=protected-access
    from ansible_collections.acs.administration.plugins.module_utils.transport import poll_schedule  # pylint: disable=import-outside-toplevel,import-error
    reads = ["%s at %s" % (phase, ", ".join(fmt(t, 2) for t in poll_schedule.read_offsets(kind, 32))) for phase, kind in LEGACY_POLL_KINDS.items()]
    return ("The collection's Poller reads on a schedule per kind of operation (`transport/poll_schedule.py`), in seconds after "
            "the read that found the operation under way: %s. The emulator's durations (5, 30, 3, 20, 5 s) are multiples of the "
            "SDK's fixed 5 s interval, so at real pace the SDK's reads land just after each transition; the second pass at another "
            "speed shows the SDK when they do not." % "; ".join(reads))


def polling_summary(run, pooled, data, summary):
    """The legacy polling section's two rows of the targets table, from its first (real pace) run."""
    samples = run["samples"]
    slow = ["%s %s s" % (p, fmt(phase_stats(samples, p, "module", "return_lag"))) for p in PHASE_ORDER]
    others = "; ".join("at --speed %g: module %s s, SDK %s s" % (
        r["speed"], fmt(polling_table(r)[1]["module"]["lag"]), fmt(polling_table(r)[1]["sdk"]["lag"])) for r in data["runs"][1:])
    summary.append("| 2. module lag under 0.5 s (median) | %s | real pace: median %s s over all samples (SDK %s s); per operation: %s%s |" % (
        verdict(pooled["module"]["lag"] < 0.5 and all(phase_stats(samples, p, "module", "return_lag") < 0.5 for p in PHASE_ORDER)),
        fmt(pooled["module"]["lag"]), fmt(pooled["sdk"]["lag"]), ", ".join(slow), ("; " + others) if others else ""))
    per_phase = [(p, phase_stats(samples, p, "module", "polls_per_minute"), phase_stats(samples, p, "sdk", "polls_per_minute"))
                 for p in PHASE_ORDER]
    summary.append("| 2. fewer polls per minute of waiting than the SDK | %s | real pace, pooled: module %s vs SDK %s; per operation (module/SDK): %s |" % (
        verdict(pooled["module"]["ppm"] < pooled["sdk"]["ppm"] and all(m < s for _p, m, s in per_phase)),
        fmt(pooled["module"]["ppm"], 1), fmt(pooled["sdk"]["ppm"], 1), ", ".join("%s %s/%s" % (p, fmt(m, 1), fmt(s, 1)) for p, m, s in per_phase)))


def render_bulk(data, summary):
    rows, users = data["rows"], data["users"]
    names = {"count": "`acs_user` with `count: %d` (one task, 8 workers)" % users, "loop": "`acs_user` in a playbook loop",
             "sdk": "official SDK, sequential Python loop"}
    lines = ["## 3. Bulk onboarding", "",
             "%d users, each with a chat+voip token (2 requests per user); the emulator's stats (users_created, tokens_issued) "
             "and request log are checked after each variant. wall = the whole command (`ansible-playbook ...` or "
             "`python bench/sdk/sdk_onboard.py`); task = the onboarding task alone (callback timestamps) or the SDK loop alone." % users, ""]

    def table(variant_rows, title):
        out = [title, "", "| variant | wall (s) | task (s) | requests | users/s (wall) | SDK wall / this wall |", "|---|---|---|---|---|---|"]
        for key in ("count", "loop", "sdk"):
            if key in variant_rows:
                row = variant_rows[key]
                out.append("| %s | %s | %s | %d | %s | %s |" % (
                    names[key], fmt(row["wall"], 1), fmt(row["task"], 1), row["requests"], fmt(users / row["wall"], 1),
                    fmt(variant_rows["sdk"]["wall"] / row["wall"])))
        return out + [""]

    lines += table(rows, "### Loopback, no added latency")
    ratio = rows["sdk"]["wall"] / rows["count"]["wall"]
    ratio_task = rows["sdk"]["task"] / rows["count"]["task"]
    figures = "loopback: %sx end to end (%s s vs %s s), %sx task vs loop (%s s vs %s s); playbook loop %s s" % (
        fmt(ratio), fmt(rows["count"]["wall"], 1), fmt(rows["sdk"]["wall"], 1), fmt(ratio_task), fmt(rows["count"]["task"], 1),
        fmt(rows["sdk"]["task"], 1), fmt(rows["loop"]["wall"], 1))
    met = ratio >= 5
    if data.get("latency_rows"):
        lrows = data["latency_rows"]
        lines += table(lrows, "### Every request delayed %d ms by the emulator (its `latency` fault at rate 1), like a remote service"
                       % data["latency_ms"])
        lratio = lrows["sdk"]["wall"] / lrows["count"]["wall"]
        figures += "; with %d ms per request: %sx end to end (%s s vs %s s)" % (
            data["latency_ms"], fmt(lratio), fmt(lrows["count"]["wall"], 1), fmt(lrows["sdk"]["wall"], 1))
        verdict_text = "%s on loopback, %s with %d ms latency" % (verdict(met), verdict(lratio >= 5), data["latency_ms"])
    else:
        verdict_text = verdict(met)
    summary.append("| 3. one `count` task at least 5x faster than the SDK loop | %s | %s |" % (verdict_text, figures))
    return lines


def render_overhead(data, summary, number="4"):
    mod, sdk = median(data["module"]), median(data["sdk"])
    operation = data.get("operation", "PhoneNumberAdministration_GetAllSupportedCountries").split("_", 1)[-1]
    command = "ansible localhost -m acs.administration.acs_country_info" + (" -a %s" % data["module_args"] if data.get("module_args") else "")
    script = data.get("script", "sdk_countries.py")
    lines = ["## %s. Per-task overhead" % number, "",
             "One `%s` request each (checked in the request log), %d runs each, alternating." % (operation, len(data["module"])), "",
             "| command | median wall (s) | min (s) | max (s) |", "|---|---|---|---|",
             "| `%s` | %s | %s | %s |" % (command, fmt(mod), fmt(min(data["module"])), fmt(max(data["module"]))),
             "| `python bench/sdk/%s` (official SDK) | %s | %s | %s |" % (script, fmt(sdk), fmt(min(data["sdk"])), fmt(max(data["sdk"]))),
             "| `python -c pass` (interpreter start-up, for scale) | %s | | |" % fmt(data["python_startup"]), "",
             "The ansible command costs %s s more than the bare SDK script (%sx)." % (fmt(mod - sdk), fmt(mod / sdk)), ""]
    summary.append("| %s. per-task overhead (no target) | measured | `ansible -m` %s s vs SDK script %s s (+%s s) |" % (
        number, fmt(mod), fmt(sdk), fmt(mod - sdk)))
    return lines


def render_throughput(data, summary, number="5"):
    reuse = data["reuse"]
    lines = ["## %s. Emulator throughput" % number, "",
             "Signed requests sent with the collection's `ACSClient` (one shared `requests.Session`) from the benchmark process; the "
             "emulator and the client share the machine's cores.", "",
             "| operation | transport | client threads | requests | seconds | requests/s |", "|---|---|---|---|---|---|"]
    for row in data["rows"]:
        lines.append("| %s | %s | %d | %d | %s | %s |" % (
            row["operation"], "HTTPS" if row["tls"] else "HTTP (`--no-tls`)", row["threads"], row["requests"], fmt(row["seconds"]),
            fmt(row["per_second"], 0)))
    consequence = ("the connection is reused (one TLS handshake)" if reuse["connections_opened"] == 1 else
                   "every request pays a new TLS handshake" if reuse["connections_opened"] >= reuse["requests"] else
                   "connections are reused only in part")
    lines += ["", "Connection reuse: the emulator answers %s with `Connection: %s`; %d sequential requests on one "
              "`requests.Session` opened %d TCP connection(s), so %s."
              % (reuse["http_version"], reuse["connection_header"], reuse["requests"], reuse["connections_opened"], consequence), ""]
    best = max(data["rows"], key=lambda r: r["per_second"] if r["tls"] else 0)
    summary.append("| %s. emulator throughput (no target) | measured | up to %s signed requests/s over HTTPS (%s, %d threads) |" % (
        number, fmt(best["per_second"], 0), best["operation"], best["threads"]))
    return lines


RUNNERS = {
    "numbers": current.section_numbers,
    "polling-ga": current.section_polling_ga,
    "bulk-ga": current.section_bulk_ga,
    "economy-ga": lambda args, results: section_economy(args, results, "economy-ga", "economy_ga.yml", ECONOMY_GA_STEPS, LEGACY_ONLY),
    "overhead-ga": section_overhead_ga,
    "throughput-ga": lambda args, results: section_throughput(args, results, "throughput-ga"),
    "sip": sip.section_sip,
    "economy": section_economy, "polling": section_polling, "bulk": section_bulk, "overhead": section_overhead,
    "throughput": section_throughput,
}


def smallest(args):
    """--smoke: each section once, on the fewest users, numbers and requests, with the emulator's clock fast."""
    args.users, args.numbers, args.workers, args.reps, args.offset_reps, args.offset_speed = 3, 2, 2, 1, 0, 0
    args.overhead_reps, args.throughput_requests, args.latency_ms, args.sip_routes = 1, 20, 5, 3
    args.bulk_reps, args.overhead_module_reps = 1, 2
    args.lro_speed = args.ga_lro_speed = args.numbers_speed = args.economy_speed = 50.0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", action="append", choices=SECTIONS, help="run only this section (repeatable)")
    parser.add_argument("--quick", action="store_true", help="small sizes for a trial run (never written to RESULTS.md)")
    parser.add_argument("--smoke", action="store_true",
                        help="every section at its smallest size and fast clocks (make test: the bench code keeps working)")
    parser.add_argument("--users", type=int, default=500, help="users in the bulk onboarding (default 500)")
    parser.add_argument("--bulk-reps", type=int, default=3,
                        help="runs of each side of the current-API onboarding on loopback, in turn (default 3; medians)")
    parser.add_argument("--numbers", type=int, default=50, help="numbers released and updated in the numbers section (default 50)")
    parser.add_argument("--numbers-speed", type=float, default=10.0, help="emulator speed for the numbers section (default 10)")
    parser.add_argument("--workers", type=int, default=50, help="acs_phone_number workers in the numbers section (default 50)")
    parser.add_argument("--ga-lro-speed", type=float, default=1.0, help="emulator speed for polling-ga (default 1 = real pace)")
    parser.add_argument("--reps", type=int, default=3, help="polling repetitions per side (default 3)")
    parser.add_argument("--lro-speed", type=float, default=1.0, help="emulator speed for the polling section (default 1 = real pace)")
    parser.add_argument("--offset-speed", type=float, default=1.3,
                        help="a second polling pass at this speed, so that durations are not multiples of the SDK's 5 s (0: none)")
    parser.add_argument("--offset-reps", type=int, default=2, help="repetitions per side of the second polling pass (default 2)")
    parser.add_argument("--economy-speed", type=float, default=50.0, help="emulator speed for the economy section (default 50)")
    parser.add_argument("--latency-ms", type=int, default=50,
                        help="bulk onboarding again with every request delayed this much by the emulator (0: skip)")
    parser.add_argument("--overhead-reps", type=int, default=5, help="runs per side in the overhead section (default 5)")
    parser.add_argument("--overhead-module-reps", type=int, default=7,
                        help="runs of each current-API module and of ansible -m ping, alternating, in overhead-ga (default 7)")
    parser.add_argument("--throughput-requests", type=int, default=300, help="requests per throughput measurement (default 300)")
    parser.add_argument("--sip-routes", type=int, default=100, help="routes in the direct routing section (default 100)")
    parser.add_argument("--output", help="markdown file to write (default: bench/RESULTS.md for a full run, else bench/out/RESULTS.partial.md)")
    parser.add_argument("--render", metavar="RESULTS_JSON", help="only render the tables of an earlier run's bench/out/results.json")
    args = parser.parse_args()
    if args.render:
        with open(args.render, encoding="utf-8") as handle:
            earlier = json.load(handle)
        text = render(earlier, args, earlier["meta"].get("collection_version", "?"))
        with open(args.output or os.path.join(OUT, "RESULTS.rendered.md"), "w", encoding="utf-8") as handle:
            handle.write(text)
        print(text)
        return 0
    if args.quick:
        args.users, args.reps, args.overhead_reps, args.throughput_requests = min(args.users, 50), 1, 2, 100
        args.numbers = min(args.numbers, 10)
        args.sip_routes = min(args.sip_routes, 20)
        args.offset_reps = min(args.offset_reps, 1)
        args.overhead_module_reps = min(args.overhead_module_reps, 3)
    if args.smoke:
        smallest(args)
    sections = args.only or list(SECTIONS)
    full = (not args.only and not args.quick and not args.smoke and args.users == 500 and args.numbers == 50 and args.lro_speed == 1.0
            and args.ga_lro_speed == 1.0 and args.reps >= 3)
    output = args.output or (os.path.join(BENCH, "RESULTS.md") if full else os.path.join(OUT, "RESULTS.partial.md"))
    os.makedirs(OUT, exist_ok=True)
    results = {"meta": versions(), "args": vars(args)}
    started = time.time()
    try:
        log("building and installing the collection into %s" % ans.COLLECTIONS)
        collection_version = ans.install_collection()
        log("modules: %s" % ", ".join(ans.installed_modules()))
        for name in sections:
            section_start = time.time()
            RUNNERS[name](args, results)
            log("%s done in %.0f s (load %s)" % (name, time.time() - section_start, load()))
            # every finished section is kept (bench/out/results.json, for --render) even if a later one is invalid
            with open(os.path.join(OUT, "results.json"), "w", encoding="utf-8") as handle:
                json.dump(dict(results, meta=dict(results["meta"], collection_version=collection_version)), handle, indent=1, default=str)
    except InvalidRun as exc:
        print("\nINVALID RUN: %s\n(no results written)" % exc, file=sys.stderr)
        return 1
    results["meta"]["load_at_end"] = load()
    results["meta"]["collection_version"] = collection_version
    results["meta"]["seconds"] = time.time() - started
    with open(os.path.join(OUT, "results.json"), "w", encoding="utf-8") as handle:
        json.dump(results, handle, indent=1, default=str)
    text = render(results, args, collection_version)
    with open(output, "w", encoding="utf-8") as handle:
        handle.write(text)
    print(text)
    log("wrote %s and %s (%.0f s)" % (output, os.path.join(OUT, "results.json"), time.time() - started))
    return 0


if __name__ == "__main__":
    sys.exit(main())
