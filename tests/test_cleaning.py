"""Boilerplate removal by general rules: repeated promo blocks, footers, captions, outlet-wide lines."""
import pytest

from ingest.article import Article
from ingest.cleaning import clean_articles, clean_body
from ingest.readers import read_file

from .conftest import SAMPLE_SCRAPE

STORY = [
    "The city council voted on Tuesday to close the old bridge for repairs that will take nine months.",
    "Engineers found cracks in two of the four supporting piers during an inspection in March.",
    "\"We cannot take the risk,\" the mayor said after the vote, adding that a ferry would run in the meantime.",
]


def test_sample_scrape_loses_its_boilerplate():
    if not SAMPLE_SCRAPE.exists():
        pytest.skip(f"{SAMPLE_SCRAPE} not present")
    article = read_file(SAMPLE_SCRAPE, 10**8).articles[0]
    cleaned = clean_body(article.body)
    for junk in ("Newsweek magazine delivered", "Newsweek Voices", "Enjoy ad-free", "Comment on articles",
                 "app updates on-the-go", "About the writer", "Thomas Kika is", "Read more", "Click here",
                 "Getty Images", "committed to challenging conventional wisdom", "Uncommon Knowledge",
                 "Newsweek cover", "russian military defection to NATO"):
        assert junk not in cleaned, junk
    for fact in ("defected to Lithuania", "migration center in Pabradė", "Freedom of Russia Legion",
                 "The time has come to put an end to the dictatorship of the Kremlin"):
        assert fact in cleaned, fact


def test_synthetic_footer_shapes():
    body = "\n\n".join(STORY + [
        "Advertisement",
        "Sign up for our newsletter",
        "  • Breaking news alerts\n  • Weekend long reads",
        "  • Breaking news alerts\n  • Weekend long reads",
        "The old bridge at sunset. (AP Photo/Jane Doe)",
        "More stories",
        "About the author",
        "Jane Smith covers city hall. She joined in 2019 ... Read more",
    ])
    cleaned = clean_body(body)
    assert cleaned == "\n\n".join(STORY)


def test_caption_with_agency_credit_and_alt_text():
    body = "\n\n".join([STORY[0], "bridge closure city", "Workers inspect a pier on Monday. John Roe/Getty Images", STORY[1], STORY[2]])
    assert clean_body(body) == "\n\n".join(STORY)


def test_prose_is_kept_even_when_repeated_once_in_the_body():
    long_quote = "The report said that the bridge had been inspected every year since 1990 and had never failed a test before."
    body = "\n\n".join([STORY[0], long_quote, STORY[1], long_quote, STORY[2]])
    cleaned = clean_body(body)
    assert cleaned.count(long_quote) == 1 and all(s in cleaned for s in STORY)


def test_lines_recurring_across_an_outlets_articles_are_removed():
    promo = "Get the Morning Brief delivered to your inbox every weekday."
    articles = [Article(title=f"T{i}", body=f"{STORY[i % 3]} Story {i}.\n\n{promo}\n\nMore text about item {i}.",
                        source_file="f", key=str(i), source="Daily") for i in range(4)]
    other = Article(title="x", body=f"{STORY[0]}\n\n{promo}", source_file="g", key="o", source="Other")
    clean_articles(articles + [other])
    assert all(promo not in a.body for a in articles)
    assert promo in other.body  # one article of another outlet is not a pattern
