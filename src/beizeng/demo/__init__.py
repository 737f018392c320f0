"""The synthetic Lüliang data set: market entities, loan ledgers, institution statistics."""
