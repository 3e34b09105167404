"""Company suggestions an editor would accept: on realistic partner copy (wire, press release,
Creative Commons republishing, tech site, Chinese) exactly the companies the text names are
suggested, never boilerplate, datelines, bylines, credits, people, places or ordinary words;
and each shape of "the text says it is a company" is recognised. Pure: no database."""

import json
from pathlib import Path

import pytest

from companies.extraction.sentences import split_sentences
from companies.extraction.suggestions import find_suggestions
from companies.matching import Matcher, entries_from_registry

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests/fixtures/suggestions"
MATCHER = Matcher(
    entries_from_registry(json.loads((ROOT / "companies/data/registry.json").read_text("utf-8")))
)


def suggested(text):
    return [c.name for c in find_suggestions(text, MATCHER.find(text))]


# --------------------------------------------------------------------------- precision

EXPECTED = {
    # StepFun "startup StepFun … has raised"; Zhipu and Baichuan "rivals such as"; Moonshot AI
    # by its suffix; MiniMax "a Shanghai-based startup"; "investors including X and Y". Not the
    # dateline's SHANGHAI or Reuters, the byline, the sign-off's reporters and editor, Jiang
    # Daxin, Gina Raimondo, Li Wei (an analyst), Bernstein, Kimi and Talkie (products), Hong
    # Kong, Washington, Nvidia (named, but nothing says what it is), "Our Standards".
    "wire.txt": [
        "StepFun",
        "Zhipu",
        "Baichuan",
        "Moonshot AI",
        "MiniMax",
        "Hillhouse Investment",
        "Qiming",
    ],
    # Never "About Aleph Robotics", "SOURCE Aleph Robotics", the headline, the dateline
    # (MUNICH, Germany, Dec. 1, 2026 /PRNewswire/), Dr. Anna Keller, Dr. J. R. Hartmann, U.S.,
    # U.K., St. Louis, Siemens (no cue), the About sections' names, the legal boilerplate or
    # the media contact.
    "press_release.txt": [
        "Aleph Robotics",
        "Northwind Capital",
        "Blue Harbor Ventures",
        "Kestrel Partners",
        "Lumen Fund",
        "Rhenus",
        "Hermes",
    ],
    # Never the author line (Jane Q. Reporter, University of Leeds), Sarah Jones, Imperial
    # College London, Dr. Tom Allen or "Allen", Priya Shah, the Financial Times, Companies
    # House, the NHS, the heading, the regulator, The Conversation or Creative Commons.
    "republished.txt": ["Lumina Health", "Babylon", "Ada Health", "Kry", "Octopus Ventures"],
    # Never the headline (DeepSeek), the image credit (Jakub Porzycki, NurPhoto), Kai-Fu Lee,
    # Lee, Alfred Lin, Lin, Sam Altman, Sequoia, TechCrunch, Europe, Paris, Heidelberg, the
    # "Read more" line or the topics.
    "techsite.txt": ["01.AI", "Xiaomi", "Zhipu AI", "Baichuan", "Aleph Alpha", "Mistral", "Cohere"],
    # Never 新华社, the reporter 王芳, 该公司, 这家科技公司, 中国科技公司, 人工智能初创公司, the
    # headline or the tag line.
    "chinese.txt": ["北京月之暗面科技有限公司", "上海稀宇科技"],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_realistic_copy_suggests_exactly_its_unknown_companies(name):
    assert suggested((FIXTURES / name).read_text("utf-8")) == EXPECTED[name]


def test_every_fixture_is_checked():
    assert sorted(p.name for p in FIXTURES.glob("*.txt")) == sorted(EXPECTED)


def test_the_sentence_shown_is_the_body_sentence_without_its_dateline():
    text = (FIXTURES / "press_release.txt").read_text("utf-8")
    first = find_suggestions(text, MATCHER.find(text))[0]
    assert first.sentence.startswith("Aleph Robotics, the Munich-based maker")


# --------------------------------------------------------------------------- recall

SHAPES = [
    # appositions
    ("Aleph Alpha, the Heidelberg-based model maker, cut its prices.", ["Aleph Alpha"]),
    ("Graphcore, the Bristol-based chip designer, was sold.", ["Graphcore"]),
    ("Wavecrest, a Beijing-based startup, hired 40 engineers.", ["Wavecrest"]),
    ("Aleph Robotics, the Munich-based maker of forklifts, grew.", ["Aleph Robotics"]),
    ("Hugging Face, founded in 2016, hosts models.", ["Hugging Face"]),
    # lists
    ("Investors have flocked to rivals such as DeepSeek and StepFun.", ["DeepSeek", "StepFun"]),
    (
        "It faces competitors including Zhipu, Baichuan and MiniMax.",
        ["Zhipu", "Baichuan", "MiniMax"],
    ),
    ("Chinese startups such as Manus have moved abroad.", ["Manus"]),
    ("The round drew investors Sequoia and Hillhouse.", ["Sequoia", "Hillhouse"]),
    ("The startup is backed by Sequoia and Lightspeed.", ["Sequoia", "Lightspeed"]),
    ("The funding was led by Northwind and Blue Fund.", ["Northwind", "Blue Fund"]),
    (
        "It was led by Hong Kong-listed SenseTime and Shenzhen-based Unitree.",
        ["SenseTime", "Unitree"],
    ),
    (
        "Northwind and Blue Fund led the round, which values it at $1 billion.",
        ["Northwind", "Blue Fund"],
    ),
    # money
    ("StepFun raised $100 million last year.", ["StepFun"]),
    ("Perplexity has secured $500 million in new funding.", ["Perplexity"]),
    ("Sierra closed a $175 million Series B on Tuesday.", ["Sierra"]),
    ("Last week, Moonshot said it had raised $1 billion.", ["Moonshot"]),
    ("Mistral's $640 million Series B made headlines.", ["Mistral"]),
    # names with digits, internal capitals, lower-case starts, suffixes, modifiers
    ("01.AI raised $200 million.", ["01.AI"]),
    ("xAI raised $6 billion.", ["xAI"]),
    ("AI startup Sakana AI hired 20 people.", ["Sakana AI"]),
    ("Nvidia-backed Cohere is courting European customers.", ["Cohere"]),
    ("The startup counts Samsung Ventures among its backers.", ["Samsung Ventures"]),
    ("Kai-Fu Lee's 01.AI has secured $300 million.", ["01.AI"]),
    ("GPU cloud provider CoreWeave raised $1.1 billion.", ["CoreWeave"]),
    ("Last month, Kimi maker Moonshot hired 40 engineers.", ["Moonshot"]),
    # legal forms are cues, not part of the name
    ("Maple Quantum Inc., a developer of quantum sensors, closed a round.", ["Maple Quantum"]),
    (
        "Taiwan Semiconductor Manufacturing Co., the world's biggest contract chipmaker, grew.",
        ["Taiwan Semiconductor Manufacturing"],
    ),
    ("SK Hynix, the South Korean memory chipmaker, raised its forecast.", ["SK Hynix"]),
    ("It relies on suppliers including TSMC and ASML.", ["TSMC", "ASML"]),
    ("Amazon Web Services, the cloud unit of Amazon, signed the deal.", ["Amazon Web Services"]),
    (
        "Corvane Systems, Inc. (NASDAQ: CRVN), a designer of AI accelerators, grew.",
        ["Corvane Systems"],
    ),
    ("Fjordlight AS, a Norwegian company, builds chips for satellites.", ["Fjordlight"]),
    ("Zorbex (NYSE: ZBX) said revenue rose.", ["Zorbex"]),
    (
        "The round drew investors Lattice Capital and Yunfan Partners, Kestrel said.",
        ["Lattice Capital", "Yunfan Partners"],
    ),
    # one company, one suggestion
    (
        "Rheinwerk AI, the Heidelberg-based model maker, grew. Rheinwerk, founded in 2019, "
        "raised 500 million euros.",
        ["Rheinwerk AI"],
    ),
    # Chinese names the text marks
    ("北京智谱华章科技有限公司发布了新模型。", ["北京智谱华章科技有限公司"]),
    ("投资方包括高瓴资本和IDG资本。", ["高瓴资本", "IDG资本"]),
    ("月之暗面科技宣布完成融资。", ["月之暗面科技"]),
    ("人形机器人公司宇树科技发布了新机器人。", ["宇树科技"]),
    ("华为技术有限公司和小米集团也在布局人形机器人。", ["华为技术有限公司", "小米集团"]),
]


@pytest.mark.parametrize(("text", "names"), SHAPES)
def test_a_name_the_text_calls_a_company_is_suggested(text, names):
    assert suggested(text) == names


NOT_COMPANIES = [
    "Mr. Wang raised $5 million from friends.",
    "John Smith, the founder of Acme, said the firm was doing well.",
    "Jane Doe, the company's chief executive, declined to comment.",
    "Sarah Lee, a London-based designer, opened a shop.",
    "Jane Smith, a chip designer at Arm, raised $2 million for research.",
    "Angel investor Peter Thiel backed the startup.",
    "Policy maker Margrethe Vestager warned the industry.",
    "Kelly, a veteran investor, said the market is hot.",
    "The lawmaker, Ted Cruz, raised $5 million for his campaign.",
    "Beijing raised $5 billion in bonds.",
    "Hong Kong raised $3 billion.",
    "Shares of Acme rose on Monday.",
    "In December, Chinese regulators approved the deal.",
    "On Monday, the startup said it had raised $5 million.",
    "SHANGHAI, June 9 (Reuters) - The startup raised $5 million.",
    "The round was led by its chief executive, Jane Doe.",
    "Analysts including Morgan Stanley's Jane Doe expect growth.",
    "Dr. Smith raised concerns about the $5 million deal.",
    '"We raised $20 million," said Chief Executive Anna Keller.',
    "The company's chief executive, Priya Shah, said it raised $12 million.",
    "Experts like Kevin Kelly have pointed this out.",
    "Jensen Huang, Nvidia's chief executive, said demand was strong.",
    "Nvidia CEO Jensen Huang said demand was strong.",
    "Investors including Jane Doe and John Roe signed the letter.",
    "Backed by Jane Doe, the startup raised $2 million.",
    "The Commerce Department said the Ministry of Industry and Information Technology agreed.",
    "Researchers at Tsinghua University and Peking University published the paper.",
    "Bitcoin closed at $60,000 on Friday.",
    "GOOGLE LLC v. ORACLE AMERICA, INC.",
    "The plant will be built in Penang, the company said on Monday.",
    "It introduced the CV-40, an inference chip that the company says is fast.",
    "Marta Nowak-Kowalska receives funding from the National Science Centre.",
    "Running AI models locally can reduce costs.",
    "智元星辰的核心团队来自头部机器人企业和高校实验室。",
    "TORONTO, March 3, 2025 (GLOBE NEWSWIRE) -- The startup raised $5 million.",
    "LONDON--(BUSINESS WIRE)--The startup raised $5 million.",
    "Generative AI startups raised $5 billion in March.",
    "About Acme Robotics\nAcme Robotics, a Munich-based startup, builds forklifts.",
    "The startup is growing.\nSOURCE Acme Robotics",
    "Media contact:\nJane Doe\nAcme Robotics\npress@acme.example",
    "Our Standards: The Thomson Reuters Trust Principles.",
    "(Reporting by Jane Doe; Editing by Acme Capital)",
    "By Jane Doe and Wavelet Labs",
    "Image Credits: Acme Labs / Getty Images",
    "Topics: AI, Acme Labs, funding",
    "This article is republished from Acme Labs under a Creative Commons license.",
    "该公司表示，这家科技公司将继续加大研发投入。",
    "人工智能初创公司阶跃星辰近日宣布完成融资。",
    "中国科技公司之间的竞争将更加激烈。",
    "这家人形机器人公司希望吸引资本进入市场。",
    "谷歌母公司Alphabet的股价上涨。",
    "金融科技和生物科技领域的投资增加。",
]


@pytest.mark.parametrize("text", NOT_COMPANIES)
def test_people_places_words_and_boilerplate_are_never_suggested(text):
    assert suggested(text) == []


# --------------------------------------------------------------------------- sentences


def sentences(text):
    return [text[a:b] for a, b in split_sentences(text)]


def test_abbreviations_do_not_end_a_sentence():
    text = (
        "MUNICH, Germany, Dec. 1, 2026 /PRNewswire/ -- Acme Inc. met Mr. Li, Mrs. Keller, "
        "Dr. J. R. Hartmann and U.S. and U.K. officials of Acme Corp., Acme Ltd. and Acme Co. "
        "at No. 5 St. James Street on Jan. 5. Then they left."
    )
    assert sentences(text) == [text[: text.index(" Then")], "Then they left."]


def test_an_abbreviated_month_ends_a_sentence_when_no_date_follows():
    assert sentences("The rules changed in Dec. The firm left.") == [
        "The rules changed in Dec.",
        "The firm left.",
    ]


def test_chinese_sentences_end_at_chinese_punctuation():
    assert sentences("阶跃星辰完成融资。腾讯领投！是否继续？“好。”结束") == [
        "阶跃星辰完成融资。",
        "腾讯领投！",
        "是否继续？",
        "“好。”",
        "结束",
    ]


# --------------------------------------------------------------------------- the partner corpus

PARTNERS = ROOT / "tests/fixtures/partners"


@pytest.mark.parametrize("path", sorted(PARTNERS.glob("*/*.txt")), ids=lambda p: p.stem)
def test_no_partner_text_suggests_its_authors_agencies_or_boilerplate(path):
    # The fidelity corpus as it arrives, before the parser strips anything: nothing suggested
    # is one of the story's authors, the agency or publisher it is credited to, or a sign-off.
    # (An image credit may be a company: "Photo: Tensorlane" is the startup's own picture.)
    expected = json.loads(path.with_suffix("").with_suffix(".expected.json").read_text("utf-8"))
    authors = set(expected["original_author"].replace(" and ", " ").replace(",", " ").split())
    for name in suggested(path.read_text("utf-8")):
        assert not set(name.split()) <= authors, name
        assert not any(name in credit for credit in expected["upstream_credits"]), name
        assert not name.startswith(("About ", "SOURCE ", "Reporting", "Our Standards")), name
