"""Chinese company names where the text marks them as such. Pure: standard library only.

Chinese has no spaces, so the hard part is where a name starts, and a word like 科技
("technology") or 资本 ("capital") ends descriptions as often as names. Two shapes are taken:

- a registered name, which ends in 有限公司 (or 股份有限公司, 有限责任公司):
  "北京月之暗面科技有限公司";
- a short name ending in 科技, 集团, 控股, 资本, 创投 or 实验室 that the sentence treats as a
  company: in a list of investors ("投资方包括高瓴资本和IDG资本"), as the subject of 宣布,
  完成, 领投 …, or followed by its English name ("上海稀宇科技（MiniMax）").

A name starts after punctuation, a Latin word, a function word (的, 由, 和 …) or a word that
comes right before company names (包括, 获得 …). What is left must be two to eight characters
(twelve for a registered name) and not a description ("该公司", "中国科技", "人工智能初创").
Anything unsure is left out; a bare "X公司" is too often "a robotics company".
"""

from __future__ import annotations

import re

_SUFFIX = re.compile(
    r"股份有限公司|有限责任公司|科技有限公司|集团有限公司|有限公司|集团|控股|科技|资本|创投|实验室"
)
_NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# Where a name cannot reach back past.
_BOUNDARY = re.compile(
    r"投资方|投资人|投资者|竞争对手|创始人|首席执行官|人工智能|宣布|完成|获得|领投|跟投|参投|投资|"
    r"融资|收购|合作|推出|发布|成立|表示|认为|旗下|包括|例如|比如|近日|今日|日前|今天|昨天|目前|"
    r"此前|随后|同时|其中|以及|联合|携手|对手|竞争|股东|支持|选择|加入|来自|作为|初创|公司|企业|"
    r"机构|平台|厂商|巨头|独角兽|"
    r"[的了是在由被向对从将把给让等也都就还又并而但据称于与和及或即、]"
)
# A boundary that puts a company name after it: a list of investors, rivals or partners.
_LIST_BEFORE = re.compile(r"(?:包括|以及|投资方|股东|对手|竞争对手|联合|携手|[由与和及、])$")
# What a company does right after its name, or its English name in brackets.
_ROLE_AFTER = re.compile(  # used with match(text, pos): no "^"
    r"(?:也|已|已经|近日|日前|今日|今天|昨日|此前|曾|将|还|正式|同时|则)?"
    r"(?:领投|跟投|参投|投资了|宣布|完成|获得|获|发布|推出|表示|称|成立于|创立于|联合|携手|"
    r"[（(]\s*[A-Za-z])"
)
# Words that make "X科技" or "X集团" a description, not a name.
_GENERIC = frozenset(
    """该 这 那 这家 那家 一家 两家 多家 各家 本 其 母 子 分 总 初创 创业 科技 技术 上市 投资
    风投 风险 风险投资 私募 基金 中国 美国 国内 国外 海外 全球 国际 本土 大型 小型 中型 头部 知名
    领先 新兴 独角兽 金融 高 黑 硬 深 新 前沿 尖端 信息 生物 医疗 健康 生命 教育 数字 未来 核心
    关键 电商 电子商务 新能源 能源 大模型 模型 机器人 网络 通信 电信 媒体 传媒 咨询 律师 会计 保险
    证券 银行 航空 航天 太空 物流 零售 外资 国有 民营 民间 私人 社会 人力 私营 跨国 地方 政府
    服务 运营 管理 资产管理 股权投资 产业 企业 集团 控股 有限 股份 人工 智能 芯片 半导体 汽车
    软件 硬件 游戏 互联网 平台 公司 气候 环保 绿色 清洁 量子 区块链 元宇宙 消费 体育 法律 房地产
    材料 新材料 制造 工业 农业 食品 海洋 国防 军事 现代 民用 高新 北京 上海 深圳 杭州 广州 香港
    台湾 美股 港股 A股 同类 相关 其他 多个 部分 众多 当地 境外 欧洲 日本 韩国 印度 高校 大学 科研
    研究 国家 重点 联合 头部 顶尖 一流""".split()  # noqa: SIM905
)
_GENERIC_LONGEST_FIRST = sorted(_GENERIC, key=len, reverse=True)
_GENERIC_START = tuple("该这那一两多各每某其本此同贵我你他她它")
# "科技" before these is the word "technology" ("科技巨头" tech giant, "科技大学").
_NOT_AFTER_TECH = ("公司", "企业", "巨头", "行业", "领域", "产业", "股", "园", "部", "大学", "创新")


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
        registered = suffix.endswith("有限公司")
        if not _acceptable(sentence[start : m.start()], registered):
            continue
        listed = _LIST_BEFORE.search(sentence, 0, start)
        if registered or listed or _ROLE_AFTER.match(sentence, m.end()):
            found.append((start, m.end(), suffix))
            floor = m.end()
    return found


def _acceptable(prefix: str, registered: bool) -> bool:
    if not 2 <= len(prefix) <= (12 if registered else 8):
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
