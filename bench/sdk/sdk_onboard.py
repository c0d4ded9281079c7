"""Bulk onboarding, SDK side: N users, each with a chat+voip token, in a plain sequential loop with the official SDK.

Usage: python sdk_onboard.py N   (ACS_CONNECTION_STRING, REQUESTS_CA_BUNDLE)
Prints {"users": N, "tokens": N, "loop_seconds": s}; fails on the first error.
"""

import json
import os
import sys
import time

from azure.communication.administration import CommunicationIdentityClient


def main():
    count = int(sys.argv[1])
    client = CommunicationIdentityClient.from_connection_string(os.environ["ACS_CONNECTION_STRING"])
    start = time.monotonic()
    users = tokens = 0
    for _user in range(count):
        user = client.create_user()
        users += 1
        token = client.issue_token(user, ["chat", "voip"])
        if token.token:
            tokens += 1
    json.dump({"users": users, "tokens": tokens, "loop_seconds": time.monotonic() - start}, sys.stdout)


if __name__ == "__main__":
    main()
