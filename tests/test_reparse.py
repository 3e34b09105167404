"""Teaching the importer a partner's format is data: a profile's patterns change, stored
stories are re-parsed (admin action, ``import_seeds --reparse``), editors' edits survive, and
the result says per story what changed. The admin's "try it on this text" box shows the same
reading before anything is saved."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.ingest.importing import article_import
from articles.ingest.reparse import articles_reparse, reparse_queryset
from articles.models import Article, Source, Status

pytestmark = pytest.mark.django_db

GRID_WEEKLY = "\n".join(
    [
        "Grid operator backs three battery plants",
        "Filed by Ivo Petrov",
        "The regional grid operator approved three new battery plants on Wednesday, officials "
        "said.",
        "Construction is expected to start next spring and take about two years.",
        "Source link: https://gridweekly.example/2026/03/batteries",
        "Licensed under CC BY 4.0 by Grid Weekly.",
    ]
)
PATTERNS = "byline@head: ^Filed by (?P<author>.+)$\nnotice@tail: ^Source link:"


@pytest.fixture
def grid_weekly():
    return Source.objects.create(
        name="Grid Weekly", slug="grid-weekly", domain="gridweekly.example"
    )


@pytest.fixture
def story(grid_weekly):
    result = article_import(data=GRID_WEEKLY.encode(), path="gw/1.txt", name="gw-1.txt")
    assert result.status == "created"
    return result.record


def test_before_the_profile_knows_the_format(story):
    assert story.original_author == ""
    assert "Filed by Ivo Petrov" in story.body
    assert story.status == Status.DRAFT  # a CC BY licence needs the link back it cannot find
    assert "no original URL" in story.hold_reason


def test_reparse_after_a_pattern_change_reads_the_new_format_and_publishes(story, grid_weekly):
    grid_weekly.line_patterns = PATTERNS
    grid_weekly.full_clean()
    grid_weekly.save()
    (result,) = articles_reparse(articles=reparse_queryset())
    story.refresh_from_db()
    assert story.original_author == "Ivo Petrov"
    assert story.original_url == "https://gridweekly.example/2026/03/batteries"
    assert "Filed by" not in story.body
    assert story.status == Status.PUBLISHED
    assert result.status == "changed"
    for label in ("body", "author", "original URL", "status", "hold reason"):
        assert label in result.changed
    assert "headline" not in result.changed


def test_editors_edits_survive_a_reparse(story, grid_weekly):
    story.headline = "Three battery plants approved"
    story.save()
    grid_weekly.line_patterns = PATTERNS
    grid_weekly.save()
    (result,) = articles_reparse(articles=reparse_queryset())
    story.refresh_from_db()
    assert story.headline == "Three battery plants approved"
    assert "headline" in result.kept
    assert "Filed by" not in story.body  # the field the editor left alone follows the parser
    assert "kept the editor's headline" in result.describe()


def test_reparse_with_nothing_new_changes_nothing(story):
    (result,) = articles_reparse(articles=reparse_queryset())
    assert result.status == "unchanged"
    assert result.describe() == "nothing changed"


def test_the_command_reports_per_story_and_dry_run_writes_nothing(story, grid_weekly):
    grid_weekly.line_patterns = PATTERNS
    grid_weekly.save()
    out = StringIO()
    call_command("import_seeds", "--reparse", "--dry-run", stdout=out)
    assert "changed    gw-1.txt: changed body, author" in out.getvalue()
    assert "Dry run, nothing written: 1 changed, 0 unchanged, 0 error" in out.getvalue()
    story.refresh_from_db()
    assert story.original_author == ""

    out = StringIO()
    call_command("import_seeds", "--reparse", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["summary"] == {"changed": 1, "unchanged": 0, "error": 0}
    (entry,) = report["stories"]
    assert entry["import_name"] == "gw-1.txt"
    assert "author" in entry["changed"]
    assert entry["article_status"] == "published"


def test_the_command_reparses_only_the_files_named(story, tmp_path, imported_seeds):
    (tmp_path / "gw-1.txt").write_text(GRID_WEEKLY)
    out = StringIO()
    call_command("import_seeds", "--reparse", str(tmp_path), stdout=out)
    assert out.getvalue().count("unchanged  ") == 1


def test_the_seeds_reparse_unchanged(imported_seeds):
    results = articles_reparse(articles=reparse_queryset())
    assert [r.status for r in results] == ["unchanged", "unchanged"]


def test_the_admin_action_reparses_and_says_what_changed(admin_client, story, grid_weekly):
    grid_weekly.line_patterns = PATTERNS
    grid_weekly.save()
    response = admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "reparse_selected", "_selected_action": [story.pk]},
        follow=True,
    )
    text = response.content.decode()
    assert "changed body, author" in text
    story.refresh_from_db()
    assert story.original_author == "Ivo Petrov"


# --- the "try it on this text" box ------------------------------------------------------------


def _form_data(source, **changes):
    data = {
        "name": source.name,
        "slug": source.slug,
        "domain": source.domain,
        "homepage": source.homepage,
        "kind": source.kind,
        "recognised_names": source.recognised_names,
        "recognised_domains": source.recognised_domains,
        "line_patterns": source.line_patterns,
        "default_license": source.default_license,
    }
    data.update(changes)
    return data


def test_try_it_shows_every_line_and_the_fields_found_without_saving(admin_client, grid_weekly):
    url = reverse("admin:articles_source_change", args=[grid_weekly.pk])
    assert "Try it on this text" in admin_client.get(url).content.decode()
    response = admin_client.post(
        url,
        _form_data(grid_weekly, name="Grid Weekly (renamed)", line_patterns=PATTERNS)
        | {"try_text": GRID_WEEKLY, "_try_sample": "1"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "What the importer reads in this text" in page
    assert (
        '<tr class="try-byline"><td>2</td><th scope="row">byline</th><td>Filed by Ivo Petrov'
        in page
    )
    assert '<tr class="try-notice"><td>5</td>' in page
    assert '<th scope="row">Author</th><td>Ivo Petrov</td>' in page
    assert "https://gridweekly.example/2026/03/batteries" in page
    assert '<th scope="row">Licence</th><td>CC-BY-4.0</td>' in page
    assert "errornote" not in page  # a result, not a form error
    grid_weekly.refresh_from_db()
    assert grid_weekly.name == "Grid Weekly"
    assert grid_weekly.line_patterns == ""


def test_try_it_with_an_unusable_pattern_shows_the_field_error(admin_client, grid_weekly):
    url = reverse("admin:articles_source_change", args=[grid_weekly.pk])
    response = admin_client.post(
        url,
        _form_data(grid_weekly, line_patterns="byline: ^(broken")
        | {"try_text": GRID_WEEKLY, "_try_sample": "1"},
    )
    page = response.content.decode()
    assert "Line 1: not a valid regular expression" in page
    assert "What the importer reads in this text" in page  # read with the defaults meanwhile


def test_saving_a_profile_still_works(admin_client, grid_weekly):
    url = reverse("admin:articles_source_change", args=[grid_weekly.pk])
    response = admin_client.post(url, _form_data(grid_weekly, line_patterns=PATTERNS))
    assert response.status_code == 302
    grid_weekly.refresh_from_db()
    assert grid_weekly.line_patterns.replace("\r\n", "\n") == PATTERNS
    assert Article.objects.count() == 0


def test_try_it_on_the_add_form_before_the_partner_exists(admin_client):
    source = Source(name="Grid Weekly", slug="grid-weekly", domain="gridweekly.example")
    response = admin_client.post(
        reverse("admin:articles_source_add"),
        _form_data(source, line_patterns=PATTERNS) | {"try_text": GRID_WEEKLY, "_try_sample": "1"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert '<th scope="row">Author</th><td>Ivo Petrov</td>' in page
    assert not Source.objects.filter(domain="gridweekly.example").exists()
