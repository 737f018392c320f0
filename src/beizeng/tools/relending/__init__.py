"""Relending (支农/支小再贷款, C-3.2.2) and the carbon and coal tools (C-3.2.4): lend first,
then borrow, against ledger loans checked one by one."""
