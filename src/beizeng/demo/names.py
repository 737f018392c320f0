"""Plausible Chinese names for synthetic people, enterprises and individual businesses.

Names are assembled column-wise with Arrow (one ``binary_join_element_wise`` per batch), never in
a Python loop per entity: a province-scale demo has millions of them.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

SURNAMES: tuple[tuple[str, float], ...] = (
    ("王", 9.0),
    ("李", 7.5),
    ("张", 7.0),
    ("刘", 6.0),
    ("郭", 4.5),
    ("赵", 3.5),
    ("杨", 3.5),
    ("高", 3.0),
    ("武", 3.0),
    ("任", 2.5),
    ("薛", 2.0),
    ("贾", 2.0),
    ("冯", 1.8),
    ("韩", 1.8),
    ("陈", 1.8),
    ("马", 1.7),
    ("吴", 1.2),
    ("孙", 1.5),
    ("田", 1.5),
    ("白", 1.5),
    ("梁", 1.4),
    ("宋", 1.3),
    ("乔", 1.2),
    ("温", 1.2),
    ("程", 1.0),
    ("侯", 1.0),
    ("曹", 1.0),
    ("闫", 1.0),
    ("霍", 0.9),
    ("雷", 0.8),
    ("段", 0.8),
    ("秦", 0.8),
    ("石", 0.8),
    ("崔", 0.8),
    ("成", 0.7),
    ("申", 0.7),
    ("胡", 0.7),
    ("周", 0.7),
    ("牛", 0.6),
    ("渠", 0.4),
    ("燕", 0.4),
    ("呼", 0.3),
)
"""Common surnames, weighted roughly as in Shanxi."""

GIVEN_MALE = "伟强军勇磊涛斌鹏杰峰明建国平志刚俊飞宇浩亮文华林波超斌永红兵晋生海东旺"
GIVEN_FEMALE = "芳娟丽敏静霞艳玲燕红梅莉英秀兰慧婷雪琴荣萍娜瑞佳欣悦晶丹洁"

TRADE_FIRST = "鑫宏晋金恒永瑞泰聚昌德祥福天吕三汾龙华利益宝盛隆凯腾新丰嘉润广安万兴鼎源通达"
TRADE_SECOND = "达远丰通泰昌隆盛源和顺发鑫利华兴宇茂信诚安康鼎旺辉成威峰祥贸润晟"

ENTERPRISE_SUFFIX: tuple[tuple[str, float], ...] = (
    ("有限公司", 0.78),
    ("有限责任公司", 0.17),
    ("股份有限公司", 0.05),
)


def _pick(
    rng: np.random.Generator, words: pa.Array, n: int, p: np.ndarray | None = None
) -> pa.Array:
    return words.take(pa.array(rng.choice(len(words), size=n, p=p)))


def _weighted(pairs: tuple[tuple[str, float], ...]) -> tuple[pa.Array, np.ndarray]:
    words = pa.array([w for w, _ in pairs])
    weights = np.array([p for _, p in pairs], dtype=float)
    return words, weights / weights.sum()


def join(*parts: pa.Array | str) -> pa.Array:
    """Concatenate string arrays (or constants) element-wise."""
    return pc.binary_join_element_wise(*parts, "")


def person_names(rng: np.random.Generator, male: np.ndarray) -> pa.Array:
    """Surname + one or two given characters, by sex (``male`` is a boolean array)."""
    n = len(male)
    surnames, weights = _weighted(SURNAMES)
    surname = _pick(rng, surnames, n, weights)
    male_chars = pa.array(list(GIVEN_MALE))
    female_chars = pa.array(list(GIVEN_FEMALE))
    first = pc.if_else(pa.array(male), _pick(rng, male_chars, n), _pick(rng, female_chars, n))
    second = pc.if_else(pa.array(male), _pick(rng, male_chars, n), _pick(rng, female_chars, n))
    two = pa.array(rng.random(n) < 0.75)
    given = pc.if_else(two, join(first, second), first)
    return join(surname, given)


def trade_names(rng: np.random.Generator, n: int) -> pa.Array:
    """Two-character trade names (字号) such as 鑫达, 宏远."""
    return join(
        _pick(rng, pa.array(list(TRADE_FIRST)), n), _pick(rng, pa.array(list(TRADE_SECOND)), n)
    )


def enterprise_names(
    rng: np.random.Generator,
    *,
    county_names: pa.Array,
    industry_words: pa.Array,
    large: np.ndarray,
) -> pa.Array:
    """E.g. 吕梁市离石区鑫达商贸有限公司, 孝义市恒昌焦化有限公司, 山西晋丰铝业集团有限公司.

    ``county_names`` and ``industry_words`` are per entity; large enterprises get a provincial
    prefix and often 集团.
    """
    n = len(county_names)
    style = rng.choice(3, size=n, p=[0.5, 0.35, 0.15])
    district = pc.equal(county_names, "离石区")
    prefix = pc.if_else(
        pa.array(style == 0),
        pc.if_else(district, pa.scalar("吕梁市离石区"), pa.scalar("吕梁")),
        pc.if_else(pa.array(style == 1), county_names, pa.scalar("山西")),
    )
    prefix = pc.if_else(pa.array(large), pa.scalar("山西"), prefix)
    suffixes, weights = _weighted(ENTERPRISE_SUFFIX)
    suffix = _pick(rng, suffixes, n, weights)
    group = pc.if_else(pa.array(large & (rng.random(n) < 0.5)), pa.scalar("集团"), pa.scalar(""))
    return join(prefix, trade_names(rng, n), industry_words, group, suffix)


def shop_names(
    rng: np.random.Generator, *, county_names: pa.Array, shop_words: pa.Array
) -> pa.Array:
    """Individual businesses: 柳林县王记餐馆, 汾阳市鑫达便利店, 临县老李家面馆."""
    n = len(county_names)
    surnames, weights = _weighted(SURNAMES)
    surname = _pick(rng, surnames, n, weights)
    style = rng.choice(4, size=n, p=[0.4, 0.35, 0.15, 0.1])  # 王记, 鑫达, 王氏, 老王家
    owner = pc.if_else(
        pa.array(style == 0),
        join(surname, "记"),
        pc.if_else(
            pa.array(style == 1),
            trade_names(rng, n),
            pc.if_else(pa.array(style == 2), join(surname, "氏"), join("老", surname, "家")),
        ),
    )
    return join(county_names, owner, shop_words)
