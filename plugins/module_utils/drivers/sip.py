# -*- coding: utf-8 -*-
# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""SIP routing (direct routing) as desired state: trunks and ordered voice routes of one resource.

The API (api/sip_routing_<version>.py) has one document, read whole and changed by merge patch: trunks merge, routes
are replaced as a whole list. This driver holds everything between the modules and that document:

- the checks the service makes, done before anything is written (`*_error` functions, configuration_error on the
  configuration a task would produce): FQDNs, ports, names, .NET number patterns, limits, routes naming trunks that
  would not exist, duplicates;
- the plans (`plan_*`): the configuration a task wants, from the one it read;
- the patches between two configurations, in a safe order (patches_between): trunks added or updated and the new
  routes first, then the removal of trunks that the routes read used;
- the read-modify-write with lost-update detection (Converger): the API has no ETag, so after writing, the task waits
  1.5 times as long as its own read-and-write took, at least MIN_SETTLE (another writer that read before our write
  has written by then), reads
  again and checks that what it asked for is there; when another writer's list of routes replaced ours, it plans
  again from what is there now and writes again, a bounded number of times;
- number patterns evaluated the way the service does (.NET Regex.IsMatch: a match anywhere in the number, unless the
  pattern anchors it), with the .NET syntax that Python's `re` reads differently rewritten (python_pattern).

