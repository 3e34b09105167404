"""Login lockouts behind the load balancer: django-axes counts failures against the reader's
address (the one the balancer appended to X-Forwarded-For), never the balancer's own, so a
guesser locks an account out for their address only."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

BALANCER = "10.0.0.2"


@pytest.fixture
def behind_balancer(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.LOGIN_PROXY_COUNT = 1
    get_user_model().objects.create_superuser("editor", "e@example.org", "right-horse-9")
    return settings


def login(client, password, forwarded):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": password},
        REMOTE_ADDR=BALANCER,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_a_guesser_behind_the_balancer_locks_out_only_their_own_address(client, behind_balancer):
    for _ in range(2):
        assert login(client, "guess", "203.0.113.50").status_code == 200
    assert login(client, "guess", "203.0.113.50").status_code == 429
    assert login(client, "right-horse-9", "203.0.113.50").status_code == 429
    # The editor, at her own address behind the same balancer, still gets in.
    assert login(client, "right-horse-9", "198.51.100.7").status_code == 302


def test_a_forged_first_entry_does_not_escape_the_lockout(client, behind_balancer):
    # The balancer appends the address it saw; whatever the client put before it is ignored.
    for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):
        login(client, "guess", f"{forged}, 203.0.113.50")
    assert login(client, "right-horse-9", "4.4.4.4, 203.0.113.50").status_code == 429


def test_without_proxies_the_connection_address_counts(client, behind_balancer):
    behind_balancer.LOGIN_PROXY_COUNT = 0
    for forwarded in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
        login(client, "guess", forwarded)
    assert login(client, "right-horse-9", "198.51.100.7").status_code == 429
