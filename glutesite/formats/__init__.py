"""The site's own date formats, per language, over Django's (FORMAT_MODULE_PATH)."""
