"""Sentence splitting of scraped news text."""
from assistant.sentences import split_sentences


def test_a_scrape_that_lost_a_paragraph_break_is_split_where_the_next_paragraph_starts():
    # HTML-to-text often glues a paragraph to the heading after it; the heading is then read as a sentence of
    # its own (a heading answers nothing), and the quote of the paragraph does not drag it along
    text = ("The advance notice apparently came from a news release sent out early by mistake.WHAT DISCOVERY WON "
            "THE NOBEL PRIZE? Schools closed after what happened today.”The ministry said so.")
    assert split_sentences(text) == [
        "The advance notice apparently came from a news release sent out early by mistake.",
        "WHAT DISCOVERY WON THE NOBEL PRIZE?",
        "Schools closed after what happened today.”",
        "The ministry said so.",
    ]


def test_names_and_abbreviations_written_with_a_period_stay_whole():
    for text in ("It moved services to the Binance.US platform, which grew.",
                 "The site StartPlaying.Games, where you can play, opened.",
                 "Written by Serina DeSalvio, Ph.D. Candidate in Genetics.",
                 "At 8:22 p.m.TOUCHDOWN was called.",
                 "J. Smith joined the U.S. Army in 1990.",
                 "Ohio State vs.Michigan drew 9 million viewers.", "The single, feat.Drake, topped the chart.",
                 "Kim et al.Nature reported it.", "See example.com/news.Html for more.", "A post by @nytimes.The story ran.",
                 "It sold on ebay.Com, they said."):
        assert split_sentences(text) == [text]
