"""The institution registry: banks, insurers, guarantors (DESIGN: institution registry)."""
