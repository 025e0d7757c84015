"""Staff accounts: a second factor for every staff account, enrolled on first login."""
