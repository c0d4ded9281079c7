"""Compare a recorded response of the real service with the emulator's answer to the same request (pure functions).

What is compared (values are not, except error codes and targets):
- the status code;
- the key shape of the body: keys recursively; the items of a list merge into one shape; an empty list fits any list;
  dictionary keys that are data (phone numbers '+...', their ids (digits), or the recordings' 'sanitized') count as one key '<data>';
- the error `code` and `target` when the recorded body has an `error` object;
- the paging form of a list page: `nextLink` absent, null, relative ('/...') or absolute;
- the LRO headers: which of Location, Operation-Location, operation-id and the *-id headers are present, and the form
  of Location / Operation-Location (relative or absolute, with or without api-version).

`differences(recorded, actual)` returns {aspect: detail} for the aspects that differ; aspects are the keys of ASPECTS.
"""

import json
import sys

ASPECTS = ("status", "body-keys", "error-code", "error-target", "paging", "lro-headers")
LRO_HEADERS = ("location", "operation-location", "operation-id", "search-id", "purchase-id", "release-id",
               "capabilities-id", "reservation-purchase-id")
LINK_HEADERS = ("location", "operation-location")
SCALAR = "*"
DATA_KEY = "<data>"
README_BEGIN = "<!-- recorded-differences:begin (generated from tests/emulator/recorded/known_differences.json) -->"
README_END = "<!-- recorded-differences:end -->"


def is_data_key(key):
    """True for dictionary keys that are values (phone numbers or their ids keyed by themselves), not names."""
    return key.startswith("+") or key.isdigit() or key.lower() == "sanitized"


def merge_shapes(left, right):
    """One shape covering both (used for the items of a list)."""
    if isinstance(left, dict) and isinstance(right, dict):
        merged = dict(left)
        for key, value in right.items():
            merged[key] = merge_shapes(merged[key], value) if key in merged else value
        return merged
    return left if left == right else right if left == SCALAR else left


def key_shape(value):
    """The key shape of a JSON value: dicts keep their keys, lists become [merged item shape], scalars and null '*'."""
    if isinstance(value, dict):
        return {(DATA_KEY if is_data_key(key) else key): key_shape(item) for key, item in value.items()}
    if isinstance(value, list):
        shapes = [key_shape(item) for item in value]
        merged = shapes[0] if shapes else None
        for shape in shapes[1:]:
            merged = merge_shapes(merged, shape)
        return [merged] if shapes else []
    return SCALAR


def _list_shape_diff(recorded, actual, path):
    if not recorded or not actual:
        return []
    return shape_diff(recorded[0], actual[0], path + "[]")


def _dict_shape_diff(recorded, actual, path):
    found = ["-" + path + key for key in recorded if key not in actual]
    found += ["+" + path + key for key in actual if key not in recorded]
    for key in recorded:
        if key in actual:
            found += shape_diff(recorded[key], actual[key], path + key + ".")
    return found


def _kind(shape):
    return "object" if isinstance(shape, dict) else "list" if isinstance(shape, list) else "scalar"


def shape_diff(recorded, actual, path=""):
    """Differences between two key shapes: '-a.b' missing in the emulator, '+a.b' extra, 'a.b: object != scalar'."""
    kinds = (_kind(recorded), _kind(actual))
    if kinds[0] != kinds[1]:
        return ["%s: %s != %s" % (path.rstrip(".") or "(body)", kinds[0], kinds[1])]
    if kinds[0] == "object":
        return _dict_shape_diff(recorded, actual, path)
    if kinds[0] == "list":
        return _list_shape_diff(recorded, actual, path)
    return []


def error_fields(body):
    """(code, target) of an error body; (None, None) when the body is not an error."""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return None, None
    return error.get("code"), error.get("target")


def link_form(link):
    """'null', 'relative' or 'absolute' for a link value."""
    if link is None:
        return "null"
    return "relative" if str(link).startswith("/") else "absolute"


def is_page(body):
    """True for a list page: a dict body with a list value or a nextLink key."""
    return isinstance(body, dict) and ("nextLink" in body or any(isinstance(v, list) for v in body.values()))


def paging_form(body):
    """The nextLink form of a list page: 'absent', 'null', 'relative' or 'absolute'; None when not a page."""
    if not is_page(body):
        return None
    return link_form(body["nextLink"]) if "nextLink" in body else "absent"


def header_form(value):
    """Form of a Location-like header: 'relative' or 'absolute', '+api-version' when it carries one."""
    return link_form(value) + ("+api-version" if "api-version=" in value else "")


