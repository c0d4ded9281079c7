"""SIP routing (direct routing): domains, trunks, routes and trunk health of one ACS resource (no HTTP).

One document in the store's meta table ("sip"): {"domains": {domain: {"enabled"}}, "trunks": {fqdn: {...}},
"routes": [...], "health": {fqdn: {...}}}; dicts keep insertion order, as the service lists trunks (a new trunk is
appended, an updated one keeps its place).

`update(patch, preview)` applies a JSON merge patch the service's way: `domains` and `trunks` are merged (a `null`
value deletes the entry, an object updates or adds it), `routes` replaces the whole list when present. The result is
validated as a whole before it is stored; a refusal changes nothing.

Refusals carry the service's outer code and an `inner` (code, message) pair (the `innererror` of the wire). Inner
codes and messages recorded from the real service: EmptyPatch, InvalidTrunkFqdn, InvalidTrunkSipSignalingPort,
InvalidRouteName, InvalidRouteNumberPattern, MissingTrunk, DuplicatedRoute (answered with 400, not 422) and
InvalidRegex (the swagger's example). The others (limits, a trunk twice in a route, a too long description,
domains) are this emulator's own names: no recording shows them.

Number patterns are .NET regular expressions on the service; here Python's `re` approximates them (see
`compile_pattern`): .NET quantifiers on anchors (`^+`, recorded as accepted) and `(?<name>...)` groups are
rewritten, other .NET-only syntax may be refused or read differently. A pattern must be able to match only digits
and `+` (checked on the parsed expression: literals, classes and ranges within 0-9 and `+`, `\\d`; no `.`, no
negated class, no `\\w` or `\\s`); the position of the `+` is not checked.
"""

import copy
import re

try:  # Python 3.11+
    from re import _parser as sre_parse  # pylint: disable=no-name-in-module
except ImportError:  # pragma: no cover
    import sre_parse  # pylint: disable=deprecated-module

from . import errors
from .errors import InvalidInput

META_KEY = "sip"
MAX_TRUNKS = 250
MAX_ROUTES = 250
MAX_ROUTE_TRUNKS = 250
MAX_DOMAINS = 250
MAX_FQDN = 249
MAX_NAME = 256
MAX_TEXT = 1024
FORBIDDEN_SUFFIXES = ("onmicrosoft.com", "azure.com")
PRIVACY_HEADERS = ("id", "none")
IP_VERSIONS = ("ipv4", "ipv6")
TLS_STATUSES = ("unknown", "ok", "certExpiring", "certExpired")
PING_STATUSES = ("unknown", "ok", "expired", "error")
OVERALL_STATUSES = ("unknown", "active", "inactive")
INACTIVE_REASONS = ("noRecentCalls", "noRecentPings", "noRecentCallsAndPings")
TRUNK_DEFAULTS = {"enabled": True, "directTransfer": False, "privacyHeader": "id", "ipAddressVersion": "ipv4"}
UNKNOWN_HEALTH = {"tls": {"status": "unknown"}, "ping": {"status": "unknown"}, "overall": {"status": "unknown"}}
OUTER_MESSAGE = "One or more request inputs are not valid."
LABEL = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")

# inner code -> message (the recorded ones verbatim)
INNER = {
    "EmptyPatch": "Patch with no data provided.",
    "InvalidTrunkFqdn": "Trunk with an invalid FQDN.",
    "InvalidTrunkSipSignalingPort": "Trunk with an invalid SIP signaling port.",
    "InvalidRouteName": "Route with an invalid name.",
    "InvalidRouteNumberPattern": "Route with an invalid number pattern.",
    "InvalidRegex": "Unsupported regex format provided.",
    "MissingTrunk": "Route targeting a missing trunk.",
    "DuplicatedRoute": "There is a duplicated route.",
    "DuplicatedRouteTrunk": "Route with a duplicated trunk.",
    "InvalidRouteDescription": "Route with an invalid description.",
    "TooManyTrunks": "Too many trunks (at most %d)." % MAX_TRUNKS,
    "TooManyRoutes": "Too many routes (at most %d)." % MAX_ROUTES,
    "TooManyRouteTrunks": "Route with too many trunks (at most %d)." % MAX_ROUTE_TRUNKS,
    "TooManyDomains": "Too many domains (at most %d)." % MAX_DOMAINS,
    "InvalidDomain": "Domain with an invalid URI.",
    "DisabledDomain": "Trunk of a domain that is not enabled.",
    "DomainInUse": "Domain used by a trunk.",
}


