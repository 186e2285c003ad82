"""A real HTTP model server on 127.0.0.1 for tests: OpenAI chat completions
(`/v1/chat/completions`) and Anthropic messages (`/v1/messages`), with canned,
deterministic answers and scripted trouble — status codes with headers, latency,
malformed bodies, a share of failing requests. It counts every request it sees, so a
test can prove that a cached run sent nothing."""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Answer = Callable[[dict[str, Any]], str]


def text_of(content: Any) -> str:
    """A message's text, whether a string (OpenAI) or a list of blocks (Anthropic)."""
    if isinstance(content, list):
        return "".join(str(block.get("text", "")) for block in content if isinstance(block, dict))
    return str(content or "")


def last_user_text(body: dict[str, Any]) -> str:
    messages = [m for m in body.get("messages", []) if m.get("role") == "user"]
    return text_of(messages[-1].get("content")) if messages else ""


def system_text(body: dict[str, Any]) -> str:
    """The system prompt: a message (OpenAI) or the top-level `system` field (Anthropic)."""
    if "system" in body:
        return text_of(body["system"])
    return "".join(text_of(m.get("content")) for m in body.get("messages", []) if m.get("role") == "system")


@dataclass
class Step:
    """One scripted reply: ``status`` with optional ``headers``; ``malformed`` sends a broken body."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    malformed: bool = False
    text: str | None = None


class FakeModel:
    def __init__(self, answer: Answer | None = None) -> None:
        self.answer: Answer = answer or (lambda body: "ok")
        self.requests: list[dict[str, Any]] = []
        self.script: list[Step] = []  # consumed first, one step per request
        self.latency = 0.0  # seconds before each answer
        self.failure_rate = 0.0  # share of requests answered with 503 (after the script)
        self.rng = random.Random(7)
        self.lock = threading.Lock()
        # Put the request's Authorization / x-api-key header into every body (answers and
        # errors), as a careless proxy might: nothing of it may reach an output or cache.
        self.echo_auth = False
        self.in_flight = 0
        self.max_in_flight = 0  # the most requests the server held at once
        model = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    body = {}
                with model.lock:
                    model.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                    step = model.script.pop(0) if model.script else None
                    fail = step is None and model.failure_rate and model.rng.random() < model.failure_rate
                    model.in_flight += 1
                    model.max_in_flight = max(model.max_in_flight, model.in_flight)
                try:
                    self._reply(body, step, fail)
                finally:
                    with model.lock:
                        model.in_flight -= 1

            def _reply(self, body: dict[str, Any], step: Step | None, fail: bool) -> None:
                auth = self.headers.get("Authorization") or self.headers.get("x-api-key") or ""
                echo = f" (auth: {auth})" if model.echo_auth else ""
                if model.latency:
                    time.sleep(model.latency)
                if fail:
                    step = Step(503, {"Retry-After": "0"})  # retried at once: tests stay fast
                step = step or Step()
                if step.status != 200:
                    error = {"error": {"message": f"scripted {step.status}{echo}", "type": "server_error"}}
                    self._send(step.status, json.dumps(error).encode(), step.headers)
                    return
                if step.malformed:
                    self._send(200, b'{"choices": [', step.headers)
                    return
                text = (step.text if step.text is not None else model.answer(body)) + echo
                self._send(200, json.dumps(self._payload(body, text)).encode(), step.headers)

            def _payload(self, body: dict[str, Any], text: str) -> dict[str, Any]:
                prompt_tokens = sum(len(text_of(m.get("content")).split()) for m in body.get("messages", []))
                completion_tokens = len(text.split())
                if self.path.endswith("/messages"):  # Anthropic
                    return {
                        "id": "msg_1", "type": "message", "role": "assistant", "model": body.get("model", "m"),
                        "content": [{"type": "text", "text": text}], "stop_reason": "end_turn",
                        "usage": {"input_tokens": prompt_tokens, "output_tokens": completion_tokens},
                    }  # fmt: skip
                return {
                    "id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": body.get("model", "m"),
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                                 "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                              "total_tokens": prompt_tokens + completion_tokens},
                }  # fmt: skip

            def _send(self, status: int, data: bytes, headers: dict[str, str]) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def prompts(self) -> list[str]:
        """The last user message of every request."""
        return [last_user_text(r["body"]) for r in self.requests]


@contextmanager
def serve(answer: Answer | None = None) -> Iterator[FakeModel]:
    model = FakeModel(answer)
    thread = threading.Thread(target=model.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield model
    finally:
        model.server.shutdown()
        model.server.server_close()
