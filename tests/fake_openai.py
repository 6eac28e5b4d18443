"""A small OpenAI-compatible HTTP server on 127.0.0.1 for tests: /v1/chat/completions (streamed or not)
and /v1/models. Each test gives it a `reply` function: request JSON -> Reply."""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable


@dataclass
class Reply:
    text: str = ""
    status: int = 200
    delay: float = 0.0  # seconds before answering
    chunk_size: int = 12  # characters per streamed delta
    cut_after: int | None = None  # close the stream after this many deltas, without [DONE]
    headers: dict = field(default_factory=dict)
    error: str = "fake failure"  # the error message of a non-200 reply
    empty_stream: bool = False  # a 200 stream with no events at all (how llama-cpp-python streams a refused request)


class FakeOpenAI:
    def __init__(self, reply: Callable[[dict], Reply]) -> None:
        self.reply = reply
        self.requests: list[dict] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output clean
                pass

            def do_GET(self):
                self._json(200, {"object": "list", "data": [{"id": "fake-model", "object": "model"}]})

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                server.requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
                r = server.reply(body)
                time.sleep(r.delay)
                if r.status != 200:
                    self._json(r.status, {"error": {"message": r.error, "type": "server_error"}}, r.headers)
                    return
                if body.get("stream"):
                    self._stream(r)
                else:
                    self._json(200, {"id": "x", "object": "chat.completion", "created": 0, "model": body.get("model"),
                                     "choices": [{"index": 0, "finish_reason": "stop",
                                                  "message": {"role": "assistant", "content": r.text}}]})

            def _json(self, status, payload, headers=None):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, r: Reply):
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                if r.empty_stream:
                    self.wfile.flush()
                    self.close_connection = True
                    return
                pieces = [r.text[i : i + r.chunk_size] for i in range(0, len(r.text), r.chunk_size)]
                for n, piece in enumerate(pieces):
                    if r.cut_after is not None and n >= r.cut_after:
                        self.wfile.flush()
                        self.close_connection = True
                        return
                    event = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "fake-model",
                             "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
                    self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
                    self.wfile.flush()
                final = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "fake-model",
                         "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
                self.wfile.write(f"data: {json.dumps(final)}\n\n".encode())
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
                self.close_connection = True

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):  # clients that hang up early are part of the tests
                pass

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "FakeOpenAI":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
