"""The throttle model (service/throttle.py) over real HTTPS: the documented identity limits (create 1000, delete 500
per window) answer 429 TooManyRequests with Retry-After, a throttled request changes nothing, the window frees after
Retry-After, and throttling is off unless turned on."""

import time

GA = "api-version=2023-10-01"
PREVIEW = "api-version=2025-03-02-preview"


def _create(emu):
    return emu.call("POST", "/identities", GA, {})


def _q(user_id):
    return user_id.replace(":", "%3A")


def test_off_by_default_and_after_a_reset(emu):
    assert emu.control("GET", "throttle") == {"throttle": None}
    config = emu.throttle()
    assert config["limits"]["CommunicationIdentity_Create"] == 1000 and config["limits"]["CommunicationIdentity_Delete"] == 500
    assert config["window"] == 30.0 / 50  # the emulator of these tests runs at --speed 50
    emu.reset()
    assert emu.control("GET", "throttle") == {"throttle": None}


def test_the_documented_limits_answer_429_with_retry_after(emu):
    emu.throttle(window=300)
    users = []
    for dummy in range(1000):
        answer = _create(emu)
        assert answer.status_code == 201, answer.text
        users.append(answer.json()["identity"]["id"])
    over = _create(emu)
    assert over.status_code == 429
    assert over.json()["error"]["code"] == "TooManyRequests"
    assert 1 <= int(over.headers["Retry-After"]) <= 300
    assert emu.stats()["users_created"] == 1000  # the throttled create made nothing

    for user_id in users[:500]:
        assert emu.call("DELETE", "/identities/" + _q(user_id), GA).status_code == 204
    refused = emu.call("DELETE", "/identities/" + _q(users[500]), GA)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert emu.call("GET", "/identities/" + _q(users[500]), PREVIEW).status_code == 200  # still there
    assert emu.stats()["users_deleted"] == 500
    # each operation has its own window: a token for a user is still issued
    issued = emu.call("POST", "/identities/%s/:issueAccessToken" % _q(users[500]), GA, {"scopes": ["chat"]})
    assert issued.status_code == 200
    log = emu.requests()
    assert sum(1 for r in log if r["status"] == 429) == 2


def test_the_window_has_room_again_after_retry_after(emu):
    emu.throttle(window=1, limits={"CommunicationIdentity_Create": 2})
    assert [_create(emu).status_code for dummy in range(2)] == [201, 201]
    refused = _create(emu)
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "1"
    time.sleep(float(refused.headers["Retry-After"]))
    assert _create(emu).status_code == 201
    emu.clear_throttle()
    assert [_create(emu).status_code for dummy in range(3)] == [201] * 3


def test_a_bad_configuration_is_refused(emu):
    for body in ({"window": 0}, {"limits": {"PhoneNumbers_ListOfferings": 3}}, {"limits": {"CommunicationIdentity_Create": 0}},
                 {"rate": 1}):
        response = emu.session.put(emu.url + "/_emulator/throttle", json=body, verify=emu.ca or False, timeout=30)
        assert response.status_code == 400, (body, response.text)
    assert emu.control("GET", "throttle") == {"throttle": None}
