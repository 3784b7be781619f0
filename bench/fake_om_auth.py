#!/usr/bin/env python3
"""Minimal OM token endpoint for benchmarks: POST /omoauth2/accesstoken answers a 2-hour token.

The benchmark measures the bundle serving tokens from its cache, so this server is hit once."""
import json
import secrets
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        if not self.path.startswith("/omoauth2/accesstoken?grant_type=clientcredentials"):
            self.send_error(404)
            return
        body = json.dumps({"code": "0", "msg": "success",
                           "data": {"access_token": secrets.token_hex(16), "expires_in": 7200}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
