"""Unified social credit codes (GB 32100-2015) and resident identity numbers (GB 11643-1999).

python-stdnum computes both check characters, and its GB/T 2260 table (with the years each code
was in force) tells whether an address code ever existed. Two of stdnum's rules are stricter
than the standards and are therefore not used (facts.md, "Identifiers"):

* ``stdnum.cn.uscc`` wants eight leading digits, but positions 1–2 may be letters: N… codes are
  given to rural collective economic organisations, A… to military public institutions.
* ``stdnum.cn.ric`` (≥ 2.2) rejects an address code that was not in force in the birth year.
  A card keeps the code of its first issue, so Lüliang adults hold 1423xx codes of the former
  吕梁地区 and many 1411xx holders were born before the city existed (2003). Here a resident ID
  needs a right check digit, a real birth date and an address code that existed at some time.

Every failure is an ``IdentifierInvalid`` whose ``rule`` says, in Chinese, which rule broke.
A birth date "not in the future" is judged against the caller's ``today`` (the date in China from
the boundary's clock): these functions are pure and never read the machine's date
(consolidation issue, point 3).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from stdnum import numdb
from stdnum.cn import ric as stdnum_ric
from stdnum.cn import uscc as stdnum_uscc

from beizeng.errors import InvalidInput
from beizeng.reference import regions

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
#: Weight of position i (1-based) is 3^(i-1) mod 31 (GB 32100-2015, 附录 B).
USCC_WEIGHTS: tuple[int, ...] = tuple(pow(3, i, 31) for i in range(17))
#: GB 11643-1999 weights 2^(18-i) mod 11 for positions 1–17.
RESIDENT_ID_WEIGHTS: tuple[int, ...] = tuple(pow(2, 17 - i, 11) for i in range(17))

_KIND_LABELS = {"uscc": "统一社会信用代码", "resident_id": "公民身份号码"}

#: Registration authority (position 1) → (name, {kind code (position 2): kind name}).
USCC_AUTHORITIES: dict[str, tuple[str, dict[str, str]]] = {
    "1": (
        "机构编制",
        {"1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体", "9": "其他"},
    ),
    "2": ("外交", {"1": "外国常住新闻机构", "9": "其他"}),
    "3": (
        "司法行政",
        {
            "1": "律师执业机构",
            "2": "公证处",
            "3": "基层法律服务所",
            "4": "司法鉴定机构",
            "5": "仲裁委员会",
            "9": "其他",
        },
    ),
    "4": ("文化", {"1": "外国在华文化中心", "9": "其他"}),
    "5": ("民政", {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"}),
    "6": (
        "旅游",
        {
            "1": "外国旅游部门常驻代表机构",
            "2": "港澳台地区旅游部门常驻内地（大陆）代表机构",
            "9": "其他",
        },
    ),
    "7": ("宗教", {"1": "宗教活动场所", "2": "宗教院校", "9": "其他"}),
    "8": ("工会", {"1": "基层工会", "9": "其他"}),
    "9": ("工商", {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"}),
    "A": ("中央军委改革和编制办公室", {"1": "军队事业单位", "9": "其他"}),
    "N": (
        "农业",
        {"1": "组级集体经济组织", "2": "村级集体经济组织", "3": "乡镇级集体经济组织", "9": "其他"},
    ),
    "Y": ("其他", {"1": "其他"}),
}
#: The collective name of the N… kinds, for people who do not need the level.
RURAL_COLLECTIVE = "农村集体经济组织"

_RESIDENT_ID_SHAPE = re.compile(r"\d{17}[\dX]")
_EARLIEST_BIRTH = date(1880, 1, 1)
#: stdnum's names for the "districts"/"counties" rows under a municipality, not real places.
_PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


class IdentifierInvalid(InvalidInput):
    """An identifier that breaks a rule of its standard.

    ``kind`` is ``'uscc'`` or ``'resident_id'``, ``value`` what was given and ``rule`` the
    Chinese text of the broken rule (also part of ``message``).
    """

    def __init__(self, kind: str, value: str, rule: str) -> None:
        label = _KIND_LABELS[kind]
        standard = "GB 32100-2015" if kind == "uscc" else "GB 11643-1999"
        # A resident ID is echoed masked (JR/T 0171-2020); ``value`` keeps what was given.
        shown = mask_resident_id(value) if kind == "resident_id" and value.strip() else value
        super().__init__(f"{label}「{shown}」无效：{rule}（{standard}）")
        self.kind = kind
        self.value = value
        self.rule = rule


def _clean(value: str) -> str:
    """Full-width → half-width (NFKC), upper case, without spaces and hyphens."""
    text = unicodedata.normalize("NFKC", value)
    return re.sub(r"[\s\-]", "", text).upper()


# --- unified social credit code -------------------------------------------------------------


def normalize_uscc(value: str) -> str:
    """The code as stored: half-width, upper case, no spaces or hyphens (not validated)."""
    return _clean(value)


def uscc_check_char(first17: str) -> str:
    """Check character for the first 17 characters: (31 − Σ c_i·w_i mod 31) mod 31."""
    body = normalize_uscc(first17)
    if len(body) != 17:
        raise IdentifierInvalid("uscc", first17, f"计算校验码需要前 17 位，实际 {len(body)} 位")
    _check_alphabet(first17, body)
    return stdnum_uscc.calc_check_digit(body)


def _check_alphabet(value: str, code: str) -> None:
    for position, char in enumerate(code, start=1):
        if char not in USCC_ALPHABET:
            raise IdentifierInvalid(
                "uscc",
                value,
                f"第 {position} 位「{char}」不在代码字符集中（数字 0–9 和除 I、O、Z、S、V 以外的大写字母）",
            )


def validate_uscc(value: str) -> str:
    """The normalised code, or ``IdentifierInvalid`` naming the first rule it breaks.

    Rules in order: length 18, character set, registration authority (position 1), kind of
    entity allowed for that authority (position 2), positions 3–8 digits (GB/T 2260 code of
    the registering authority), check character (position 18).
    """
    code = normalize_uscc(value)
    if not code:
        raise IdentifierInvalid("uscc", value, "代码为空")
    if len(code) != 18:
        raise IdentifierInvalid("uscc", value, f"长度须为 18 位，实际 {len(code)} 位")
    _check_alphabet(value, code)
    authority = USCC_AUTHORITIES.get(code[0])
    if authority is None:
        allowed = "、".join(USCC_AUTHORITIES)
        raise IdentifierInvalid(
            "uscc", value, f"第 1 位登记管理部门代码「{code[0]}」无效，应为 {allowed} 之一"
        )
    authority_name, kinds = authority
    if code[1] not in kinds:
        allowed = "、".join(kinds)
        raise IdentifierInvalid(
            "uscc",
            value,
            f"第 2 位机构类别代码「{code[1]}」不属于登记管理部门「{authority_name}」，应为 {allowed} 之一",
        )
    if not code[2:8].isdigit():
        raise IdentifierInvalid(
            "uscc", value, f"第 3–8 位登记管理机关行政区划码「{code[2:8]}」须为 6 位数字"
        )
    expected = stdnum_uscc.calc_check_digit(code[:17])
    if code[17] != expected:
        raise IdentifierInvalid("uscc", value, f"校验码应为「{expected}」，实际为「{code[17]}」")
    return code


def uscc_authority(value: str) -> str:
    """Chinese name of the registration authority (position 1), e.g. 工商, 农业."""
    code = validate_uscc(value)
    return USCC_AUTHORITIES[code[0]][0]


def uscc_kind(value: str) -> str:
    """Chinese name of the kind of entity (positions 1–2): 91 企业, 92 个体工商户, 93 农民专业合作社.

    Rural collective economic organisations (N…) are named with their level, e.g.
    村级集体经济组织; all of them are 农村集体经济组织 (``RURAL_COLLECTIVE``).
    """
    code = validate_uscc(value)
    return USCC_AUTHORITIES[code[0]][1][code[1]]


# --- resident identity number ---------------------------------------------------------------


def resident_id_check_char(first17: str) -> str:
    """Check character for 17 digits: "10X98765432"[Σ d_i·w_i mod 11] (GB 11643-1999)."""
    body = _clean(first17)
    if len(body) != 17 or not body.isdigit():
        raise IdentifierInvalid("resident_id", first17, "计算校验码需要前 17 位数字")
    return stdnum_ric.calc_check_digit(body + "0")


def validate_resident_id(value: str, *, today: date) -> str:
    """The normalised number ('x' → 'X'), or ``IdentifierInvalid`` naming the broken rule.

    Rules in order: 18 characters (15-digit numbers of the first generation are refused), 17
    digits and a digit or X, check character, birth date (a real date, not after ``today``, not
    before 1880), address code that exists or existed in GB/T 2260 at any time.
    """
    number = _clean(value)
    if not number:
        raise IdentifierInvalid("resident_id", value, "号码为空")
    if len(number) == 15 and number.isdigit():
        raise IdentifierInvalid(
            "resident_id", value, "这是 15 位的第一代身份证号码，须提供 18 位公民身份号码"
        )
    if len(number) != 18:
        raise IdentifierInvalid("resident_id", value, f"长度须为 18 位，实际 {len(number)} 位")
    if not _RESIDENT_ID_SHAPE.fullmatch(number):
        raise IdentifierInvalid("resident_id", value, "前 17 位须为数字，第 18 位须为数字或 X")
    expected = stdnum_ric.calc_check_digit(number)
    if number[17] != expected:
        raise IdentifierInvalid(
            "resident_id", value, f"校验码应为「{expected}」，实际为「{number[17]}」"
        )
    _birth_date(value, number, today)
    if address_code_info(number[:6]) is None:
        raise IdentifierInvalid(
            "resident_id",
            value,
            f"地址码「{number[:6]}」不是 GB/T 2260 中出现过的行政区划代码",
        )
    return number


def _birth_date(value: str, number: str, today: date) -> date:
    digits = number[6:14]
    try:
        born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise IdentifierInvalid(
            "resident_id", value, f"出生日期「{digits}」不是有效的日期"
        ) from None
    if born > today or born < _EARLIEST_BIRTH:
        raise IdentifierInvalid(
            "resident_id", value, f"出生日期「{digits}」不可能（晚于今天或早于 1880 年）"
        )
    return born


def resident_id_birth_date(value: str, *, today: date) -> date:
    """Birth date of a valid resident ID (positions 7–14)."""
    number = validate_resident_id(value, today=today)
    return _birth_date(value, number, today)


def resident_id_sex(value: str, *, today: date) -> str:
    """'male' for an odd sequence digit (position 17), 'female' for an even one."""
    number = validate_resident_id(value, today=today)
    return "male" if int(number[16]) % 2 else "female"


@dataclass(frozen=True)
class AddressCode:
    """What GB/T 2260 says about a six-digit code.

    ``name`` is the best Chinese name (with province and city when known), ``years`` the
    period it was in force as stdnum records it (``'2003-'``, ``'1996-2003'``, ``''`` for
    always), ``successor`` the current code that replaced a historic Lüliang code.
    """

    code: str
    name: str
    years: str
    successor: str | None


def _parse_county(entry: str) -> list[tuple[str, str]]:
    """stdnum's ``county`` field: ``"[1996-2003]离石市,[2003-]…"`` → [(years, name), …]."""
    parts = []
    for item in entry.split(","):
        match = re.fullmatch(r"\[([^\]]*)\](.*)", item)
        parts.append((match.group(1), match.group(2)) if match else ("", item))
    return parts