No Ansible imports.
"""

from __future__ import annotations

import copy
import random
import re
import time

try:  # Python 3.11+
    from re import _parser as sre_parse  # pylint: disable=no-name-in-module
except ImportError:  # Python 3.9, 3.10
    import sre_parse  # pylint: disable=deprecated-module

from ansible_collections.acs.administration.plugins.module_utils.api import versions as apis
from ansible_collections.acs.administration.plugins.module_utils.transport.errors import ACSAmbiguousError, TaskFailure

DEFAULT_PORT = 5061
MAX_TRUNKS = 250
MAX_ROUTES = 250
MAX_ROUTE_TRUNKS = 250
MAX_FQDN = 249
MAX_NAME = 256
MAX_TEXT = 1024
RESERVED_DOMAINS = ("onmicrosoft.com", "azure.com")
LABEL = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
NUMBER = re.compile(r"^\+?[0-9]{1,32}$")
POSITIONS = ("first", "last")
# How many times a task writes when other writers keep replacing the routes it wrote.
ATTEMPTS = 5
# The least time a task waits after writing before it reads back (seconds); it waits as long as its own read and write took.
MIN_SETTLE = 0.3


# -- number patterns: .NET regular expressions ------------------------------------------------------------------------

# A {...} that is a quantifier in .NET ({n}, {n,}, {n,m}); any other { is a literal there (Python reads {,m} as a quantifier).
DOTNET_QUANTIFIER = re.compile(r"\{\d+(?:,\d*)?\}")
QUANTIFIER_AFTER = re.compile(r"[*+?]|\{\d+(?:,\d*)?\}")
ANCHORS = ("^", "$", "\\A", "\\b", "\\B", "\\z", "\\Z", "\\G")
# .NET escapes Python spells otherwise (\z is Python's \Z; .NET's \Z also allows a final newline; \G is the start here).
ESCAPES = {"\\z": "\\Z", "\\Z": "(?=\\n?\\Z)", "\\G": "\\A", "\\p{Nd}": "\\d", "\\P{Nd}": "\\D"}


def _class_end(pattern, start):
    """The index just past the character class opening at `start` (the end of the pattern when it is not closed)."""
    i = start + 1
    if pattern[i:i + 1] == "^":
        i += 1
    if pattern[i:i + 1] == "]":
        i += 1
    while i < len(pattern):
        if pattern[i] == "\\":
            i += 2
        elif pattern[i] == "]":
            return i + 1
        else:
            i += 1
    return len(pattern)


def _token(pattern, i):
    """(the Python spelling of the .NET token at i, the index after it)."""
    char = pattern[i]
    if char == "\\":
        if pattern.startswith(("\\p{", "\\P{"), i) and "}" in pattern[i:]:
            end = pattern.index("}", i) + 1
            return ESCAPES.get(pattern[i:end], pattern[i:end]), end
        if pattern.startswith("\\k<", i) and ">" in pattern[i:]:
            end = pattern.index(">", i) + 1
            return "(?P=%s)" % pattern[i + 3:end - 1], end
        return pattern[i:i + 2], i + 2
    if char == "[":
        end = _class_end(pattern, i)
        return pattern[i:end], end
    if char == "(" and re.match(r"\(\?<[A-Za-z_]", pattern[i:]):
        return "(?P<", i + 3
    if char == "(" and re.match(r"\(\?'[A-Za-z_]\w*'", pattern[i:]):
        end = pattern.index("'", i + 3) + 1
        return "(?P<%s>" % pattern[i + 3:end - 1], end
    if char == "{" and not DOTNET_QUANTIFIER.match(pattern, i):
        return "\\{", i + 1
    return char, i + 1


def python_pattern(pattern):
    """The Python spelling of a .NET number pattern: named groups `(?<n>` / `(?'n'` and `\\k<n>`, .NET's `\\z`, `\\Z`,
    `\\G` and `\\p{Nd}`, a `{` that is no quantifier (a literal in .NET), and a quantified anchor (`^+`, which .NET
    accepts and reads as the anchor: `^+1` matches numbers that start with 1, not +1) wrapped in a group."""
    out, i = [], 0
    while i < len(pattern):
        raw_start = i
        token, i = _token(pattern, i)
        if pattern[raw_start:i] in ANCHORS and QUANTIFIER_AFTER.match(pattern, i):
            token = "(?:%s)" % ESCAPES.get(pattern[raw_start:i], pattern[raw_start:i])
        else:
            token = ESCAPES.get(token, token)
        out.append(token)
    return "".join(out)


def compile_pattern(pattern):
    """The compiled Python form of a .NET number pattern; re.error when it is not a regular expression."""
    return re.compile(python_pattern(pattern))


def _allowed(code):
    return 48 <= code <= 57 or code == 43  # 0-9 and +


def _class_ok(items):
    for op, arg in items:
        name = str(op)
        if name == "NEGATE" or (name == "LITERAL" and not _allowed(arg)) or (name == "CATEGORY" and str(arg) != "CATEGORY_DIGIT"):
            return False
        if name == "RANGE" and not (_allowed(arg[0]) and _allowed(arg[1]) and (arg[0] == 43) == (arg[1] == 43)):
            return False
    return True


def _inside(op, arg):
    """The sub-expressions of a parsed operator that consume characters (lookarounds consume none)."""
    name = str(op)
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        return [arg[2]]
    if name == "SUBPATTERN":
        return [arg[-1]]
    if name == "ATOMIC_GROUP":
        return [arg]
    if name == "BRANCH":
        return list(arg[1])
    if name == "GROUPREF_EXISTS":
        return [p for p in arg[1:] if p is not None]
    return []


def _only_digits(parsed):
    """Whether every character a parsed expression consumes is a digit or '+'."""
    for op, arg in parsed:
        name = str(op)
        if name in ("ANY", "NOT_LITERAL") or (name == "CATEGORY" and str(arg) != "CATEGORY_DIGIT"):
            return False
        if (name == "LITERAL" and not _allowed(arg)) or (name == "IN" and not _class_ok(arg)):
            return False
        if not all(_only_digits(sub) for sub in _inside(op, arg)):
            return False
    return True


def pattern_error(pattern, option="number_pattern"):
    """The service's checks of a route's number pattern: not empty, at most 1024 characters, a .NET regular
    expression that can match only digits and '+'."""
    if not isinstance(pattern, str) or not pattern.strip():
        return "%s must not be empty." % option
    if len(pattern) > MAX_TEXT:
        return "%s is %d characters long; the service takes at most %d." % (option, len(pattern), MAX_TEXT)
    try:
        compiled = compile_pattern(pattern)
    except (re.error, OverflowError, RecursionError) as exc:
        return "%s '%s' is not a valid .NET regular expression (%s)." % (option, pattern, exc)
    if not _only_digits(sre_parse.parse(compiled.pattern)):
        return ("%s '%s' can match characters other than digits and '+'; the service takes only patterns of digits with an "
                "optional leading '+', such as ^\\+1425\\d{7}$." % (option, pattern))
    return None


def matches(pattern, number):
    """Whether a route's number pattern matches a number as the service's .NET Regex.IsMatch does: anywhere in it."""
    return compile_pattern(pattern).search(number) is not None


def number_error(number, option="test_number"):
    if not isinstance(number, str) or not NUMBER.match(number):
        return "%s %r is not a phone number: digits with an optional leading '+', such as +14255550123." % (option, number)
    return None


def matching_routes(config, number):
    """The routes of `config` (wire form) a call to `number` would match, in order (the first is the one used)."""
    return [route for route in config.get("routes") or [] if matches(route["numberPattern"], number)]


# -- checks of what a task gives ----------------------------------------------------------------------------------------

def fqdn_error(fqdn, option="fqdn"):
    if not isinstance(fqdn, str) or not fqdn:
        return "%s must not be empty." % option
    labels = fqdn.split(".")
    if len(fqdn) > MAX_FQDN or len(labels) < 2 or not all(LABEL.match(label) for label in labels) or labels[-1].isdigit():
        return ("%s %r is not a valid FQDN: two or more dot-separated labels of letters, digits and inner hyphens (at most 63 "
                "characters each, %d in all), the last not all digits." % (option, fqdn, MAX_FQDN))
    lower = fqdn.lower()
    if any(lower == domain or lower.endswith("." + domain) for domain in RESERVED_DOMAINS):
        return ("%s %r is in a domain Microsoft keeps for itself (*.onmicrosoft.com, *.azure.com); an SBC needs a FQDN in a "
                "domain of yours." % (option, fqdn))
    return None


def port_error(port, option="sip_signaling_port"):
    if port is not None and not 1 <= port <= 65535:
        return "%s must be between 1 and 65535, not %s." % (option, port)
    return None


def name_error(name, option="name"):
    if not isinstance(name, str) or not name.strip():
        return "%s must not be empty." % option
    if len(name) > MAX_NAME:
        return "%s is %d characters long; the service takes at most %d." % (option, len(name), MAX_NAME)
    return None


def description_error(description, option="description"):
    if description is not None and len(description) > MAX_TEXT:
        return "%s is %d characters long; the service takes at most %d." % (option, len(description), MAX_TEXT)
    return None


def route_trunks_error(name, trunks, option="trunks"):
    if trunks is None:
        return None
    if len(trunks) > MAX_ROUTE_TRUNKS:
        return "%s of route %r has %d trunks; the service allows at most %d." % (option, name, len(trunks), MAX_ROUTE_TRUNKS)
    twice = sorted(set(t for t in trunks if trunks.count(t) > 1))
    if twice:
        return "%s of route %r names %s more than once; a route tries each trunk once." % (option, name, ", ".join(twice))
    return None


def route_error(route, where="route"):
    """The checks of one route as modules give it (snake_case keys: name, number_pattern, trunks, description)."""
    name = route.get("name")
    return (name_error(name, "%s name" % where if where != "route" else "name")
            or pattern_error(route.get("number_pattern"), "number_pattern of %s %r" % (where, name) if where != "route" else "number_pattern")
            or description_error(route.get("description"))
            or route_trunks_error(name, route.get("trunks")))


def position_error(position):
    """first, last, before:<route name> or after:<route name>."""
    if position is None or position in POSITIONS:
        return None
    kind, _sep, anchor = position.partition(":")
    if kind in ("before", "after") and anchor.strip():
        return None
    return "position %r must be first, last, before:<route name> or after:<route name>." % position


def configuration_error(config):
    """The service's checks of a whole configuration (wire form), as one sentence; None when it would accept it."""
    trunks, routes = config.get("trunks") or {}, config.get("routes") or []
    if len(trunks) > MAX_TRUNKS:
        return "The configuration would have %d trunks; the service allows at most %d." % (len(trunks), MAX_TRUNKS)
    if len(routes) > MAX_ROUTES:
        return "The configuration would have %d routes; the service allows at most %d." % (len(routes), MAX_ROUTES)
    names = [route["name"] for route in routes]
    twice = sorted(set(n for n in names if names.count(n) > 1))
    if twice:
        return "Route names must be unique; %s appears more than once." % ", ".join(repr(n) for n in twice)
    for route in routes:
        missing = [fqdn for fqdn in route.get("trunks") or [] if fqdn not in trunks]
        if missing:
            return ("Route %r names trunk(s) %s that the configuration does not have; add them first "
                    "(acs.administration.acs_sip_trunk)." % (route["name"], ", ".join(missing)))
    return None


