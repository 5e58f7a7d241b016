"""posapp: a point-of-sale companion that sends store orders to the offline order tracking endpoint."""

import time

__version__ = "0.1.0"
STARTED = time.perf_counter()  # for the self-test's start-up time
