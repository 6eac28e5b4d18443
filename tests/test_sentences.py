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


def test_a_single_capital_before_a_word_that_opens_sentences_ends_one():
    # "Pool B." and "the U.S." are read as initials ("J. Smith"); before "However" or "The" no name goes on
    assert split_sentences("It left Port Alder second in Pool B. However, Brackwater went home.") == [
        "It left Port Alder second in Pool B.", "However, Brackwater went home."]
    assert split_sentences("The firm moved to the U.S. The board followed.") == [
        "The firm moved to the U.S.", "The board followed."]
    assert split_sentences("John F. Kennedy spoke in Plan B. Then he left.") == ["John F. Kennedy spoke in Plan B. Then he left."]
    assert split_sentences("It opened a U.S. In-N-Out store.") == ["It opened a U.S. In-N-Out store."]
    assert split_sentences("It was Kelpco vs. The Dock Post in court.") == ["It was Kelpco vs. The Dock Post in court."]
