"""The genitive and dative of a Lithuanian institution's name, as a sensible first guess the organisation corrects.

A name is a head noun with what precedes it: modifiers already in the genitive ("Alfos socialinių paslaugų
centras"), which never change, and adjectives that agree with the head ("Respublikinis … centras", "Viešoji
įstaiga"), which change with it. So the head (the last word) and the agreeing adjectives before it are
declined by their endings (the adjectives' nominative endings are never genitive ones, so the modifiers are
recognised by being left alone); everything else stays. A quoted name keeps its quoted part as it is: "VšĮ „Alfa“" and
"centras „Alfa“" decline only what stands outside the quotes, and an abbreviation (VšĮ, UAB, BĮ) is not declined,
as Lithuanian writes it. A word with an ending this module does not know is left as it was, so the guess is never
worse than the nominative.
"""

import re

GENITIVE, DATIVE = 0, 1

# Nominative ending → (genitive, dative), longest first. Nouns that head institution names.
_NOUN_ENDINGS = (
    ("iai", ("ių", "iams")),  # padaliniai
    ("ai", ("ų", "ams")),  # namai
    ("ius", ("iaus", "iui")),  # skyrius
    ("us", ("aus", "ui")),  # turgus
    ("ys", ("io", "iui")),  # padalinys
    ("is", ("io", "iui")),
    ("as", ("o", "ui")),  # centras, fondas
    ("ės", ("ių", "ėms")),  # dirbtuvės
    ("a", ("os", "ai")),  # įstaiga, tarnyba, bendrija
    ("ė", ("ės", "ei")),  # bendruomenė
)
# Adjectives in the nominative that agree with the head.
_ADJECTIVE_ENDINGS = (
    ("ieji", ("ųjų", "iesiems")),
    ("oji", ("osios", "ajai")),  # viešoji
    ("asis", ("ojo", "ajam")),  # naujasis
    ("ysis", ("iojo", "iajam")),
    ("iniai", ("inių", "iniams")),
    ("inis", ("inio", "iniam")),  # respublikinis
    ("inė", ("inės", "inei")),  # respublikinė
)
_QUOTED = re.compile(r"[„“\"«].*?[“”\"»]")


def _decline(word: str, endings: tuple[tuple[str, tuple[str, str]], ...], case: int) -> tuple[str, bool]:
    lower = word.lower()
    for ending, forms in endings:
        if lower.endswith(ending) and len(word) > len(ending) + 1:
            new = forms[case]
            stem = word[: -len(ending)]
            if ending in ("is", "ys") and stem[-1:] in ("t", "d"):
                # t and d soften before the io/iui of these endings: Jonaitis → Jonaičio, Jonaičiui; Gedgaudis →
                # Gedgaudžio (a surname in a letter is declined as an institution's head noun is).
                stem = stem[:-1] + ("č" if stem[-1] == "t" else "dž")
            if word[-len(ending) :].isupper():
                new = new.upper()
            return stem + new, True
    return word, False


def _is_abbreviation(word: str) -> bool:
    # VšĮ, UAB, BĮ, VŠĮ: two capitals or more in a short word.
    return len(word) <= 6 and sum(ch.isupper() for ch in word) >= 2


def _decline_phrase(phrase: str, case: int) -> str:
    words = phrase.split(" ")
    index = max((i for i, w in enumerate(words) if w), default=None)
    if index is None or _is_abbreviation(words[index]):
        return phrase
    words[index], declined = _decline(words[index], _NOUN_ENDINGS, case)
    if declined:
        # An agreeing adjective may stand before genitive modifiers ("Respublikinis vaikų … centras"); the endings
        # it is recognised by are never genitive, so the modifiers are left alone.
        for i in range(index):
            words[i] = _decline(words[i], _ADJECTIVE_ENDINGS, case)[0]
    return " ".join(words)


def decline(name: str, case: int) -> str:
    """`name` in the genitive (GENITIVE) or the dative (DATIVE); a best guess, see the module docstring."""
    name = " ".join((name or "").split())
    quoted = _QUOTED.search(name)
    if quoted is None:
        return _decline_phrase(name, case)
    before, after = name[: quoted.start()], name[quoted.end() :]
    if before.strip():
        return _decline_phrase(before.rstrip(), case) + " " + name[quoted.start() :]
    if after.strip():
        return name[: quoted.end()] + " " + _decline_phrase(after.strip(), case)
    return name


def genitive(name: str) -> str:
    return decline(name, GENITIVE)


def dative(name: str) -> str:
    return decline(name, DATIVE)
