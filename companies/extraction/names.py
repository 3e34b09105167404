"""What a capitalised name in a story is not: the words, places, titles and people a company
suggestion must never be. Pure: standard library only."""

from __future__ import annotations

import re

# --------------------------------------------------------------------------- name runs

# Latin letters and digits: CJK characters are word characters to ``\w`` but never part of a
# Latin name ("使用OpenAI的").
L = "A-Za-z0-9À-ÖØ-öø-ÿĀ-ɏ"
_TOKEN = (
    rf"(?:[A-Z][{L}&.’'-]*[{L}&]"  # Acme, McKinsey, AT&T, Kai-Fu, U.S
    r"|[A-Z]\."  # an initial: "J. R. Hartmann"
    r"|[A-Z]"
    rf"|[a-z]{{1,2}}[A-Z][{L}’'-]*[{L}]"  # xAI, eBay, iFlytek
    rf"|\d[\d.]*[A-Z](?:[{L}.]*[{L}])?)"  # 01.AI, 3M, 4Paradigm
)
_RUN_REST = rf"(?:[ \u00a0](?:{_TOKEN}|&|of|de|la|du|von|van|der))*(?![{L}-])"
_NOT_AFTER = rf"(?<![{L}’'&.$€£¥-])"
NAME_RUN = re.compile(_NOT_AFTER + _TOKEN + _RUN_REST)
# The same, for the usual sentence with no name in lower case first ("xAI", "eBay"): about four
# times faster, since a match can only start at a capital or a digit.
NAME_RUN_CAPITAL = re.compile(r"(?=[A-Z0-9])" + _NOT_AFTER + _TOKEN + _RUN_REST)
LOWER_FIRST = re.compile(r" [a-z]{1,2}[A-Z]")
POSSESSIVE = re.compile(r"['’]s?$")
# "Alibaba-backed", "Munich-based": a modifier ending in a lowercase word is never a name.
MODIFIER = re.compile(r"-[a-z]+$")

# --------------------------------------------------------------------------- word lists

