"""Several app servers on one machine: two (or more) gunicorn servers on their own ports, one
background worker and one shared Redis, all on one PostgreSQL database.

``make cluster`` runs it for an operator to try the production layout; the multi-server test
(``tests/cluster/``) drives the same pieces. Nothing here imports Django: it only starts and
stops processes, so a test can kill one server's whole process group and start it again.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = os.environ.get("CLUSTER_PYTHON") or sys.executable


def free_port() -> int:
    """A TCP port nothing on 127.0.0.1 listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_until(check, *, timeout: float, what: str, every: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} did not happen within {timeout:.0f} s")
        time.sleep(every)


def stop_group(process: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 10) -> None:
    """Send ``sig`` to the process's whole group (a gunicorn master and its workers)."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout)


@dataclass
class Redis:
    """A private redis-server that keeps nothing on disk, so a restart starts empty."""

    port: int
    log: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = [
            shutil.which("redis-server") or "redis-server",
            *("--bind", "127.0.0.1", "--port", str(self.port)),
            *("--save", "", "--appendonly", "no", "--daemonize", "no"),
        ]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        wait_until(lambda: port_open(self.port), timeout=10, what="redis-server listening")

    def stop(self) -> None:
        if self.process is not None:
            stop_group(self.process)
            self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()


@dataclass
class Cluster:
    """The processes of one multi-server installation, sharing ``env``."""

    env: dict[str, str]
    logs: Path
    ports: dict[str, int]  # server name -> port
    servers: dict[str, subprocess.Popen] = field(default_factory=dict)
    worker: subprocess.Popen | None = None

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """``manage.py`` with the cluster's environment; its output goes to the log."""
        with (self.logs / "manage.log").open("ab") as out:
            return subprocess.run(
                [PYTHON, "manage.py", *args],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                check=check,
            )

    def start_server(self, name: str, *, wait: bool = True) -> None:
        env = {**self.env, "GUNICORN_BIND": f"127.0.0.1:{self.ports[name]}"}
        with (self.logs / f"server-{name}.log").open("ab") as out:
            self.servers[name] = subprocess.Popen(
                [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: killed as one
            )
        if wait:
            self.wait_healthy(name)

    def wait_healthy(self, name: str, timeout: float = 60) -> None:
        def healthy() -> bool:
            if self.servers[name].poll() is not None:
                raise RuntimeError(f"server {name} exited; see {self.logs}/server-{name}.log")
            try:
                request = urllib.request.Request(self.url(name) + "/healthz", headers=self.headers)
                with urllib.request.urlopen(request, timeout=2) as response:
                    return response.status == 200
            except (urllib.error.URLError, OSError):
                return False

        wait_until(healthy, timeout=timeout, what=f"server {name} answering /healthz")

    @property
    def headers(self) -> dict[str, str]:
        """What the load balancer adds: the public host, and that the reader came by HTTPS."""
        host = self.env.get("ALLOWED_HOSTS", "127.0.0.1").split(",")[0]
        headers = {"Host": host}
        if self.env.get("DJANGO_ENV") == "production":
            headers["X-Forwarded-Proto"] = "https"
        return headers

    def kill_server(self, name: str, sig: int = signal.SIGKILL) -> None:
        stop_group(self.servers.pop(name), sig)

    def start_worker(self) -> None:
        with (self.logs / "worker.log").open("ab") as out:
            self.worker = subprocess.Popen(
                [PYTHON, "manage.py", "db_worker", "--queue-name", "*", "--no-reload"],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def stop(self) -> None:
        for name in list(self.servers):
            self.kill_server(name, signal.SIGTERM)
        if self.worker is not None:
            stop_group(self.worker)
            self.worker = None


def ensure_database(url: str, *, fresh: bool) -> None:
    """Create the PostgreSQL database ``url`` names (dropping it first when ``fresh``)."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ports", default="8001,8002", help="one port per app server")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL")
        or "postgres://postgres@127.0.0.1:5432/newsroom_cluster",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("REDIS_URL", ""),
        help="a shared Redis; without one a private redis-server is started on --redis-port",
    )
    parser.add_argument("--redis-port", type=int, default=6380)
    parser.add_argument("--workers", default="2", help="gunicorn workers per server")
    options = parser.parse_args(argv)

    logs = ROOT / "var" / "cluster"
    logs.mkdir(parents=True, exist_ok=True)
    redis = None
    if not options.redis_url:
        redis = Redis(port=options.redis_port, log=logs / "redis.log")
        redis.start()
    ports = {f"app{i + 1}": int(p) for i, p in enumerate(options.ports.split(","))}
    first_port = next(iter(ports.values()))
    env = {
        "SITE_URL": f"http://127.0.0.1:{first_port}",
        **os.environ,
        "DATABASE_URL": options.database_url,
        "REDIS_URL": options.redis_url or redis.url,
        "WEB_CONCURRENCY": options.workers,
        "GUNICORN_ACCESSLOG": "",
    }
    cluster = Cluster(env=env, logs=logs, ports=ports)
    try:
        ensure_database(options.database_url, fresh=False)
        print(f"Database {options.database_url}; cache {env['REDIS_URL']}; logs in {logs}/")
        cluster.manage("migrate", "--noinput")
        cluster.manage("import_seeds")
        subprocess.run(
            [PYTHON, "manage.py", "ensure_editor", "--port", str(first_port)],
            cwd=ROOT,
            env=env,
            check=True,
        )
        cluster.start_worker()
        for name in ports:
            cluster.start_server(name)
            print(f"{name}: {cluster.url(name)}/")
        print("Every server shares the database and Redis. Ctrl-C stops them all.")
        while all(p.poll() is None for p in [*cluster.servers.values(), cluster.worker]):
            time.sleep(1)
        print("A server or the worker exited; stopping the rest.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        cluster.stop()
        if redis is not None:
            redis.stop()


def _interrupt(signum, frame):
    raise KeyboardInterrupt


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _interrupt)
    sys.exit(main())
