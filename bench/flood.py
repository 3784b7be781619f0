#!/usr/bin/env python3
"""Flood client of bench/flood.sh (loopback only): connections that each send POST /tze/messages with a large
body, over and over, while two probes ask every 100 ms for GET /q/health/live (management port) and a keyed
GET /tokens/om, and report the slowest answer of each.

Usage: flood.py PORT MGMT_PORT KEY SECONDS CONNECTIONS MODE
MODE: unkeyed   no key, Content-Length 9 MiB, body sent as fast as it goes
      keyed     valid key, 9 MiB; half the connections declare Content-Length, half send chunked
      slow      valid key, Content-Length 60000 (within the endpoint's limit), one byte a second
"""
import socket
import sys
import threading
import time
import urllib.request

PORT, MGMT, KEY, SECONDS, CONNECTIONS, MODE = (int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], float(sys.argv[4]),
                                              int(sys.argv[5]), sys.argv[6])
BODY = 9 * 1024 * 1024
PIECE = b"x" * 65536
deadline = time.monotonic() + SECONDS
statuses = {}
lock = threading.Lock()


def count(status):
    with lock:
        statuses[status] = statuses.get(status, 0) + 1


def read_status(sock):
    try:
        sock.settimeout(2)
        data = sock.recv(64)
        return data[9:12].decode() if data.startswith(b"HTTP/1.1 ") else "closed"
    except OSError:
        return "reset"


def flood(i):
    keyed = MODE != "unkeyed"
    chunked = MODE == "keyed" and i % 2 == 1
    length = 60000 if MODE == "slow" else BODY
    while time.monotonic() < deadline:
        try:
            sock = socket.create_connection(("127.0.0.1", PORT), timeout=5)
        except OSError:
            count("connect-failed")
            time.sleep(0.1)
            continue
        head = "POST /tze/messages HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        if keyed:
            head += "Authorization: Bearer " + KEY + "\r\n"
        head += "Transfer-Encoding: chunked\r\n" if chunked else "Content-Length: %d\r\n" % length
        try:
            sock.settimeout(5)
            sock.sendall((head + "\r\n").encode())
            sent = 0
            while sent < length and time.monotonic() < deadline:
                if MODE == "slow":
                    sock.sendall(b"x")
                    sent += 1
                    time.sleep(1)
                    continue
                piece = PIECE[:min(len(PIECE), length - sent)]
                sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
                sent += len(piece)
            if chunked and sent >= length:
                sock.sendall(b"0\r\n\r\n")
            count(read_status(sock))
        except OSError:
            count(read_status(sock))
        finally:
            sock.close()


def probe(name, url, headers, worst, failures):
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=5) as answer:
                ok = answer.status == 200
        except Exception:
            ok = False
        took = time.monotonic() - started
        worst[name] = max(worst.get(name, 0.0), took)
        if not ok:
            failures[name] = failures.get(name, 0) + 1
        time.sleep(max(0.0, 0.1 - took))


worst, failures = {}, {}
threads = [threading.Thread(target=flood, args=(i,), daemon=True) for i in range(CONNECTIONS)]
threads += [
    threading.Thread(target=probe, args=("GET /q/health/live", "http://127.0.0.1:%d/q/health/live" % MGMT, {}, worst,
                                         failures), daemon=True),
    threading.Thread(target=probe, args=("GET /tokens/om (keyed)", "http://127.0.0.1:%d/tokens/om" % PORT,
                                         {"Authorization": "Bearer " + KEY}, worst, failures), daemon=True)]
for t in threads:
    t.start()
for t in threads:
    t.join(SECONDS + 15)
for name in sorted(worst):
    print("  %-24s max latency %6.0f ms, failed probes %d" % (name, worst[name] * 1000, failures.get(name, 0)))
print("  flood answers: " + ", ".join("%s x%d" % (k, v) for k, v in sorted(statuses.items())))
