"""Per-task overhead, SDK side: list the supported countries with the official SDK, as a bare script.

Usage: python sdk_countries.py   (ACS_CONNECTION_STRING, REQUESTS_CA_BUNDLE). Prints the number of countries.
"""

import os

from azure.communication.administration import PhoneNumberAdministrationClient

client = PhoneNumberAdministrationClient.from_connection_string(os.environ["ACS_CONNECTION_STRING"])
print(len(list(client.list_all_supported_countries())))