# -- wire form <-> results -------------------------------------------------------------------------------------------

def _snake(key):
    return re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), key)


def trunk_result(fqdn, trunk):
    """A trunk as the modules return it: fqdn, sip_signaling_port and (preview) its flags and health."""
    result = {"fqdn": fqdn}
    for key, value in (trunk or {}).items():
        result[_snake(key)] = copy.deepcopy(value) if key != "health" else _health_result(value)
    return result


def _health_result(health):
    return {part: {_snake(k): v for k, v in (value or {}).items()} for part, value in (health or {}).items()}


def route_result(route):
    """A route: name, number_pattern, trunks (in the order tried), description (null when none) and (preview)
    caller_id_override when it has one."""
    result = {"name": route["name"], "number_pattern": route["numberPattern"], "trunks": list(route.get("trunks") or []),
              "description": route.get("description")}
    if route.get("callerIdOverride") is not None:
        result["caller_id_override"] = route["callerIdOverride"]
    return result


def configuration_result(config):
    """trunks (list, in the service's order), routes (in order) and, on the preview, domains."""
    result = {"trunks": [trunk_result(fqdn, t) for fqdn, t in (config.get("trunks") or {}).items()],
              "routes": [route_result(r) for r in config.get("routes") or []]}
    if "domains" in config:
        result["domains"] = [{"domain": d, "enabled": (v or {}).get("enabled")} for d, v in config["domains"].items()]
    return result


