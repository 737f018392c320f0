"""Rediscount (再贴现, C-3.2.3) with 绿票通 priority for green bills."""
