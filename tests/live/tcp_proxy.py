"""A TCP proxy for fault tests: forwards to a server, refuses connections, or swallows them.

``TcpProxy(upstream_host, upstream_port)`` listens on a free loopback port and
runs in threads. Its mode can be switched at any time:

``forward``
    Every connection is relayed to the upstream server, both ways.
``refuse``
    The listening socket is closed, so new connections are refused (as when the
    server is down), and open connections are reset.
``blackhole``
    A network partition: new connections are accepted and never answered (nothing
    reaches the server), and open connections stop relaying in both directions.
    Writes succeed into the kernel's buffers; reads wait forever. Connections
    held while black-holed are dropped when the proxy forwards again, as a real
    partition outlasting TCP's retries would.
"""

import contextlib
import selectors
import socket
import struct
import threading

FORWARD, REFUSE, BLACKHOLE = "forward", "refuse", "blackhole"
POLL = 0.05


def reset(sock):
    """Close with a TCP reset (SO_LINGER 0), as a crashed peer would."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.close()


class TcpProxy:
    def __init__(self, upstream_host, upstream_port, host="127.0.0.1", port=0):
        self.upstream = (upstream_host, upstream_port)
        self.host = host
        self.mode = FORWARD
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._pairs = set()  # (client, server) sockets being relayed
        self._held = set()  # client sockets accepted while black-holed
        self._listener = self._listen(port)
        self.port = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._accept_loop, name=f"tcp-proxy-{self.port}", daemon=True)
        self._thread.start()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def _listen(self, port):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((self.host, port))
        listener.listen(64)
        listener.settimeout(POLL)
        return listener

    # Switching modes --------------------------------------------------------

    def set_mode(self, mode):
        assert mode in (FORWARD, REFUSE, BLACKHOLE), mode
        with self._lock:
            previous, self.mode = self.mode, mode
            if mode == REFUSE:
                self._close_listener()
                self._drop_all()
            elif previous == REFUSE:
                self._listener = self._listen(self.port)
            if mode == FORWARD and previous == BLACKHOLE:
                self._drop_all()

    def forward(self):
        self.set_mode(FORWARD)

    def refuse(self):
        self.set_mode(REFUSE)

    def blackhole(self):
        self.set_mode(BLACKHOLE)

    def _close_listener(self):
        if self._listener is not None:
            # shutdown() stops listening at once, even while the accept thread is polling it.
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None

    def _drop_all(self):
        for client, server in self._pairs:
            reset(client)
            reset(server)
        for client in self._held:
            reset(client)
        self._pairs.clear()
        self._held.clear()

    def stop(self):
        self._stopped.set()
        with self._lock:
            self._close_listener()
            self._drop_all()
        self._thread.join(timeout=2)

    # Relaying ---------------------------------------------------------------

    def _accept_loop(self):
        while not self._stopped.is_set():
            listener = self._listener
            if listener is None:
                self._stopped.wait(POLL)
                continue
            try:
                client, _ = listener.accept()
            except (TimeoutError, OSError):
                continue
            with self._lock:
                mode = self.mode
                if mode == BLACKHOLE:
                    self._held.add(client)
                    continue
            if mode == REFUSE:
                reset(client)
                continue
            try:
                server = socket.create_connection(self.upstream, timeout=2)
            except OSError:
                reset(client)
                continue
            with self._lock:
                self._pairs.add((client, server))
            threading.Thread(target=self._relay, args=(client, server), daemon=True).start()

    def _relay(self, client, server):
        peer = {client: server, server: client}
        with selectors.DefaultSelector() as selector:
            try:
                for sock in (client, server):
                    sock.setblocking(False)
                    selector.register(sock, selectors.EVENT_READ)
                while not self._stopped.is_set() and (client, server) in self._pairs:
                    if self.mode != FORWARD:
                        # Partitioned: nothing moves until the proxy forwards (or drops us).
                        self._stopped.wait(POLL)
                        continue
                    for key, _ in selector.select(POLL):
                        data = key.fileobj.recv(65536)
                        if not data:
                            return
                        peer[key.fileobj].setblocking(True)
                        peer[key.fileobj].sendall(data)
                        peer[key.fileobj].setblocking(False)
            except (OSError, ValueError):
                return
            finally:
                with self._lock:
                    if (client, server) in self._pairs:
                        self._pairs.discard((client, server))
                        client.close()
                        server.close()