class Unprocessable(errors.Unprocessable):
    """422: the configuration the patch would produce is not acceptable (`inner`: the innererror)."""

    code = "UnprocessableConfiguration"

    def __init__(self, inner_code):
        super().__init__(OUTER_MESSAGE, inner=(inner_code, INNER[inner_code]))


class Duplicated(InvalidInput):
    """400 with the 422's body: the service answers a duplicated route name so (recorded)."""

    code = "UnprocessableConfiguration"

    def __init__(self):
        super().__init__(OUTER_MESSAGE, inner=("DuplicatedRoute", INNER["DuplicatedRoute"]))


def bad_request(message):
    """A body that does not fit the schema (wrong type, unknown enum value)."""
    return InvalidInput(message, code="BadRequest")


# ---------------------------------------------------------------- number patterns
ANCHORS = ("^", "$", "\\A", "\\b", "\\B", "\\Z")
QUANTIFIER = re.compile(r"[*+?]|\{\d")


def _dotnet_to_python(pattern):
    """Rewrite the .NET syntax Python lacks: a quantified anchor becomes a quantified group, `(?<name>` a
    `(?P<name>` group, `\\z` Python's `\\Z`. Character classes and escapes are skipped over."""
    out, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            token, i = _escape_token(pattern, i)
        elif char == "[":
            end = _class_end(pattern, i)
            token, i = pattern[i:end], end
        else:
            token = pattern[i]
            i += 1
            if token == "(" and re.match(r"\?<[A-Za-z_]", pattern[i:]):
                token, i = "(?P<", i + 2
            elif token == "{" and not DOTNET_QUANTIFIER.match(pattern, i - 1):
                token = "\\{"  # .NET reads a { that opens no {n}, {n,} or {n,m} as a literal ({,m} too)
        out.append(_anchor_token(token, pattern, i))
    return "".join(out)


DOTNET_QUANTIFIER = re.compile(r"\{\d+(?:,\d*)?\}")
# .NET's Unicode decimal digit category, which Python's re lacks
UNICODE_DIGITS = {"\\p{Nd}": "\\d", "\\P{Nd}": "\\D"}


def _escape_token(pattern, i):
    """(the Python form of the escape at i, the index after it): \\p{Nd} and \\k<name> (a backreference) rewritten."""
    if pattern.startswith(("\\p{Nd}", "\\P{Nd}"), i):
        return UNICODE_DIGITS[pattern[i:i + 6]], i + 6
    if pattern.startswith("\\k<", i) and ">" in pattern[i:]:
        end = pattern.index(">", i) + 1
        return "(?P=%s)" % pattern[i + 3:end - 1], end
    return pattern[i:i + 2], i + 2


def _anchor_token(token, pattern, i):
    """An anchor followed by a quantifier (which .NET accepts) wrapped in a group (which Python accepts)."""
    token = "\\Z" if token == "\\z" else token
    if token in ANCHORS and QUANTIFIER.match(pattern, i):
        return "(?:%s)" % token
    return token


def _class_end(pattern, start):
    """Index just past the character class that opens at `start` (len(pattern) when it is not closed)."""
    i = start + 1
    if i < len(pattern) and pattern[i] == "^":
        i += 1
    if i < len(pattern) and pattern[i] == "]":
        i += 1
    while i < len(pattern):
        if pattern[i] == "\\":
            i += 2
            continue
        if pattern[i] == "]":
            return i + 1
        i += 1
    return len(pattern)


def compile_pattern(pattern):
    """The compiled approximation of a .NET number pattern; Unprocessable InvalidRegex when it does not parse."""
    try:
        return re.compile(_dotnet_to_python(pattern))
    except (re.error, OverflowError, RecursionError):
        raise Unprocessable("InvalidRegex") from None


def _allowed_char(code):
    return 48 <= code <= 57 or code == 43


