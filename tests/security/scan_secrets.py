"""Scan the output of an ansible run (ideally at -vvv) for secrets.

    python tests/security/scan_secrets.py LOG [LOG ...] [--secret VALUE ...] [--env-file FILE]

Findings (exit code 1, each printed with its line number and a redacted preview, never the secret itself):

  secret        a value given with --secret (or an ACS_CONNECTION_STRING / accesskey found in --env-file), as is or
                percent-encoded, anywhere in the log
  accesskey     "accesskey=" followed by a base64 value of 16 characters or more: any connection string
  signature     "Signature=" followed by a base64 value: an HMAC-SHA256 Authorization header
  bearer        "Bearer " followed by a token: a Microsoft Entra ID Authorization header (JWT or opaque)
  client_secret a service principal's secret: the value of AZURE_CLIENT_SECRET= / AZURE_SECRET= / client_secret=, of a
                "secret" or "client_secret" JSON key (no_log masks it as VALUE_SPECIFIED_IN_NO_LOG_PARAMETER), or a
                secret in the emulator's format (emu~...); --env-file adds the file's AZURE_CLIENT_SECRET as a --secret
  jwt           a JSON Web Token (eyJ...eyJ...sig) anywhere except where one is returned on purpose

The rule for tokens: a JWT may appear only inside the printed result JSON of a task that runs one of the modules that
return tokens (acs.administration.acs_user with token_scopes, acs.administration.acs_token), and there only as the value
of a "token" key outside "invocation" (module_args). A token in msg, warnings, reissue_reason, diff, a loop label,
facts, the result of any other module (debug, set_fact, uri, ...) or HTTP-level logging is a finding. The task's module
is read from the -vvv lines "Using module file .../<module>.py" / "AnsiballZ_<module>.py" of the task's section.
"""

from __future__ import annotations

import argparse
import base64
import json
import re
import sys
from urllib.parse import quote

TOKEN_MODULES = frozenset(("acs_user", "acs_token"))
JWT = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}")
ACCESSKEY = re.compile(r"accesskey=([A-Za-z0-9+/]{16,}={0,2})", re.IGNORECASE)
SIGNATURE = re.compile(r"Signature=([A-Za-z0-9+/_%-]{16,}(?:={0,2}|(?:%3D){0,2}))")
BEARER = re.compile(r"\bBearer\s+([A-Za-z0-9._~+/-]{16,}=*)")
CLIENT_SECRET = re.compile(r"(?:AZURE_CLIENT_SECRET|AZURE_SECRET|client_secret)[\"']?\s*[=:]\s*[\"']?([^\s\"'&;,]{8,})"
                           r"|\"(?:client_)?secret\":\s*\"([^\"]{8,})\""
                           r"|(emu~[A-Za-z0-9_-]{20,})", re.IGNORECASE)
MASKED = frozenset(("VALUE_SPECIFIED_IN_NO_LOG_PARAMETER", "********"))
SECTION = re.compile(r"^(?:TASK|HANDLER|RUNNING HANDLER) \[", re.MULTILINE)
MODULE = re.compile(r"(?:Using module file \S*/|AnsiballZ_)([A-Za-z0-9_]+)\.py")
RESULT = re.compile(r"^(?:ok|changed|fatal|failed|skipping|included|rescued|ignored): \[[^\]\n]*\](?: => \(item=.*?\))?(?: FAILED!)? => (?=\{)",
                    re.MULTILINE)
NOT_RESULT_KEYS = frozenset(("invocation", "module_args"))


def redact(value):
    return value[:4] + "..." + "(%d chars)" % len(value)


class Finding:
    def __init__(self, kind, text, pos, value, why=""):
        self.kind = kind
        self.line = text.count("\n", 0, pos) + 1
        self.preview = redact(value)
        self.why = why

    def __str__(self):
        return "line %d: %s %s%s" % (self.line, self.kind, self.preview, (" (" + self.why + ")") if self.why else "")


def _allowed_tokens(value, path=()):
    """How many JWTs the parsed result JSON holds at allowed places (a "token" key outside invocation)."""
    if isinstance(value, dict):
        return sum(_allowed_tokens(v, path + (k,)) for k, v in value.items())
    if isinstance(value, list):
        return sum(_allowed_tokens(v, path) for v in value)
    if isinstance(value, str) and path and path[-1] == "token" and not NOT_RESULT_KEYS & set(path):
        return 1 if JWT.fullmatch(value) else 0
    return 0


