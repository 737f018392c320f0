"""What the ledger announces to the features above it (CONVENTIONS rule 7).

``SUBMISSION_ACCEPTED`` is published once a submission is recorded, inside the import's
transaction. It is isolated: each listener (the first-loan loop, the event agreements, later the
monitoring precompute) runs in its own savepoint, and one that fails is logged and kept for
``beizeng hooks retry`` instead of losing the import.
"""

from __future__ import annotations

from dataclasses import dataclass

from beizeng.kit.hooks import Hook


@dataclass(frozen=True)
class SubmissionAccepted:
    """A current snapshot of ``institution_code`` for ``period`` (YYYY-MM) was recorded at
    ``accepted_at`` (ISO 8601, UTC: plain values, so a failed delivery can be kept as JSON)."""

    institution_code: str
    period: str
    submission_id: str
    accepted_at: str


SUBMISSION_ACCEPTED: Hook[SubmissionAccepted] = Hook(
    "ledger.submission_accepted", SubmissionAccepted, strict=False
)
