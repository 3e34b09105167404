"""The import's snapshot of rules, partners and the registry: read again as objects only when
a row changed, checked at the start of every transaction, so a change made mid-import still
applies from the next chunk."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.ingest.batch import ImportBatch
from articles.ingest.importing import import_paths
from articles.models import Article, ReprintRule, Source
from articles.rights.services import rule_revise
from companies.models import Company
from tests.test_import_batches import write_stories

pytestmark = pytest.mark.django_db

RULE_OBJECTS = '"articles_reprintrule"."notice_patterns"'  # the ORM's read, not the row check


def test_unchanged_rules_and_partners_are_loaded_once_for_many_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(ImportBatch, "chunk_files", 2)
    with CaptureQueriesContext(connection) as ctx:
        summary = import_paths([write_stories(tmp_path / "in", 6)])
    assert summary.counts["created"] == 6
    sql = [q["sql"] for q in ctx.captured_queries]
    assert sum(RULE_OBJECTS in q for q in sql) == 1
    # ... but their rows are compared at the start of each chunk's transaction.
    assert sum(q.startswith('SELECT * FROM "articles_reprintrule"') for q in sql) >= 3


def test_a_partner_changed_mid_import_applies_from_the_next_chunk(tmp_path, monkeypatch):
    monkeypatch.setattr(ImportBatch, "chunk_files", 1)
    folder = write_stories(tmp_path / "in", 2)
    source = Source.objects.get(domain="aicnbc.com")

    def on_result(result):
        # An editor starts holding the partner's copy (no signal, no timestamp).
        Source.objects.filter(pk=source.pk).update(hold_for_editor=True)

    import_paths([folder], on_result=on_result)
    first, second = Article.objects.order_by("import_name")
    assert first.status == "published"
    assert second.status == "draft"
    assert second.hold_reason


def test_a_version_that_comes_into_force_needs_no_changed_row(monkeypatch):
    rule = ReprintRule.objects.get(name__startswith="AI CNBC")
    later = timezone.now() + timezone.timedelta(hours=1)
    rule_revise(rule=rule, changes={"permission": "prohibited", "valid_from": later})
    batch = ImportBatch()
    batch.refresh()
    assert [r.permission for r in batch.rules[0] if r.key == rule.key] == ["attribution_required"]
    monkeypatch.setattr(
        "articles.ingest.batch.timezone.now", lambda: later + timezone.timedelta(seconds=1)
    )
    with CaptureQueriesContext(connection) as ctx:
        batch.refresh()
    assert not any(RULE_OBJECTS in q["sql"] for q in ctx.captured_queries)
    assert [r.permission for r in batch.rules[0] if r.key == rule.key] == ["prohibited"]


def test_a_rule_edited_in_place_is_read_again():
    batch = ImportBatch()
    batch.refresh()
    rule = ReprintRule.objects.get(name__startswith="AI CNBC")
    ReprintRule.objects.filter(pk=rule.pk).update(link_back_required=True)
    batch.refresh()
    (found,) = (r for r in batch.rules[0] if r.pk == rule.pk)
    assert found.link_back_required
    assert batch.versions.of(rule.key)[0].link_back_required


def test_a_company_added_mid_import_is_matched_from_the_next_chunk():
    batch = ImportBatch()
    batch.refresh()
    before = batch.registry
    assert not before.matcher.find("Quillfeather Dynamics raised money.")
    Company.objects.create(name="Quillfeather Dynamics", slug="quillfeather-dynamics")
    batch.refresh()
    assert batch.registry is not before
    assert batch.registry.matcher.find("Quillfeather Dynamics raised money.")
    after = batch.registry
    batch.refresh()
    assert batch.registry is after  # an unchanged registry: the same snapshot