def _stdnum_entry(code: str) -> tuple[str, str, str] | None:
    """(province, latest name, years) from stdnum's table, None for an unknown code."""
    results = numdb.get("cn/loc").info(code)
    info = {key: val for _part, props in results for key, val in props.items()}
    if "county" not in info:
        return None
    years, name = _parse_county(info["county"])[-1]
    return info.get("province", ""), name, years


@lru_cache(maxsize=4096)
def address_code_info(code: str) -> AddressCode | None:
    """The division this address code names now or named once; None if it never existed."""
    if not (len(code) == 6 and code.isdigit()):
        return None
    entry = _stdnum_entry(code)
    if entry is None:
        return None
    province, county, years = entry
    try:
        name = regions.get_region(code).full_name
    except regions.RegionNotFound:
        prefecture = _stdnum_entry(code[:4] + "00") if code[4:] != "00" else None
        middle = prefecture[1] if prefecture and prefecture[1] not in _PLACEHOLDERS else ""
        name = county if county == province else province + middle + county
    return AddressCode(code, name, years, regions.successor(code))


# --- masking --------------------------------------------------------------------------------
#
# The one masking rule of beizeng (JR/T 0171-2020 个人金融信息保护技术规范, 7.1.2: personal
# financial information shown on screens, in files and in messages is masked; 个人信息保护法
# art. 51). A resident ID keeps its address code and last four characters
# (141102********1234), a phone number its first three and last four digits (138****5678).
# Every mask keeps the length and only replaces the middle, so a masked value still lines up
# with the original in a table and masking twice changes nothing.

