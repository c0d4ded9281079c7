"""The per-module part of bench/run.py's `overhead-ga` section (issue 29, item 3): every current-API module's task,
the whole `ansible localhost -m acs.administration.<module> -a <args>` process, against `ansible localhost -m
ansible.builtin.ping` (Ansible's own floor), run alternately on the same machine, N times each.

Each task is one a user would run and that changes nothing: an info module's plain read, or a module asked for a state
it is already in (prepared first, not timed: bench/playbooks/overhead_ga_setup.yml, a user with a token created in this
process, a resource created on the emulator's Azure Resource Manager). Every timed run must exit 0, print
`localhost | SUCCESS =>` with `changed: false`, and leave no write and no refused request in the emulator's log; a ping
must send nothing. The token reaches `acs_token` through an environment lookup, never on a command line or in a file;
what ansible prints stays in memory, secrets replaced by <secret> before any of it can appear in an error.
"""

import json
import os

from . import InvalidRun, fmt, load, log, median, verdict
from . import ansible as ans
from .emulator import Emulator

from acs_emulator.harness import READ_POSTS, WRITE_METHODS  # noqa: E402  pylint: disable=import-error,wrong-import-order

OUT = ans.OUT
TARGET = 1.2
PING = "ansible.builtin.ping"
# POSTs of the current APIs that only read (the harness's READ_POSTS are the legacy ones)
CURRENT_READ_POSTS = ("PhoneNumbers_BrowseAvailableNumbers", "PhoneNumbers_OperatorInformationSearch", "CommunicationServices_ListKeys")
TOKEN_ENV = "BENCH_ACS_TOKEN"
HOLD = {"name": "bench-overhead", "country_code": "US", "phone_number_type": "geographic", "assignment_type": "application",
        "area_code": "206", "quantity": 1, "total": 100, "state": "purchased"}
TRUNK = {"fqdn": "sbc1.bench.example.com", "sip_signaling_port": 5061}
ROUTE = {"name": "bench-route", "number_pattern": "^\\+1206\\d{7}$", "trunks": [TRUNK["fqdn"]]}
RESOURCE = {"name": "bench-overhead", "resource_group": "rg-bench"}

# Modules of the legacy phone numbers API only (on the current API their task fails by design): not measured here.
LEGACY_ONLY = ("acs_number_config", "acs_phone_plan_info", "acs_plan_group_info", "acs_release_info")
# Current-API modules left out, and why.
NOT_MEASURED = {}


def data_plane_tasks(ctx):
    """(module, module arguments) of every data-plane task, given the prepared state (user_id, number)."""
    return [
        ("acs_country_info", {}),
        ("acs_offering_info", {"country_code": "US"}),
        ("acs_location_info", {"country_code": "US"}),
        ("acs_area_code_info", {"country_code": "US", "phone_number_type": "tollFree"}),
        ("acs_user", {"user_id": ctx["user_id"]}),
        ("acs_token", {"user_id": ctx["user_id"], "scopes": ["chat"], "token": "{{ lookup('env', '%s') }}" % TOKEN_ENV}),
        ("acs_phone_search", HOLD),
        ("acs_phone_search_info", {"name": HOLD["name"]}),
        ("acs_phone_number", {"phone_number": ctx["number"], "capabilities": {"calling": "inbound"}}),
        ("acs_phone_number_info", {}),
        ("acs_operator_info", {"phone_numbers": [ctx["number"]]}),
        ("acs_sip_trunk", TRUNK),
        ("acs_sip_route", ROUTE),
        ("acs_sip_routing", {"trunks": [TRUNK], "routes": [ROUTE]}),
        ("acs_sip_info", {"test_number": "+12065550100"}),
    ]


def arm_tasks():
    """(module, module arguments) of the Azure Resource Manager tasks: the resource prepared by setup_arm."""
    return [
        ("acs_resource_info", RESOURCE),
        ("acs_resource", dict(RESOURCE, data_location="Europe")),
        ("acs_resource_key", RESOURCE),
    ]


class DataPlaneEmulator(Emulator):
    """The emulator of the data-plane tasks."""

    @property
    def secrets(self):
        return [self.access_key]


