"""A browser behind the load balancer: one cookie jar for every app server, the headers the
balancer adds (public Host, ``X-Forwarded-Proto: https``, the reader's address), CSRF tokens
read from the forms, and the admin's change form submitted the way a browser would."""

from __future__ import annotations

import json
import subprocess
import threading

import requests

from ops.cluster import PYTHON, ROOT
from tests.admin_forms import form_data


class Browser:
    def __init__(self, cluster, *, address: str = "198.51.100.7"):
        self.cluster = cluster
        self.session = requests.Session()
        host = cluster.headers["Host"]
        self.session.headers.update(
            {**cluster.headers, "X-Forwarded-For": address, "Origin": f"https://{host}"}
        )

    def get(self, server: str, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("timeout", 10)
        kwargs.setdefault("allow_redirects", False)
        return self._tls_ended(self.session.get(self.cluster.url(server) + path, **kwargs))

    def post(self, server: str, path: str, data: dict, **kwargs) -> requests.Response:
        kwargs.setdefault("timeout", 10)
        kwargs.setdefault("allow_redirects", False)
        host = self.cluster.headers["Host"]
        headers = {"Referer": f"https://{host}{path}", **kwargs.pop("headers", {})}
        return self._tls_ended(
            self.session.post(self.cluster.url(server) + path, data=data, headers=headers, **kwargs)
        )

    def _tls_ended(self, response):
        """Secure cookies go back over plain HTTP: TLS ended at the (simulated) balancer."""
        for cookie in self.session.cookies:
            cookie.secure = False
        return response

    def login(self, server: str, username: str, password: str) -> requests.Response:
        page = self.get(server, "/admin/login/?next=/admin/")
        data = form_data(page, form_id="login-form")
        data.update(username=username, password=password)
        return self.post(server, "/admin/login/?next=/admin/", data)

    def change_form(self, server: str, article: int) -> tuple[requests.Response, dict]:
        page = self.get(server, f"/admin/articles/article/{article}/change/")
        assert page.status_code == 200, page.status_code
        return page, form_data(page)

    def save(self, server: str, article: int, **changes) -> requests.Response:
        """Open the story's change form on ``server`` and submit it with ``changes``."""
        _, data = self.change_form(server, article)
        data.update(changes)
        saved = self.post(server, f"/admin/articles/article/{article}/change/", data)
        assert saved.status_code == 302, saved.text[:2000]
        return saved

    def transition(self, server: str, article: int, to: str) -> requests.Response:
        page = self.get(server, f"/admin/articles/article/{article}/change/")
        token = form_data(page)["csrfmiddlewaretoken"]
        path = f"/admin/articles/article/{article}/transition/"
        moved = self.post(server, path, {"_transition": to, "csrfmiddlewaretoken": token})
        assert moved.status_code == 302, moved.text[:2000]
        return moved


class Control:
    """The test's Django process (``tests/cluster/control.py``), one JSON line each way."""

    def __init__(self, cluster, log):
        self.process = subprocess.Popen(
            [PYTHON, "-m", "tests.cluster.control"],
            cwd=ROOT,
            env=cluster.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
        self._lock = threading.Lock()

    def __call__(self, op: str, **args):
        with self._lock:
            self.process.stdin.write(json.dumps({"op": op, "args": args}) + "\n")
            self.process.stdin.flush()
            answer = json.loads(self.process.stdout.readline())
        if "error" in answer:
            raise RuntimeError(answer["error"])
        return answer["ok"]

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=10)
