#!/usr/bin/env python3
"""Opens sockets whose kernel timers and queues are known, and holds them until killed.

Run by health-capture.sh inside a private network namespace, after it drops every
packet to and from port 9002 on lo so that data sent there is retransmitted.

  9000  a listener with backlog 7 and 2 connections waiting to be accepted
  9001  a link whose reader never reads: the sender's queue fills, the window closes,
        and the kernel probes it (zero-window probe timer)
  9002  a link whose packets are dropped: 100 bytes sent, retransmitted on a timer
  9003  a link with SO_KEEPALIVE: the keepalive timer runs
  9004  a link closed by the dialer first: the dialer's side is in TIME_WAIT

Usage: health-sockets.py READY_FILE
"""
import errno, socket, sys, time

ready_file = sys.argv[1]
held = []


def listen(port, backlog=16, rcvbuf=None):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.bind(("127.0.0.1", port))
    s.listen(backlog)
    held.append(s)
    return s


def dial(port, sport, keepalive=False):
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if keepalive:
        c.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        c.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 600)
    c.bind(("127.0.0.1", sport))
    c.connect(("127.0.0.1", port))
    held.append(c)
    return c


def accept(listener):
    conn, _ = listener.accept()
    held.append(conn)
    return conn


backlog = listen(9000, backlog=7)
dial(9000, 41000)
dial(9000, 41001)

stalled = listen(9001, rcvbuf=4096)
writer = dial(9001, 41100)
accept(stalled)  # never read
writer.setblocking(False)
chunk = b"x" * 65536
while True:
    try:
        writer.send(chunk)
    except OSError as e:
        if e.errno in (errno.EAGAIN, errno.EWOULDBLOCK):
            break
        raise

dropped = listen(9002)
lost = dial(9002, 41200)
accept(dropped)
with open(ready_file + ".dial", "w") as f:
    f.write("ok\n")
# capture.sh adds the DROP rules now, then removes this file
while True:
    try:
        open(ready_file + ".dial").close()
        time.sleep(0.05)
    except FileNotFoundError:
        break
lost.send(b"y" * 100)

alive = listen(9003)
dial(9003, 41300, keepalive=True)
accept(alive)

closing = listen(9004)
gone = dial(9004, 41400)
peer = accept(closing)
gone.close()
held.remove(gone)
time.sleep(0.1)
peer.close()
held.remove(peer)

time.sleep(1.5)  # two retransmissions on 9002, and probes on 9001
with open(ready_file, "w") as f:
    f.write("ready\n")
while True:
    time.sleep(3600)