class ArmEmulator(Emulator):
    """An emulator with `--arm`; the ansible processes sign in as its service principal (the AZURE_* variables of
    azure-identity) and get no data-plane connection string (the resource modules refuse one)."""

    def __init__(self, workdir, speed=50.0):
        super().__init__(workdir, speed=speed, extra_args=["--arm"], name="emulator-arm")

    @property
    def secrets(self):
        return [self.env.get("AZURE_CLIENT_SECRET"), self.access_key]

    def client_env(self):
        names = ("AZURE_CLOUD_ENVIRONMENT", "AZURE_SUBSCRIPTION_ID", "AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET")
        missing = [n for n in names if not self.env.get(n)]
        if missing:
            raise InvalidRun("overhead-ga: the --arm emulator printed no %s" % ", ".join(missing))
        env = {n: self.env[n] for n in names}
        env["ACS_CA_PATH"] = self.ca
        return env


def module_args(args):
    """The -a text: JSON (options with lists and dicts), or nothing."""
    return json.dumps(args, separators=(", ", ": ")) if args else ""


def result_of(run, label, status="SUCCESS"):
    """The JSON result `ansible localhost -m` prints after `localhost | SUCCESS =>` (or CHANGED)."""
    marker = "localhost | %s => " % status
    start = run.stdout.find(marker)
    if start < 0:
        raise InvalidRun("overhead-ga: %s did not print %r:\n%s" % (label, marker, run.stdout[-1500:]))
    try:
        return json.loads(run.stdout[start + len(marker):])
    except ValueError as exc:
        raise InvalidRun("overhead-ga: %s printed no JSON result (%s):\n%s" % (label, exc, run.stdout[-1500:])) from None


def writes(entries):
    """Logged requests that change something (POST/PUT/PATCH/DELETE, but for the POSTs that read)."""
    return [e for e in entries if e["method"] in WRITE_METHODS and e["operation"] not in READ_POSTS + CURRENT_READ_POSTS]


def scrub(label, run, secrets, allowed=()):
    """Replace the secrets in what ansible printed by <secret> (the output is only kept in memory, and shown only in an
    error). The emulator's access key and client secret must not be there; `allowed` may (acs_token returns the token
    it was given: a user sets no_log on such a task, which an ad-hoc command cannot)."""
    found = [secret for secret in list(secrets) + list(allowed) if secret and secret in run.stdout + run.stderr]
    for secret in found:
        run.stdout, run.stderr = run.stdout.replace(secret, "<secret>"), run.stderr.replace(secret, "<secret>")
    if [secret for secret in found if secret not in allowed]:
        raise InvalidRun("overhead-ga: %s printed a secret of the emulator (replaced by <secret> here):\n%s"
                         % (label, (run.stdout + run.stderr)[-2000:]))


def adhoc(emulator, module, text, record, env=None, allowed=()):
    """One `ansible localhost -m module -a text` with `env` added to its environment, its output scrubbed of secrets
    (`allowed`: those it may print); a non-zero exit is an invalid run."""
    run = ans.adhoc(module, text, emulator, record, expect_ok=False, env=env)
    scrub(module, run, emulator.secrets, allowed)
    if run.rc != 0:
        raise InvalidRun("overhead-ga: ansible -m %s exited %d:\n%s" % (module, run.rc, (run.stdout + run.stderr)[-2000:]))
    return run


def check_module_run(module, run, entries):
    """One timed module run: unchanged, no write, no refused request; returns the operations it sent."""
    result = result_of(run, module)
    if result.get("changed") is not False:
        raise InvalidRun("overhead-ga: %s reported changed=%r, expected false" % (module, result.get("changed")))
    bad = [e for e in entries if e["status"] is None or e["status"] >= 400]
    if writes(entries) or bad:
        raise InvalidRun("overhead-ga: %s sent writes %s and refused requests %s"
                         % (module, [(e["method"], e["operation"]) for e in writes(entries)], [(e["operation"], e["status"]) for e in bad]))
    return [(e["operation"] or "?").split("_", 1)[-1] for e in entries]


def check_ping(run, entries):
    result = result_of(run, PING)
    if result.get("ping") != "pong" or result.get("changed") is not False or entries:
        raise InvalidRun("overhead-ga: ansible -m ping answered %r and the emulator logged %d requests" % (result, len(entries)))