def _set_ok(items):
    """Whether a parsed character class [..] can match only digits and '+'."""
    for op, arg in items:
        name = str(op)
        if name == "NEGATE":
            return False
        if name == "LITERAL" and not _allowed_char(arg):
            return False
        if name == "RANGE" and not (_allowed_char(arg[0]) and _allowed_char(arg[1]) and (arg[0] == 43) == (arg[1] == 43)):
            return False
        if name == "CATEGORY" and str(arg) != "CATEGORY_DIGIT":
            return False
    return True


def _subpatterns(op, arg):
    """The parsed sub-expressions an operator contains (empty for zero-width and leaf operators)."""
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


def _digits_only(parsed):
    """Whether every character a parsed expression consumes is a digit or '+'."""
    for op, arg in parsed:
        name = str(op)
        if name in ("ANY", "NOT_LITERAL", "CATEGORY"):
            return False
        if name == "LITERAL" and not _allowed_char(arg):
            return False
        if name == "IN" and not _set_ok(arg):
            return False
        if not all(_digits_only(sub) for sub in _subpatterns(op, arg)):
            return False
    return True


def check_pattern(pattern):
    """Refuse a number pattern that is empty, too long, not a regex, or able to match more than digits and '+'."""
    if not isinstance(pattern, str) or not pattern or len(pattern) > MAX_TEXT:
        raise Unprocessable("InvalidRouteNumberPattern")
    compiled = compile_pattern(pattern)
    if not _digits_only(sre_parse.parse(compiled.pattern)):
        raise Unprocessable("InvalidRouteNumberPattern")
    return compiled


def matches(pattern, number):
    """Whether a number pattern matches a number the way .NET's Regex.IsMatch does (anywhere in the string)."""
    return compile_pattern(pattern).search(number) is not None


# ---------------------------------------------------------------- names
def valid_fqdn(fqdn):
    """A host name of at least two labels, each 1-63 letters, digits or inner hyphens, the last not all digits."""
    if not isinstance(fqdn, str) or not 0 < len(fqdn) <= MAX_FQDN:
        return False
    labels = fqdn.split(".")
    return len(labels) >= 2 and all(LABEL.match(label) for label in labels) and not labels[-1].isdigit()


def forbidden_fqdn(fqdn):
    """Whether a FQDN is in a Microsoft domain the service keeps for itself."""
    lower = fqdn.lower()
    return any(lower == suffix or lower.endswith("." + suffix) for suffix in FORBIDDEN_SUFFIXES)


def domain_of(fqdn, domains):
    """The listed domain a trunk belongs to (the longest listed suffix), or None."""
    lower = fqdn.lower()
    owners = [d for d in domains if lower.endswith("." + d.lower())]
    return max(owners, key=len) if owners else None


