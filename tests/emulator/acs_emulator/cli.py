"""Command line: options, TLS material, serving, signals, idle exit."""

import argparse
import base64
import binascii
import fcntl
import json
import logging
import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time

from cheroot import wsgi
from cheroot.ssl.builtin import BuiltinSSLAdapter

from .data_planes import DataPlanes
from .http.app import EmulatorApp
from .service import Backend
from .service.arm import ArmService

# Well-known development key (base64 of the 32 bytes b"acs-emulator-well-known-dev-key!"). Never a real secret.
DEFAULT_ACCESS_KEY = "YWNzLWVtdWxhdG9yLXdlbGwta25vd24tZGV2LWtleSE="


class Server(wsgi.Server):
    """cheroot's threaded WSGI server (HTTP/1.1 keep-alive): quiet unless verbose, each request logged when verbose."""

    verbose = False

    @staticmethod
    def bind_socket(socket_, bind_addr):
        """Bind with SO_REUSEADDR, on port 0 too (as werkzeug does).

        A restart on the same port must not wait for the connections the previous process left in TIME_WAIT: cheroot
        sets SO_REUSEADDR only for a fixed port, and the kernel honours it only when the old sockets had it too.
        """
        socket_.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        return wsgi.Server.bind_socket(socket_, bind_addr)

    def error_log(self, msg="", level=logging.INFO, traceback=False):
        if self.verbose or level >= logging.WARNING:
            super().error_log(msg, level, traceback)


def access_log(app):
    """Wrap a WSGI app: log each answered request to stderr (werkzeug's format)."""
    def logged(environ, start_response):
        def start(status, headers, exc_info=None):
            line = "%s %s %s" % (environ["REQUEST_METHOD"], environ.get("REQUEST_URI", ""), environ["SERVER_PROTOCOL"])
            sys.stderr.write('%s - - [%s] "%s" %s -\n' % (environ.get("REMOTE_ADDR", "-"), time.strftime("%d/%b/%Y %H:%M:%S"), line, status[:3]))
            sys.stderr.flush()
            return start_response(status, headers, exc_info)
        return app(environ, start)
    return logged


def parse_args(argv=None):
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        prog="acs-emulator", description="Azure Communication Services emulator: the identity and phone numbers APIs the collection speaks.")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8443, help="port to bind; 0 picks a free port (default 8443)")
    parser.add_argument("--no-tls", action="store_true", help="serve plain HTTP")
    parser.add_argument("--access-key", default=DEFAULT_ACCESS_KEY, help="base64 access key (default: the well-known development key)")
    parser.add_argument("--state", metavar="FILE", help="SQLite file; state survives restarts (default: in memory)")
    parser.add_argument("--tls-dir", metavar="DIR", help="where the CA and server certificate live (default: tls/ beside --state, else a temp dir)")
    parser.add_argument("--speed", type=float, default=1.0, help="divide simulated service delays by this factor (default 1)")
    parser.add_argument("--catalog", metavar="FILE", help="catalogue JSON replacing the built-in one")
    parser.add_argument("--catalog-ga", metavar="FILE", help="phone numbers 2025-06-01 catalogue JSON replacing the built-in one")
    parser.add_argument("--timing", choices=("fixed", "recorded"),
                        help="GA operation durations: fixed (the default) or drawn from the real service's spread")
    parser.add_argument("--timing-seed", type=int, default=0, help="seed of the recorded durations (default 0)")
    parser.add_argument("--faults", metavar="JSON|@FILE", help="fault configuration to activate at start")
    parser.add_argument("--failures", metavar="JSON|@FILE",
                        help="service-side failures to activate at start (same body as PUT /_emulator/failures), e.g. '{\"profile\": \"recorded\"}'")
    parser.add_argument("--env-file", metavar="PATH", help="when ready, write the connection variables to PATH (atomically)")
    parser.add_argument("--idle-exit", type=float, metavar="SECONDS", help="exit after this many seconds without a request")
    parser.add_argument("--no-date-check", action="store_true", help="accept request dates far from the wall clock")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    parser.add_argument("--entra", action="store_true",
                        help="also print (and write to --env-file) AZURE_AUTHORITY_HOST, AZURE_TENANT_ID, AZURE_CLIENT_ID, "
                             "AZURE_CLIENT_SECRET of a service principal the local Entra ID authority accepts, and "
                             "IDENTITY_ENDPOINT, IDENTITY_HEADER of its managed identity")
    parser.add_argument("--arm", action="store_true",
                        help="also serve Azure Resource Manager for Microsoft.Communication/communicationServices and the cloud "
                             "metadata endpoint (turns on --entra); each created resource gets a data plane of its own on "
                             "another port; prints AZURE_CLOUD_ENVIRONMENT and AZURE_SUBSCRIPTION_ID too")
    parser.add_argument("--entra-client-id", metavar="ID", help="client id of that service principal (default: generated once per state)")
    parser.add_argument("--entra-client-secret", metavar="SECRET", help="its client secret (default: generated once per state)")
    args = parser.parse_args(argv)
    try:
        if len(base64.b64decode(args.access_key, validate=True)) < 16:
            parser.error("--access-key must decode to at least 16 bytes")
    except (binascii.Error, ValueError):
        parser.error("--access-key must be base64")
    if args.speed <= 0:
        parser.error("--speed must be positive")
    args.entra = args.entra or args.arm
    if (args.entra_client_id or args.entra_client_secret) and not args.entra:
        parser.error("--entra-client-id and --entra-client-secret need --entra")
    return args