def measure(emulator, module, args, reps, env=None, allowed=()):
    """`reps` pairs of runs, module then ping, one after the other; the walls and the module's requests."""
    text = module_args(args)
    walls = {"module": [], "ping": []}
    ops = []
    for rep in range(reps):
        emulator.clear_log()
        run = adhoc(emulator, "acs.administration." + module, text, "overhead-ga-%s-%d" % (module, rep), env, allowed)
        ops = check_module_run(module, run, emulator.requests_log())
        walls["module"].append(run.wall)
        emulator.clear_log()
        run = adhoc(emulator, PING, "", "overhead-ga-ping-%d" % rep, env, allowed)
        check_ping(run, emulator.requests_log())
        walls["ping"].append(run.wall)
    ratios = [m / p for m, p in zip(walls["module"], walls["ping"])]
    return {"module": module, "args": text, "module_walls": walls["module"], "ping_walls": walls["ping"], "ratios": ratios,
            "requests": ops}


def setup_data_plane(emulator):
    """The state the data-plane tasks find unchanged; returns (user_id, number) and the token (kept in memory)."""
    log("overhead-ga: preparing a purchased number, its capabilities and a SIP configuration (not timed)")
    run = ans.playbook("overhead_ga_setup.yml", emulator, "overhead-ga-setup", extra_vars={
        "hold": HOLD["name"], "area_code": HOLD["area_code"], "fqdn": TRUNK["fqdn"], "port": TRUNK["sip_signaling_port"],
        "route": ROUTE["name"], "pattern": ROUTE["number_pattern"]})
    number = run.task("number")["result"]["ansible_facts"]["number"]
    answer = emulator.call("POST", "/identities", "api-version=2023-10-01", body={"createTokenWithScopes": ["chat"]})
    if answer.status_code != 201:
        raise InvalidRun("overhead-ga: creating the user answered %d" % answer.status_code)
    body = answer.json()
    return {"user_id": body["identity"]["id"], "number": number}, body["accessToken"]["token"]


def setup_arm(emulator):
    """The resource the Azure Resource Manager tasks find unchanged (created with acs_resource, not timed); returns its
    keys and connection strings (read once with acs_resource_key, kept in memory: the secrets its timed runs print)."""
    log("overhead-ga: creating the resource %s on the emulator's Azure Resource Manager (not timed)" % RESOURCE["name"])
    run = adhoc(emulator, "acs.administration.acs_resource", module_args(dict(RESOURCE, data_location="Europe")), "overhead-ga-arm-setup")
    result = result_of(run, "acs_resource (setup)", "CHANGED")
    if not result.get("changed") or (result.get("resource") or {}).get("provisioning_state") != "Succeeded":
        raise InvalidRun("overhead-ga: the resource was not created: %r" % {k: result.get(k) for k in ("changed", "msg")})
    run = ans.adhoc("acs.administration.acs_resource_key", module_args(RESOURCE), emulator, "overhead-ga-arm-keys", expect_ok=False)
    keys = {}
    if run.rc == 0 and "localhost | SUCCESS => " in run.stdout:
        found = json.loads(run.stdout.split("localhost | SUCCESS => ", 1)[1])
        keys = {k: v for k, v in found.items() if k.endswith(("_key", "_connection_string")) and isinstance(v, str) and v}
    scrub("acs_resource_key (setup)", run, emulator.secrets, allowed=list(keys.values()))
    if len(keys) != 4:
        raise InvalidRun("overhead-ga: acs_resource_key (setup) exited %d and returned %s:\n%s"
                         % (run.rc, sorted(keys), (run.stdout + run.stderr)[-2000:]))
    return {"acs_resource_key": ({}, list(keys.values()))}


def measure_all(emulator, tasks, reps, extras, display):
    """Every task's row; extras: module -> (variables added to its environment, secrets its output may hold)."""
    rows = []
    for module, args in tasks:
        log("overhead-ga: %d x ansible localhost -m %s, alternating with ansible -m ping" % (reps, module))
        env, allowed = extras.get(module, ({}, ()))
        row = measure(emulator, module, args, reps, env, allowed)
        for name, value in display.items():
            row["args"] = row["args"].replace(value, "<%s>" % name)
        rows.append(row)
    return rows


