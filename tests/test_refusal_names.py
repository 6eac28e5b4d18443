"""Names the articles do not mention (refusal.missing_names): a person's name whose two words the passages give
only to other people is missing, however many of its words they hold."""
from assistant.answer.refusal import missing_names
from assistant.core import Passage

COACH = ("Michigan State fired coach Mel Tucker in September. Tucker was suspended before the school fired him. "
         "The Spartans then hired Jonathan Smith.")
KICKER = "Raiders K Daniel Carlson will play tonight after a groin injury. Carlson has made 20 field goals this season."


def _passages(*texts: str) -> list[Passage]:
    return [Passage(f"c{i}", f"a{i}", t, "Sports desk", "Dock Post", None, None, None, 1.0) for i, t in enumerate(texts)]


def test_a_name_whose_words_belong_to_other_people_is_missing():
    passages = _passages(COACH, KICKER)
    assert missing_names("why did fox news and tucker carlson part ways", passages, ("Dock Post",)) == ["Tucker Carlson"]
    assert missing_names("Why did Fox News fire Tucker Carlson?", passages, ("Dock Post",)) == ["Tucker Carlson"]
    assert missing_names("daniel carlson injury", passages, ("Dock Post",)) == []  # the name the passages give


def test_two_people_of_one_story_or_a_team_are_not_one_missing_name():
    # "kelce swift": both in one passage, so the question is about the two of them
    duo = _passages("Travis Kelce caught two passes as Taylor Swift watched. Kelce said Swift was welcome.", KICKER)
    assert missing_names("kelce swift chiefs game", duo, ("Dock Post",)) == []
    # "the Cowboys" is a team: "Dallas Cowboys" is not someone else than "Oklahoma Cowboys"
    team = _passages("Fans of the Oklahoma Cowboys cheered. The Cowboys won.", "Dallas hosts the Eagles next.")
    assert missing_names("dallas cowboys week 13 result", team, ("Dock Post",)) == []
    # "Los Angeles Dodgers": "Angeles" follows a capitalised word, so it is no given name of a Mr Dodgers
    club = _passages("Shohei Ohtani will defer most of his pay.", "Los Angeles Dodgers fans cheered.")
    assert missing_names("ohtani dodgers contract how much", club, ("Dock Post",)) == []
    # two surnames typed side by side: "Bezos" is no given name (no whole word of the model's vocabulary), so
    # "bezos musk" asks about two people even where no passage names both
    rich = _passages("Jeff Bezos stepped down. Bezos still owns a stake.", "Elon Musk bought Twitter. Musk said so.")
    assert missing_names("bezos musk", rich, ("Dock Post",)) == []
    # three capitalised words in a row are two names side by side, not one
    assert missing_names("tucker carlson daniel interview", _passages(COACH, KICKER), ("Dock Post",)) == []


def test_a_common_word_capitalised_at_a_sentence_start_is_no_part_of_a_typed_name():
    from assistant.answer.refusal import typed_names

    raw = "Many said no. Jordan lost as House Republicans met."
    assert typed_names("how many republicans opposed jordan", raw) == []
    assert typed_names("why did tucker carlson leave", "Mel Tucker left. Daniel Carlson stayed.") == ["Tucker Carlson"]
