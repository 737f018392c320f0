"""HTTP plumbing every page and endpoint uses: the unit of work, who acts, CSRF, errors, templates.

It sits below the features and imports none of them; the app factory (``beizeng.web.app``)
assembles the features on top and injects what the plumbing needs (the authenticator, the
templates' labels).
"""
