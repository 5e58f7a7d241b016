"""The order domain: money, lines, basket, customer, order and payload. Pure Python: no Qt, no I/O."""
