"""Leverage, risk sharing, fees and compensation of government financing guarantees.

C-4.2.1: the three-tier government guarantee system and the bank-guarantee "总对总" batch
agreements, where a loss is shared (e.g. 20% bank, 80% guarantee system). C-4.2.2: compensation
subsidies and assessment by the leverage multiple (放大倍数 = guarantee balance in force / net
assets); an agency above its cap (a parameter: 10× under 《融资担保公司监督管理条例》) is alerted.
Money is split so that the parts add up to the whole exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from beizeng.kit.money import to_fen
from beizeng.tools.guarantee.errors import GuaranteeInvalid

LEVERAGE_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Cover:
    """One guaranteed loan's amount and the span it is in force (end exclusive)."""

    amount: Decimal
    start: date
    end: date
    released_on: date | None = None

    def in_force(self, on: date) -> bool:
        stop = self.end if self.released_on is None else min(self.end, self.released_on)
        return self.start <= on < stop


def balance_in_force(covers: Sequence[Cover], on: date) -> Decimal:
    """The guarantee balance in force on a date (在保余额)."""
    return sum((c.amount for c in covers if c.in_force(on)), Decimal("0.00"))


def leverage(balance: Decimal, net_assets: Decimal) -> Decimal | None:
    """放大倍数 = balance in force / net assets, to four places; ``None`` without net assets."""
    if net_assets <= 0:
        return None
    return (balance / net_assets).quantize(LEVERAGE_PLACES, rounding=ROUND_HALF_UP)


def net_assets_on(reports: Sequence[tuple[date, Decimal]], on: date) -> Decimal | None:
    """The latest reported net assets on or before ``on``."""
    known = [(day, value) for day, value in reports if day <= on]
    return max(known)[1] if known else None


@dataclass(frozen=True)
class LeveragePoint:
    on: date
    balance: Decimal
    net_assets: Decimal | None
    leverage: Decimal | None
    cap: Decimal

    @property
    def over_cap(self) -> bool:
        return self.leverage is not None and self.leverage > self.cap


def check_shares(bank_share: Decimal, *, min_bank_share: Decimal) -> None:
    """A 总对总 agreement's bank share must be within 0–1 and not below the minimum."""
    if not Decimal(0) <= bank_share <= Decimal(1):
        raise GuaranteeInvalid(f"银行分担比例 {bank_share} 必须在 0 与 1 之间。")
    if bank_share < min_bank_share:
        raise GuaranteeInvalid(
            f"银行分担比例 {bank_share * 100:.0f}% 低于下限 {min_bank_share * 100:.0f}%（银担分险）。"
        )


def check_fee_rate(fee_rate: Decimal, *, cap: Decimal) -> None:
    if fee_rate < 0 or fee_rate > cap:
        raise GuaranteeInvalid(
            f"担保费率 {fee_rate * 100:.2f}% 超出 0 至 {cap * 100:.2f}% 的范围。"
        )


def fee(amount: Decimal, fee_rate: Decimal, start: date, end: date, *, day_basis: int) -> Decimal:
    """Guarantee fee = amount × annual fee rate × days / day basis, to the fen."""
    if end <= start:
        raise GuaranteeInvalid(f"担保到期日 {end} 必须晚于起始日 {start}。")
    return to_fen(amount * fee_rate * Decimal((end - start).days) / Decimal(day_basis))


def fee_subsidy(fee_amount: Decimal, subsidy_rate: Decimal) -> Decimal:
    """The part of the fee paid by the fiscal side (担保费补贴), to the fen."""
    return to_fen(fee_amount * subsidy_rate)


def split_loss(loss: Decimal, bank_share: Decimal) -> tuple[Decimal, Decimal]:
    """(agency part, bank part) of a loss; the agency's part is rounded and the bank takes the
    rest, so the two add up to the loss exactly."""
    loss = to_fen(loss)
    agency = to_fen(loss * (Decimal(1) - bank_share))
    return agency, loss - agency


def agency_recovery(recovered: Decimal, *, loss: Decimal, agency_part: Decimal) -> Decimal:
    """The agency's part of a recovery, in the proportion it bore the loss."""
    if loss <= 0:
        return Decimal("0.00")
    return to_fen(recovered * agency_part / loss)
