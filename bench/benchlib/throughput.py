"""Emulator throughput: signed requests per second, sent with the collection's own REST client (ACSClient)."""

import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from . import InvalidRun
from .ansible import COLLECTIONS


def _client_classes():
    if COLLECTIONS not in sys.path:
        sys.path.insert(0, COLLECTIONS)
    # pylint: disable=import-outside-toplevel,import-error
    from ansible_collections.acs.administration.plugins.module_utils.transport.client import ACSClient
    from ansible_collections.acs.administration.plugins.module_utils.transport.connection import resolve
    from ansible_collections.acs.administration.plugins.module_utils.api import versions as apis
    return ACSClient, resolve, apis


OPERATIONS = {
    # name: (request function of (apis module, client), the emulator's operationId)
    "GetAllSupportedCountries (read)": (lambda apis, c: apis.phone_numbers(apis.LEGACY_PHONE_NUMBERS_VERSION).list_countries(c),
                                        "PhoneNumberAdministration_GetAllSupportedCountries"),
    "CommunicationIdentity_Create (write)": (lambda apis, c: apis.identity(apis.LEGACY_IDENTITY_VERSION).create_user(c),
                                             "CommunicationIdentity_Create"),
    "ListAvailableCountries (read, 2025-06-01)": (lambda apis, c: apis.phone_numbers(apis.DEFAULT_PHONE_NUMBERS_VERSION).list_countries(c),
                                                  "PhoneNumbers_ListAvailableCountries"),
    "Create with a chat token (write, 2023-10-01)": (lambda apis, c: apis.identity(apis.DEFAULT_IDENTITY_VERSION).create_user(c, ["chat"]),
                                                     "CommunicationIdentity_Create"),
}
# (read, write) measured for each API family
FAMILIES = {"legacy": ("GetAllSupportedCountries (read)", "CommunicationIdentity_Create (write)"),
            "current": ("ListAvailableCountries (read, 2025-06-01)", "Create with a chat token (write, 2023-10-01)")}


def measure(emulator, operation, total, threads):
    """Send `total` requests of `operation` from `threads` threads sharing one client; return a result row."""
    acs_client, resolve, apis = _client_classes()
    call, operation_id = OPERATIONS[operation]
    settings = resolve(emulator.connection_string)
    client = acs_client(settings, ca_path=emulator.ca, max_retries=0, timeout=60)
    emulator.clear_log()
    counter = iter(range(total))
    lock = threading.Lock()
    errors = []

    def worker():
        while True:
            with lock:
                if next(counter, None) is None:
                    return
            try:
                call(apis, client)
            except Exception as exc:  # pylint: disable=broad-except
                errors.append(repr(exc))
                return

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        for _thread in range(threads):
            pool.submit(worker)
    elapsed = time.perf_counter() - start
    if errors:
        raise InvalidRun("throughput %s x%d: %d request(s) failed, first: %s" % (operation, threads, len(errors), errors[0]))
    log = [e for e in emulator.requests_log() if e["operation"] == operation_id]
    bad = [e for e in log if e["status"] not in (200, 201)]
    if len(log) != total or bad or client.stats["requests"] != total:
        raise InvalidRun("throughput %s x%d: sent %d, the emulator logged %d (%d not 200/201)"
                         % (operation, threads, client.stats["requests"], len(log), len(bad)))
    return {"operation": operation, "threads": threads, "requests": total, "seconds": elapsed, "per_second": total / elapsed,
            "tls": emulator.tls}


def connection_reuse(emulator, probes=5):
    """Whether the emulator lets a client reuse a connection: the Connection header and HTTP version it answers with,
    and how many TCP connections one requests.Session opened for `probes` sequential requests (counted by wrapping
    urllib3's HTTPConnection._new_conn, which opens each socket)."""
    # pylint: disable=import-outside-toplevel
    import requests
    import urllib3.connection
    cls = urllib3.connection.HTTPConnection
    original = cls._new_conn  # pylint: disable=protected-access
    opened = []

    def new_conn(self):
        opened.append(self)
        return original(self)

    cls._new_conn = new_conn  # pylint: disable=protected-access
    headers, versions = set(), set()
    try:
        session = requests.Session()
        for _probe in range(probes):
            response = session.get(emulator.url + "/_emulator/health", verify=emulator.ca or True, timeout=30)
            headers.add(response.headers.get("Connection", "(none)"))
            versions.add(response.raw.version)
        session.close()
    finally:
        cls._new_conn = original  # pylint: disable=protected-access
    connects = len(opened)
    return {"connection_header": ", ".join(sorted(headers)), "http_version": ", ".join("HTTP/%d.%d" % divmod(v, 10) for v in sorted(versions)),
            "requests": probes, "connections_opened": connects}


def cpu_count():
    return os.cpu_count() or 1