def configuration_diff(config):
    """What the diff shows of a configuration: trunks by FQDN and the ordered routes."""
    if config is None:
        return {}
    return {"trunks": {fqdn: {k: v for k, v in trunk_result(fqdn, t).items() if k not in ("fqdn", "health")}
                       for fqdn, t in (config.get("trunks") or {}).items()},
            "routes": [route_result(r) for r in config.get("routes") or []]}


def trunk_wire(api, fields):
    """The wire fields of a trunk from module options (snake_case); options left out (None) are not sent."""
    return {wire: fields[option] for option, wire in api.TRUNK_FIELDS.items() if fields.get(option) is not None}


def route_wire(api, route):
    """A route on the wire from module options: name, description (when given), numberPattern, trunks, and the
    version's other fields when given."""
    wire = {"name": route["name"]}
    if route.get("description") is not None:
        wire["description"] = route["description"]
    wire["numberPattern"] = route["number_pattern"]
    wire["trunks"] = list(route.get("trunks") or [])
    for option, key in api.ROUTE_FIELDS.items():
        if option != "description" and route.get(option) is not None:
            wire[key] = route[option]
    return wire


def _route_key(route):
    return (route["name"], route.get("numberPattern"), tuple(route.get("trunks") or []), route.get("description") or None,
            route.get("callerIdOverride"))


def same_routes(one, other):
    return [_route_key(r) for r in one or []] == [_route_key(r) for r in other or []]


# -- plans: the configuration a task wants ---------------------------------------------------------------------------

def _copy(config):
    return {"trunks": copy.deepcopy(config.get("trunks") or {}), "routes": copy.deepcopy(config.get("routes") or [])}


def plan_trunk(config, fqdn, fields):
    """The trunk added, or updated with the fields given (wire form; the others keep their value)."""
    wanted = _copy(config)
    wanted["trunks"][fqdn] = dict(wanted["trunks"].get(fqdn) or {}, **fields)
    return wanted


def users_of(config, fqdn):
    return [route["name"] for route in config.get("routes") or [] if fqdn in (route.get("trunks") or [])]


def plan_trunk_absent(config, fqdn, remove_from_routes=False, remove_empty_routes=False):
    """The trunk removed. Routes that use it: a refusal naming them, unless remove_from_routes (the trunk leaves them;
    a route left without trunks goes too with remove_empty_routes)."""
    wanted = _copy(config)
    if fqdn not in wanted["trunks"]:
        return wanted
    users = users_of(config, fqdn)
    if users and not remove_from_routes:
        raise TaskFailure("Trunk %s is used by route(s) %s; remove it from them first, or set remove_from_routes: true."
                          % (fqdn, ", ".join(users)))
    routes = []
    for route in wanted["routes"]:
        if fqdn in (route.get("trunks") or []):
            route["trunks"] = [t for t in route["trunks"] if t != fqdn]
            if not route["trunks"] and remove_empty_routes:
                continue
        routes.append(route)
    wanted["routes"] = routes
    del wanted["trunks"][fqdn]
    return wanted


def _index(routes, name):
    for i, route in enumerate(routes):
        if route["name"] == name:
            return i
    return None


