"""Bulk onboarding, SDK side: N users, each with a chat+voip token, with azure-communication-identity 1.5.0's
create_user_and_token (one request per user) in a plain sequential loop.

Usage: python ga_onboard.py N   (ACS_CONNECTION_STRING, REQUESTS_CA_BUNDLE)
Prints {"users": N, "tokens": N, "loop_seconds": s}; fails on the first error.
"""

import json
import os
import sys
import time

from azure.communication.identity import CommunicationIdentityClient, CommunicationTokenScope


def main():
    count = int(sys.argv[1])
    client = CommunicationIdentityClient.from_connection_string(os.environ["ACS_CONNECTION_STRING"])
    scopes = [CommunicationTokenScope.CHAT, CommunicationTokenScope.VOIP]
    start = time.monotonic()
    users = tokens = 0
    for _user in range(count):
        user, token = client.create_user_and_token(scopes)
        users += 1 if user.properties.get("id") else 0
        tokens += 1 if token.token else 0
    json.dump({"users": users, "tokens": tokens, "loop_seconds": time.monotonic() - start}, sys.stdout)


if __name__ == "__main__":
    main()
