"""The inclusive small-micro support tool (普惠小微贷款支持工具, C-3.2.1)."""
