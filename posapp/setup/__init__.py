"""How a till is set up: its settings file, where its files live (profile), the site token
(credentials), the admin PIN and the log. No Qt here."""
