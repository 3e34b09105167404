"""The partners and reprint rules the seed stories need, shipped as data."""

from django.db import migrations

SOURCES = [
    {
        "slug": "aicnbc",
        "name": "AI CNBC",
        "domain": "aicnbc.com",
        "homepage": "https://aicnbc.com/",
    },
    {
        "slug": "tech-times",
        "name": "Tech Times",
        "domain": "techtimes.com",
        "homepage": "https://www.techtimes.com/",
    },
]

RULES = [
    {
        "name": "AI CNBC: reprint with author and source",
        "source": "aicnbc.com",
        "priority": 10,
        "permission": "attribution_required",
        "notice_patterns": "\n".join(
            [
                r"Original article,?\s*Author\s*:\s*(?P<author>[^.,;:]+?)\s*[.,;]\s*If you wish to reprint this article,?\s*please indicate the source\s*[:：]?\s*(?P<url>https?://\S+)",
                r"原创文章\s*[，,]\s*作者\s*[：:]\s*(?P<author>[^，,。]+?)\s*[，,]\s*如若转载\s*[，,]\s*请注明出处\s*[：:]\s*(?P<url>https?://\S+)",
            ]
        ),
        "attribution_template": "Originally published by {source}: {url}. Author: {author}.",
        "editor_note": "AI CNBC allows reprinting if the author and the source URL are credited.",
    },
    {
        "name": "Tech Times: all rights reserved",
        "source": "techtimes.com",
        "priority": 10,
        "permission": "permission_required",
        "notice_patterns": r"(?:[ⓒ©]|\(c\)|copyright)\s*(?:(?P<year>\d{4})\s+)?(?P<holder>TECHTIMES\.com)\s+All rights reserved",
        "attribution_template": "© {source}. Republished with permission.",
        "editor_note": "Tech Times reserves all rights: republish only under a recorded "
        "permission grant.",
    },
    {
        "name": "Creative Commons BY-ND 4.0 (no derivatives)",
        "source": None,
        "priority": 40,
        "permission": "open_license",
        "notice_patterns": "\n".join(
            [
                r"republished from (?P<holder>.+?) under a Creative Commons (?:Attribution[- ]NoDerivatives |BY-ND )?licen[cs]e",
                r"(?:CC BY-ND|Attribution-NoDerivatives)",
            ]
        ),
        "attribution_template": "This article is republished from {source} under a Creative "
        "Commons BY-ND 4.0 licence. Read the original: {url}",
        "editor_note": "No derivatives: publish the text unchanged. A notice that names no "
        "specific Creative Commons licence is treated as this, the stricter one.",
    },
    {
        "name": "Creative Commons BY 4.0",
        "source": None,
        "priority": 30,
        "permission": "open_license",
        "notice_patterns": "\n".join(
            [
                r"republished from (?P<holder>.+?) under a Creative Commons Attribution(?: 4\.0)? (?:International )?licen[cs]e",
                r"\bCC BY(?: 4\.0)?\b(?!-)",
            ]
        ),
        "attribution_template": "This article is republished from {source} under a Creative "
        "Commons BY 4.0 licence. Read the original: {url}",
        "editor_note": "Attribution is the only condition; edits are allowed if marked.",
    },
    {
        "name": "All rights reserved (generic)",
        "source": None,
        "priority": 200,
        "permission": "permission_required",
        "notice_patterns": "\n".join(
            [
                r"未经授权\s*[，,]?\s*禁止转载",
                r"版权所有\s*[，,]?\s*未经许可\s*[，,]?\s*不得转载",
                r"(?:[ⓒ©]|\(c\)|copyright)\s*(?:(?P<year>\d{4})\s+)?(?P<holder>[^.]{2,80}?)\.?\s+All rights reserved",
                r"All rights reserved",
            ]
        ),
        "attribution_template": "© {source}. Republished with permission.",
        "editor_note": "Any notice that reserves all rights: republish only under a permission "
        "grant.",
    },
]


def load(apps, schema_editor):
    Source = apps.get_model("articles", "Source")
    ReprintRule = apps.get_model("articles", "ReprintRule")
    sources = {}
    for data in SOURCES:
        sources[data["domain"]], _ = Source.objects.update_or_create(
            domain=data["domain"], defaults=data
        )
    for data in RULES:
        values = dict(data, source=sources.get(data["source"]))
        ReprintRule.objects.update_or_create(name=data["name"], defaults=values)


def unload(apps, schema_editor):
    apps.get_model("articles", "ReprintRule").objects.filter(
        name__in=[rule["name"] for rule in RULES]
    ).delete()
    apps.get_model("articles", "Source").objects.filter(
        domain__in=[source["domain"] for source in SOURCES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
