"""posapp: a point-of-sale companion that sends store orders to the offline order tracking endpoint."""

__version__ = "0.1.0"
