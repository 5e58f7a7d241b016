"""The durable queue and everything that takes orders out of it: the SQLite outbox (``store``),
the retry policy and worker (``delivery``), the one-deliverer lock (``lock``) and the day's
summary read from it (``report``). No Qt here."""
