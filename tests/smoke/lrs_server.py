#!/usr/bin/python3
"""A small Learning Record Store for the xAPI client's test (tests/smoke/xapi_lrs.py).

It checks what xAPI 1.0.3 asks of a client's POST {endpoint}/statements: the method and path, the
X-Experience-API-Version header, a JSON content type, Basic auth with the expected credentials, and
a body that is an array of statements with ids. It keeps statements by id, as an LRS does (the same
id again is not stored twice), and counts everything it saw. Its behaviour is switched by writing a
mode to the file named by --mode-file: up, down (503), cut (store, then close without answering),
refuse (400).

    lrs_server.py --port-file PORT --mode-file MODE --log LOG.json --user U --password P
"""
import argparse
import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

args = None
lock = threading.Lock()
state = {"stored": {}, "posts": 0, "duplicates": 0, "problems": [], "modes_seen": []}


def save():
    with open(args.log + ".tmp", "w") as f:
        json.dump(state, f, indent=1, sort_keys=True)
    import os
    os.replace(args.log + ".tmp", args.log)


def mode():
    try:
        with open(args.mode_file) as f:
            return f.read().strip() or "up"
    except FileNotFoundError:
        return "up"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def answer(self, status, body=b""):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Experience-API-Version", "1.0.3")
        self.end_headers()
        self.wfile.write(body)

    def problem(self, text):
        state["problems"].append(text)

    def do_GET(self):
        self.answer(405)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        m = mode()
        with lock:
            state["posts"] += 1
            state["modes_seen"].append(m)
            if self.path != "/xapi/statements":
                self.problem("path " + self.path)
            if self.headers.get("X-Experience-API-Version") != "1.0.3":
                self.problem("version header %r" % self.headers.get("X-Experience-API-Version"))
            if not (self.headers.get("Content-Type") or "").startswith("application/json"):
                self.problem("content type %r" % self.headers.get("Content-Type"))
            expected = "Basic " + base64.b64encode(("%s:%s" % (args.user, args.password)).encode()).decode()
            if self.headers.get("Authorization") != expected:
                save()
                self.answer(401, b'{"error":"bad credentials"}')
                return
            if m == "down":
                save()
                self.answer(503, b'{"error":"maintenance"}')
                return
            if m == "refuse":
                save()
                self.answer(400, b'{"error":"statement refused"}')
                return
            try:
                batch = json.loads(raw)
            except ValueError:
                self.problem("body is not JSON")
                save()
                self.answer(400)
                return
            if not isinstance(batch, list) or not batch:
                self.problem("body is not a non-empty array")
            ids = []
            for s in batch if isinstance(batch, list) else []:
                sid = s.get("id")
                for key in ("actor", "verb", "object"):
                    if key not in s:
                        self.problem("statement without " + key)
                if not sid:
                    self.problem("statement without id")
                    continue
                if sid in state["stored"]:
                    state["duplicates"] += 1
                    if state["stored"][sid] != s:
                        self.problem("id %s sent again with other content" % sid)
                state["stored"][sid] = s
                ids.append(sid)
            save()
        if m == "cut":
            # Stored, but the client never hears it: it must send them again, with the same ids.
            self.close_connection = True
            self.connection.shutdown(2)
            return
        self.answer(200, json.dumps(ids).encode())


def main():
    global args
    p = argparse.ArgumentParser()
    p.add_argument("--port-file", required=True)
    p.add_argument("--mode-file", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    args = p.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    save()
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    import os
    os.replace(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
