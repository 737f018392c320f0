"""Loan life cycles, simulated month by month over arrays (no Python loop per loan).

The book is the set of loans outstanding at a month end. Each month: loans that matured or were
prepaid leave; some matured loans are renewed at the same bank (续贷); new loans start so that each
bank's inclusive and other balances follow the growth path of ``rules`` (a feedback controller:
the month's new lending is the gap between the target and what survived). A loan keeps its id,
dates and line; its balance never grows (bullet or equal-principal amortisation).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from beizeng.demo.entities import COUNTIES, INDUSTRY_CODES, Entities, pool_of
from beizeng.demo.rules import (
    BANK_WEIGHTS,
    BULLET_SHARE_SHORT,
    CLASSES,
    CLEAN_ENERGY_PREFIXES,
    COUNTY_BOUND_CATEGORIES,
    COUNTY_WEIGHTS,
    CREDIT_SHIFT_2022,
    EXACT_YEAR_SHARE,
    FIRST_LOAN_SHARE,
    GROUP_MIX,
    INCLUSIVE_CLASSES,
    INDUSTRIES,
    INITIAL_FIRST_LOAN_SHARE,
    OVER_LINE_SHARE,
    PERIODS,
    PREPAY_SHARE,
    PROFILES,
    RATE_CUT_2022,
    RATE_MAX,
    RATE_MIN,
    RENEWAL_SHARE,
    RISK_SHARES,
    RURAL_BANK_COUNTY_FACTOR,
    annual_growth,
    monthly_factor,
)
from beizeng.kit.periods import Period

EPOCH_MONTH = 1970 * 12
MIN_BANK_LOANS = 30
"""Every bank starts with at least this many loans, so that even a tiny demo has all ledgers."""


def month_index(period: Period) -> int:
    """Months since 1970-01 (numpy's ``datetime64[M]`` origin)."""
    return period.year * 12 + period.month - 1 - EPOCH_MONTH


@dataclass(frozen=True)
class Banks:
    """The lending institutions of the registry, in registry order."""

    codes: tuple[str, ...]
    categories: tuple[str, ...]
    scopes: tuple[str, ...]
    county: np.ndarray  # index into COUNTIES; -1 for banks that lend city-wide

    @classmethod
    def from_registry(cls, rows: list[dict[str, str]]) -> Banks:
        lenders = [r for r in rows if r["category"] in GROUP_MIX]
        county = [
            COUNTIES.index(r["county_code"])
            if r["category"] in COUNTY_BOUND_CATEGORIES and r["code"] not in BANK_WEIGHTS
            else -1
            for r in lenders
        ]
        return cls(
            tuple(r["code"] for r in lenders),
            tuple(r["category"] for r in lenders),
            tuple(r["legal_scope"] for r in lenders),
            np.array(county, dtype=np.int64),
        )

    def __len__(self) -> int:
        return len(self.codes)

    def weights(self) -> np.ndarray:
        county_share = np.array(list(COUNTY_WEIGHTS.values()))
        return np.array(
            [
                BANK_WEIGHTS.get(code, county_share[c] * RURAL_BANK_COUNTY_FACTOR)
                for code, c in zip(self.codes, self.county, strict=True)
            ]
        )


@dataclass
class Book:
    """Loans as columns; every array has one entry per loan."""

    cols: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(self.cols["serial"])

    def __getattr__(self, name: str) -> np.ndarray:
        try:
            return self.__dict__["cols"][name]
        except KeyError as exc:
            raise AttributeError(name) from exc

    def take(self, index: np.ndarray) -> Book:
        return Book({k: v[index] for k, v in self.cols.items()})

    @staticmethod
    def concat(books: list[Book]) -> Book:
        keys = books[0].cols
        return Book({k: np.concatenate([b.cols[k] for b in books]) for k in keys})

    def balances(self, month: int) -> np.ndarray:
        """Outstanding fen at the end of ``month``: bullet loans keep their principal, the others
        repay principal/term each month; never zero while the loan is alive."""
        elapsed = month - self.start_month
        return self.principal * (self.term - self.amortising * elapsed) // self.term

    def risk_at(self, month: int) -> np.ndarray:
        return np.where(month >= self.risk_from, self.risk, 0)


def _choice(rng: np.random.Generator, weights: np.ndarray, n: int) -> np.ndarray:
    return rng.choice(len(weights), size=n, p=weights / weights.sum())


_TERM_TABLE = {name: PROFILES[name].terms for name in CLASSES}
_GREEN = np.array([row[6] for row in INDUSTRIES] + [0.0] * (len(INDUSTRY_CODES) - len(INDUSTRIES)))
_CLEAN = np.array([code.startswith(CLEAN_ENERGY_PREFIXES) for code in INDUSTRY_CODES])


@dataclass
class Simulator:
    """The month-by-month state: the book, the pools' first-loan pointers and the targets."""

    entities: Entities
    banks: Banks
    loans: int
    seed: int
    book: Book | None = None
    pointer: np.ndarray = field(init=False)
    next_serial: int = 0
    target: np.ndarray = field(init=False)  # (banks, classes) fen
    mean_principal: np.ndarray = field(init=False)
    first_start: np.ndarray = field(init=False)  # per entity: earliest start day (int days)
    borrowed: np.ndarray = field(init=False)  # per entity: has had a loan

    def __post_init__(self) -> None:
        ent = self.entities
        self.pointer = ent.borrowed_before.copy()
        self.first_start = np.full(len(ent), np.iinfo(np.int64).max)
        pools = np.repeat(np.arange(len(ent.borrowed_before)), np.diff(ent.pool_offsets))
        self.borrowed = np.arange(len(ent)) < ent.borrowed_before[pools]

    def rng(self, stream: int, step: int) -> np.random.Generator:
        return np.random.default_rng([self.seed, stream, step])

    # --- borrowers -----------------------------------------------------------------------------

    def _classes(self, rng: np.random.Generator, bank: np.ndarray, group: np.ndarray) -> np.ndarray:
        """Borrower classes of new loans: the bank category's mix within the loan's group."""
        cls = np.empty(len(bank), dtype=np.int64)
        category = np.array(self.banks.categories)[bank]
        for name, (_, weights) in GROUP_MIX.items():
            for g in (0, 1):
                mask = (category == name) & (group == g)
                if mask.any():
                    part = np.array(weights[g * INCLUSIVE_CLASSES : (g + 1) * INCLUSIVE_CLASSES])
                    cls[mask] = g * INCLUSIVE_CLASSES + _choice(rng, part, int(mask.sum()))
        return cls

    def _borrowers(
        self, rng: np.random.Generator, bank: np.ndarray, cls: np.ndarray, first_share: np.ndarray
    ) -> np.ndarray:
        """Entities for candidate loans: a share goes to the next never-borrowed entities of the
        pool (class × county), the rest to entities of the pool that have been reached before."""
        n = len(bank)
        county_weights = np.array(list(COUNTY_WEIGHTS.values()))
        county = np.where(
            self.banks.county[bank] >= 0, self.banks.county[bank], _choice(rng, county_weights, n)
        )
        pool = pool_of(cls, county)
        offsets = self.entities.pool_offsets
        want_first = rng.random(n) < first_share
        first_idx = np.flatnonzero(want_first)
        order = first_idx[np.argsort(pool[first_idx], kind="stable")]
        sorted_pool = pool[order]
        rank = np.arange(len(order)) - np.searchsorted(sorted_pool, sorted_pool, side="left")
        position = self.pointer[sorted_pool] + rank
        granted = position < offsets[sorted_pool + 1]
        entity = np.full(n, -1, dtype=np.int64)
        entity[order[granted]] = position[granted]
        again = entity < 0
        known = self.pointer[pool] - offsets[pool]
        entity[again] = offsets[pool[again]] + np.floor(
            rng.random(int(again.sum())) * known[again]
        ).astype(np.int64)
        np.add.at(self.pointer, sorted_pool[granted], 1)
        return entity

    # --- loans ---------------------------------------------------------------------------------

    def _make(
        self,
        rng: np.random.Generator,
        *,
        bank: np.ndarray,
        entity: np.ndarray,
        month: int,
        renewal: bool,
        consumption: np.ndarray | None = None,
        principal: np.ndarray | None = None,
        backdate: bool = False,
    ) -> Book:
        """Loans with every attribute, starting in ``month`` (or earlier when ``backdate``)."""
        n = len(entity)
        ent = self.entities
        cls = ent.cls[entity].astype(np.int64)
        term = np.empty(n, dtype=np.int64)
        rate_low, rate_high = np.empty(n), np.empty(n)
        guarantee_p = np.empty((n, 4))
        consumption_share = np.empty(n)
        for k, name in enumerate(CLASSES):
            mask = cls == k
            p = PROFILES[name]
            months = np.array([t for t, _ in p.terms])
            weights = np.array([w for _, w in p.terms])
            term[mask] = months[_choice(rng, weights, int(mask.sum()))]
            rate_low[mask], rate_high[mask] = p.rate_low, p.rate_high
            guarantee_p[mask] = p.guarantee
            consumption_share[mask] = p.consumption_share
        start_month = np.full(n, month, dtype=np.int64)
        if backdate:
            start_month -= np.floor(rng.random(n) * term).astype(np.int64)
        year = 1970 + start_month // 12
        day = rng.integers(0, 28, n)
        start = np.datetime64("1970-01", "M") + start_month.astype("timedelta64[M]")
        start_day = start.astype("datetime64[D]") + day.astype("timedelta64[D]")
        maturity_month = start + term.astype("timedelta64[M]")
        maturity = maturity_month.astype("datetime64[D]") + day.astype("timedelta64[D]")
        short = (term == 12) & (rng.random(n) >= EXACT_YEAR_SHARE)
        maturity = maturity - np.where(short, rng.integers(1, 16, n), 0).astype("timedelta64[D]")
        exit_month = maturity.astype("datetime64[M]").astype(np.int64)
        prepay = (rng.random(n) < PREPAY_SHARE) & (exit_month - start_month > 1)
        early = start_month + 1 + np.floor(rng.random(n) * (exit_month - start_month - 1))
        exit_month = np.where(prepay, early.astype(np.int64), exit_month)

        if consumption is None:
            consumption = rng.random(n) < consumption_share
        line = ent.credit_line[entity] * 100
        if principal is None:
            principal = line * rng.uniform(0.3, 1.0, n)
        over = rng.random(n) < OVER_LINE_SHARE
        principal = np.where(over, line * rng.uniform(1.01, 1.1, n), np.minimum(principal, line))
        principal = np.maximum(np.round(principal, -5), 100_000).astype(np.int64)  # whole 1,000s
        amortising = consumption | (term > 12) | (rng.random(n) >= BULLET_SHARE_SHORT)

        rate = rng.uniform(rate_low, rate_high) - np.where(year >= 2022, RATE_CUT_2022, 0)
        rate_bp = np.round(np.clip(rate, RATE_MIN, RATE_MAX) * 10_000).astype(np.int64)
        inclusive = cls < INCLUSIVE_CLASSES
        shift = np.where(inclusive & (year >= 2022), CREDIT_SHIFT_2022, 0.0)
        guarantee_p[:, 0] += shift
        guarantee_p /= guarantee_p.sum(axis=1, keepdims=True)
        guarantee = (rng.random(n)[:, None] > np.cumsum(guarantee_p, axis=1)).sum(axis=1).clip(0, 3)
        industry = ent.industry[entity]
        green = ~consumption & (rng.random(n) < _GREEN[industry])
        risk = _choice(rng, np.array(RISK_SHARES), n)
        risk_from = start_month + np.floor(rng.random(n) * term).astype(np.int64)
        return Book(
            {
                "serial": np.zeros(n, dtype=np.int64),
                "entity": entity.astype(np.int64),
                "bank": bank.astype(np.int64),
                "start_month": start_month,
                "start_day": start_day.astype(np.int64),
                "maturity_day": maturity.astype(np.int64),
                "exit_month": exit_month,
                "prepaid": prepay,
                "term": term,
                "principal": principal,
                "amortising": amortising.astype(np.int64),
                "rate_bp": rate_bp,
                "guarantee": guarantee,
                "consumption": consumption,
                "green": green,
                "clean": green & _CLEAN[industry],
                "first": np.zeros(n, dtype=bool),
                "renewal": np.full(n, renewal),
                "risk": risk,
                "risk_from": risk_from,
            }
        )

    def _cells(self, book: Book) -> np.ndarray:
        """Control cell of each loan: bank × borrower class."""
        return book.bank * len(CLASSES) + self.entities.cls[book.entity]

    def _by_cell(self, book: Book, weights: np.ndarray | None) -> np.ndarray:
        size = len(self.banks) * len(CLASSES)
        sums = np.bincount(self._cells(book), weights=weights, minlength=size)
        return sums.reshape(len(self.banks), len(CLASSES))

    def _number(self, book: Book) -> None:
        """Give loans their serial numbers (the loan id) in order."""
        book.cols["serial"] = np.arange(self.next_serial, self.next_serial + len(book))
        self.next_serial += len(book)

    def _commit(self, book: Book) -> None:
        """Number new loans and flag first loans: a borrower's earliest loan if it never borrowed
        before, at any bank (first_loan, C-3.x 首贷户)."""
        self._number(book)
        order = np.lexsort((book.start_day, book.entity))
        earliest = order[np.r_[True, book.entity[order][1:] != book.entity[order][:-1]]]
        first = earliest[~self.borrowed[book.entity[earliest]]]
        book.cols["first"][first] = True
        self.borrowed[book.entity] = True
        np.minimum.at(self.first_start, book.entity, book.start_day)

    def initial(self, month: int) -> Book:
        """The stock at the first month end: loans started up to a term earlier."""
        rng = self.rng(1, 0)
        share = self.banks.weights()
        per_bank = np.maximum(np.round(self.loans * share / share.sum()), MIN_BANK_LOANS)
        bank = np.repeat(np.arange(len(self.banks)), per_bank.astype(np.int64))
        inclusive_share = np.array([GROUP_MIX[c][0] for c in self.banks.categories])[bank]
        group = (rng.random(len(bank)) >= inclusive_share).astype(np.int64)
        cls = self._classes(rng, bank, group)
        entity = self._borrowers(rng, bank, cls, np.zeros(len(bank)))
        book = self._make(rng, bank=bank, entity=entity, month=month, renewal=False, backdate=True)
        book = book.take(np.flatnonzero(book.exit_month > month))
        self._number(book)
        # First loans among the stock: the earliest loan of a borrower, if it started this year.
        order = np.lexsort((book.start_day, book.entity))
        earliest = order[np.r_[True, book.entity[order][1:] != book.entity[order][:-1]]]
        this_year = book.start_month[earliest] >= month - (month % 12)
        lucky = rng.random(len(earliest)) < INITIAL_FIRST_LOAN_SHARE
        book.cols["first"][earliest[this_year & lucky]] = True
        np.minimum.at(self.first_start, book.entity, book.start_day)
        self.target = self._by_cell(book, book.balances(month))
        principal = self._by_cell(book, book.principal.astype(float))
        fallback = np.array([PROFILES[c].line_median * 65 for c in CLASSES])  # fen
        count = self._by_cell(book, None)
        self.mean_principal = np.where(count > 0, principal / np.maximum(count, 1), fallback)
        self.book = book
        return book

    def advance(self, month: int, step: int) -> Book:
        """The book at ``month``: survivors, renewals of matured loans, new loans."""
        assert self.book is not None
        rng = self.rng(2, step)
        book = self.book
        year = 1970 + month // 12
        leaving = book.exit_month <= month
        matured = leaving & ~book.prepaid
        renew_share = np.where(
            book.consumption, RENEWAL_SHARE["consumption"], RENEWAL_SHARE["business"]
        )
        renew = np.flatnonzero(matured & (rng.random(len(book)) < renew_share))
        renewals = self._make(
            rng,
            bank=book.bank[renew],
            entity=book.entity[renew],
            month=month,
            renewal=True,
            consumption=book.consumption[renew],
            principal=book.take(renew).balances(month - 1) * rng.uniform(0.95, 1.1, len(renew)),
        )
        self._commit(renewals)
        kept = Book.concat([book.take(np.flatnonzero(~leaving)), renewals])

        inclusive = np.arange(len(CLASSES)) < INCLUSIVE_CLASSES
        for b, (code, scope) in enumerate(zip(self.banks.codes, self.banks.scopes, strict=True)):
            grow_inclusive, grow_other = annual_growth(code, scope, year)
            factor = np.where(inclusive, monthly_factor(grow_inclusive), monthly_factor(grow_other))
            self.target[b] *= factor
        balances = self._by_cell(kept, kept.balances(month).astype(float))
        gap = np.maximum(self.target - balances, 0).ravel()
        new = self._lend(rng, gap, month, FIRST_LOAN_SHARE[year])
        self.book = Book.concat([kept, new])
        return self.book

    def _lend(
        self, rng: np.random.Generator, gap: np.ndarray, month: int, shares: tuple[float, float]
    ) -> Book:
        """New loans that fill each (bank, class) gap: candidates in order until the gap is
        reached; the crossing one draws only what remains if that is at least 30% of it, else waits
        for next month's gap (the controller never overshoots, so growth follows the targets)."""
        mean = np.maximum(self.mean_principal.ravel(), 1)
        count = np.where(gap > 0, np.ceil(1.5 * gap / mean) + 1, 0).astype(np.int64)
        cell = np.repeat(np.arange(len(count)), count)
        bank, cls = cell // len(CLASSES), cell % len(CLASSES)
        first_share = np.where(cls < INCLUSIVE_CLASSES, *shares)
        entity = self._borrowers(rng, bank, cls, first_share)
        new = self._make(rng, bank=bank, entity=entity, month=month, renewal=False)
        before = np.cumsum(new.principal) - new.principal
        start = np.searchsorted(cell, cell, side="left")
        remaining = gap[cell] - (before - before[start])
        partial = (remaining < new.principal) & (remaining >= 0.3 * new.principal)
        new.cols["principal"] = np.where(partial, remaining // 100_000 * 100_000, new.principal)
        accept = (remaining >= new.principal) & (new.principal > 0)
        new = new.take(np.flatnonzero(accept))
        self._commit(new)
        if len(new):
            taken = cell[accept]
            sums = np.bincount(taken, weights=new.principal, minlength=len(count))
            counts = np.bincount(taken, minlength=len(count))
            realised = (sums / np.maximum(counts, 1)).reshape(self.mean_principal.shape)
            self.mean_principal = np.where(
                realised > 0, (self.mean_principal + realised) / 2, self.mean_principal
            )
        return new

    def run(self) -> Iterator[tuple[Period, Book]]:
        """The book at every month end of the demo, in order."""
        for step, period in enumerate(PERIODS):
            month = month_index(period)
            book = self.initial(month) if step == 0 else self.advance(month, step)
            yield period, book
