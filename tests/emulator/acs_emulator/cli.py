"""Command line: options, TLS material, serving, signals, idle exit."""

import argparse
import base64
import binascii
import json
import os
import shutil
import signal
import socket
import ssl
import sys
import tempfile
import threading
import time

from werkzeug.serving import WSGIRequestHandler, make_server

from .http.app import EmulatorApp
from .service import Backend

# Well-known development key (base64 of the 32 bytes b"acs-emulator-well-known-dev-key!"). Never a real secret.
DEFAULT_ACCESS_KEY = "YWNzLWVtdWxhdG9yLXdlbGwta25vd24tZGV2LWtleSE="


class QuietHandler(WSGIRequestHandler):
    """Request handler: no access log unless verbose; a dropped response closes the connection."""

    verbose = False

    def setup(self):
        super().setup()
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass

    def log_request(self, code="-", size="-"):
        if self.verbose:
            super().log_request(code, size)

    def connection_dropped(self, error, environ=None):
        self.close_connection = True


def parse_args(argv=None):
    """Parse the command line."""
    parser = argparse.ArgumentParser(prog="acs-emulator", description="Azure Communication Services (2020 administration APIs) emulator.")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8443, help="port to bind; 0 picks a free port (default 8443)")
    parser.add_argument("--no-tls", action="store_true", help="serve plain HTTP")
    parser.add_argument("--access-key", default=DEFAULT_ACCESS_KEY, help="base64 access key (default: the well-known development key)")
    parser.add_argument("--state", metavar="FILE", help="SQLite file; state survives restarts (default: in memory)")
    parser.add_argument("--tls-dir", metavar="DIR", help="where the CA and server certificate live (default: tls/ beside --state, else a temp dir)")
    parser.add_argument("--speed", type=float, default=1.0, help="divide simulated service delays by this factor (default 1)")
    parser.add_argument("--catalog", metavar="FILE", help="catalogue JSON replacing the built-in one")
    parser.add_argument("--faults", metavar="JSON|@FILE", help="fault configuration to activate at start")
    parser.add_argument("--env-file", metavar="PATH", help="when ready, write the connection variables to PATH (atomically)")
    parser.add_argument("--idle-exit", type=float, metavar="SECONDS", help="exit after this many seconds without a request")
    parser.add_argument("--no-date-check", action="store_true", help="accept request dates far from the wall clock")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    try:
        if len(base64.b64decode(args.access_key, validate=True)) < 16:
            parser.error("--access-key must decode to at least 16 bytes")
    except (binascii.Error, ValueError):
        parser.error("--access-key must be base64")
    if args.speed <= 0:
        parser.error("--speed must be positive")
    return args


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
    """Parse --faults (JSON text or @file)."""
    if value.startswith("@"):
        with open(value[1:], encoding="utf-8") as handle:
            value = handle.read()
    return json.loads(value)


def main(argv=None):
    """Run the emulator until SIGTERM/SIGINT or idle exit."""
    args = parse_args(argv)
    QuietHandler.verbose = args.verbose
    backend = Backend(args.state, args.catalog, args.speed)
    app = EmulatorApp(backend, args.access_key, check_skew=not args.no_date_check)
    if args.faults:
        with backend.store.tx():
            app.faults.set(load_faults(args.faults))

    temp_tls = None
    ssl_context = None
    ca_path = ""
    if not args.no_tls:
        tls_dir = args.tls_dir
        if not tls_dir and args.state:
            tls_dir = os.path.join(os.path.dirname(os.path.abspath(args.state)), "tls")
        if not tls_dir:
            tls_dir = temp_tls = tempfile.mkdtemp(prefix="acs-emulator-tls-")
        ca_path, cert_path, key_path = tls_material(tls_dir)
        ssl_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ssl_context.load_cert_chain(cert_path, key_path)

    server = make_server(args.host, args.port, app, threaded=True, request_handler=QuietHandler, ssl_context=ssl_context)
    server.daemon_threads = True
    port = server.socket.getsockname()[1]
    scheme = "http" if args.no_tls else "https"
    url_host = "[%s]" % args.host if ":" in args.host else args.host
    url = "%s://%s:%d" % (scheme, url_host, port)
    lines = ["ACS_CONNECTION_STRING=endpoint=%s/;accesskey=%s" % (url, args.access_key), "ACS_EMULATOR_CA=%s" % ca_path]

    stop = threading.Event()
    exit_code = [0]

    def on_signal(_signum, _frame):
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    serving.start()

    sys.stdout.write("\n".join(lines) + "\n")
    sys.stdout.flush()
    if args.env_file:
        write_env_file(args.env_file, lines + ["ACS_EMULATOR_PID=%d" % os.getpid(), "ACS_EMULATOR_URL=%s" % url])

    try:
        while not stop.wait(0.25):
            if args.idle_exit and time.monotonic() - app.last_request > args.idle_exit:
                sys.stderr.write("acs-emulator: idle for %ss, exiting\n" % args.idle_exit)
                break
            if not serving.is_alive():
                exit_code[0] = 1
                break
    finally:
        server.shutdown()
        server.server_close()
        backend.close()
        if temp_tls:
            shutil.rmtree(temp_tls, ignore_errors=True)
    return exit_code[0]