# Capitalised only because they open a sentence or a clause, and titles before a name
# ("Chief Executive Officer Zhang Peng"): stripped from the front of a name anywhere, and
# never a name on their own.
FUNCTION_WORDS = frozenset(
    """a an the this that these those its it it's in on at for from with by of and or nor but
    as if when while where whether after before during since until unless although though
    because so yet still also even just only already now then there here thus hence however
    meanwhile furthermore moreover nevertheless nonetheless instead indeed overall elsewhere
    separately additionally finally recently currently previously earlier later today
    yesterday tomorrow tonight despite following according including excluding among amid
    against between within without across through over under about around above below
    others another some many most much more less several such both each every either
    neither all any no not none few
    he she they we you i me him her them us his hers their theirs our ours my mine your yours
    who whom whose which what why how
    is are was were be been being has have had do does did will would can could may might
    must shall should said says say told asked added noted
    mr mrs ms dr prof sir madam
    read also related article photo photos image images video tags topics join discussion stay
    source sources contact note update updated exclusive breaking analysis opinion
    commentary sponsored advertisement
    chief executive officer founder co-founder cofounder ceo cto cfo coo chairman chairwoman
    president spokesperson spokesman spokeswoman director manager minister secretary
    professor senator governor mayor judge justice king queen prince princess commissioner
    ambassador premier chancellor lord lady dame vice deputy acting former""".split()  # noqa: SIM905
)
# Words that start a sentence as ordinary words but may start a name inside one ("New
# Enterprise Associates", "First Round Capital", "German Startup Association"): stripped only
# at the start of a sentence, and never a name on their own.
OPENERS = frozenset(
    """new first second third last next recent other
    investors investor backers backer rivals rival competitors competitor peers startups
    startup start-ups companies company firms firm groups group makers maker developers
    developer labs lab funds fund customers customer clients client partners shareholders
    analysts analyst executives officials official experts expert people users engineers
    researchers scientists regulators lawmakers critics reports report shares stocks sales
    revenue profits prices demand funding investment round deal deals government
    governments state states city region market markets industry sector media press editor
    editors review comment head general""".split()  # noqa: SIM905
)
# Public bodies, schools and associations: organisations, but not companies to follow.
INSTITUTIONS = frozenset(
    """ministry department commission council committee administration authority agency
    bureau parliament congress senate court government police army navy association
    federation union party university college school academy institute centre center
    foundation""".split()  # noqa: SIM905
)
MONTHS_AND_DAYS = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday weekend christmas easter""".split()  # noqa: SIM905
)
# Jargon, product generics and the suffix words: a name made only of these is not one
# ("Generative AI", "Cloud AI", "Open Source").
GENERIC = frozenset(
    """ai agi llm llms gpu gpus cpu cpus npu api apis sdk app apps chatbot chatbots bot bots
    model models platform platforms cloud software hardware chip chips semiconductor
    semiconductors smartphone smartphones phone phones robot robots robotaxi robotaxis ev evs
    ipo ipos series seed ventures venture capital labs technology technologies tech holdings
    partners robotics generative artificial intelligence machine learning deep neural data
    internet web online digital mobile video image text search open source large language
    foundation multimodal agent agents agentic reasoning compute inference training beta pro
    plus max ultra mini lite edition version update system systems network networks service
    services solutions products product tools tool labs research innovation science
    development operating embedded power electric electrical industrial advanced integrated
    autonomous unmanned computer computing fluid social wireless electronics motors dynamics
    industries pharmaceuticals therapeutics biosciences consumer enterprise analog memory
    optical quantum""".split()  # noqa: SIM905
)
DEMONYMS = frozenset(
    """chinese american americans european europeans asian japanese korean south-korean indian
    british german french dutch swedish swiss israeli emirati saudi australian canadian
    mexican brazilian russian ukrainian italian spanish portuguese irish scottish welsh
    english danish norwegian finnish polish czech austrian belgian turkish iranian egyptian
    nigerian kenyan african singaporean malaysian indonesian thai vietnamese filipino
    taiwanese western eastern northern southern latin arab arabic gulf nordic scandinavian
    bavarian californian texan cantonese mandarin mainland global international domestic
    foreign overseas local national regional federal""".split()  # noqa: SIM905
)
_PLACE_WORDS = """china us u.s usa u.s.a america united states uk u.k britain great britain england
    scotland wales ireland northern ireland europe eu asia africa australia oceania
    antarctica japan korea south korea north korea india pakistan bangladesh sri lanka nepal
    taiwan hong kong macau macao singapore malaysia indonesia thailand vietnam philippines
    cambodia myanmar laos mongolia russia ukraine belarus poland germany france italy spain
    portugal netherlands holland belgium luxembourg switzerland austria sweden norway denmark
    finland iceland estonia latvia lithuania czechia czech republic slovakia hungary romania
    bulgaria greece turkey israel palestine gaza iran iraq syria lebanon jordan egypt saudi
    arabia saudi arabia uae united arab emirates qatar kuwait bahrain oman yemen nigeria kenya
    ethiopia ghana morocco south africa canada mexico brazil argentina chile colombia peru
    venezuela new zealand middle east latin america southeast asia east asia south asia
    greater china mainland china silicon valley bay area wall street mainland west east north
    south beijing shanghai shenzhen hangzhou guangzhou chengdu wuhan nanjing suzhou tianjin
    chongqing xiamen hefei xi'an xian qingdao dalian changsha zhengzhou jinan harbin kunming
    dongguan foshan ningbo zhuhai haidian zhongguancun pudong tokyo osaka kyoto seoul busan
    taipei hsinchu kaohsiung mumbai bangalore bengaluru delhi new delhi hyderabad chennai pune
    jakarta bangkok hanoi ho chi minh city manila kuala lumpur dubai abu dhabi doha riyadh
    tel aviv jerusalem cairo lagos nairobi johannesburg cape town london manchester
    birmingham leeds liverpool bristol edinburgh glasgow cambridge oxford belfast cardiff dublin
    paris lyon marseille toulouse berlin munich hamburg frankfurt cologne stuttgart heidelberg
    dusseldorf düsseldorf dresden leipzig amsterdam rotterdam eindhoven brussels antwerp zurich
    geneva basel lausanne vienna stockholm oslo copenhagen helsinki reykjavik tallinn riga
    vilnius warsaw krakow prague budapest bucharest sofia athens istanbul ankara rome milan
    turin naples madrid barcelona valencia lisbon porto moscow kyiv kiev minsk new york
    new york city san francisco los angeles san jose palo alto mountain view menlo park
    cupertino sunnyvale santa clara redmond seattle boston cambridge chicago austin dallas
    houston miami atlanta denver phoenix san diego washington washington d.c philadelphia
    pittsburgh detroit toronto montreal vancouver ottawa mexico city são paulo sao paulo rio
    de janeiro buenos aires santiago bogota lima sydney melbourne brisbane perth auckland
    california texas florida new jersey massachusetts virginia oregon colorado nevada utah
    arizona georgia ohio michigan illinois pennsylvania delaware louisiana"""
_MULTI_WORD_PLACES = (
    "united states",
    "great britain",
    "northern ireland",
    "south korea",
    "north korea",
    "sri lanka",
    "hong kong",
    "czech republic",
    "saudi arabia",
    "united arab emirates",
    "south africa",
    "new zealand",
    "middle east",
    "latin america",
    "southeast asia",
    "east asia",
    "south asia",
    "greater china",
    "mainland china",
    "silicon valley",
    "bay area",
    "wall street",
    "new delhi",
    "ho chi minh city",
    "kuala lumpur",
    "abu dhabi",
    "tel aviv",
    "cape town",
    "new york",
    "new york city",
    "san francisco",
    "los angeles",
    "san jose",
    "palo alto",
    "mountain view",
    "menlo park",
    "santa clara",
    "san diego",
    "washington d.c",
    "mexico city",
    "são paulo",
    "sao paulo",
    "rio de janeiro",
    "buenos aires",
    "new jersey",
    "st louis",
    "st. louis",
)
# Every word of a multi-word place is a place word too: "Hong Kong" is all places.
PLACES = frozenset(_PLACE_WORDS.split()) | frozenset(_MULTI_WORD_PLACES)

# Given names and Chinese surnames: a two- or three-word name starting with one is taken for
# a person unless a company suffix ends it ("Jane Doe", "Zhu Jun"; not "Jane Street Capital").
GIVEN_NAMES = frozenset(
    """aaron adam adrian alan albert alex alexander alexandra alfred alice alicia allen amanda
    amy ana andrea andrew angela anna anne anthony antonio arthur barbara ben benjamin bernard
    beth bill bob brian bruce carl carlos carol caroline catherine charles charlie chris
    christina christine christopher claire daniel david deborah dennis diana donald dorothy
    douglas edward elena elizabeth ellen emily emma eric erik eva frank fred gary george gina
    grace greg gregory hannah harry helen henry hugo ian jack jacob james jane janet jason
    jeff jeffrey jennifer jenny jeremy jerry jessica jim joan joe john jonathan jose joseph
    joshua juan judith julia julie justin karen kate katherine keith kelly ken kenneth kevin
    kim larry laura lauren lee linda lisa louis lucy luis margaret maria mark martha martin
    mary matt matthew michael michelle mike nancy natalie nathan nicholas nick nicole noah
    oliver olivia pamela patricia patrick paul peter philip rachel ralph raymond rebecca
    richard rick robert roger ronald rose ruth ryan sam samuel sandra sarah scott sean sharon
    simon sophie stephen steve steven susan thomas tim timothy tom tony victoria vincent
    walter william anil arjun priya rahul raj ravi sanjay sunil vikram ahmed ali fatima
    mohammed muhammad omar hans jürgen klaus lars sven pierre jean françois giovanni marco
    luca yuki hiroshi takeshi kenji""".split()  # noqa: SIM905
)
CHINESE_SURNAMES = frozenset(
    """wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao luo
    zheng liang xie song tang han feng deng cao peng zeng xiao tian dong pan yuan cai jiang
    yu du ye cheng wei su lu ding ren shen yao jin fu zhong lei qian qin dai shi xiong meng
    hou bai long kong mao yan lai gu jia fan fang""".split()  # noqa: SIM905
)

# --------------------------------------------------------------------------- people in a text

_PERSON_NAME = r"(?P<name>[A-Z][\w’'-]++(?:\s+(?:[A-Z]\.\s+)?[A-Z][\w’'-]++){0,3})"
_NAME_AT = re.compile(r"\s*" + _PERSON_NAME)
_NAME_BEFORE = re.compile(_PERSON_NAME + r"$")
_HONORIFIC = re.compile(
    r"\b(?=[MDPSLRGJ])(?:Mr|Mrs|Ms|Mx|Dr|Prof|Professor|Sir|Dame|Lord|Lady|Sen|Senator|Rep|Gov|"
    r"Governor|President|Premier|Minister|Judge|Justice|Rev)\.?\s+(?:[A-Z]\.\s+)*" + _PERSON_NAME
)
# Titles, found in the lower-cased text (a case-insensitive alternation is slow to search).
_TITLE_BEFORE = re.compile(
    r"\b(?=[abcdefgmoprsw])(?:chief\s+executive(?:\s+officer)?|chief\s+\w+\s+officer|ceo|cto|cfo|coo|founder|"
    r"co-founder|cofounder|chairman|chairwoman|president|analyst|professor|"
    r"spokes(?:person|man|woman)|director|economist|researcher|scientist|engineer|executive|"
    r"minister|secretary|senator|governor|mayor|billionaire|entrepreneur|capitalist|reporter|"
    r"editor|writer|correspondent|lawyer|attorney|angel\s+investor|partner|boss|official)"
    r",?\s+(?=\S)"
)
# ", the founder of", ", an analyst at", ", who": searched from the comma, the name read back.
_TITLE_AFTER = re.compile(
    r",\s+(?:(?:the|a|an|its|their|his|her)\s+)?(?P<between>(?:[\w’'-]+\s+){0,2}?)"
    r"(?i:chief|ceo|cto|cfo|coo|founder|co-founder|cofounder|chairman|chairwoman|president|"
    r"vice[- ]president|analyst|professor|spokes(?:person|man|woman)|director|economist|"
    r"researcher|scientist|engineer|executive|minister|secretary|senator|governor|head|"
    r"partner|lecturer|fellow|reporter|editor|author|gp|doctor|lawyer|who\b|aged\b|\d{2},)"
)
_SAID_PRONOUN = re.compile(r" (?=[sta]|wr)(?:said|says|told|added|wrote) (?:he|she)\b")
_ORG_WORDS = re.compile(r"(?i)\b(?:startup|start-up|company|firm|maker|lab|group|fund|unit)\b")


def lower_same_length(text: str) -> str:
    """``text`` in lower case, character for character, so offsets stay valid."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def people_in(text: str) -> set[str]:
    """Names the text uses for people, whole and word by word ("Tom Allen", "Tom", "Allen")."""
    found: list[str] = [m.group("name") for m in _HONORIFIC.finditer(text)]
    for m in _TITLE_BEFORE.finditer(lower_same_length(text)):
        name = _NAME_AT.match(text, m.end())
        if name:
            found.append(name.group("name"))
    for pattern in (_TITLE_AFTER, _SAID_PRONOUN):
        for m in pattern.finditer(text):
            if pattern is _TITLE_AFTER and _ORG_WORDS.search(m.group("between")):
                continue  # "Acme, the startup whose chief executive ..."
            name = _NAME_BEFORE.search(text, max(0, m.start() - 60), m.start())
            if name:
                found.append(name.group("name"))
    people: set[str] = set()
    for name in found:
        name = POSSESSIVE.sub("", name)
        people.add(name)
        people.update(w.rstrip(".") for w in name.split())
    return people


