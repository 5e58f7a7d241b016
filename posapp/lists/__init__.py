"""The store's own lists beside the outbox: the catalog and the customer directory, the CSV
files they are imported from, and the one import path both front ends take. No Qt here."""
