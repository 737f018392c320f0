"""The holiday calendar as data pboc maintains: State Council notices loaded year by year."""
