"""Each ARM resource's own data plane (--arm): one more listener of the same process per resource.

Why a port per resource: a resource's `hostName` and the endpoint of its connection strings must lead back to this
process, and the collection's connection parsing, the official SDKs and HMAC signing all take an endpoint as
scheme://host[:port] with no path. So a resource's hostName is `127.0.0.1:<its port>` (the emulator's TLS certificate
covers 127.0.0.1 on any port), and the Host header of a request names the resource it is for.

Behind each listener: a Backend of its own (users, numbers, SIP configuration; a SQLite file under
<state dir>/resources/ with --state, else in memory) sharing the main process's Entra ID authority, and an EmulatorApp
whose keys are the resource's current primary and secondary key (regenerateKey replaces one at once) and which
refuses access keys when the resource has disableLocalAuth.
"""

import os
import threading

from .http.app import EmulatorApp
from .service import Backend


class DataPlanes:
    """Start, restore and stop the listeners of ARM resources."""

    def __init__(self, arm, main_backend, make_server, host, state=None, speed=1.0, check_skew=True):
        self.arm = arm
        self.main = main_backend
        self.make_server = make_server  # (host, port, wsgi app) -> a prepared cheroot server (TLS set as the main one)
        self.host = host
        self.folder = os.path.join(os.path.dirname(os.path.abspath(state)), "resources") if state else None
        self.speed = speed
        self.check_skew = check_skew
        self.planes = {}  # lower-case name -> (server, backend)
        self._lock = threading.Lock()
        arm.on_created = self.start
        arm.on_deleted = self.stop

    def _state_path(self, name):
        return os.path.join(self.folder, name.lower() + ".sqlite") if self.folder else None

    def start(self, doc, port=0):
        """Serve a resource's data plane; return its hostName (host:port)."""
        name = doc["name"].lower()
        backend = Backend(self._state_path(name), speed=self.speed)
        backend.entra = self.main.entra  # tokens of the one Entra ID authority work on every resource
        with backend.store.tx():
            backend.store.set_meta("resource_id", doc["immutable_resource_id"])
        app = EmulatorApp(backend, None, check_skew=self.check_skew,
                          credentials=lambda: self.arm.data_plane_credentials(name))
        server = self.make_server(self.host, port, app)
        threading.Thread(target=server.serve, daemon=True, name="data-plane-" + name).start()
        with self._lock:
            self.planes[name] = (server, backend)
        host = "[%s]" % self.host if ":" in self.host else self.host
        return "%s:%d" % (host, server.bind_addr[1])

    def stop(self, doc):
        """Stop a deleted resource's listener (in the background: the request that noticed the deletion is running)
        and forget its state."""
        with self._lock:
            plane = self.planes.pop(doc["name"].lower(), None)
        if plane is None:
            return
        server, backend = plane
        path = backend.store.path

        def shut():
            server.stop()
            backend.close()
            if path != ":memory:":
                for suffix in ("", "-wal", "-shm"):
                    if os.path.exists(path + suffix):
                        os.remove(path + suffix)
        threading.Thread(target=shut, daemon=True).start()

    def restore(self):
        """At start with --state: serve every resource that exists again, on the port its hostName names."""
        with self.arm.store.tx():
            docs = [d for d in self.arm.list(self.arm.subscription_id) if d.get("host_name")]
        for doc in docs:
            self.start(doc, port=int(doc["host_name"].rsplit(":", 1)[1]))

    def close(self):
        """Stop every listener (at exit)."""
        with self._lock:
            planes, self.planes = list(self.planes.values()), {}
        for server, backend in planes:
            server.stop()
            backend.close()