def _insert_at(routes, route, position):
    """Where `route` goes in `routes` (which no longer holds it) for `position`; TaskFailure when the anchor is unknown."""
    if position in (None, "last"):
        return len(routes)
    if position == "first":
        return 0
    kind, _sep, anchor = position.partition(":")
    if anchor == route["name"]:
        raise TaskFailure("position %r names the route itself; name another route." % position)
    at = _index(routes, anchor)
    if at is None:
        raise TaskFailure("position %r names route %r, which the configuration does not have (routes: %s)."
                          % (position, anchor, ", ".join(r["name"] for r in routes) or "none"))
    return at if kind == "before" else at + 1


def plan_route(config, route, position=None):
    """The route added at `position` (default last), or updated in place (moved only when position is given). `route`
    is the wire form with only the fields the task gives; the others keep their value."""
    wanted = _copy(config)
    routes = wanted["routes"]
    at = _index(routes, route["name"])
    merged = dict(routes[at], **route) if at is not None else dict(route)
    merged.setdefault("trunks", [])
    if at is not None and position is None:
        routes[at] = merged
        return wanted
    if at is not None:
        del routes[at]
    routes.insert(_insert_at(routes, merged, position), merged)
    return wanted


def plan_route_absent(config, name):
    wanted = _copy(config)
    wanted["routes"] = [r for r in wanted["routes"] if r["name"] != name]
    return wanted


def plan_routing(config, trunks, routes, purge_trunks=True):
    """The whole configuration: `trunks` ({fqdn: wire fields}; fields left out keep their value), `routes` (wire,
    exactly, in order); trunks not listed are removed with purge_trunks, else left alone."""
    wanted = _copy(config)
    kept = {} if purge_trunks else wanted["trunks"]
    merged = dict(kept)
    for fqdn, fields in trunks.items():
        merged[fqdn] = dict(wanted["trunks"].get(fqdn) or {}, **fields)
    wanted["trunks"] = merged
    wanted["routes"] = copy.deepcopy(routes)
    return wanted


# -- patches ---------------------------------------------------------------------------------------------------------

def patches_between(current, wanted):
    """The merge patches that turn `current` into `wanted`, in a safe order, as few as possible: trunks added or
    updated, the routes (when they differ) and the removal of trunks no current route uses, in one patch; the removal
    of trunks that current routes use in a second one, once the new routes no longer name them. [] when equal."""
    trunks, later = {}, {}
    used = set(t for route in current.get("routes") or [] for t in route.get("trunks") or [])
    for fqdn, trunk in wanted["trunks"].items():
        if (current.get("trunks") or {}).get(fqdn) != trunk:
            trunks[fqdn] = _sent(current["trunks"].get(fqdn), trunk)
    for fqdn in current.get("trunks") or {}:
        if fqdn not in wanted["trunks"]:
            (later if fqdn in used else trunks)[fqdn] = None
    first = {}
    if trunks:
        first["trunks"] = trunks
    if not same_routes(current.get("routes"), wanted["routes"]):
        first["routes"] = wanted["routes"]
    patches = [first] if first else []
    if later:
        patches.append({"trunks": later})
    return patches


def _sent(old, new):
    """What a merge patch sends of a trunk: the port always (the service needs it to add a trunk), and the fields
    that change."""
    sent = {k: v for k, v in new.items() if k != "health" and (old or {}).get(k) != v}
    if "sipSignalingPort" in new:
        sent["sipSignalingPort"] = new["sipSignalingPort"]
    return sent


PAST = {"add": "added", "update": "updated", "remove": "removed", "reorder": "reordered"}


def _without_health(trunk):
    return {k: v for k, v in trunk.items() if k != "health"}


def _trunk_steps(old, new):
    steps = [("add", "trunk %s" % fqdn) for fqdn in new if fqdn not in old]
    steps += [("update", "trunk %s" % fqdn) for fqdn, trunk in new.items()
              if fqdn in old and _without_health(old[fqdn]) != _without_health(trunk)]
    return steps


def _route_steps(old, new):
    old_routes = {r["name"]: _route_key(r) for r in old}
    new_names = [r["name"] for r in new]
    steps = []
    for at, route in enumerate(new):
        if route["name"] not in old_routes:
            steps.append(("add", "route %s at position %d" % (route["name"], at + 1)))
        elif old_routes[route["name"]] != _route_key(route):
            steps.append(("update", "route %s" % route["name"]))
    if [n for n in old_routes if n in new_names] != [n for n in new_names if n in old_routes]:
        steps.append(("reorder", "routes: %s" % ", ".join(new_names)))
    return steps + [("remove", "route %s" % name) for name in old_routes if name not in new_names]


