"""The date archive answers 404 for any date it can't serve, in any time zone, and files each
story under its local date at the edges of a day, a month and a year."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db

# The farthest offsets from UTC there are (+14 and -12), and the reported ones.
ZONES = ["UTC", "Pacific/Kiritimati", "Etc/GMT+12", "Asia/Shanghai", "America/New_York"]
HUGE = "99999999999999999999"


@pytest.fixture(params=ZONES)
def zone(request, settings):
    settings.TIME_ZONE = request.param
    return request.param


@pytest.mark.parametrize(
    "url",
    [
        f"/archive/{HUGE}/",
        f"/archive/{HUGE}/1/",
        f"/archive/{HUGE}/1/1/",
        f"/archive/2024/{HUGE}/",
        f"/archive/2024/1/{HUGE}/",
        f"/archive/2024/{HUGE}/{HUGE}/",
        "/archive/0/",
        "/archive/10000/",
        "/archive/2024/0/",
        "/archive/2024/13/",
        "/archive/2024/1/0/",
        "/archive/2024/1/32/",
        "/archive/2024/2/30/",
        "/archive/2023/2/29/",
        "/archive/2024/4/31/",
        "/archive/2024/0/1/",
        "/archive/2024/13/1/",
    ],
)
def test_dates_that_do_not_exist_are_404(client, zone, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/archive/1/",
        "/archive/1/1/",
        "/archive/1/1/1/",
        "/archive/9999/",
        "/archive/9999/12/",
        "/archive/9999/12/31/",
    ],
)
def test_the_first_and_last_years_are_404_in_every_time_zone(client, zone, url):
    # Some of their local moments have no UTC datetime in some time zone; the archive serves
    # the years in between, the same wherever the site is.
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/archive/2/", "/archive/2/1/1/", "/archive/9998/12/31/"])
def test_the_years_next_to_them_are_served(client, zone, url):
    response = client.get(url)
    assert response.status_code == 200
    assert list(response.context["articles"]) == []


def test_a_story_is_filed_under_its_local_date_at_the_edges(client, zone):
    local = ZoneInfo(zone)
    new_year = datetime(2025, 1, 1, tzinfo=local)
    ArticleFactory(headline="Last minute", publish_at=new_year - timedelta(seconds=1))
    ArticleFactory(headline="First minute", publish_at=new_year)
    ArticleFactory(
        headline="Far future", status="scheduled", publish_at=timezone.now() + timedelta(days=9)
    )

    def headlines(url):
        return [a.headline for a in client.get(url).context["articles"]]

    assert headlines("/archive/2024/") == ["Last minute"]
    assert headlines("/archive/2024/12/") == ["Last minute"]
    assert headlines("/archive/2024/12/31/") == ["Last minute"]
    assert headlines("/archive/2025/") == ["First minute"]
    assert headlines("/archive/2025/1/") == ["First minute"]
    assert headlines("/archive/2025/1/1/") == ["First minute"]
