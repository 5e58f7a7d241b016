"""The offline order tracking endpoint: where it is, how to talk to it, and a local stand-in."""
