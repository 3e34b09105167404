"""State that must be shared by every app server: sessions, login lockouts (django-axes, in
the database), the API's rate limits (in Redis) and the soft edit lock (in the database).
Each is exercised through one server and checked through the other."""

from __future__ import annotations

import time

from tests.admin_forms import form_data


def test_a_session_started_on_a_works_on_b_and_ends_on_both(cluster):
    editor = cluster.browser()
    assert editor.login("A", "eddie", cluster.password).status_code == 302
    desk = editor.get("B", "/admin/")
    assert desk.status_code == 200
    assert "eddie" in desk.text.lower()
    token = form_data(desk, form_id="logout-form")["csrfmiddlewaretoken"]
    assert editor.post("B", "/admin/logout/", {"csrfmiddlewaretoken": token}).status_code == 200
    again = editor.get("A", "/admin/")
    assert again.status_code == 302
    assert "/admin/login/" in again.headers["Location"]


def test_failed_logins_on_both_servers_count_towards_one_lockout(cluster):
    # A guesser at one address; the limit is AXES_FAILURE_LIMIT (5) failures.
    guesser = cluster.browser(address="203.0.113.50")
    for attempt in range(5):
        server = "AB"[attempt % 2]
        failed = guesser.login(server, "erin", "not-her-password")
        assert failed.status_code == 200 if attempt < 4 else 429, (attempt, failed.status_code)
    assert cluster.control("login_failures", username="erin")["failures"] == 5
    for server in ("A", "B"):
        # Locked out on both, even with the right password.
        assert guesser.login(server, "erin", cluster.password).status_code == 429
    # Erin herself, from her own address, is not locked out by the guesser.
    assert cluster.browser().login("B", "erin", cluster.password).status_code == 302


def test_an_api_rate_limit_is_counted_once_across_servers(cluster):
    # API_ANONYMOUS_RATE_PER_MINUTE is 10 for this cluster; counts are per minute window.
    if time.time() % 60 > 54:
        time.sleep(61 - time.time() % 60)
    client = cluster.browser(address="192.0.2.99")
    remaining = []
    for number in range(10):
        answer = client.get("AB"[number % 2], "/api/v1/articles")
        assert answer.status_code == 200, answer.text[:500]
        remaining.append(int(answer.headers["RateLimit-Remaining"]))
    assert remaining == list(range(9, -1, -1))
    for server in ("A", "B"):
        refused = client.get(server, "/api/v1/articles")
        assert refused.status_code == 429
        assert refused.headers["Content-Type"].startswith("application/problem+json")
    # Another address has its own allowance.
    assert cluster.browser(address="192.0.2.100").get("B", "/api/v1/articles").status_code == 200


def test_the_soft_edit_lock_is_seen_from_the_other_server(cluster):
    story = cluster.data["steady"]
    eddie, erin = cluster.browser(), cluster.browser(address="198.51.100.8")
    assert eddie.login("A", "eddie", cluster.password).status_code == 302
    assert erin.login("B", "erin", cluster.password).status_code == 302
    eddie.change_form("A", story)  # Eddie opens the story on A
    page, _ = erin.change_form("B", story)
    assert "<strong>Eddie</strong> has been editing since" in page.text
    heartbeat = f"/admin/articles/article/{story}/heartbeat/"
    token = form_data(page)["csrfmiddlewaretoken"]
    beat = erin.post("B", heartbeat, {"csrfmiddlewaretoken": token})
    assert [o["name"] for o in beat.json()["others"]] == ["Eddie"]
    # Eddie's heartbeat on A sees Erin, who opened it on B.
    _, data = eddie.change_form("A", story)
    beat = eddie.post("A", heartbeat, {"csrfmiddlewaretoken": data["csrfmiddlewaretoken"]})
    assert [o["name"] for o in beat.json()["others"]] == ["Erin"]
    # Saving on A releases Eddie's lock; Erin's next look from B says nobody else is editing.
    eddie.save("A", story, dek="Saved by Eddie on server A.")
    page, _ = erin.change_form("B", story)
    assert "Eddie</strong> has been editing since" not in page.text
