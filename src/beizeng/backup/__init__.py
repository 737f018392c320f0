"""Backup and restore of a beizeng home: the database, ledger files, attachments, reports, the key."""