def entra_lines(backend, url, client_id=None, client_secret=None):
    """The service principal (registered now, or the one of an earlier start) and managed identity lines of --entra."""
    authority = backend.entra
    with backend.store.tx():
        known = backend.store.get_meta("entra_default_client")
        clients = authority.clients()
        if client_id or client_secret or not known or known["client_id"] not in clients:
            known = {"client_id": client_id or (known or {}).get("client_id"), "client_secret": client_secret}
            registered = authority.register_client(known["client_id"], known["client_secret"])
            known = {"client_id": registered["client_id"]}
            backend.store.set_meta("entra_default_client", known)
        secret = authority.clients()[known["client_id"]]["secret"]
    return ["AZURE_AUTHORITY_HOST=%s" % url, "AZURE_TENANT_ID=%s" % authority.tenant_id,
            "AZURE_CLIENT_ID=%s" % known["client_id"], "AZURE_CLIENT_SECRET=%s" % secret,
            "IDENTITY_ENDPOINT=%s/msi/token" % url, "IDENTITY_HEADER=%s" % authority.identity_header]


def setup_tls(args, server):
    """Give the server its TLS adapter unless --no-tls: (temporary TLS folder to remove at exit or None, CA path or "")."""
    if args.no_tls:
        return None, ""
    temp_tls = None
    tls_dir = args.tls_dir
    if not tls_dir and args.state:
        tls_dir = os.path.join(os.path.dirname(os.path.abspath(args.state)), "tls")
    if not tls_dir:
        tls_dir = temp_tls = tempfile.mkdtemp(prefix="acs-emulator-tls-")
    ca_path, cert_path, key_path = tls_material(tls_dir)
    server.ssl_adapter = BuiltinSSLAdapter(cert_path, key_path)
    return temp_tls, ca_path


def data_plane_server(host, port, app, ssl_adapter):
    """A prepared listener for one ARM resource's data plane (fewer threads than the main one; the same TLS)."""
    server = Server((host, port), app, numthreads=4, request_queue_size=32, timeout=60)
    server.keep_alive_conn_limit = 100
    server.expiration_interval = 0.2
    if ssl_adapter is not None:
        server.ssl_adapter = ssl_adapter
    server.prepare()
    return server


def tls_material(tls_dir):
    """Create (first start) or reuse a CA and a server certificate for 127.0.0.1/localhost; return paths."""
    os.makedirs(tls_dir, exist_ok=True)
    ca_path = os.path.abspath(os.path.join(tls_dir, "ca.pem"))
    cert_path = os.path.join(tls_dir, "server.pem")
    key_path = os.path.join(tls_dir, "server-key.pem")
    if not all(os.path.exists(p) for p in (ca_path, cert_path, key_path)):
        import trustme  # pylint: disable=import-outside-toplevel
        ca = trustme.CA(organization_name="ACS emulator")
        cert = ca.issue_cert("127.0.0.1", "localhost", "::1")
        with open(cert_path, "wb") as handle:
            for pem in cert.cert_chain_pems:
                handle.write(pem.bytes())
        fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(cert.private_key_pem.bytes())
        ca.cert_pem.write_to_path(ca_path)
    return ca_path, cert_path, key_path


