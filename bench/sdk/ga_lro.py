"""Polling on the current phone numbers API, SDK side (azure-communication-phonenumbers 1.4.0 at its default
2-second interval): search one number (another area code), hold one number in a reservation, buy it, update its
capabilities, release it.

Usage: python ga_lro.py --area-code 206 --search-area-code 212   (ACS_CONNECTION_STRING, REQUESTS_CA_BUNDLE)
Prints [{"phase", "start", "end", "status"}, ...] (epoch seconds around each long-running call); exits 1 on an
unexpected status.
"""

import argparse
import json
import os
import sys
import time
import uuid

from azure.communication.phonenumbers import PhoneNumberCapabilities, PhoneNumbersClient


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--area-code", required=True)
    parser.add_argument("--search-area-code", required=True)
    args = parser.parse_args()
    client = PhoneNumbersClient.from_connection_string(os.environ["ACS_CONNECTION_STRING"])
    samples = []

    def timed(phase, call):
        start = time.time()
        poller = call()
        poller.result()
        samples.append({"phase": phase, "start": start, "end": time.time(), "status": poller.status()})
        if poller.status().lower() != "succeeded":
            sys.exit("ga_lro: %s ended %r" % (phase, poller.status()))

    capabilities = PhoneNumberCapabilities(calling="inbound+outbound", sms="none")
    timed("search", lambda: client.begin_search_available_phone_numbers("US", "geographic", "application", capabilities,
                                                                        area_code=args.search_area_code, quantity=1))
    offered = client.browse_available_phone_numbers(country_code="US", phone_number_type="geographic",
                                                    assignment_type="application", phone_number_prefixes=[args.area_code])
    chosen = offered.phone_numbers[0]
    reservation_id = str(uuid.uuid4())
    client.create_or_update_reservation(reservation_id=reservation_id, numbers_to_add=[chosen])
    number = chosen.phone_number
    timed("purchase", lambda: client.begin_purchase_reservation(reservation_id))
    timed("capabilities", lambda: client.begin_update_phone_number_capabilities(number, calling="inbound"))
    timed("release", lambda: client.begin_release_phone_number(number))
    json.dump(samples, sys.stdout)


if __name__ == "__main__":
    main()
