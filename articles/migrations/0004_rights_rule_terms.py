"""Give the shipped rules their keys and full terms (version 1, in force since 2020)."""

import datetime

from django.db import migrations
from django.utils.text import slugify

SINCE = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)

TERMS = {
    "AI CNBC: reprint with author and source": {
        "key": "aicnbc",
        "notice_patterns": "\n".join(
            [
                r"Original\s*article\s*[,，]?\s*Author\s*[:：]\s*(?P<author>[^.,;:]+?)\s*[.,;。]\s*If\s+you\s+wish\s+to\s+reprint\s+this\s+article\s*[,，]?\s*please\s+indicate\s+the\s+source\s*[:：]?\s*(?P<url>https?://\S+)",
                r"原创文章\s*[，,]\s*作者\s*[：:]\s*(?P<author>[^，,。]+?)\s*[，,]\s*如若转载\s*[，,]\s*请注明出处\s*[：:]\s*(?P<url>https?://\S+)",
            ]
        ),
        "edits": "style_only",
        "headline_may_change": True,
        "attribution_position": "bottom",
        "link_back_required": True,
        "images": "not_reusable",
        "search_engines": "nothing",
    },
    "Tech Times: all rights reserved": {
        "key": "techtimes",
        "edits": "none",
        "headline_may_change": False,
        "attribution_template": "Originally published by {source} ({url}). © {source}, "
        "republished with permission.",
        "attribution_position": "top",
        "link_back_required": False,
        "images": "not_reusable",
        "search_engines": "canonical",
        "excerpt_cta_template": "Read the story at {source}",
        "notice_patterns": "\n".join(
            [
                r"(?:[ⓒ©]|\(c\)|copyright)\s*(?:(?P<year>\d{4})\s+)?(?P<holder>TECHTIMES\.com)\s+All rights reserved",
                r"(?P<holder>TECHTIMES\.com)\s+All rights reserved",
            ]
        ),
    },
    "Creative Commons BY-ND 4.0 (no derivatives)": {
        "key": "cc-by-nd-4",
        "license_spdx": "CC-BY-ND-4.0",
        "license_url": "https://creativecommons.org/licenses/by-nd/4.0/",
        "edits": "none",
        "headline_may_change": False,
        "attribution_template": "This article is republished from {source} under a Creative "
        "Commons {license} licence. Read the original: {url}",
        "link_back_required": True,
        "images": "not_reusable",
        "search_engines": "canonical",
    },
    "Creative Commons BY 4.0": {
        "key": "cc-by-4",
        "license_spdx": "CC-BY-4.0",
        "license_url": "https://creativecommons.org/licenses/by/4.0/",
        "edits": "free",
        "headline_may_change": True,
        "attribution_template": "This article is republished from {source} under a Creative "
        "Commons {license} licence. Read the original: {url}",
        "link_back_required": True,
        "images": "not_reusable",
        "search_engines": "canonical",
    },
    "All rights reserved (generic)": {
        "key": "all-rights-reserved",
        "edits": "none",
        "headline_may_change": False,
        "attribution_position": "top",
        "images": "not_reusable",
        "search_engines": "noindex",
        "excerpt_cta_template": "Read the story at {source}",
        "notice_patterns": "\n".join(
            [
                r"未经(?:授权|许可)\s*[，,]?\s*(?:禁止|不得)转载",
                r"版权所有\s*[，,]?\s*未经(?:授权|许可)\s*[，,]?\s*(?:禁止|不得)转载",
                r"(?:[ⓒ©]|\(c\)|copyright)\s*(?:(?P<year>\d{4})\s+)?(?P<holder>[^.]{2,80}?)\.?\s+All rights reserved",
                r"All rights reserved",
                r"Do not (?:reproduce|republish|copy) without (?:prior )?(?:written )?permission",
            ]
        ),
    },
}


def load(apps, schema_editor):
    ReprintRule = apps.get_model("articles", "ReprintRule")
    for rule in ReprintRule.objects.all():
        values = TERMS.get(rule.name, {"key": slugify(rule.name)[:90] or f"rule-{rule.pk}"})
        for name, value in values.items():
            setattr(rule, name, value)
        if rule.name in TERMS:
            rule.valid_from = SINCE
        rule.version = 1
        rule.save()


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_rights_rules")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
