"""Loan ledgers and institution statistics: contract, import, validation, storage, scans."""
