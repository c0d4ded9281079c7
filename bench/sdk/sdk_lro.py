"""Polling latency, SDK side: the same long-running operations with the official legacy SDK
(azure-communication-administration 1.0.0b4) and its pollers, which sleep a fixed 5 s between polls.

The SDK has pollers for reserve, purchase and release. It has none for cancel and capability updates: for those
the script polls the way the SDK's pollers do (read once, then every 5 s until the status is terminal).

Usage: python sdk_lro.py --plan-id ID --area-code 833 --prefix NAME   (ACS_CONNECTION_STRING, REQUESTS_CA_BUNDLE)
Prints one JSON document: [{"phase", "kind", "id", "end", "status"}, ...]; exits 1 on any unexpected status.
"""

import argparse
import json
import os
import sys
import time

from azure.communication.administration import CreateSearchOptions, NumberUpdateCapabilities, PhoneNumberAdministrationClient

INTERVAL = 5  # the SDK's PhoneNumberBasePolling default


def poll_like_the_sdk(read, status_of, terminal):
    """Read, then sleep INTERVAL and read again until the status is terminal (the SDK's PhoneNumberBasePolling.run)."""
    body = read()
    while status_of(body) not in terminal:
        time.sleep(INTERVAL)
        body = read()
    return body


def expect(phase, status, wanted):
    if status != wanted:
        sys.exit("sdk_lro: %s ended in status %r, expected %r" % (phase, status, wanted))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--plan-id", required=True)
    parser.add_argument("--area-code", required=True)
    parser.add_argument("--prefix", required=True)
    args = parser.parse_args()
    client = PhoneNumberAdministrationClient.from_connection_string(os.environ["ACS_CONNECTION_STRING"])
    samples = []

    def options(name):
        return CreateSearchOptions(display_name=name, description="bench", phone_plan_ids=[args.plan_id],
                                   area_code=args.area_code, quantity=1)

    reserved = client.begin_reserve_phone_numbers(options=options(args.prefix + "-a")).result()
    samples.append({"phase": "reserve", "kind": "search", "id": reserved.reservation_id, "end": time.time(), "status": reserved.status})
    expect("reserve", reserved.status, "Reserved")

    purchased = client.begin_purchase_reservation(reservation_id=reserved.reservation_id).result()
    samples.append({"phase": "purchase", "kind": "search", "id": reserved.reservation_id, "end": time.time(), "status": purchased.status})
    expect("purchase", purchased.status, "Success")
    number = reserved.phone_numbers[0]

    update = client.update_capabilities({number: NumberUpdateCapabilities(add=["InboundA2PSms"])})
    done = poll_like_the_sdk(lambda: client.get_capabilities_update(update.capabilities_update_id),
                             lambda body: body.capabilities_update_status, ("Complete", "Error"))
    samples.append({"phase": "capabilities", "kind": "capabilities", "id": update.capabilities_update_id, "end": time.time(),
                    "status": done.capabilities_update_status})
    expect("capabilities", done.capabilities_update_status, "Complete")

    release = client.begin_release_phone_numbers(phone_numbers=[number]).result()
    samples.append({"phase": "release", "kind": "release", "id": release.release_id, "end": time.time(), "status": release.status})
    expect("release", release.status, "Complete")

    other = client.begin_reserve_phone_numbers(options=options(args.prefix + "-b")).result()
    samples.append({"phase": "reserve", "kind": "search", "id": other.reservation_id, "end": time.time(), "status": other.status})
    expect("reserve", other.status, "Reserved")

    client.cancel_reservation(other.reservation_id)
    cancelled = poll_like_the_sdk(lambda: client.get_reservation_by_id(other.reservation_id), lambda body: body.status,
                                  ("Cancelled", "Error", "Expired", "Success"))
    samples.append({"phase": "cancel", "kind": "search", "id": other.reservation_id, "end": time.time(), "status": cancelled.status})
    expect("cancel", cancelled.status, "Cancelled")

    json.dump(samples, sys.stdout)


if __name__ == "__main__":
    main()
