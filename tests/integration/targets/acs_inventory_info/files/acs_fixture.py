# Copyright: acs.administration contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test fixture: put searches, acquired numbers and releases into the ACS emulator, through the collection's own REST layer.

The connection comes from the emulator's env file (--env-file: its ACS_CONNECTION_STRING and ACS_EMULATOR_CA lines),
never from the command line or the task's environment, which ansible prints at -vvv. Each command prints one JSON document.

  python acs_fixture.py --env-file FILE --collections DIR [--collections DIR ...] acquire --plan ID --area-code 800 --quantity 4 --name NAME
  python acs_fixture.py ... reserve --plan ID --area-code 206 --quantity 1 --name NAME --location state=WA --location city=NOAM-US-WA-SE
  python acs_fixture.py ... release --number +18005550100 [--number ...]

acquire = create a search, wait until Reserved, purchase it, wait until Success; reserve stops at Reserved;
release = release the numbers and wait until the release is Complete.
"""

from __future__ import annotations

import argparse
import json
import os
import sys


def read_env_file(path):
    """KEY=value lines of the emulator's env file."""
    with open(path, encoding="utf-8") as handle:
        return dict(line.rstrip("\n").split("=", 1) for line in handle if "=" in line)


def load(collections, env_file):
    """Import the collection under test from the first collections dir that holds it."""
    for path in collections:
        if os.path.isdir(os.path.join(path, "ansible_collections", "acs", "administration")):
            sys.path.insert(0, path)
            break
    else:
        raise SystemExit("acs.administration not found under %s" % ", ".join(collections))
    # pylint: disable=import-outside-toplevel
    from ansible_collections.acs.administration.plugins.module_utils.drivers import locations
    from ansible_collections.acs.administration.plugins.module_utils.api import phone_numbers_2020_07_20_preview1 as phone_numbers
    from ansible_collections.acs.administration.plugins.module_utils.transport.client import ACSClient
    from ansible_collections.acs.administration.plugins.module_utils.transport.connection import resolve
    from ansible_collections.acs.administration.plugins.module_utils.transport.poller import Poller
    env = read_env_file(env_file)
    client = ACSClient(resolve(env["ACS_CONNECTION_STRING"], None, None), ca_path=env.get("ACS_EMULATOR_CA") or None, timeout=10)
    return client, Poller(client), phone_numbers, locations


SEARCH_DONE = frozenset(("Success", "Expired", "Cancelled", "Error", "Manual"))
RELEASE_DONE = frozenset(("Complete", "Failed", "Expired"))


def wait(poller, fetch, terminal, what):
    body, _record = poller.wait(fetch, lambda body: body.get("status"), terminal, timeout=60, what=what)
    return body


def search(client, poller, pn, locations, args, purchase):
    path = [{"label_id": label, "value": value} for label, value in (item.split("=", 1) for item in args.location)]
    options = {"displayName": args.name, "description": "acs_inventory_info test fixture", "phonePlanIds": [args.plan],
               "areaCode": args.area_code, "quantity": args.quantity}
    if path:
        options["locationOptions"] = locations.location_details(path)
    search_id = pn.create_search(client, options)
    body = wait(poller, lambda: pn.get_search(client, search_id), SEARCH_DONE | {"Reserved"}, "search")
    if purchase and body.get("status") == "Reserved":
        pn.purchase_search(client, search_id)
        body = wait(poller, lambda: pn.get_search(client, search_id), SEARCH_DONE, "search")
    return {"search_id": search_id, "status": body.get("status"), "phone_numbers": body.get("phoneNumbers") or []}


def release(client, poller, pn, args):
    release_id = pn.release_numbers(client, args.number)
    body = wait(poller, lambda: pn.get_release(client, release_id), RELEASE_DONE, "release")
    return {"release_id": release_id, "status": body.get("status")}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--collections", action="append", required=True)
    parser.add_argument("--env-file", required=True, help="the env file the emulator wrote (setup_emulator's acs_emulator_dir)")
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("acquire", "reserve"):
        sub = commands.add_parser(name)
        sub.add_argument("--plan", required=True)
        sub.add_argument("--area-code", required=True)
        sub.add_argument("--quantity", type=int, default=1)
        sub.add_argument("--name", required=True)
        sub.add_argument("--location", action="append", default=[], help="label=value, top of the tree first")
    sub = commands.add_parser("release")
    sub.add_argument("--number", action="append", required=True)
    args = parser.parse_args()

    client, poller, pn, locations = load(args.collections, args.env_file)
    if args.command == "release":
        result = release(client, poller, pn, args)
    else:
        result = search(client, poller, pn, locations, args, purchase=args.command == "acquire")
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
