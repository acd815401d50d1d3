from education.admin import articles, exercises, feedback, referral, selftest, site

__all__ = ["articles", "exercises", "feedback", "referral", "selftest", "site"]