# ---------------------------------------------------------------- the model
class SipRouting:
    """The SIP configuration of the resource."""

    def __init__(self, store):
        self.store = store

    def _load(self):
        return self.store.get_meta(META_KEY) or {"domains": {}, "trunks": {}, "routes": [], "health": {}}

    def _save(self, doc):
        self.store.set_meta(META_KEY, doc)

    def reset(self):
        """Forget the whole configuration."""
        self.store.del_meta(META_KEY)

    def configuration(self, preview, expand_health=False):
        """The configuration as the API at that level shows it."""
        doc = self._load()
        out = {}
        if preview:
            out["domains"] = copy.deepcopy(doc["domains"])
        out["trunks"] = {fqdn: _trunk_view(trunk, preview, doc["health"].get(fqdn) if expand_health else None)
                         for fqdn, trunk in doc["trunks"].items()}
        out["routes"] = [route_view(route, preview) for route in doc["routes"]]
        return out

    def update(self, patch, preview):
        """Apply a merge patch; return the new configuration. Raises Unprocessable/InvalidInput and stores nothing then."""
        if not isinstance(patch, dict):
            raise bad_request("The request body must be a JSON object.")
        doc = self._load()
        domains = _merge_domains(doc["domains"], patch.get("domains"), preview)
        trunks, touched = _merge_trunks(doc["trunks"], patch.get("trunks"), preview)
        routes = _parse_routes(patch["routes"], preview) if patch.get("routes") is not None else doc["routes"]
        if not patch.get("trunks") and patch.get("routes") is None and not (preview and patch.get("domains")):
            raise Unprocessable("EmptyPatch")
        _check_whole(domains, trunks, routes, touched if preview else ())
        if preview:
            _check_domains_kept(doc["domains"], domains, trunks)
        health = {fqdn: doc["health"].get(fqdn, copy.deepcopy(UNKNOWN_HEALTH)) for fqdn in trunks}
        self._save({"domains": domains, "trunks": trunks, "routes": routes, "health": health})
        return self.configuration(preview)

    def test_routes(self, number, config):
        """The routes (of `config`, or of the stored configuration when None) whose pattern matches `number`, in order."""
        if not isinstance(number, str) or not number:
            raise bad_request("The query parameter 'targetPhoneNumber' is required.")
        if config is not None and not isinstance(config, dict):
            raise bad_request("The request body must be a JSON object.")
        if config is not None and config.get("routes") is not None:
            routes = _parse_routes(config["routes"], True)
        else:
            routes = self._load()["routes"]
        return [route_view(route, True) for route in routes if matches(route["numberPattern"], number)]

    def set_health(self, fqdn, tls=None, ping=None, overall=None, reason=None):
        """Set (part of) a trunk's health; return it. KeyError when the trunk does not exist, ValueError on a bad value."""
        doc = self._load()
        if fqdn not in doc["trunks"]:
            raise KeyError(fqdn)
        health = doc["health"].setdefault(fqdn, copy.deepcopy(UNKNOWN_HEALTH))
        for key, value, allowed in (("tls", tls, TLS_STATUSES), ("ping", ping, PING_STATUSES), ("overall", overall, OVERALL_STATUSES)):
            if value is not None:
                if value not in allowed:
                    raise ValueError("'%s' must be one of %s." % (key, ", ".join(allowed)))
                health[key] = {"status": value}
        if reason is not None:
            if reason not in INACTIVE_REASONS:
                raise ValueError("'reason' must be one of %s." % ", ".join(INACTIVE_REASONS))
            if health["overall"]["status"] != "inactive":
                raise ValueError("'reason' applies to an inactive trunk only.")
            health["overall"]["reason"] = reason
        self._save(doc)
        return copy.deepcopy(health)


def _trunk_view(trunk, preview, health):
    view = {"sipSignalingPort": trunk["sipSignalingPort"]}
    if preview:
        view.update({key: trunk.get(key, default) for key, default in TRUNK_DEFAULTS.items()})
        if health is not None:
            view["health"] = copy.deepcopy(health)
    return view


def route_view(route, preview):
    """A route on the wire: description (when set), name, numberPattern, callerIdOverride (preview, when set), trunks
    (always, [] when none): the recorded order."""
    view = {}
    if route.get("description") is not None:
        view["description"] = route["description"]
    view["name"] = route["name"]
    view["numberPattern"] = route["numberPattern"]
    if preview and route.get("callerIdOverride") is not None:
        view["callerIdOverride"] = route["callerIdOverride"]
    view["trunks"] = list(route.get("trunks") or [])
    return view


def _merge_domains(current, patch, preview):
    domains = copy.deepcopy(current)
    if not preview or patch is None:
        return domains
    if not isinstance(patch, dict):
        raise bad_request("'domains' must be an object.")
    for name, value in patch.items():
        if value is None:
            domains.pop(name, None)
            continue
        if not valid_fqdn(name) or forbidden_fqdn(name):
            raise Unprocessable("InvalidDomain")
        if not isinstance(value, dict) or not isinstance(value.get("enabled", domains.get(name, {}).get("enabled")), bool):
            raise bad_request("Domain '%s' needs a boolean 'enabled'." % name)
        domains[name] = {"enabled": value.get("enabled", domains.get(name, {}).get("enabled"))}
    if len(domains) > MAX_DOMAINS:
        raise Unprocessable("TooManyDomains")
    return domains