def describe(current, wanted, check_mode=False):
    """What turning `current` into `wanted` does (in check mode: would do), one entry per trunk and route."""
    old_trunks, new_trunks = current.get("trunks") or {}, wanted.get("trunks") or {}
    steps = _trunk_steps(old_trunks, new_trunks) + _route_steps(current.get("routes") or [], wanted.get("routes") or [])
    steps += [("remove", "trunk %s" % fqdn) for fqdn in old_trunks if fqdn not in new_trunks]
    return ["%s %s" % ("would " + verb if check_mode else PAST[verb], what) for verb, what in steps]


# -- read-modify-write -----------------------------------------------------------------------------------------------

class Converger:
    """One task's read-modify-write of the configuration, with lost-update detection.

    converge(plan, holds): read; wanted = plan(read) (TaskFailure for what the service would refuse); nothing to do
    when equal; else check the whole of wanted, write the patches, wait 1.5 times as long as reading and writing took
    (at least MIN_SETTLE), read again and check holds(read): what the task asked for is there. When another writer's change replaced it,
    start again from what is there (ATTEMPTS in all). `before` is the first configuration read, `after` the last (in
    check mode, the planned one); `actions` what was (or would be) done; `conflicts` how many writes were undone.
    """

    def __init__(self, client, api, check_mode=False, attempts=ATTEMPTS, clock=time.monotonic, rand=random.random):
        self.client = client
        self.api = api
        self.check_mode = check_mode
        self.attempts = attempts
        self.clock = clock
        self.rand = rand
        self.before = None
        self.after = None
        self.actions = []
        self.changed = False
        self.patches = 0
        self.conflicts = 0

    def read(self):
        return self.api.get_configuration(self.client)

    def converge(self, plan, holds):
        for _attempt in range(self.attempts):
            started = self.clock()
            current = self.read()
            if self.before is None:
                self.before = current
            wanted = plan(current)
            patches = patches_between(current, wanted)
            if not patches:
                self.after = current
                return self
            error = configuration_error(wanted)
            if error:
                raise TaskFailure(error)
            self.changed = True
            self.actions = describe(current, wanted, self.check_mode)
            if self.check_mode:
                self.after = wanted
                return self
            answer = self._write(patches)
            if answer is not None and holds(answer):
                time.sleep(max(MIN_SETTLE, 1.5 * (self.clock() - started)))
                self.after = self.read()
                if holds(self.after):
                    return self
            self.conflicts += 1
            time.sleep(MIN_SETTLE + self.rand() * max(MIN_SETTLE, self.clock() - started))
        raise TaskFailure("Another writer kept replacing the SIP routing configuration: what this task wrote was undone %d "
                          "times; nothing was left half done, run the task again." % self.conflicts,
                          result={"changed": self.changed, "actions": self.actions})

    def _write(self, patches):
        """Send the patches in order; the last answer, or None when an answer was lost (the next attempt reads)."""
        answer = None
        for patch in patches:
            try:
                answer = self.api.update_configuration(self.client, patch)
            except ACSAmbiguousError:
                return None
            self.patches += 1
        return answer


# -- what the modules share ----------------------------------------------------------------------------------------------

def api_version_spec():
    """The api_version option of the SIP modules (the preview only for its extra options)."""
    return dict(api_version=dict(type="str", default=apis.DEFAULT_SIP_ROUTING_VERSION, choices=list(apis.SIP_ROUTING)))


def api_of(params):
    """The SIP routing API module of the task's api_version."""
    return apis.sip_routing(params.get("api_version"))


def version_error(params, options):
    """The sentence for the first of `options` given (not None) that the task's api_version lacks."""
    for option in options:
        if params.get(option) is not None:
            error = apis.option_error(apis.SIP_ROUTING, params.get("api_version") or apis.DEFAULT_SIP_ROUTING_VERSION, option)
            if error:
                return error
    return None


def task_result(converger, diff_mode, **extra):
    """changed, actions, patches (PATCHes sent), conflicts (writes another writer undid) and, in diff mode, the
    configuration before and after."""
    result = dict(changed=converger.changed, actions=converger.actions, patches=converger.patches,
                  conflicts=converger.conflicts, **extra)
    if diff_mode:
        result["diff"] = {"before": configuration_diff(converger.before), "after": configuration_diff(converger.after)}
    return result