MASK = "*"
_DIGIT_RUN = re.compile(r"\d{7,}")
"""Seven digits in a row: more than an address code, possibly part of a person's number."""
_PHONE_LIKE = re.compile(r"\+?\d[\d\- ]{5,}\d")
_EMBEDDED_RESIDENT_ID = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_EMBEDDED_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def _keep_ends(text: str, *, head: int, tail: int, hidden: int) -> str:
    """``text`` with all but ``head`` leading and ``tail`` trailing characters replaced, and at
    least ``hidden`` characters replaced however short ``text`` is (the tail is kept first)."""
    shown = max(0, min(head + tail, len(text) - hidden))
    keep_tail = min(tail, shown)
    keep_head = shown - keep_tail
    return text[:keep_head] + MASK * (len(text) - shown) + text[len(text) - keep_tail :]


def mask_resident_id(value: str) -> str:
    """Keep the address code and the last four characters: 141102********002X.

    The birth date and the sequence (positions 7–14) are never shown: at most 10 characters
    are kept, and at least 8 are replaced, so a shorter or mistyped number shows less. The
    number is normalised first (full-width, spaces, hyphens, lower-case x), then masked.
    """
    return _keep_ends(_clean(value), head=6, tail=4, hidden=8)


def _phone_digits(match: re.Match[str]) -> str:
    number = re.sub(r"[\s\-]", "", match.group())
    return _keep_ends(number, head=3, tail=4, hidden=4)