def write_env_file(path, lines):
    """Write lines to path atomically (temp file + rename)."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".acs-emulator-env-", dir=folder)
    with os.fdopen(fd, "w") as handle:
        handle.write("\n".join(lines) + "\n")
    os.replace(tmp, path)


def load_faults(value):
    """Parse --faults or --failures (JSON text or @file)."""
    if value.startswith("@"):
        with open(value[1:], encoding="utf-8") as handle:
            value = handle.read()
    return json.loads(value)


def lock_state(state):
    """Hold <state>.lock while running; warn (and run anyway) when another emulator holds it: the two share one
    resource, each sees what the other does. Returns the open lock file (None without --state)."""
    if not state:
        return None
    os.makedirs(os.path.dirname(os.path.abspath(state)), exist_ok=True)  # the store makes it too, but later
    lock = open(state + ".lock", "a+", encoding="utf-8")  # pylint: disable=consider-using-with
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        lock.seek(0)
        other = lock.read().strip() or "unknown"
        sys.stderr.write("acs-emulator: WARNING: another emulator (pid %s) uses the state file %s; both serve the same "
                         "resource. Stop it first (the demo's: bash scripts/demo.sh stop) or give this one another --state.\n"
                         % (other, state))
        return lock
    lock.truncate(0)
    lock.write("%d\n" % os.getpid())
    lock.flush()
    return lock


def main(argv=None):
    """Run the emulator until SIGTERM/SIGINT or idle exit."""
    args = parse_args(argv)
    # held until exit: the lock lasts as long as the open file
    state_lock = lock_state(args.state)  # noqa: F841  pylint: disable=unused-variable
    backend = Backend(args.state, args.catalog, args.speed, args.catalog_ga)
    arm = ArmService(backend.store, backend.clock, args.speed) if args.arm else None
    app = EmulatorApp(backend, args.access_key, check_skew=not args.no_date_check, arm=arm)
    if args.timing:
        with backend.store.tx():
            backend.phone_ga.timing.set(args.timing, args.timing_seed)
    if args.faults:
        with backend.store.tx():
            app.faults.set(load_faults(args.faults))
    if args.failures:
        with backend.store.tx():
            backend.phone.failures.set(load_faults(args.failures))

    server = Server((args.host, args.port), access_log(app) if args.verbose else app, numthreads=32, request_queue_size=128, timeout=60)
    server.verbose = args.verbose
    server.keep_alive_conn_limit = 1000
    server.expiration_interval = 0.2  # how often the serving loop wakes up: expires idle connections, notices stop()
    temp_tls, ca_path = setup_tls(args, server)
    planes = None
    if arm is not None:
        planes = DataPlanes(arm, backend, lambda host, port, wsgi_app: data_plane_server(host, port, wsgi_app, server.ssl_adapter),
                            args.host, args.state, args.speed, check_skew=not args.no_date_check)

    stop = threading.Event()
    exit_code = [0]

    def on_signal(_signum, _frame):
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        server.prepare()
        port = server.bind_addr[1]
        scheme = "http" if args.no_tls else "https"
        url_host = "[%s]" % args.host if ":" in args.host else args.host
        url = "%s://%s:%d" % (scheme, url_host, port)
        lines = ["ACS_CONNECTION_STRING=endpoint=%s/;accesskey=%s" % (url, args.access_key), "ACS_EMULATOR_CA=%s" % ca_path]
        backend.entra.base_url = url
        if args.entra:
            lines += entra_lines(backend, url, args.entra_client_id, args.entra_client_secret)
        if planes is not None:
            planes.restore()
            lines += ["AZURE_CLOUD_ENVIRONMENT=%s" % url, "AZURE_SUBSCRIPTION_ID=%s" % arm.subscription_id]
        serving = threading.Thread(target=server.serve, daemon=True)
        serving.start()

        sys.stdout.write("\n".join(lines) + "\n")
        sys.stdout.flush()
        if args.env_file:
            write_env_file(args.env_file, lines + ["ACS_EMULATOR_PID=%d" % os.getpid(), "ACS_EMULATOR_URL=%s" % url])

        while not stop.wait(0.25):
            if args.idle_exit and time.monotonic() - app.last_request > args.idle_exit:
                sys.stderr.write("acs-emulator: idle for %ss, exiting\n" % args.idle_exit)
                break
            if not serving.is_alive():
                exit_code[0] = 1
                break
    finally:
        server.stop()
        if planes is not None:
            planes.close()
        backend.close()
        if temp_tls:
            shutil.rmtree(temp_tls, ignore_errors=True)
    return exit_code[0]
