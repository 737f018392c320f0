"""beizeng (倍增): software for the PBoC Lüliang 2022 implementation opinion on financial
support for the market-entity doubling project."""

__version__ = "0.1.0"
