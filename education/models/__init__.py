from education.models.articles import Article, ArticlePage, Reference
from education.models.exercises import (
    Category,
    Equipment,
    Exercise,
    ExerciseStep,
    Frame,
    Mistake,
    Muscle,
)
from education.models.feedback import Feedback
from education.models.publishing import WaitingChanges
from education.models.referral import Question, ReferralPage
from education.models.selftest import Choice, Outcome, RedFlag, SelfTest, SelfTestTally, Step
from education.models.site import AboutPage, LoadedContent, OldAddress

__all__ = [
    "AboutPage",
    "Article",
    "ArticlePage",
    "Category",
    "Choice",
    "Equipment",
    "Exercise",
    "ExerciseStep",
    "Feedback",
    "Frame",
    "LoadedContent",
    "Mistake",
    "Muscle",
    "OldAddress",
    "Outcome",
    "Question",
    "RedFlag",
    "Reference",
    "ReferralPage",
    "SelfTest",
    "SelfTestTally",
    "Step",
    "WaitingChanges",
]
