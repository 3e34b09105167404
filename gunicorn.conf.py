"""Gunicorn settings for the production path: ``gunicorn newsroom.wsgi`` (run from the repo root,
where gunicorn picks this file up by itself). Every value can be changed from the environment.
"""

import gc
import multiprocessing
import os
import sys

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
# Sync workers: Django views block on the database, and processes use every core.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Keep-alive connections from the load balancer; it must time out idle ones first.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Recycle workers now and then so a slow leak never takes a server down; jitter spreads it.
# Not too often: a worker serves 1,000+ cached pages a second, and each new one refills its
# page copies (2,000 cost more CPU than the hits themselves, bench/README "The peer").
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "5000"))
# Trust X-Forwarded-* only from the load balancer's addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Heartbeat files in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# The app is loaded and warmed once in the master (newsroom/warmup.py), so a worker recycled
# by max_requests is forked ready instead of importing Django and compiling templates while
# readers wait: with recycling on, that warm-up set the p99 of a busy server. Database
# connections are still opened per worker after the fork (CONN_MAX_AGE reuses them).
preload_app = os.environ.get("GUNICORN_PRELOAD", "1").lower() not in ("0", "false", "no", "")
wsgi_app = "newsroom.wsgi:application"


def when_ready(server):
    if server.cfg.preload_app:
        # Generic Django: importable from here even for another app served with this config
        # (bench/bench_peer.py serves the Wagtail peer with it, warmed the same way).
        sys.path.append(os.path.dirname(os.path.abspath(__file__)))
        from newsroom.warmup import warm

        server.log.info("Warmed in the master: %d templates compiled", warm())
        # What the master loaded lives as long as every worker: out of the collector's
        # sight, a worker's collections neither walk it nor write to its pages (which would
        # copy them, page by page, into every forked worker).
        gc.freeze()


def pre_fork(server, worker):
    # Nothing in the master should have connected, but a shared socket would be corrupted by
    # two workers at once: close any before each fork.
    if server.cfg.preload_app:
        from django.db import connections

        connections.close_all()
