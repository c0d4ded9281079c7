"""Per-task overhead, SDK side (current API): list the available countries with azure-communication-phonenumbers 1.4.0,
as a bare script.

Usage: python ga_countries.py   (ACS_CONNECTION_STRING, REQUESTS_CA_BUNDLE). Prints the number of countries.
"""

import os

from azure.communication.phonenumbers import PhoneNumbersClient

client = PhoneNumbersClient.from_connection_string(os.environ["ACS_CONNECTION_STRING"])
print(len(list(client.list_available_countries())))
