#!/usr/bin/env python3
"""A webhook receiver to try alerts with on this host: it answers every POST with 204 and appends it to OUTPUT (or
prints it) as one JSON line: the path, the alert headers (X-CloudDiagnoze-Timestamp, X-CloudDiagnoze-Signature,
Idempotency-Key) and the raw body. It checks nothing: deploy/local/e2e.sh checks the signatures it kept.

    deploy/local/webhook-receiver.py PORT [OUTPUT]
"""
import http.server
import json
import sys

HEADERS = ("X-CloudDiagnoze-Timestamp", "X-CloudDiagnoze-Signature", "Idempotency-Key")


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode("utf-8")
        line = json.dumps({"path": self.path, "headers": {name: self.headers.get(name) for name in HEADERS}, "body": body})
        if len(sys.argv) > 2:
            with open(sys.argv[2], "a", encoding="utf-8") as output:
                output.write(line + "\n")
        else:
            print(line, flush=True)
        self.send_response(204)
        self.end_headers()

    def log_message(self, format, *args):
        pass


if __name__ == "__main__":
    http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Receiver).serve_forever()
