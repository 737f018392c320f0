"""Monetary-policy tools and fiscal support (C-3.2.1 … C-3.2.4, C-3.4.4, C-4.2, C-4.3).

Sub-slices: ``parameter`` (every rate, share, quota and list as dated data), ``supporttool``,
``relending`` (支农/支小, carbon and coal), ``rediscount``, ``guarantee`` and ``subsidy``.
"""
