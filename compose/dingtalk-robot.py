"""A stand-in DingTalk group robot for the compose stack without a real group (compose/fake-robot.yml).

It accepts what DingTalk's custom robot accepts and checks what DingTalk checks (DingTalk Open
Platform, "自定义机器人安全设置" / custom robot security settings, "加签"):
  POST /robot/send?access_token=<token>&timestamp=<ms>&sign=<sign>
  sign = Base64(HmacSHA256(key = secret, message = timestamp + "\n" + secret)), URL-encoded,
  and the timestamp within one hour of the robot's clock.
A message with a wrong token, signature or timestamp is answered as DingTalk answers it (HTTP 200
with a non-zero errcode) and recorded as refused; GET /messages lists every message received,
newest last, with the verdict, for a test to read. The secret is never printed or served.

Environment: ROBOT_ACCESS_TOKEN, ROBOT_SECRET, ROBOT_PORT (default 8080).
"""

import base64
import hashlib
import hmac
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

ACCESS_TOKEN = os.environ["ROBOT_ACCESS_TOKEN"]
SECRET = os.environ["ROBOT_SECRET"]
PORT = int(os.environ.get("ROBOT_PORT", "8080"))
MAX_BODY = 64 * 1024  # DingTalk limits a message to 20000 bytes; anything far larger is refused.
MAX_KEPT = 500

messages = []
lock = threading.Lock()


def expected_sign(timestamp):
    digest = hmac.new(
        SECRET.encode("utf-8"), f"{timestamp}\n{SECRET}".encode("utf-8"), hashlib.sha256
    ).digest()
    return base64.b64encode(digest).decode("ascii")


def verdict(query):
    """None when the request is one DingTalk accepts, else DingTalk's errcode and errmsg."""
    if query.get("access_token") != ACCESS_TOKEN:
        return 300001, "token is not exist"
    timestamp, sign = query.get("timestamp", ""), query.get("sign", "")
    if not timestamp.isdigit() or abs(time.time() * 1000 - int(timestamp)) > 3600 * 1000:
        return 310000, "sign not match, more: timestamp is out of range"
    if not hmac.compare_digest(sign, expected_sign(timestamp)):
        return 310000, "sign not match"
    return None


class Robot(BaseHTTPRequestHandler):
    def answer(self, status, payload):
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = urlparse(self.path).path
        if path == "/-/healthy":
            self.answer(200, {"status": "ok"})
        elif path == "/messages":
            with lock:
                self.answer(200, list(messages))
        else:
            self.answer(404, {"error": "not found"})

    def do_POST(self):
        url = urlparse(self.path)
        if url.path != "/robot/send":
            self.answer(404, {"error": "not found"})
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self.answer(413, {"errcode": 460101, "errmsg": "message too long"})
            return
        raw = self.rfile.read(length)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        refused = verdict(query)
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            body, refused = None, refused or (40035, "invalid JSON body")
        record = {
            "received_at": int(time.time() * 1000),
            "timestamp": query.get("timestamp"),
            "sign": query.get("sign"),
            "accepted": refused is None,
            "errmsg": refused[1] if refused else "ok",
            "body": body,
        }
        with lock:
            messages.append(record)
            del messages[:-MAX_KEPT]
        title = ((body or {}).get("markdown") or {}).get("title", "")
        print(f"robot: {'accepted' if refused is None else 'refused'} {title!r}", flush=True)
        if refused:
            self.answer(200, {"errcode": refused[0], "errmsg": refused[1]})
        else:
            self.answer(200, {"errcode": 0, "errmsg": "ok"})

    def log_message(self, fmt, *args):
        pass  # the request line carries the signature: not logged


if __name__ == "__main__":
    print(f"robot: listening on :{PORT}", flush=True)
    ThreadingHTTPServer(("", PORT), Robot).serve_forever()
