"""What readers see across app servers: an editor's change through server A reaches readers
on server B within the documented bound (README, "Several app servers":
``PUBLIC_CACHE_STATE_MEMO_SECONDS``, one second); a grant's expiry hides the text on both at
that moment; losing a server or restarting Redis costs readers nothing."""

from __future__ import annotations

import signal
import time

from .readers import Readers, wait_for

# The README's bound: a change saved through any server is on every server's pages once this
# many seconds have passed since the save's response (PUBLIC_CACHE_STATE_MEMO_SECONDS).
STALENESS_SECONDS = 1.0


def _edited_by_eddie(cluster):
    editor = cluster.browser()
    assert editor.login("A", "eddie", cluster.password).status_code == 302
    return editor


def _check_bound(readers, done: float, fresh) -> None:
    """Every answer from B to a request sent after ``done`` + the bound shows the change."""
    late = readers.on("B", after=done + STALENESS_SECONDS)
    assert late, "no reader request reached B after the bound"
    stale = [a for a in late if not fresh(a)]
    assert not stale, f"{len(stale)} of {len(late)} answers stale after the bound: {stale[0]}"
    errors = [a for a in readers.answers if a.status is None or a.status >= 500]
    assert not errors, errors[0]


def test_publish_edit_unpublish_and_kill_through_a_reach_readers_on_b(cluster):
    story = cluster.data["staff"]
    url = "/articles/cluster-staff-story/"
    editor = _edited_by_eddie(cluster)
    targets = [("B", url), ("B", "/")]

    def run(action, fresh):
        with Readers(cluster.browser, targets, threads=2) as readers:
            time.sleep(0.5)  # B's workers hold the state and pages as they were
            action()
            done = time.time()
            time.sleep(STALENESS_SECONDS + 0.6)
        _check_bound(readers, done, fresh)

    def on_page(answer) -> bool:
        return answer.path == url

    run(
        lambda: editor.save("A", story, _transition="published"),
        lambda a: (
            a.status == 200 and "Words of the first version" in a.text
            if on_page(a)
            else "Cluster staff story" in a.text
        ),
    )
    run(
        lambda: editor.save(
            "A", story, headline="Cluster story, edited", body="<p>Words of the second one.</p>"
        ),
        lambda a: (
            "Words of the second one" in a.text and "first version" not in a.text
            if on_page(a)
            else "Cluster story, edited" in a.text
        ),
    )
    run(
        lambda: editor.transition("A", story, "unpublished"),
        lambda a: a.status == 404 if on_page(a) else "Cluster story, edited" not in a.text,
    )
    editor.transition("A", story, "published")
    wait_for(lambda: cluster.browser().get("B", url).status_code == 200, timeout=3)
    run(
        lambda: editor.transition("A", story, "killed"),
        lambda a: a.status == 410 if on_page(a) else "Cluster story, edited" not in a.text,
    )


def test_a_grant_expiry_hides_the_text_on_both_servers_at_that_moment(cluster):
    granted = cluster.control("grant", article=cluster.data["partner"], seconds=8)
    url, expires_at = granted["url"], granted["expires_at"]
    reader = cluster.browser()
    for server in ("A", "B"):
        wait_for(lambda s=server: "Granted words" in reader.get(s, url).text, timeout=3)
    time.sleep(STALENESS_SECONDS)  # the grant itself is a change: every worker has it now
    with Readers(cluster.browser, [("A", url), ("B", url)], threads=3, pause=0.002) as readers:
        time.sleep(max(expires_at - time.time(), 0) + 1.5)
    for server in ("A", "B"):
        before = readers.on(server, before=expires_at - 0.3)
        assert before, f"no request reached {server} before the expiry"
        assert all("Granted words" in a.text for a in before), "the grant's text was missing"
        after = readers.on(server, after=expires_at)
        assert after, f"no request reached {server} after the expiry"
        shown = [a for a in after if "Granted words" in a.text]
        assert not shown, f"{server} showed the text {shown[-1].sent - expires_at:.3f} s late"
        assert all(a.status is not None and a.status < 500 for a in readers.answers)


def test_killing_server_a_costs_readers_on_b_nothing_and_a_restarts_current(cluster):
    url = "/articles/cluster-steady-story/"
    editor = _edited_by_eddie(cluster)
    with Readers(cluster.browser, [("A", "/"), ("B", "/"), ("B", url)], threads=3) as readers:
        time.sleep(0.5)
        killed_at = time.time()
        cluster.cluster.kill_server("A", signal.SIGKILL)
        time.sleep(1.0)
    on_b = readers.on("B")
    assert len(readers.on("B", after=killed_at)) > 5
    failed = [a for a in on_b if a.status != 200]
    assert not failed, failed[0]
    # While A is down, the editor (signed in through A) changes the story through B.
    editor.save("B", cluster.data["steady"], body="<p>Written while A was down.</p>")
    cluster.cluster.start_server("A")
    first = cluster.browser().get("A", url)
    assert first.status_code == 200
    assert "Written while A was down" in first.text


def test_a_redis_restart_loses_nothing_and_costs_no_errors(cluster):
    url = "/articles/cluster-steady-story/"
    editor = _edited_by_eddie(cluster)
    targets = [("A", "/"), ("B", url), ("A", url), ("B", "/")]
    key = cluster.control("api_key", rate=100_000)["key"]

    def api_client():
        # Every API request counts against the key in Redis: no answer comes from memory.
        client = cluster.browser()
        client.session.headers["X-API-Key"] = key
        return client

    api = [("A", "/api/v1/articles"), ("B", "/api/v1/articles")]
    with Readers(cluster.browser, targets) as readers, Readers(api_client, api) as api_readers:
        time.sleep(0.5)
        # Down for half a second, as a real restart is; it keeps nothing on disk, so it
        # comes back empty.
        cluster.redis.stop()
        time.sleep(0.5)
        cluster.redis.start()
        restarted = time.time()
        time.sleep(1.0)
    for answers in (readers, api_readers):
        failed = [a for a in answers.answers if a.status != 200]
        assert not failed, failed[0]
        assert answers.on("A", after=restarted)
        assert answers.on("B", after=restarted)
    # The session is in the database too: the editor is still signed in, on both servers.
    for server in ("A", "B"):
        assert editor.get(server, "/admin/").status_code == 200
    editor.save("A", cluster.data["steady"], body="<p>Written after Redis came back.</p>")
    time.sleep(STALENESS_SECONDS)
    assert "Written after Redis came back" in cluster.browser().get("B", url).text
