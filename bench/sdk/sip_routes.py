"""Direct routing, SDK side: a trunk, then N routes added one after the other with azure-communication-phonenumbers
1.4.0's SipRoutingClient, the way its documentation adds a route: list_routes, append, set_routes (the API replaces the
list of routes as a whole).

Usage: python sip_routes.py N   (ACS_CONNECTION_STRING, REQUESTS_CA_BUNDLE)
Prints {"routes": N, "loop_seconds": s}; fails on the first error.
"""

import json
import os
import sys
import time

from azure.communication.phonenumbers.siprouting import SipRoutingClient, SipTrunk, SipTrunkRoute


def main():
    count = int(sys.argv[1])
    client = SipRoutingClient.from_connection_string(os.environ["ACS_CONNECTION_STRING"])
    start = time.monotonic()
    client.set_trunk(SipTrunk(fqdn="sbc1.contoso.com", sip_signaling_port=5061))
    for n in range(1, count + 1):
        routes = list(client.list_routes())
        routes.append(SipTrunkRoute(name="route-%d" % n, number_pattern="^[+]%d[0-9]+$" % n, trunks=["sbc1.contoso.com"]))
        client.set_routes(routes)
    json.dump({"routes": len(list(client.list_routes())), "loop_seconds": time.monotonic() - start}, sys.stdout)


if __name__ == "__main__":
    main()
