from education.models.articles import Article, ArticlePage, Reference
from education.models.selftest import Choice, Outcome, RedFlag, SelfTest, SelfTestTally, Step
from education.models.site import AboutPage

__all__ = [
    "AboutPage",
    "Article",
    "ArticlePage",
    "Choice",
    "Outcome",
    "RedFlag",
    "Reference",
    "SelfTest",
    "SelfTestTally",
    "Step",
]
