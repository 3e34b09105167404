"""Chinese company names where the text marks them as such: a name ending in 公司, 有限公司,
科技, 集团, 控股, 资本, 创投 or 实验室 ("北京月之暗面科技有限公司", "高瓴资本"). Pure: standard
library only.

Chinese has no spaces, so the hard part is where a name starts. It starts after punctuation,
a Latin word or a function word (的, 由, 和 …) or a verb that introduces companies (获得,
领投 …); what is left must be two to eight characters that are not a generic phrase
("该公司", "科技公司", "人工智能初创公司"). Anything unsure is left out.
"""

from __future__ import annotations

import re

_SUFFIX = re.compile(
    r"股份有限公司|有限责任公司|科技有限公司|有限公司|集团|控股|科技|资本|创投|实验室|公司"
)
_NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# Where a name cannot reach back past: function characters and the verbs and nouns that come
# right before a company name.
_BOUNDARY = re.compile(
    r"宣布|完成|获得|领投|跟投|参投|投资|融资|收购|合作|推出|发布|成立|表示|认为|旗下|包括|例如|"
    r"比如|近日|今日|日前|今天|昨天|目前|此前|随后|同时|其中|以及|联合|携手|对手|竞争|投资方|"
    r"投资人|投资者|股东|创始人|首席执行官|支持|选择|加入|来自|作为|人工智能|初创|"
    r"[的了是在由被向对从将把给让等也都就还又并而但据称于与和及或即]"
)
# Words that make "X科技" or "X公司" a description, not a name.
_GENERIC = frozenset(
    """该 这 那 这家 那家 一家 两家 多家 各家 本 其 母 子 分 总 初创 创业 科技 技术 上市 投资
    风投 风险投资 私募 基金 中国 美国 国内 国外 海外 全球 国际 本土 大型 小型 中型 头部 知名 领先
    新兴 独角兽 金融 高 黑 前沿 尖端 信息 生物 医疗 教育 数字 未来 核心 关键 电商 电子商务 新能源
    能源 大模型 模型 机器人 网络 通信 电信 媒体 咨询 律师 会计 保险 证券 银行 航空 物流 零售 外资
    国有 民营 私营 跨国 地方 政府 服务 运营 管理 资产管理 股权投资 产业 集团 控股 有限 股份 人工
    智能 芯片 半导体 汽车 软件 硬件 游戏 互联网 平台 公司 企业 北京 上海 深圳 杭州 广州 香港 台湾
    美股 港股 A股 同类 相关 其他 多个 部分 众多 当地 境外 欧洲 日本 韩国 印度""".split()  # noqa: SIM905
)
_GENERIC_LONGEST_FIRST = sorted(_GENERIC, key=len, reverse=True)
_GENERIC_START = tuple("该这那一两多各每某其本此同贵我你他她它")
# "科技" before these is the word "technology" ("科技巨头" tech giant, "科技大学").
_NOT_AFTER_TECH = ("企业", "巨头", "行业", "领域", "产业", "股", "园", "部", "大学", "创新", "发展")


def chinese_names(sentence: str) -> list[tuple[int, int, str]]:
    """``(start, end, suffix)`` of each Chinese company name the sentence marks."""
    found: list[tuple[int, int, str]] = []
    if not _HAN.search(sentence):
        return found
    floor = 0  # a name never reaches back into the previous one
    for m in _SUFFIX.finditer(sentence):
        suffix = m.group()
        if suffix == "科技" and sentence.startswith(_NOT_AFTER_TECH, m.end()):
            continue
        start = m.start()
        while start > floor and start > m.start() - 14 and _NAME_CHAR.match(sentence[start - 1]):
            start -= 1
        for cut in _BOUNDARY.finditer(sentence, start, m.start()):
            start = cut.end()  # the last one wins
        prefix = sentence[start : m.start()]
        if suffix == "公司" and sentence.startswith("科技", m.start() - 2):
            continue  # "X科技公司" was read as "X科技"
        if _acceptable(prefix, long_form=suffix.endswith("有限公司")):
            found.append((start, m.end(), suffix))
            floor = m.end()
    return found


def _acceptable(prefix: str, long_form: bool) -> bool:
    if not 2 <= len(prefix) <= (12 if long_form else 8):
        return False
    if not _HAN.search(prefix) and len(prefix) < 2:
        return False
    if prefix.startswith(_GENERIC_START) or prefix in _GENERIC:
        return False
    rest = prefix
    while rest:  # "人工智能初创", "中国科技": generic words only
        for word in _GENERIC_LONGEST_FIRST:
            if rest.startswith(word):
                rest = rest[len(word) :]
                break
        else:
            return True
    return False
