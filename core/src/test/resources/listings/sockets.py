#!/usr/bin/env python3
"""Opens a known set of TCP sockets and holds them until killed.

Run by capture.sh inside a private network namespace. Every port is fixed, so the
listing the kernel gives back is known in full; CaptureTest asserts exactly this plan.

Usage: sockets.py READY_FILE [many N]
"""
import ctypes, os, socket, sys, time

ready_file = sys.argv[1]
many = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "many" else 0
held = []


def listen(family, addr, port, *, v6only=None, device=None, reuseport=False, backlog=16):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuseport:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    if v6only is not None:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1 if v6only else 0)
    if device:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, device.encode())
    s.bind((addr, port))
    s.listen(backlog)
    held.append(s)
    return s


def dial(family, src, sport, dst, dport, *, block=True):
    c = socket.socket(family, socket.SOCK_STREAM)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    c.bind((src, sport))
    if block:
        c.connect((dst, dport))
    else:
        c.setblocking(False)
        c.connect_ex((dst, dport))
    held.append(c)
    return c


def accept(listener):
    conn, _ = listener.accept()
    held.append(conn)
    return conn


if many:
    # A table wider than 9999 rows, so that /proc prints sl with five digits.
    big = listen(socket.AF_INET, "127.0.0.1", 9100, backlog=4096)
    for i in range(many):
        dial(socket.AF_INET, "127.0.0.1", 20000 + i, "127.0.0.1", 9100)
        accept(big)
else:
    # The process name has a space, and a forked child shares the fds: ss -p shows two owners.
    libc = ctypes.CDLL(None)
    libc.prctl(15, b"p2p node", 0, 0, 0)  # PR_SET_NAME

    p2p = listen(socket.AF_INET, "127.0.0.1", 9000)
    web = listen(socket.AF_INET, "0.0.0.0", 8080)
    v6 = listen(socket.AF_INET6, "::1", 9001, v6only=True)
    dual = listen(socket.AF_INET6, "::", 9002, v6only=False)
    long6 = listen(socket.AF_INET6, "fd12:3456:789a:bcde:1234:5678:9abc:def0", 9003, v6only=True)
    listen(socket.AF_INET, "127.0.0.1", 9004, device="lo")
    listen(socket.AF_INET6, "::1", 9005, v6only=True, device="lo")
    listen(socket.AF_INET, "0.0.0.0", 9006, reuseport=True)
    listen(socket.AF_INET, "0.0.0.0", 9006, reuseport=True)
    syn_recv = listen(socket.AF_INET, "127.0.0.1", 9007)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("0.0.0.0", 9000))
    held.append(udp)

    # ESTABLISHED pairs: a P2P dial, a non-P2P dial, IPv6, IPv4 into a dual-stack listener, long IPv6.
    dial(socket.AF_INET, "127.0.0.1", 40001, "127.0.0.1", 9000); accept(p2p)
    dial(socket.AF_INET, "127.0.0.1", 40002, "127.0.0.1", 8080); accept(web)
    dial(socket.AF_INET6, "::1", 40011, "::1", 9001); accept(v6)
    dial(socket.AF_INET, "127.0.0.1", 40012, "127.0.0.1", 9002); accept(dual)
    dial(socket.AF_INET6, "fd12:3456:789a:bcde:1234:5678:9abc:def0", 40013,
         "fd12:3456:789a:bcde:1234:5678:9abc:def0", 9003); accept(long6)

    # Half-closed: the dialer shuts down writing (FIN_WAIT2), the acceptor never closes (CLOSE_WAIT).
    half = dial(socket.AF_INET, "127.0.0.1", 40003, "127.0.0.1", 9000)
    accept(p2p)
    half.shutdown(socket.SHUT_WR)

    # TIME_WAIT: the dialer closes first, then the acceptor.
    tw = dial(socket.AF_INET, "127.0.0.1", 40004, "127.0.0.1", 9000)
    tw_peer = accept(p2p)
    held.remove(tw); tw.close()
    tw_peer.recv(1)
    held.remove(tw_peer); tw_peer.close()

    # SYN_SENT: capture.sh drops every packet to port 9999.
    dial(socket.AF_INET, "127.0.0.1", 40005, "127.0.0.1", 9999, block=False)

    # SYN_RECV: capture.sh drops the final ACK of handshakes to port 9007, so the
    # listener keeps a request socket while the dialer believes it is connected.
    dial(socket.AF_INET, "127.0.0.1", 40007, "127.0.0.1", 9007, block=False)

    if os.fork() == 0:
        while True:
            time.sleep(60)

time.sleep(0.5)  # let FIN/ACK exchanges settle before the capture
with open(ready_file, "w") as f:
    f.write(str(os.getpid()))
while True:
    time.sleep(60)
