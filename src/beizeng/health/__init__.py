"""Health and readiness: ``/healthz``, ``/readyz`` and ``beizeng doctor`` (issue 10)."""
