"""Readers in the background: threads that keep requesting pages from the app servers and
record every answer with the moment its request was sent, so a test can say exactly which
answers came after a change (or a grant's expiry) and what each one showed."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Answer:
    server: str
    path: str
    sent: float  # time.time() just before the request went out
    status: int | None  # None: no HTTP answer at all
    text: str  # the body, or the exception when there was no answer


class Readers:
    """``with Readers(running.browser, [("B", "/")]) as readers:`` keeps reading until the
    block ends, each thread with a browser of its own from ``new_browser``;
    ``readers.answers`` then holds every answer."""

    def __init__(self, new_browser, targets, *, threads: int = 2, pause: float = 0.01):
        self.new_browser = new_browser
        self.targets = targets  # (server, path) pairs, taken in turn
        self.threads = threads
        self.pause = pause
        self.answers: list[Answer] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._workers: list[threading.Thread] = []

    def _read(self, offset: int) -> None:
        browser = self.new_browser()
        turn = offset
        while not self._stop.is_set():
            server, path = self.targets[turn % len(self.targets)]
            turn += 1
            sent = time.time()
            try:
                response = browser.get(server, path, timeout=5)
                answer = Answer(server, path, sent, response.status_code, response.text)
            except Exception as exc:  # a refused or dropped connection is an answer too
                answer = Answer(server, path, sent, None, repr(exc))
            with self._lock:
                self.answers.append(answer)
            time.sleep(self.pause)

    def __enter__(self) -> Readers:
        for offset in range(self.threads):
            worker = threading.Thread(target=self._read, args=(offset,), daemon=True)
            worker.start()
            self._workers.append(worker)
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        for worker in self._workers:
            worker.join(timeout=10)

    def on(self, server: str, *, after: float = 0.0, before: float = float("inf")):
        return [a for a in self.answers if a.server == server and after <= a.sent < before]


def wait_for(check, *, timeout: float, every: float = 0.05):
    """Poll ``check()`` until it returns something true; that value, or AssertionError."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"not within {timeout} s")
