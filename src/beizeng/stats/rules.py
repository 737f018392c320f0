"""The long format of institution statistics (DESIGN: ``period,institution_code,metric,value``).

What is not loan-level (deposits, relending balances, premium income …) arrives one value per
row, so a new metric needs no new column: known metrics have Chinese names, others are kept with
a warning. Values are plain numbers in yuan (ratios as decimals): a thousands separator or 万元
is refused with a message saying how to write it, because a silent ×10,000 error would reach the
bulletin.
"""

from __future__ import annotations

import re

STATS_COLUMNS = ("period", "institution_code", "metric", "value")
STATS_HEADERS: dict[str, str] = {
    "期间": "period",
    "报送期": "period",
    "机构代码": "institution_code",
    "指标": "metric",
    "指标代码": "metric",
    "数值": "value",
    "值": "value",
}
KNOWN_METRICS: dict[str, str] = {
    "deposits": "各项存款余额（元）",
    "relending_balance": "再贷款余额（元）",
    "rediscount_balance": "再贴现余额（元）",
    "premium_income": "保费收入（元）",
    "insured_amount": "保险金额（元）",
    "inclusive_kpi_weight": "普惠金融考核权重（小数）",
    "ftp_discount_bp": "普惠小微内部资金转移价格优惠（基点）",
}
"""Metrics known to beizeng with their Chinese names; others are accepted with a warning."""
METRIC_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_VALUE = re.compile(r"^-?\d{1,14}(\.\d{1,4})?$")


def metric_key(value: str) -> str | None:
    """The metric key for an English key or a known Chinese name, or None when malformed."""
    text = value.strip()
    for key, name in KNOWN_METRICS.items():
        if text == name or text == name.split("（")[0]:
            return key
    return text if METRIC_PATTERN.match(text) else None


def value_rule(text: str) -> str | None:
    """Why ``text`` is not a statistics value (None when it is one)."""
    if _VALUE.match(text):
        return None
    if "万" in text:
        return "数值单位应为元（比例填小数），不接受万元：请换算后填写"
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d*)?", text):
        return "数值不能含千位分隔符（逗号）：金额单位为元"
    return "不是有效数值：应为数字，最多四位小数"
