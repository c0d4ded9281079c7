"""Recorded-traffic conformance: request/response pairs of the real service (Azure/azure-sdk-assets recordings, in
tests/emulator/recorded/*.json) replayed against the emulator over signed HTTPS.

Each pair is replayed on a reset emulator after its setup steps (recorded_setup.py), and compared on status, body key
shape, error code and target, paging form and LRO headers (recorded_compare.py). The set of pairs that differ must
equal the checked-in known_differences.json: a fix elsewhere makes the list shrink, a regression makes it grow.
"""

import glob
import json
import os

import pytest

from .recorded_compare import ASPECTS, differences, drift, found_map, known_map, match_figure, readme_block, readme_section
from .recorded_setup import SETUPS, Replay, prepare, replay_request

HERE = os.path.dirname(os.path.abspath(__file__))
RECORDED = os.path.join(os.path.dirname(HERE), "recorded")
KNOWN = os.path.join(RECORDED, "known_differences.json")
README = os.path.join(os.path.dirname(HERE), "README.md")
D_ROWS = ["D%d" % n for n in range(1, 19)]


def load_pairs():
    """Every recorded pair, each with the source of its recording."""
    pairs = []
    for path in sorted(glob.glob(os.path.join(RECORDED, "*.json"))):
        if path == KNOWN:
            continue
        with open(path, encoding="utf-8") as handle:
            doc = json.load(handle)
        pairs += [dict(pair, source=pair.get("source", doc["source"]), file=os.path.basename(path)) for pair in doc["pairs"]]
    return pairs


def load_known():
    """The checked-in known differences."""
    with open(KNOWN, encoding="utf-8") as handle:
        return json.load(handle)["differences"]


def _body(resp):
    if not resp.content:
        return None
    try:
        return resp.json()
    except ValueError:
        return resp.text


@pytest.fixture(name="replay")
def _replay(emulator_proc):
    """The one place this suite touches the emulator harness: a signed send, the clock, and a reset."""
    def send(method, path, body=None, headers=None):
        target, query = (path.split("?", 1) + [""])[:2]
        return emulator_proc.call(method, target, query, body, headers=headers)

    def run(pair):
        emulator_proc.control("POST", "reset")
        rep = Replay(send, emulator_proc.advance)
        prepare(rep, pair)
        method, path, body, headers = replay_request(pair, rep.state)
        resp = send(method, path, body, headers)
        return {"status": resp.status_code, "headers": dict(resp.headers), "body": _body(resp)}
    return run


def test_recorded_pairs_differ_exactly_as_known(replay):
    """Replay every pair; the pairs that differ and how must be the checked-in known differences."""
    results = []
    for pair in load_pairs():
        results.append((pair["id"], differences(pair["response"], replay(pair))))
    print("\nrecorded pairs matched: %s" % match_figure(results))
    for pair_id, found in results:
        for aspect, detail in sorted(found.items()):
            print("  %s  %s: %s" % (pair_id, aspect, detail))
    assert not drift(found_map(results), known_map(load_known())), "\n".join(drift(found_map(results), known_map(load_known())))


def test_pairs_are_sourced_and_cover_every_d_row():
    pairs = load_pairs()
    assert len(pairs) >= 60
    assert len({pair["id"] for pair in pairs}) == len(pairs)
    for pair in pairs:
        source = pair["source"]
        assert source["repository"] == "Azure/azure-sdk-assets" and source["path"] and len(source["commit"]) == 40, pair["id"]
        assert set(pair["request"]) == {"method", "path", "body"} and "status" in pair["response"], pair["id"]
        assert set(pair.get("replay", {}).get("setup", [])) <= set(SETUPS), pair["id"]
    assert sorted({row for pair in pairs for row in pair.get("d_rows", [])}, key=D_ROWS.index) == D_ROWS


def test_known_differences_are_well_formed():
    rows = {pair["id"]: pair.get("d_rows", []) for pair in load_pairs()}
    known = load_known()
    assert len({entry["pair"] for entry in known}) == len(known)
    for entry in known:
        assert entry["pair"] in rows, entry
        assert entry.get("d_row") is None or entry["d_row"] in rows[entry["pair"]], entry
        assert entry["aspects"] and set(entry["aspects"]) <= set(ASPECTS), entry
        assert entry.get("d_row") in D_ROWS + [None] and entry["reason"], entry


def test_readme_lists_the_known_differences():
    with open(README, encoding="utf-8") as handle:
        block = readme_block(handle.read())
    assert block == readme_section(load_known()), "regenerate: python tests/emulator/tests/recorded_compare.py %s %s" % (KNOWN, README)
