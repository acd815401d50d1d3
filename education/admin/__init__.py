from education.admin import articles, site

__all__ = ["articles", "site"]
