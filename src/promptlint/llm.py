"""The one model client: every LLM call promptlint makes goes through here.

CON001's optional judge and the smoke-eval stage both send chat messages to a model
and need the same things done right once: litellm behind a small interface (any
provider; the API key comes from litellm's own environment variables, never from
promptlint), temperature 0 unless set, a per-call timeout, retries with exponential
backoff and jitter on rate limits, server errors and timeouts (honouring
``Retry-After``), a response cache in the run's :class:`~promptlint.store.Store`, and
error messages that never carry a key. Failures come back to the caller as
:class:`ModelError` — a rule or a runner decides what to print, not this module.

``import litellm`` costs seconds and, unless told otherwise, fetches a price list from
the internet: it is imported only when a request is actually sent (never for a cached
answer, never with the network switched off), with ``LITELLM_LOCAL_MODEL_COST_MAP`` set
first.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from promptlint.store import Store, content_key

if TYPE_CHECKING:
    from promptlint.models import Models

# Bump when the cache key or the stored shape changes.
CACHE_VERSION = "1"
_RETRY_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504, 529})
_SECRET_ENV = re.compile(r"(?:KEY|TOKEN|SECRET|PASSWORD|CREDENTIALS?)$", re.I)
_BEARER = re.compile(r"(?i)(bearer\s+|api[-_ ]?key[=:\s\"']+|sk-[a-z]*-?)[A-Za-z0-9._\-]{8,}")
_IMPORT_LOCK = threading.Lock()


class ModelError(Exception):
    """A call that did not produce an answer, with a message safe to print."""

    def __init__(self, message: str, *, status: int | None = None, attempts: int = 1) -> None:
        super().__init__(scrub(message))
        self.status = status
        self.attempts = attempts


@dataclass(frozen=True)
class Request:
    model: str
    messages: tuple[Mapping[str, Any], ...]
    params: Mapping[str, Any] = field(default_factory=dict)
    api_base: str | None = None
    # Seconds for this call (None: the client's); not part of the cache key.
    timeout: float | None = field(default=None, compare=False)

    def key(self, run: int = 0) -> str:
        """Cache key: model, endpoint, messages, parameters and run index — nothing secret."""
        import json

        payload = json.dumps(
            {"messages": list(self.messages), "params": dict(self.params)}, sort_keys=True, ensure_ascii=False
        )
        return content_key(CACHE_VERSION, self.model, self.api_base or "", payload, str(run))


@dataclass(frozen=True)
class Response:
    text: str
    latency_ms: float
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    cost_usd: float | None = None
    cached: bool = False
    attempts: int = 1


@dataclass
class Stats:
    """What a client did, for summaries: requests sent (including retries) and cache hits."""

    requests: int = 0
    cached: int = 0
    retries: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, **counts: int) -> None:
        with self.lock:
            for name, value in counts.items():
                setattr(self, name, getattr(self, name) + value)


class ModelClient:
    """Chat completions through litellm, cached and retried.

    ``allow_network=False`` serves only cached answers (the language server and any
    run that must stay offline); a request that would go out raises ModelError.
    """

    def __init__(
        self,
        store: Store | None = None,
        *,
        namespace: str = "llm",
        timeout: float = 60.0,
        retries: int = 3,
        backoff: float = 1.0,
        max_backoff: float = 30.0,
        allow_network: bool = True,
        sleep: Callable[[float], None] = time.sleep,
        models: Models | None = None,
    ) -> None:
        self.store = store or Store.memory()
        # Whose prices a response's cost is reckoned with (the config's catalogue).
        self.models = models
        self.namespace = namespace
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.allow_network = allow_network
        self.sleep = sleep
        self.stats = Stats()

    def cached(self, request: Request, run: int = 0) -> Response | None:
        value = self.store.get(self.namespace, request.key(run))
        if not isinstance(value, dict) or not isinstance(value.get("text"), str):
            return None
        return Response(
            text=value["text"],
            latency_ms=float(value.get("latency_ms") or 0.0),
            prompt_tokens=_int(value.get("prompt_tokens")),
            completion_tokens=_int(value.get("completion_tokens")),
            cost_usd=_float(value.get("cost_usd")),
            cached=True,
        )

    def complete(self, request: Request, *, run: int = 0, use_cache: bool = True) -> Response:
        if use_cache:
            hit = self.cached(request, run)
            if hit is not None:
                self.stats.add(cached=1)
                return hit
        if not self.allow_network:
            raise ModelError(f"{request.model}: no cached answer and the network is off for this run")
        response = self._send(request)
        self.store.put(
            self.namespace,
            request.key(run),
            {
                "text": response.text,
                "latency_ms": round(response.latency_ms, 1),
                "prompt_tokens": response.prompt_tokens,
                "completion_tokens": response.completion_tokens,
                "cost_usd": response.cost_usd,
            },
        )
        return response

    # ------------------------------------------------------------------ sending

    def _send(self, request: Request) -> Response:
        litellm = _litellm()
        params = {"temperature": 0, **request.params}
        attempt = 0
        while True:
            attempt += 1
            self.stats.add(requests=1)
            started = time.perf_counter()
            try:
                with contextlib.redirect_stdout(sys.stderr):  # litellm prints banners on stdout
                    raw = litellm.completion(
                        model=request.model,
                        messages=[dict(m) for m in request.messages],
                        api_base=request.api_base,
                        timeout=request.timeout or self.timeout,
                        num_retries=0,
                        **params,
                    )
                latency = (time.perf_counter() - started) * 1000
                return _response(raw, latency, attempt, request.model, self.models)
            except Exception as exc:
                status = _status(exc)
                retryable = status in _RETRY_STATUS or _is_timeout(exc) or _is_connection(exc)
                if not retryable or attempt > self.retries:
                    message = _describe(request.model, exc, status, attempt)
                    raise ModelError(message, status=status, attempts=attempt) from None
                self.stats.add(retries=1)
                self.sleep(self._delay(attempt, exc))

    def _delay(self, attempt: int, exc: Exception) -> float:
        """Retry-After when the server gives one, else exponential backoff with full jitter."""
        after = _retry_after(exc)
        if after is not None:
            return min(after, self.max_backoff)
        return random.uniform(0, min(self.max_backoff, self.backoff * 2 ** (attempt - 1)))


def complete_many(
    client: ModelClient,
    jobs: Sequence[tuple[Request, int]],
    *,
    concurrency: int = 4,
    use_cache: bool = True,
    on_done: Callable[[int, Response | ModelError], None] | None = None,
) -> list[Response | ModelError]:
    """Run ``(request, run)`` jobs with at most ``concurrency`` in flight; results in job order.

    ``on_done(index, result)`` is called as each job finishes (a progress display).
    litellm is imported once, before the threads start, when any job must be sent.
    """
    from concurrent.futures import ThreadPoolExecutor

    def one(index: int) -> Response | ModelError:
        job = jobs[index]
        try:
            result: Response | ModelError = client.complete(job[0], run=job[1], use_cache=use_cache)
        except ModelError as exc:
            result = exc
        if on_done is not None:
            on_done(index, result)
        return result

    if client.allow_network and any(not use_cache or client.cached(r, i) is None for r, i in jobs):
        with contextlib.suppress(ModelError):  # each job reports it
            _litellm()
    if concurrency <= 1 or len(jobs) <= 1:
        return [one(index) for index in range(len(jobs))]
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        return list(pool.map(one, range(len(jobs))))


def missing_keys(model: str, api_base: str | None = None) -> list[str]:
    """Environment variables litellm wants for ``model`` and does not find (names only).

    An endpoint variable (``OLLAMA_API_BASE``…) is not missing when ``api_base`` is given.
    """
    litellm = _litellm()
    try:
        with contextlib.redirect_stdout(sys.stderr):
            found = litellm.validate_environment(model=model, api_base=api_base)
    except Exception:
        return []  # an unknown provider: let the request say what is wrong
    missing = [str(k) for k in found.get("missing_keys") or ()]
    if api_base:
        missing = [k for k in missing if not k.endswith(("_API_BASE", "_BASE_URL", "_ENDPOINT"))]
    return missing


# ---------------------------------------------------------------- litellm glue


def litellm_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("litellm") is not None


def _litellm() -> Any:
    with _IMPORT_LOCK:
        os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
        try:
            import litellm
        except ImportError:
            raise ModelError("model calls need litellm: pip install 'promptlint-suite[eval]'") from None
        litellm.suppress_debug_info = True
        litellm.telemetry = False
        return litellm


def _response(raw: Any, latency_ms: float, attempts: int, model: str, models: Models | None = None) -> Response:
    try:
        text = raw.choices[0].message.content
    except (AttributeError, IndexError, KeyError, TypeError):
        raise ModelError(f"{model}: the response has no message content", attempts=attempts) from None
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = scrub_values(text)
    usage = getattr(raw, "usage", None)
    prompt_tokens = _int(getattr(usage, "prompt_tokens", None))
    completion_tokens = _int(getattr(usage, "completion_tokens", None))
    return Response(
        text=text,
        latency_ms=latency_ms,
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
        cost_usd=_cost(model, prompt_tokens, completion_tokens, models),
        attempts=attempts,
    )


def _cost(
    model: str, prompt_tokens: int | None, completion_tokens: int | None, models: Models | None = None
) -> float | None:
    """From the usage the server reported and the model catalogue's prices."""
    from promptlint.models import default

    info = (models or default()).info(model)
    if info is None or prompt_tokens is None:
        return None
    cost = prompt_tokens * (info.input_cost_per_token or 0.0)
    if completion_tokens:
        cost += completion_tokens * (info.output_cost_per_token or 0.0)
    return cost


