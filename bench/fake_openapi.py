#!/usr/bin/env python3
"""Minimal OpenAPI V3 stand-in for the gateway benchmark: every GET/POST /v3/... answers a fixed get_info
JSON (no sig check: the bundle's signing cost is what is measured). HTTP/1.1 keep-alive, like OpenAPI."""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BODY = json.dumps({"ret": 0, "msg": "", "is_lost": 0, "nickname": "bench-user", "gender": "男",
                   "figureurl": "http://example.invalid/f.png"}, ensure_ascii=False).encode("utf-8")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body leave in two writes: without TCP_NODELAY, Nagle + the client's delayed ACK add ~40 ms
    disable_nagle_algorithm = True

    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    do_GET = answer
    do_POST = answer

    def log_message(self, *args):
        pass


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