def _result_blocks(text, start, end):
    """(begin, end, parsed) of every result JSON printed between start and end."""
    decoder = json.JSONDecoder()
    for match in RESULT.finditer(text, start, end):
        try:
            parsed, stop = decoder.raw_decode(text, match.end())
        except ValueError:
            continue
        yield match.end(), stop, parsed


def scan_tokens(text):
    findings = []
    bounds = [m.start() for m in SECTION.finditer(text)] + [len(text)]
    sections = [(0, bounds[0])] + list(zip(bounds, bounds[1:]))
    for start, end in sections:
        jwts = list(JWT.finditer(text, start, end))
        if not jwts:
            continue
        modules = {m.split(".")[-1] for m in MODULE.findall(text, start, end)}
        allowed_spans = []
        if modules and modules <= TOKEN_MODULES:
            for begin, stop, parsed in _result_blocks(text, start, end):
                inside = [m for m in jwts if begin <= m.start() < stop]
                allowed = _allowed_tokens(parsed)
                if len(inside) > allowed:
                    findings.append(Finding("jwt", text, inside[0].start(), inside[0].group(0),
                                            "%d token(s) in this result, only %d as a returned token" % (len(inside), allowed)))
                allowed_spans.append((begin, stop))
        for m in jwts:
            if not any(b <= m.start() < s for b, s in allowed_spans):
                where = "module %s" % ",".join(sorted(modules)) if modules else "no module"
                findings.append(Finding("jwt", text, m.start(), m.group(0), "outside a token module's result (%s)" % where))
    return findings


def base64_variants(secret):
    """The secret as it appears inside base64 of a larger text (ansible's slurp prints files that way), at each of the
    three alignments, without the edge characters that depend on the neighbouring bytes."""
    data = secret.encode("utf-8")
    variants = set()
    for shift in range(3):
        encoded = base64.b64encode(b"\0" * shift + data).decode("ascii")
        begin = (0, 2, 3)[shift]
        end = len(encoded) - (4 if (shift + len(data)) % 3 else 0)
        if end - begin >= 16:
            variants.add(encoded[begin:end])
    return variants


def scan(text, secrets=()):
    findings = []
    for secret in secrets:
        if not secret or len(secret) < 8:
            continue
        variants = {secret, quote(secret, safe=""), quote(secret, safe="/:")}
        if len(secret) >= 16:
            variants |= base64_variants(secret)
        for variant in variants:
            pos = text.find(variant)
            while pos != -1:
                findings.append(Finding("secret", text, pos, variant, "a value given with --secret"))
                pos = text.find(variant, pos + 1)
    for m in ACCESSKEY.finditer(text):
        findings.append(Finding("accesskey", text, m.start(), m.group(1), "a connection string"))
    for m in SIGNATURE.finditer(text):
        findings.append(Finding("signature", text, m.start(), m.group(1), "an HMAC signature"))
    for m in BEARER.finditer(text):
        findings.append(Finding("bearer", text, m.start(), m.group(1), "a bearer token"))
    for m in CLIENT_SECRET.finditer(text):
        value = next(g for g in m.groups() if g)
        if value not in MASKED:
            findings.append(Finding("client_secret", text, m.start(), value, "a service principal's secret"))
    findings.extend(scan_tokens(text))
    unique = {(f.line, f.kind, f.preview): f for f in findings}
    return sorted(unique.values(), key=lambda f: (f.line, f.kind))


def secrets_from_env_file(path):
    values = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            name, _sep, value = line.strip().partition("=")
            if name == "AZURE_CLIENT_SECRET" and value:
                values.append(value)
            if name == "ACS_CONNECTION_STRING" and value:
                values.append(value)
                key = re.search(r"accesskey=([^;]+)", value, re.IGNORECASE)
                if key:
                    values.append(key.group(1))
    return values


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("logs", nargs="+")
    parser.add_argument("--secret", action="append", default=[], help="a value that must not appear (repeatable)")
    parser.add_argument("--env-file", action="append", default=[], help="an emulator env file: its connection string and key")
    args = parser.parse_args(argv)
    secrets = list(args.secret)
    for path in args.env_file:
        secrets += secrets_from_env_file(path)
    total = 0
    for path in args.logs:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
        findings = scan(text, secrets)
        total += len(findings)
        print("%s: %d bytes, %d lines, %d JWT(s) seen, %d finding(s)" % (
            path, len(text), text.count("\n"), len(JWT.findall(text)), len(findings)))
        for finding in findings[:200]:
            print("  %s" % finding)
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
