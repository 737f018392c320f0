"""Every SQL statement of accounts, sign-in attempts and API tokens."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from beizeng.kit.clock import as_utc
from beizeng.models.account import ApiToken, LoginAttempt, User
from beizeng.models.institution import Institution


class AccountRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, user_id: int) -> User | None:
        return self.session.get(User, user_id)

    def get_by_username(self, username: str) -> User | None:
        return self.session.scalar(select(User).where(User.username == username))

    def institution(self, institution_id: int | None) -> Institution | None:
        return self.session.get(Institution, institution_id) if institution_id else None

    def list_users(self) -> Sequence[User]:
        return self.session.scalars(select(User).order_by(User.role, User.username)).all()

    def add(self, obj: User | ApiToken | LoginAttempt) -> None:
        self.session.add(obj)

    def failures_since_success(self, username: str, since: datetime) -> list[datetime]:
        """Failed attempts for ``username`` after ``since`` and after its latest success."""
        last_ok = self.session.scalar(
            select(LoginAttempt.at)
            .where(LoginAttempt.username == username, LoginAttempt.success.is_(True))
            .order_by(LoginAttempt.at.desc())
            .limit(1)
        )
        start = max(since, as_utc(last_ok)) if last_ok else since
        return list(
            self.session.scalars(
                select(LoginAttempt.at).where(
                    LoginAttempt.username == username,
                    LoginAttempt.success.is_(False),
                    LoginAttempt.at > start,
                )
            )
        )

    def address_failures(self, address: str, since: datetime) -> int:
        rows = self.session.scalars(
            select(LoginAttempt.id).where(
                LoginAttempt.address == address,
                LoginAttempt.success.is_(False),
                LoginAttempt.at > since,
            )
        ).all()
        return len(rows)

    def token_by_hash(self, token_hash: str) -> ApiToken | None:
        return self.session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash))

    def token(self, token_id: int) -> ApiToken | None:
        return self.session.get(ApiToken, token_id)

    def tokens_of(self, user_id: int) -> Sequence[ApiToken]:
        return self.session.scalars(
            select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id)
        ).all()

    def all_tokens(self, username: str | None) -> list[tuple[ApiToken, str]]:
        stmt = select(ApiToken, User.username).join(User, User.id == ApiToken.user_id)
        if username is not None:
            stmt = stmt.where(User.username == username)
        return [(t, u) for t, u in self.session.execute(stmt.order_by(ApiToken.id.desc()))]

    def active_user_ids(
        self, *, role: str | None, institution_id: int | None, county_code: str | None
    ) -> list[int]:
        stmt = select(User.id).where(User.is_active.is_(True))
        if role is not None:
            stmt = stmt.where(User.role == role)
        if institution_id is not None:
            stmt = stmt.where(User.institution_id == institution_id)
        if county_code is not None:
            stmt = stmt.where(User.county_code == county_code)
        return list(self.session.scalars(stmt.order_by(User.id)))
