"""Release or capability updates of many numbers, SDK side: azure-communication-phonenumbers 1.4.0, one number after
the other (the SDK has one long-running operation per number and waits on each with its poller, every 2 s).

Usage: python ga_numbers.py release|capabilities NUMBERS.json   (ACS_CONNECTION_STRING, REQUESTS_CA_BUNDLE)
Prints {"count", "loop_seconds", "statuses"}; exits 1 on the first error.
"""

import json
import os
import sys
import time

from azure.communication.phonenumbers import PhoneNumbersClient


def main():
    operation, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as handle:
        numbers = json.load(handle)
    client = PhoneNumbersClient.from_connection_string(os.environ["ACS_CONNECTION_STRING"])
    statuses = []
    start = time.monotonic()
    for number in numbers:
        if operation == "release":
            poller = client.begin_release_phone_number(number)
        else:
            poller = client.begin_update_phone_number_capabilities(number, calling="inbound")
        poller.result()
        statuses.append(poller.status())
    json.dump({"count": len(numbers), "loop_seconds": time.monotonic() - start, "statuses": statuses}, sys.stdout)


if __name__ == "__main__":
    main()
