"""Unit tests of the recorded-pair comparison (recorded_compare.py) and the replay substitution (recorded_setup.py)."""

from .recorded_compare import (differences, drift, error_fields, found_map, header_form, key_shape, known_map, lro_header_view, match_figure,
                               paging_form, readme_block, readme_section, shape_diff)
from .recorded_setup import fill, replay_request


def _resp(status=200, body=None, headers=None):
    return {"status": status, "headers": headers or {}, "body": body}


def test_key_shape_keeps_keys_not_values():
    assert key_shape({"a": 1, "b": {"c": None}}) == {"a": "*", "b": {"c": "*"}}
    assert key_shape(None) == "*" and key_shape("x") == "*"


def test_key_shape_merges_list_items_and_data_keys():
    assert key_shape([{"a": 1}, {"b": 2}]) == [{"a": "*", "b": "*"}]
    assert key_shape([]) == []
    assert key_shape({"+14255550123": {"id": 1}}) == key_shape({"sanitized": {"id": 2}}) == {"<data>": {"id": "*"}}
    assert key_shape({"14255550123": {}}) == {"<data>": {}}


def test_shape_diff_names_missing_extra_and_kind_changes():
    assert shape_diff(key_shape({"a": 1, "b": 2}), key_shape({"a": 1, "c": 3})) == ["-b", "+c"]
    assert shape_diff(key_shape({"a": {"x": 1}}), key_shape({"a": None})) == ["a: object != scalar"]
    assert shape_diff(key_shape(None), key_shape({"a": 1})) == ["(body): scalar != object"]
    assert shape_diff(key_shape({"l": [{"a": 1}]}), key_shape({"l": [{"a": 1, "b": 2}]})) == ["+l.[]b"]


def test_empty_lists_fit_any_list():
    assert not shape_diff(key_shape({"l": []}), key_shape({"l": [{"a": 1}]}))
    assert not shape_diff(key_shape({"l": [{"a": 1}]}), key_shape({"l": []}))


def test_error_fields():
    assert error_fields({"error": {"code": "C", "target": "t"}}) == ("C", "t")
    assert error_fields({"error": {"code": "C"}}) == ("C", None)
    assert error_fields({"values": []}) == (None, None) and error_fields(None) == (None, None)


def test_paging_form():
    assert paging_form({"items": [], "nextLink": "/x?api-version=1"}) == "relative"
    assert paging_form({"items": [], "nextLink": "https://h/x"}) == "absolute"
    assert paging_form({"items": [], "nextLink": None}) == "null"
    assert paging_form({"items": []}) == "absent"
    assert paging_form({"id": "x"}) is None and paging_form(None) is None


def test_lro_header_view_and_form():
    assert header_form("/a?api-version=1") == "relative+api-version" and header_form("https://h/a") == "absolute"
    view = lro_header_view({"Location": "/r/1", "Operation-Location": "https://h/o?api-version=1", "operation-id": "x", "Content-Type": "y"})
    assert view == {"location": "relative", "operation-location": "absolute+api-version", "operation-id": "present"}


def test_differences_match():
    body = {"error": {"code": "C", "target": "t", "message": "m1"}}
    assert not differences(_resp(400, body), _resp(400, {"error": {"code": "C", "target": "t", "message": "other"}}))


def test_differences_each_aspect():
    found = differences(_resp(400, {"error": {"code": "C", "target": "t"}}), _resp(404, {"error": {"code": "D"}}))
    assert set(found) == {"status", "error-code", "error-target", "body-keys"}
    found = differences(_resp(200, {"items": [], "nextLink": "/n"}), _resp(200, {"items": [], "nextLink": "https://h/n"}))
    assert set(found) == {"paging"}
    found = differences(_resp(202, None, {"Location": "/r"}), _resp(202, None, {"Location": "/r?api-version=1", "operation-id": "o"}))
    assert set(found) == {"lro-headers"} and "operation-id: absent != present" in found["lro-headers"]


def test_maps_and_figure():
    results = [("a", {}), ("b", {"status": "1 != 2", "paging": "x"})]
    assert found_map(results) == {"b": ["paging", "status"]} and match_figure(results) == "1/2"
    assert known_map([{"pair": "b", "aspects": ["status", "paging"]}]) == {"b": ["paging", "status"]}


def test_readme_section_round_trip():
    known = [{"pair": "p#1", "aspects": ["status"], "d_row": "D9", "reason": "why"}]
    section = readme_section(known)
    assert "| p#1 | status | D9 | why |" in section
    assert readme_block("before\n" + section + "\nafter") == section and readme_block("nothing") is None


def test_fill_quotes_paths_only():
    state = {"number": "+14255550123"}
    assert fill("/phoneNumbers/{number}", state, quote_values=True) == "/phoneNumbers/%2B14255550123"
    assert fill('{"{number}": 1}', state) == '{"+14255550123": 1}'


def test_replay_request_uses_replay_overrides():
    pair = {"request": {"method": "PATCH", "path": "/r/rec?api-version=1", "body": {"a": "rec"}},
            "replay": {"path": "/r/{reservation_id}?api-version=1", "body": {"{number_id}": None}, "headers": {"Content-Type": "x"}}}
    assert replay_request(pair, {"reservation_id": "r1", "number_id": "1425"}) == ("PATCH", "/r/r1?api-version=1", {"1425": None}, {"Content-Type": "x"})
    plain = {"request": {"method": "GET", "path": "/p?api-version=1", "body": None}}
    assert replay_request(plain, {}) == ("GET", "/p?api-version=1", None, None)


def test_drift_names_new_fixed_and_changed_pairs():
    assert not drift({"a": ["status"]}, {"a": ["status"]})
    lines = drift({"a": ["status"], "b": ["paging"]}, {"b": ["status"], "c": ["body-keys"]})
    assert lines == ["now differs (add to known_differences.json or fix): a ['status']",
                     "no longer differs (remove from known_differences.json): c",
                     "differs otherwise: b ['paging'], known ['status']"]