def lro_header_view(headers):
    """{header name: form} for the LRO headers present (names lower case; ids as 'present')."""
    lowered = {name.lower(): value for name, value in headers.items()}
    return {name: (header_form(lowered[name]) if name in LINK_HEADERS else "present") for name in LRO_HEADERS if name in lowered}


def _dict_diff(recorded, actual):
    """Sorted 'name: recorded != emulator' for the keys where two flat dicts differ."""
    names = sorted(set(recorded) | set(actual))
    return ["%s: %s != %s" % (n, recorded.get(n, "absent"), actual.get(n, "absent")) for n in names if recorded.get(n) != actual.get(n)]


def _error_differences(recorded_body, actual_body):
    rec_code, rec_target = error_fields(recorded_body)
    if rec_code is None:
        return {}
    act_code, act_target = error_fields(actual_body)
    found = {}
    if rec_code != act_code:
        found["error-code"] = "%s != %s" % (rec_code, act_code)
    if rec_target != act_target:
        found["error-target"] = "%s != %s" % (rec_target, act_target)
    return found


def differences(recorded, actual):
    """{aspect: detail} where the emulator's answer differs from the recorded one.

    Both are {"status": int, "headers": {name: value}, "body": JSON value or None}."""
    found = {}
    if recorded["status"] != actual["status"]:
        found["status"] = "%s != %s" % (recorded["status"], actual["status"])
    keys = shape_diff(key_shape(recorded["body"]), key_shape(actual["body"]))
    if keys:
        found["body-keys"] = ", ".join(keys)
    found.update(_error_differences(recorded["body"], actual["body"]))
    forms = (paging_form(recorded["body"]), paging_form(actual["body"]))
    if forms[0] is not None and forms[0] != forms[1]:
        found["paging"] = "%s != %s" % forms
    lro = _dict_diff(lro_header_view(recorded["headers"]), lro_header_view(actual["headers"]))
    if lro:
        found["lro-headers"] = ", ".join(lro)
    return found


def known_map(known):
    """{pair id: sorted aspects} of the checked-in known differences."""
    return {entry["pair"]: sorted(entry["aspects"]) for entry in known}


def found_map(results):
    """{pair id: sorted aspects} of replay results [(pair id, {aspect: detail})] that differ."""
    return {pair_id: sorted(found) for pair_id, found in results if found}


def drift(found, known):
    """How replay results {pair: aspects} depart from the known differences: a readable list, empty when equal."""
    lines = ["now differs (add to known_differences.json or fix): %s %s" % (pair, found[pair]) for pair in sorted(found) if pair not in known]
    lines += ["no longer differs (remove from known_differences.json): %s" % pair for pair in sorted(known) if pair not in found]
    lines += ["differs otherwise: %s %s, known %s" % (pair, found[pair], known[pair]) for pair in sorted(found)
              if pair in known and found[pair] != known[pair]]
    return lines


def match_figure(results):
    """'matched/compared' over replay results."""
    return "%d/%d" % (sum(1 for result in results if not result[1]), len(results))


def _markdown_row(entry):
    return "| %s | %s | %s | %s |" % (entry["pair"], ", ".join(entry["aspects"]), entry.get("d_row") or "-", entry["reason"])


def readme_section(known):
    """The README block listing the known differences, as generated from known_differences.json."""
    lines = [README_BEGIN, "", "| pair | differs in | D-row | reason |", "|---|---|---|---|"]
    lines += [_markdown_row(entry) for entry in sorted(known, key=lambda e: (int((e.get("d_row") or "D99")[1:]), e["pair"]))]
    return "\n".join(lines + ["", README_END])


def readme_block(text):
    """The generated block inside a README text (from the begin marker to the end marker), or None."""
    start = text.find(README_BEGIN)
    end = text.find(README_END)
    if start < 0 or end < start:
        return None
    return text[start:end + len(README_END)]


def main(argv):
    """`python recorded_compare.py KNOWN_JSON [README]`: print the README block, or rewrite it in README."""
    with open(argv[1], encoding="utf-8") as handle:
        section = readme_section(json.load(handle)["differences"])
    if len(argv) < 3:
        print(section)
        return 0
    with open(argv[2], encoding="utf-8") as handle:
        text = handle.read()
    with open(argv[2], "w", encoding="utf-8") as handle:
        handle.write(text.replace(readme_block(text), section))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
