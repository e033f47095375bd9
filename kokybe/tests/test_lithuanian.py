import pytest

from kokybe.lib.lithuanian import dative, genitive


@pytest.mark.parametrize(
    "name, gen, dat",
    [
        ("Alfos socialinių paslaugų centras", "Alfos socialinių paslaugų centro", "Alfos socialinių paslaugų centrui"),
        ("Betos globos namai", "Betos globos namų", "Betos globos namams"),
        ("Kauno socialinės globos įstaiga", "Kauno socialinės globos įstaigos", "Kauno socialinės globos įstaigai"),
        (
            "Rajono socialinių paslaugų tarnyba",
            "Rajono socialinių paslaugų tarnybos",
            "Rajono socialinių paslaugų tarnybai",
        ),
        ("Paramos šeimai skyrius", "Paramos šeimai skyriaus", "Paramos šeimai skyriui"),
        (
            "Respublikinis vaikų reabilitacijos centras",
            "Respublikinio vaikų reabilitacijos centro",
            "Respublikiniam vaikų reabilitacijos centrui",
        ),
        ("Viešoji įstaiga „Vilties namai“", "Viešosios įstaigos „Vilties namai“", "Viešajai įstaigai „Vilties namai“"),
        ("VšĮ „Alfa“", "VšĮ „Alfa“", "VšĮ „Alfa“"),
        ('Labdaros fondas "Pagalba"', 'Labdaros fondo "Pagalba"', 'Labdaros fondui "Pagalba"'),
        ("„Vilties“ bendruomenė", "„Vilties“ bendruomenės", "„Vilties“ bendruomenei"),
        (
            "Klaipėdos dienos užimtumo dirbtuvės",
            "Klaipėdos dienos užimtumo dirbtuvių",
            "Klaipėdos dienos užimtumo dirbtuvėms",
        ),
        ("UAB", "UAB", "UAB"),
        ("", "", ""),
    ],
)
def test_institution_names_decline_by_their_head_noun(name, gen, dat):
    assert (genitive(name), dative(name)) == (gen, dat)


def test_unknown_endings_stay_in_the_nominative():
    assert genitive("Centre Kokybė Ltd") == "Centre Kokybė Ltd"


def test_t_and_d_soften_before_io_and_iui():
    from kokybe.lib.lithuanian import dative, genitive

    # A person's name is declined word by word (complaints/letters.py): Jonui Jonaičiui.
    assert [dative(word) for word in ["Jonas", "Jonaitis"]] == ["Jonui", "Jonaičiui"]
    assert genitive("Jonaitis") == "Jonaičio" and dative("Kęstutis") == "Kęstučiui"
    assert genitive("Gedgaudis") == "Gedgaudžio" and dative("Gedgaudis") == "Gedgaudžiui"
    assert dative("Petraitis") == "Petraičiui" and dative("Kazys") == "Kaziui"