def mask_phone(value: str) -> str:
    """Keep the first three and the last four digits of every phone number: 138****5678.

    Works on free text too (a list's 联系方式 may read 张三 13812345678): each run of seven or
    more digits (spaces and hyphens inside a number allowed) is masked, the words are kept, and
    a text without such a run (请联系村委会) is returned as it is.
    """
    text = unicodedata.normalize("NFKC", value).strip()
    return _PHONE_LIKE.sub(_phone_digits, text)


def _resident_shaped(number: str) -> bool:
    """18 characters with a correct check character, or the 15 digits of a first-generation
    card: a person's number, whatever else it might also be."""
    if re.fullmatch(r"\d{15}", number):
        return True
    return bool(
        _RESIDENT_ID_SHAPE.fullmatch(number) and stdnum_ric.calc_check_digit(number) == number[17]
    )


def mask_identifier(value: str) -> str:
    """Mask a borrower or entity id if it may be a person's; leave an enterprise's USCC as it is.

    A number shaped like a resident ID (with a correct check character, or 15 digits) is
    masked even if it is also a valid USCC. A valid USCC is shown. Anything else holding seven
    digits in a row (a mistyped ID, a phone number in the wrong column) is masked as a resident
    ID: when in doubt, protect the person. A text without such a run (无, 1.41102E+17) is
    returned as it is.
    """
    number = _clean(value)
    if _resident_shaped(number):
        return mask_resident_id(number)
    try:
        return validate_uscc(number)
    except IdentifierInvalid:
        pass
    if _DIGIT_RUN.search(number):
        return mask_resident_id(number)
    return value.strip()


def mask_text(value: str) -> str:
    """Free text with every resident ID and mobile number inside it masked, the rest kept.

    For values echoed in messages that are not meant to hold personal data (a loan id, a
    name): a number pasted into the wrong column is caught, other text is left alone.
    """
    text = _EMBEDDED_RESIDENT_ID.sub(lambda m: mask_resident_id(m.group()), value)
    return _EMBEDDED_MOBILE.sub(lambda m: mask_phone(m.group()), text)


# --- descriptions for lookups ----------------------------------------------------------------

SEX_NAMES = {"male": "男", "female": "女"}


@dataclass(frozen=True)
class UsccParts:
    """A valid USCC split into its fields (GB 32100-2015, 4 代码结构)."""

    code: str
    authority: str  # position 1 and its name, e.g. "9 工商"
    kind: str  # position 2 and its name, e.g. "1 企业"
    region_code: str  # positions 3–8
    region: AddressCode | None
    subject: str  # positions 9–17, the organisation code (主体标识码)
    check: str


def describe_uscc(value: str) -> UsccParts:
    """Validate a USCC and name its parts; ``IdentifierInvalid`` when it is not valid."""
    code = validate_uscc(value)
    authority, kinds = USCC_AUTHORITIES[code[0]]
    return UsccParts(
        code=code,
        authority=f"{code[0]} {authority}",
        kind=f"{code[1]} {kinds[code[1]]}",
        region_code=code[2:8],
        region=address_code_info(code[2:8]),
        subject=code[8:17],
        check=code[17],
    )


@dataclass(frozen=True)
class ResidentIdFacts:
    """What a resident ID says, with the number masked for display."""

    masked: str
    birth_date: date
    sex: str  # male, female
    address_code: str
    address: AddressCode | None


def describe_resident_id(value: str, *, today: date) -> ResidentIdFacts:
    """Validate a resident ID and read birth date, sex and address code from it."""
    number = validate_resident_id(value, today=today)
    return ResidentIdFacts(
        masked=mask_resident_id(number),
        birth_date=resident_id_birth_date(number, today=today),
        sex=resident_id_sex(number, today=today),
        address_code=number[:6],
        address=address_code_info(number[:6]),
    )