def _merge_trunks(current, patch, preview):
    """(merged trunks, FQDNs the patch set); deletions of absent trunks are no-ops."""
    trunks = copy.deepcopy(current)
    touched = []
    if patch is None:
        return trunks, touched
    if not isinstance(patch, dict):
        raise bad_request("'trunks' must be an object.")
    for fqdn, value in patch.items():
        touched.append(fqdn)
        if value is None:
            trunks.pop(fqdn, None)
            continue
        if not valid_fqdn(fqdn) or forbidden_fqdn(fqdn):
            raise Unprocessable("InvalidTrunkFqdn")
        trunks[fqdn] = _merge_trunk(trunks.get(fqdn), value, preview)
    return trunks, [fqdn for fqdn in touched if fqdn in trunks]


def _merge_trunk(old, value, preview):
    if not isinstance(value, dict):
        raise bad_request("A trunk must be an object or null.")
    trunk = dict(old or {})
    port = value.get("sipSignalingPort", trunk.get("sipSignalingPort"))
    if isinstance(port, bool) or not isinstance(port, (int, type(None))):
        raise bad_request("'sipSignalingPort' must be an integer.")
    if port is None or not 1 <= port <= 65535:
        raise Unprocessable("InvalidTrunkSipSignalingPort")
    trunk["sipSignalingPort"] = port
    if preview:
        trunk.update(_preview_trunk_fields(value))
    return trunk


def _preview_trunk_fields(value):
    fields = {}
    for key in ("enabled", "directTransfer"):
        if value.get(key) is not None:
            if not isinstance(value[key], bool):
                raise bad_request("'%s' must be true or false." % key)
            fields[key] = value[key]
    for key, allowed in (("privacyHeader", PRIVACY_HEADERS), ("ipAddressVersion", IP_VERSIONS)):
        if value.get(key) is not None:
            if value[key] not in allowed:
                raise bad_request("'%s' must be one of %s." % (key, ", ".join(allowed)))
            fields[key] = value[key]
    return fields


def _parse_routes(routes, preview):
    if not isinstance(routes, list):
        raise bad_request("'routes' must be an array.")
    if len(routes) > MAX_ROUTES:
        raise Unprocessable("TooManyRoutes")
    parsed = [_parse_route(route, preview) for route in routes]
    names = [route["name"] for route in parsed]
    if len(set(names)) != len(names):
        raise Duplicated()
    return parsed


def _parse_route(route, preview):
    if not isinstance(route, dict):
        raise bad_request("A route must be an object.")
    name, description = route.get("name"), route.get("description")
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
        raise Unprocessable("InvalidRouteName")
    check_pattern(route.get("numberPattern"))
    if description is not None and (not isinstance(description, str) or len(description) > MAX_TEXT):
        raise Unprocessable("InvalidRouteDescription")
    parsed = {"description": description, "name": name, "numberPattern": route["numberPattern"], "trunks": _route_trunks(route)}
    caller_id = route.get("callerIdOverride")
    if preview and caller_id is not None:
        if not isinstance(caller_id, str):
            raise bad_request("'callerIdOverride' must be a string.")
        parsed["callerIdOverride"] = caller_id
    return parsed


def _route_trunks(route):
    trunks = route.get("trunks") or []
    if not isinstance(trunks, list) or not all(isinstance(t, str) for t in trunks):
        raise bad_request("A route's 'trunks' must be an array of FQDNs.")
    if len(trunks) > MAX_ROUTE_TRUNKS:
        raise Unprocessable("TooManyRouteTrunks")
    if len(set(trunks)) != len(trunks):
        raise Unprocessable("DuplicatedRouteTrunk")
    return list(trunks)


def _check_whole(domains, trunks, routes, touched):
    """The cross checks on the configuration a patch would produce."""
    if len(trunks) > MAX_TRUNKS:
        raise Unprocessable("TooManyTrunks")
    if any(fqdn not in trunks for route in routes for fqdn in route["trunks"]):
        raise Unprocessable("MissingTrunk")
    for fqdn in touched:
        owner = domain_of(fqdn, domains)
        if owner is not None and not domains[owner]["enabled"]:
            raise Unprocessable("DisabledDomain")


def _check_domains_kept(before, after, trunks):
    """A domain that trunks use cannot be removed."""
    for name in set(before) - set(after):
        if any(domain_of(fqdn, {name: None}) for fqdn in trunks):
            raise Unprocessable("DomainInUse")
