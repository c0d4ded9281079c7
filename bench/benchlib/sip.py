"""The direct routing section of bench/run.py (issue 28): N routes set one acs_sip_route task each, vs one
acs_sip_routing task, vs the official SipRoutingClient's read-append-write loop, on the same emulator; requests per task."""

import os

from . import InvalidRun, fmt, load, log
from . import ansible as ans
from .current import _sdk
from .emulator import Emulator

OUT = ans.OUT
VARIANTS = ("each", "routing", "sdk")


def section_sip(args, results):
    routes = args.sip_routes
    emulator = Emulator(os.path.join(OUT, "sip"), speed=50)
    with emulator:
        rows = {variant: sip_variant(emulator, variant, routes) for variant in VARIANTS}
    results["sip"] = {"routes": routes, "rows": rows, "load": load()}


def _reset(emulator):
    """An empty SIP configuration and an empty request log."""
    emulator.reset()
    answer = emulator.call("GET", "/sip", "api-version=2023-03-01")
    if answer.status_code != 200 or answer.json() != {"trunks": {}, "routes": []}:
        raise InvalidRun("sip: the emulator did not start from an empty configuration: %s" % answer.text[:300])
    emulator.clear_log()


def sip_variant(emulator, variant, routes):
    _reset(emulator)
    log("sip: %d routes via %s" % (routes, variant))
    if variant == "sdk":
        wall, out = _sdk("sip_routes.py", [routes], emulator)
        task_seconds, tasks = out["loop_seconds"], 1
    else:
        name = "Routes" if variant == "each" else "Routing"
        run = ans.playbook("sip_%s.yml" % variant, emulator, "sip-%s" % variant, extra_vars={"n": routes})
        task = run.task(name)
        wall, task_seconds, tasks = run.wall, task["end"] - task["start"], routes if variant == "each" else 1
    entries = emulator.requests_log()
    final = emulator.call("GET", "/sip", "api-version=2023-03-01").json()
    names = ["route-%d" % n for n in range(1, routes + 1)]
    refused = [e for e in entries if e["status"] != 200]
    if [r["name"] for r in final["routes"]] != names or list(final["trunks"]) != ["sbc1.contoso.com"] or refused:
        raise InvalidRun("sip %s: the configuration has %d routes (%d wanted), %d requests were refused (%s)"
                         % (variant, len(final["routes"]), routes, len(refused), refused[:2]))
    patches = len([e for e in entries if e["method"] == "PATCH"])
    return {"wall": wall, "task": task_seconds, "requests": len(entries), "patches": patches, "tasks": tasks}


def render_sip(data, summary):
    rows, routes = data["rows"], data["routes"]
    names = {"each": "`acs_sip_route`, one task per route (a loop)", "routing": "one `acs_sip_routing` task",
             "sdk": "SDK `SipRoutingClient`: `list_routes`, append, `set_routes` per route"}
    lines = ["## 7. Direct routing: %d routes (SIP routing 2023-03-01; issue 28)" % routes, "",
             "A trunk and %d routes, from an empty configuration. The API takes routes only as a whole list, so adding one route "
             "is a read and a write of the list; `acs_sip_route` also reads the list back after writing (lost-update detection, "
             "see docs/direct_routing.md). Every run must end with the %d routes in order and no refused request. Playbooks: "
             "`bench/playbooks/sip_each.yml`, `sip_routing.yml`; SDK: `bench/sdk/sip_routes.py`. wall = the whole command; "
             "task = the routes task (callback times) or the SDK loop; requests include the trunk's." % (routes, routes), "",
             "| variant | wall (s) | task (s) | requests | PATCHes | requests per route |", "|---|---|---|---|---|---|"]
    for key in VARIANTS:
        row = rows[key]
        figures = (names[key], fmt(row["wall"], 1), fmt(row["task"], 1), row["requests"], row["patches"], fmt(row["requests"] / float(routes)))
        lines.append("| %s | %s | %s | %d | %d | %s |" % figures)
    summary.append("| 7. %d routes: one task each vs one `acs_sip_routing` task vs the SDK loop | measured | %d / %d / %d requests, "
                   "%s / %s / %s s wall |" % (routes, rows["each"]["requests"], rows["routing"]["requests"], rows["sdk"]["requests"],
                                              fmt(rows["each"]["wall"], 1), fmt(rows["routing"]["wall"], 1), fmt(rows["sdk"]["wall"], 1)))
    return lines + [""]