def section_modules(args, data):
    """Every current-API module against ansible -m ping; adds `modules` (rows) and the lists of modules left out to `data`."""
    reps = args.overhead_module_reps
    emulator = DataPlaneEmulator(os.path.join(OUT, "overhead-ga-modules"), speed=50)
    with emulator:
        ctx, token = setup_data_plane(emulator)
        emulator.clear_log()
        adhoc(emulator, PING, "", "overhead-ga-warm-up")  # the first ansible run after the install, not timed
        rows = measure_all(emulator, data_plane_tasks(ctx), reps, {"acs_token": ({TOKEN_ENV: token}, [token])}, ctx)
    arm = ArmEmulator(os.path.join(OUT, "overhead-ga-arm"))
    with arm:
        rows += measure_all(arm, arm_tasks(), reps, setup_arm(arm), {})
    measured = {r["module"] for r in rows}
    missing = [m for m in ans.installed_modules() if m not in measured and m not in LEGACY_ONLY and m not in NOT_MEASURED]
    if missing:
        raise InvalidRun("overhead-ga: current-API modules without a measurement: %s" % ", ".join(missing))
    data.update({"modules": rows, "module_reps": reps, "legacy_only": list(LEGACY_ONLY), "not_measured": NOT_MEASURED,
                 "modules_load": load()})


def render_modules(data, summary, number):
    """The per-module table and the target's row of the summary."""
    rows = data["modules"]
    lines = ["### Every current-API module against `ansible -m ping`", "",
             "Each row: `ansible localhost -m acs.administration.<module> -a '<args>'` and `ansible localhost -m %s`, %d times "
             "each, alternating (module, ping, module, ping, ...), on an emulator at `--speed 50` (HTTPS). Each task changes "
             "nothing: an info module's read, or a state the module finds already there (prepared first, not timed: "
             "`bench/playbooks/overhead_ga_setup.yml`, a user with a chat token, a resource on the emulator's Azure Resource "
             "Manager `--arm`). Every timed run exited 0 with `changed: false`, and the emulator logged no write and no refused "
             "request (a ping, no request). ratio = median of the pairwise ratios module / ping (each module run over the ping "
             "that followed it), with the lowest and highest pair. `<user_id>`, `<number>`: "
             "the prepared user and number; the token comes from an environment lookup. `acs_token` returns the token it "
             "was given and `acs_resource_key` the resource's keys (a user sets `no_log` on such tasks; an ad-hoc command "
             "cannot): the bench keeps that output in memory and prints none of it. The three resource modules "
             "sign in to the emulator's Entra ID as a service principal (azure-identity) in each run, as on Azure (the sign-in is "
             "not in the request log). Load average when the modules "
             "were done: %s." % (PING, data["module_reps"], data.get("modules_load", "?")), "",
             "| module | args | requests | module wall (s) | ping wall (s) | ratio (min-max) | at most %gx |" % TARGET,
             "|---|---|---|---|---|---|---|"]
    for row in rows:
        ratio = median(row["ratios"])
        lines.append("| %s | `%s` | %s | %s | %s | %s | %s |" % (
            row["module"], row["args"].replace("|", "\\|") or "(none)", ", ".join(row["requests"]) or "none",
            fmt(median(row["module_walls"])), fmt(median(row["ping_walls"])),
            "%s (%s-%s)" % (fmt(ratio, 3), fmt(min(row["ratios"])), fmt(max(row["ratios"]))), "yes" if ratio <= TARGET else "**no**"))
    left_out = "".join("; %s: %s" % item for item in sorted(data["not_measured"].items()))
    lines += ["", "Not measured: %s (legacy phone numbers API only)%s." % (", ".join(data["legacy_only"]), left_out), ""]
    missed = [r for r in rows if median(r["ratios"]) > TARGET]
    ratios = sorted((median(r["ratios"]), r["module"]) for r in rows)
    summary.append("| %s. per-task overhead: every current-API module's `ansible -m` at most %gx `ansible -m ping` | %s | %d modules, "
                   "median ratios %s (%s) to %s (%s), ping median %s s; %s |" % (
                       number, TARGET, verdict(not missed), len(rows), fmt(ratios[0][0], 3), ratios[0][1], fmt(ratios[-1][0], 3),
                       ratios[-1][1], fmt(median(w for r in rows for w in r["ping_walls"])),
                       ("over %gx: %s" % (TARGET, ", ".join("%s %s" % (r["module"], fmt(median(r["ratios"]), 3)) for r in missed)))
                       if missed else "none over %gx" % TARGET))
    return lines
