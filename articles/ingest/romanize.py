"""Latin spellings for Korean (Revised Romanization, from the Hangul syllable's parts) and
Japanese kana (Hepburn), for slugs: "삼성전자 실적" is "samseongjeonja-siljeok", "ソニー" is
"sonii". Pure functions, no dictionary: good enough for a readable, stable URL, not a
linguist's transcription (kanji go through pinyin in ``slugs``)."""

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_INITIALS = "g kk n d tt r m b pp s ss - j jj ch k t p h".split()  # noqa: SIM905
_VOWELS = "a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i".split()  # noqa: SIM905
_FINALS = ["", *"k k k n n n t l k m l l l p l m p p t t ng t t k t p t".split()]  # noqa: SIM905

_KANA_ROWS = {
    "あいうえお": "a i u e o",
    "かきくけこ": "ka ki ku ke ko",
    "がぎぐげご": "ga gi gu ge go",
    "さしすせそ": "sa shi su se so",
    "ざじずぜぞ": "za ji zu ze zo",
    "たちつてと": "ta chi tsu te to",
    "だぢづでど": "da ji zu de do",
    "なにぬねの": "na ni nu ne no",
    "はひふへほ": "ha hi fu he ho",
    "ばびぶべぼ": "ba bi bu be bo",
    "ぱぴぷぺぽ": "pa pi pu pe po",
    "まみむめも": "ma mi mu me mo",
    "やゆよ": "ya yu yo",
    "らりるれろ": "ra ri ru re ro",
    "わをん": "wa o n",
    "ぁぃぅぇぉ": "a i u e o",
    "ゔ": "vu",
}
_KANA = {
    kana: latin
    for row, spellings in _KANA_ROWS.items()
    for kana, latin in zip(row, spellings.split(), strict=True)
}
_SMALL_Y = {"ゃ": "a", "ゅ": "u", "ょ": "o"}
_KATAKANA_OFFSET = 0x60  # ア is あ + 0x60, up to ヶ


def romanize(text: str) -> str:
    """``text`` with its Hangul syllables and kana in Latin letters; the rest unchanged."""
    out: list[str] = []
    double_next = False
    for ch in text:
        code = ord(ch)
        if _HANGUL_FIRST <= code <= _HANGUL_LAST:
            out.append(_hangul(code))
            continue
        if 0x30A1 <= code <= 0x30F6:  # katakana: read as the matching hiragana
            ch = chr(code - _KATAKANA_OFFSET)
        if ch in ("っ",):
            double_next = True
            continue
        if ch in _SMALL_Y and out and out[-1].endswith("i") and len(out[-1]) > 1:
            stem = out.pop()[:-1]  # き + ゃ: "kya"; し + ゃ: "sha"
            out.append(stem + ("" if stem.endswith(("sh", "ch", "j")) else "y") + _SMALL_Y[ch])
            continue
        if ch == "ー":  # the long-vowel mark repeats the vowel before it
            if out and out[-1][-1:] in "aiueo":
                out.append(out[-1][-1])
            continue
        latin = _KANA.get(ch)
        if latin is None:
            out.append(ch)
            double_next = False
            continue
        if double_next:
            latin = ("t" if latin.startswith("ch") else latin[0]) + latin
            double_next = False
        out.append(latin)
    return "".join(out)


def _hangul(code: int) -> str:
    index = code - _HANGUL_FIRST
    initial, vowel, final = index // 588, (index % 588) // 28, index % 28
    lead = _INITIALS[initial]
    return ("" if lead == "-" else lead) + _VOWELS[vowel] + _FINALS[final]
