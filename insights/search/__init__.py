"""The site-wide search at /suche/ (sources.py says what it searches)."""
