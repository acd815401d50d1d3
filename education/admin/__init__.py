from education.admin import articles, selftest, site

__all__ = ["articles", "selftest", "site"]
