from education.admin import articles, exercises, referral, selftest, site

__all__ = ["articles", "exercises", "referral", "selftest", "site"]