_PLACE_BEFORE = re.compile(r"((?:[A-Z][\w.'’]+\s){0,2}[A-Z][\w.'’]+)$")
_PLACE_SUFFIX = re.compile(r"-(?:based|headquartered)\b")
_PLACE_AFTER = re.compile(r"(?:based|headquartered)\s+in\s+((?:[A-Z][\w.'’]+\s){0,2}[A-Z][\w.'’]+)")


def places_in(text: str) -> set[str]:
    """Places the text names as places ("Munich-based", "headquartered in Hefei"), lower-cased."""
    places = set()
    for m in _PLACE_SUFFIX.finditer(text):
        place = _PLACE_BEFORE.search(text, max(0, m.start() - 50), m.start())
        if place:
            places.add(place.group(1).lower())
    for m in _PLACE_AFTER.finditer(text):
        places.add(m.group(1).lower())
    return places


def looks_like_person(name: str, people: set[str]) -> bool:
    """Whether ``name`` is a person the text names, or has the shape of a personal name."""
    if name in people:
        return True
    words = name.split()
    if all(w.rstrip(".") in people for w in words):
        return True
    if len(words) <= 3 and all(w[:1].isupper() and w[1:].islower() for w in words):
        first = words[0].lower()
        return first in GIVEN_NAMES or (len(words) > 1 and first in CHINESE_SURNAMES)
    return False


def is_place(name: str, places: set[str]) -> bool:
    lower = name.lower().rstrip(".")
    if lower in PLACES or lower in places or lower in DEMONYMS:
        return True
    words = lower.split()
    return all(w in PLACES or w in DEMONYMS or w in places for w in words)
