"""Personal data: masking and the logged reads of whole values (JR/T 0171-2020)."""
