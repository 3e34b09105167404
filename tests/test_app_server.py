"""The shipped gunicorn config for real: the app is loaded and warmed once in the master, and
workers recycled every few requests keep answering, forked warm, with no error."""

import http.client
import socket
import subprocess
import sys
import time

import pytest

from .test_production import ROOT, manage, production_env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(
            "GET", path, headers={"Host": "news.example.org", "X-Forwarded-Proto": "https"}
        )
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


@pytest.fixture
def server(tmp_path):
    env = production_env(
        tmp_path,
        WEB_CONCURRENCY="2",
        GUNICORN_MAX_REQUESTS="3",  # recycle all the time
        GUNICORN_MAX_REQUESTS_JITTER="0",
        GUNICORN_ACCESSLOG="",
        CACHE_URL="locmem://",
    )
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        result = manage(env, *command)
        assert result.returncode == 0, result.stderr
    port = free_port()
    env["GUNICORN_BIND"] = f"127.0.0.1:{port}"
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        for _ in range(100):
            try:
                if get(port, "/healthz") == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not come up:\n" + log.read_text())
        yield port, log
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_recycled_workers_are_forked_warm_and_never_fail_a_request(server):
    port, log = server
    statuses = [get(port, path) for _ in range(10) for path in ("/", "/healthz", "/feeds/")]
    assert set(statuses) == {200}, log.read_text()[-3000:]
    text = log.read_text()
    assert "templates compiled" in text  # warmed once, in the master
    assert text.count("templates compiled") == 1
    assert text.count("Autorestarting worker") >= 5  # recycled all along
    assert "Traceback" not in text
