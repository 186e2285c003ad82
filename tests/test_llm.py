"""The one model client, through the real litellm, against a real HTTP server on
127.0.0.1: answers, retries on 429 (honouring Retry-After) and 5xx, exhausted retries,
timeouts, malformed bodies, the cache, the network switch, and no key in any error."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from promptlint.llm import ModelClient, ModelError, Request, complete_many, scrub
from promptlint.store import Store

from .fakemodel import FakeModel, Step, last_user_text, serve

KEY = "sk-test-ZmFrZS1rZXktbm90LXJlYWwtMTIzNDU2"


@pytest.fixture
def model(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeModel]:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
    with serve(lambda body: "pong: " + last_user_text(body)) as fake:
        yield fake


def _request(model: FakeModel, text: str = "ping", name: str = "openai/gpt-4o-mini") -> Request:
    return Request(model=name, messages=({"role": "user", "content": text},), api_base=f"{model.url}/v1")


def _client(tmp_path: Path, **kwargs: object) -> ModelClient:
    delays: list[float] = []
    client = ModelClient(Store(tmp_path), sleep=delays.append, **kwargs)  # type: ignore[arg-type]
    client.delays = delays  # type: ignore[attr-defined]
    return client


def test_answer_usage_cost_and_cache(model: FakeModel, tmp_path: Path) -> None:
    client = _client(tmp_path)
    response = client.complete(_request(model))
    assert response.text == "pong: ping" and not response.cached
    assert response.prompt_tokens == 1 and response.completion_tokens == 2
    assert response.cost_usd is not None and response.cost_usd > 0
    assert model.requests[0]["body"]["temperature"] == 0
    again = _client(tmp_path).complete(_request(model))  # a fresh client, same store: from disk
    assert again.cached and again.text == "pong: ping"
    assert len(model.requests) == 1
    # The run index is part of the key: run 1 is a new request.
    client.complete(_request(model), run=1)
    assert len(model.requests) == 2


def test_rate_limit_then_success_honours_retry_after(model: FakeModel, tmp_path: Path) -> None:
    model.script = [Step(429, {"Retry-After": "2"}), Step(503)]
    client = _client(tmp_path)
    response = client.complete(_request(model))
    assert response.text == "pong: ping" and response.attempts == 3
    assert len(model.requests) == 3
    assert client.delays[0] == 2.0  # type: ignore[attr-defined]
    assert client.stats.requests == 3 and client.stats.retries == 2


def test_server_errors_exhaust_the_retries_with_a_clear_error(model: FakeModel, tmp_path: Path) -> None:
    model.script = [Step(500)] * 4
    client = _client(tmp_path, retries=3)
    with pytest.raises(ModelError) as caught:
        client.complete(_request(model))
    assert caught.value.status == 500 and caught.value.attempts == 4
    assert str(caught.value).startswith("openai/gpt-4o-mini: HTTP 500 after 4 attempts")
    assert KEY not in str(caught.value)
    assert len(model.requests) == 4


def test_client_errors_are_not_retried(model: FakeModel, tmp_path: Path) -> None:
    model.script = [Step(401)]
    with pytest.raises(ModelError) as caught:
        _client(tmp_path).complete(_request(model))
    assert caught.value.status == 401 and len(model.requests) == 1
    assert KEY not in str(caught.value)


def test_timeout_is_retried_then_reported(model: FakeModel, tmp_path: Path) -> None:
    model.latency = 1.5
    client = _client(tmp_path, timeout=0.5, retries=1)
    with pytest.raises(ModelError) as caught:
        client.complete(_request(model))
    assert caught.value.attempts == 2
    assert "Timeout" in str(caught.value) or "timed out" in str(caught.value).lower()


def test_malformed_body_is_an_error_not_a_crash(model: FakeModel, tmp_path: Path) -> None:
    model.script = [Step(malformed=True)] * 5
    with pytest.raises(ModelError):
        _client(tmp_path, retries=1).complete(_request(model))


def test_anthropic_models_are_litellms_business(model: FakeModel, tmp_path: Path) -> None:
    # litellm appends /v1/messages to an Anthropic api_base itself.
    request = Request(model="anthropic/claude-3-5-haiku-20241022", messages=({"role": "user", "content": "ping"},),
                      api_base=model.url, params={"max_tokens": 50})  # fmt: skip
    response = _client(tmp_path).complete(request)
    assert response.text == "pong: ping"
    assert model.requests[0]["path"] == "/v1/messages"


def test_network_off_serves_only_cached_answers(model: FakeModel, tmp_path: Path) -> None:
    _client(tmp_path).complete(_request(model, "cached"))
    offline = _client(tmp_path, allow_network=False)
    assert offline.complete(_request(model, "cached")).cached
    with pytest.raises(ModelError, match="network is off"):
        offline.complete(_request(model, "new"))
    assert len(model.requests) == 1


def test_concurrent_jobs_keep_their_order(model: FakeModel, tmp_path: Path) -> None:
    model.latency = 0.05
    jobs = [(_request(model, f"q{i}"), 0) for i in range(8)]
    results = complete_many(_client(tmp_path), jobs, concurrency=4)
    assert [r.text for r in results] == [f"pong: q{i}" for i in range(8)]  # type: ignore[union-attr]


def test_no_key_or_header_in_the_cache(model: FakeModel, tmp_path: Path) -> None:
    _client(tmp_path).complete(_request(model))
    for file in (tmp_path / ".promptlint_cache").rglob("*.json"):
        text = file.read_text()
        assert KEY not in text and "Authorization" not in text and "Bearer" not in text
        assert json.loads(text)["text"] == "pong: ping"


def test_scrub_removes_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACME_API_KEY", "acme-1234567890abcdef")
    assert scrub("bad key acme-1234567890abcdef given") == "bad key **** given"
    assert scrub("Authorization: Bearer abcdefghijklmnop") == "Authorization: Bearer ****"