def _status(exc: Exception) -> int | None:
    status = getattr(exc, "status_code", None)
    return status if isinstance(status, int) else None


def _is_timeout(exc: Exception) -> bool:
    return "timeout" in type(exc).__name__.lower()


def _is_connection(exc: Exception) -> bool:
    return "connection" in type(exc).__name__.lower()


def _retry_after(exc: Exception) -> float | None:
    headers: Any = getattr(exc, "headers", None)
    if not headers:
        response = getattr(exc, "response", None)
        headers = getattr(response, "headers", None)
    if not headers:
        return None
    with contextlib.suppress(Exception):
        value = headers.get("retry-after-ms")
        if value is not None:
            return max(0.0, float(value) / 1000)
        value = headers.get("retry-after")
        if value is not None:
            return max(0.0, float(value))
    return None


def _describe(model: str, exc: Exception, status: int | None, attempts: int) -> str:
    message = " ".join(str(getattr(exc, "message", None) or exc).split())
    message = re.sub(r"^litellm\.\w+:\s*", "", message)[:240]
    tried = f" after {attempts} attempts" if attempts > 1 else ""
    code = f"HTTP {status}" if status else type(exc).__name__
    return f"{model}: {code}{tried}: {message}"


def scrub(text: str) -> str:
    """Remove API keys from a message: values of key-like environment variables, and
    anything shaped like a bearer token or an ``sk-…`` key."""
    return _BEARER.sub(lambda m: m.group(1) + "****", scrub_values(text))


def scrub_values(text: str) -> str:
    """Remove the values of key-like environment variables only (an answer a server
    echoed a key into is kept otherwise intact, and is cached and shown without it)."""
    for name, value in os.environ.items():
        if value and len(value) >= 8 and _SECRET_ENV.search(name) and value in text:
            text = text.replace(value, "****")
    return text


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _float(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
