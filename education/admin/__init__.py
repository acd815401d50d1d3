from education.admin import articles, exercises, selftest, site

__all__ = ["articles", "exercises", "selftest", "site"]
