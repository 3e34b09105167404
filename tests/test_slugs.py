"""Readable slugs for headlines in any script (``articles.ingest.slugs``)."""

import pytest

from articles.ingest.romanize import romanize
from articles.ingest.slugs import readable_slug


@pytest.mark.parametrize(
    ("headline", "slug"),
    [
        ("삼성전자, 3분기 실적 발표", "samseongjeonja-3bungi-siljeok-balpyo"),
        ("네이버 클라우드", "neibeo-keulraudeu"),
        ("ソニー", "sonii"),
        ("ちょっとキャッシュ", "chottokyasshu"),
        ("しゃしんとマッチ", "shashintomatchi"),
        ("Новая модель", "novaia-model"),
        ("阿里巴巴投资世界模型", "a-li-ba-ba-tou-zi-shi-jie-mo-xing"),
        ("Startup raises $14 million in", "startup-raises-14-million-in"),
        ("تقرير جديد", "tqrir-jdid"),
        ("شركة آبل تطلق هاتفا جديدا", "shrka-abl-ttlq-hatfa-jdida"),
        ("الذَّكاء", "aldhka"),  # harakat carry no letter
        ("گوگل", "gugl"),
        ("אינטל משיקה שבב חדש", "intl-mshikh-shvv-chdsh"),
        ("भारत में एआई स्टार्टअप", "bharat-men-eai-startap"),
        ("नमस्ते दुनिया", "namaste-duniya"),
        ("ข่าวเทคโนโลยี", "khawthekhnoloyi"),
    ],
)
def test_every_script_gets_a_readable_ascii_slug(headline, slug):
    assert readable_slug(headline) == slug
    assert readable_slug(headline).isascii()


def test_scripts_it_cannot_read_still_give_a_slug():
    assert readable_slug("ᚠᚢᚦ") == "article"  # runes: left to the editor
    assert readable_slug("🚀🚀") == "article"
    assert romanize("Plain text, 123") == "Plain text, 123"
