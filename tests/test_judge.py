"""CON001's optional judge: litellm against a real HTTP server on 127.0.0.1 that stands
in for an OpenAI-compatible model. No internet, no API key."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from promptlint.contradictions.judge import parse_verdict

PROMPT = """\
# version: 1.0.0
You suggest recipes for a family cooking site.
Never recommend alcohol.
Keep every recipe under 300 words.
Suggest a wine pairing with every main course.
Respond in English.
"""


class FakeModel:
    """An OpenAI chat-completions endpoint: conflict when one side mentions alcohol and
    the other wine; status 500 when ``failing`` is set."""

    def __init__(self) -> None:
        self.requests: list[dict] = []  # type: ignore[type-arg]
        self.failing = False
        model = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                model.requests.append({"path": self.path, "body": body})
                if model.failing:
                    self.send_response(500)
                    self.end_headers()
                    self.wfile.write(b'{"error": {"message": "boom"}}')
                    return
                question = body["messages"][-1]["content"].lower()
                verdict = {"conflict": "alcohol" in question and "wine" in question, "reason": "wine is alcohol"}
                payload = {
                    "id": "chatcmpl-test",
                    "object": "chat.completion",
                    "created": 0,
                    "model": body["model"],
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": json.dumps(verdict)},
                            "finish_reason": "stop",
                        }
                    ],
                    "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
                }
                data = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"


@pytest.fixture
def fake_model() -> Iterator[FakeModel]:
    model = FakeModel()
    thread = threading.Thread(target=model.server.serve_forever, daemon=True)
    thread.start()
    yield model
    model.server.shutdown()
    model.server.server_close()


def _project(tmp_path: Path, judge_url: str | None) -> Path:
    root = tmp_path / "project"
    (root / "prompts").mkdir(parents=True)
    (root / "prompts" / "recipes.txt").write_text(PROMPT, encoding="utf-8")
    config = '[tool.promptlint]\nselect = ["CON001"]\n'
    if judge_url:
        config += (
            f'\n[tool.promptlint.rules.CON001]\njudge-model = "openai/gpt-4o-mini"\njudge-api-base = "{judge_url}"\n'
        )
    (root / "pyproject.toml").write_text(config, encoding="utf-8")
    return root


def _check(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OPENAI_API_KEY": "sk-test-not-a-real-key", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "promptlint", "check", "prompts", "--format", "json", *extra],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_judge_reports_pair_the_offline_engine_cannot_decide(tmp_path: Path, fake_model: FakeModel) -> None:
    root = _project(tmp_path, fake_model.url)
    result = _check(root)
    assert result.returncode == 1, result.stderr
    (finding,) = json.loads(result.stdout)["diagnostics"]
    assert finding["code"] == "CON001"
    assert finding["range"]["start"] == {"line": 4, "character": 0}  # 0-based: line 5
    assert finding["message"] == "Contradicts an earlier instruction (wine is alcohol; judged by openai/gpt-4o-mini)"
    (related,) = finding["related"]
    assert related["range"]["start"] == {"line": 2, "character": 0}
    assert related["path"] == finding["path"]
    # The request went to the configured server, with both instructions and no sampling.
    assert fake_model.requests and all(r["path"] == "/v1/chat/completions" for r in fake_model.requests)
    asked = [r["body"]["messages"][-1]["content"] for r in fake_model.requests]
    assert any("Never recommend alcohol." in q and "Suggest a wine pairing" in q for q in asked)
    assert all(r["body"]["temperature"] == 0 for r in fake_model.requests)


def test_verdicts_are_cached_by_content(tmp_path: Path, fake_model: FakeModel) -> None:
    root = _project(tmp_path, fake_model.url)
    first = _check(root)
    sent = len(fake_model.requests)
    assert sent >= 1
    second = _check(root)
    assert json.loads(second.stdout)["diagnostics"] == json.loads(first.stdout)["diagnostics"]
    assert len(fake_model.requests) == sent  # the result cache answered
    third = _check(root, "--no-cache")  # no result cache at all: the model is asked again
    assert len(fake_model.requests) == 2 * sent
    assert json.loads(third.stdout)["diagnostics"] == json.loads(first.stdout)["diagnostics"]


def test_without_judge_offline_results_are_unchanged(tmp_path: Path, fake_model: FakeModel) -> None:
    root = _project(tmp_path, None)
    result = _check(root)
    assert result.returncode == 0, result.stdout
    assert json.loads(result.stdout)["diagnostics"] == []
    assert fake_model.requests == []


def test_unreachable_judge_keeps_offline_results_and_says_so(tmp_path: Path, fake_model: FakeModel) -> None:
    fake_model.failing = True
    root = _project(tmp_path, fake_model.url)
    (root / "prompts" / "recipes.txt").write_text(PROMPT + "Reply in French.\n", encoding="utf-8")
    result = _check(root)
    assert "Traceback" not in result.stderr
    assert "judge model 'openai/gpt-4o-mini' unavailable" in result.stderr
    (finding,) = json.loads(result.stdout)["diagnostics"]  # the offline finding only
    assert finding["message"] == "Contradicts an earlier instruction (response language: English vs French)"
    assert result.returncode == 1


@pytest.mark.parametrize(
    ("answer", "conflict"),
    [
        ('{"conflict": true, "reason": "x"}', True),
        ('```json\n{"conflict": false, "reason": "different situations"}\n```', False),
        ('Sure! {"conflict": true}', True),
    ],
)
def test_parse_verdict_accepts_fenced_and_chatty_answers(answer: str, conflict: bool) -> None:
    assert parse_verdict(answer).conflict is conflict


@pytest.mark.parametrize("answer", ["yes", '{"conflict": "maybe"}', "[1, 2]"])
def test_parse_verdict_rejects_answers_without_a_boolean(answer: str) -> None:
    with pytest.raises(ValueError):
        parse_verdict(answer)
