from education.models.articles import Article, ArticlePage, Reference
from education.models.site import AboutPage

__all__ = ["AboutPage", "Article", "ArticlePage", "Reference"]
