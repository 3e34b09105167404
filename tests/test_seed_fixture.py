"""The committed seed fixture must match what a fresh import produces."""

import json

import pytest
from django.core.management import call_command

from articles.ingest.seed_fixture import FIXTURE_PATH, build_seed_fixture
from articles.models import Article
from companies.models import Mention

pytestmark = pytest.mark.django_db


def test_committed_fixture_matches_a_fresh_import():
    committed = json.loads(FIXTURE_PATH.read_text(encoding="utf-8"))
    assert build_seed_fixture() == committed, "Run `make fixtures` and commit the result."


def test_fixture_loads_with_loaddata(client):
    call_command("loaddata", str(FIXTURE_PATH), verbosity=0)
    assert Article.objects.count() == 2
    assert Mention.objects.filter(company__slug="aisphere").count() == 2
    published = Article.objects.published().get()
    assert client.get(published.get_absolute_url()).status_code == 200
