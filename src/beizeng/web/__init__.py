"""The web platform's assembly: the FastAPI app factory and ``beizeng serve`` (plumbing: ``beizeng.http``)."""
