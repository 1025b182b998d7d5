"""Common Swedish first names and surnames, combined at random into fictional people.

Names on their own are not personal data; the combination is drawn at random and is tied to a
synthetic personnummer (month + 20), so a generated person is fiction even when the name
happens to be shared by real people. Lists: a hand-picked selection of names common in
Sweden (SCB name statistics give similar top lists); no attempt at exact frequencies.
"""

from __future__ import annotations

import random
from typing import Final

__all__ = ["FEMALE_FIRST_NAMES", "MALE_FIRST_NAMES", "SURNAMES", "first_name", "surname"]

FEMALE_FIRST_NAMES: Final[tuple[str, ...]] = (
    "Anna", "Eva", "Maria", "Karin", "Sara", "Kristina", "Lena", "Emma", "Kerstin", "Ingrid",
    "Marie", "Malin", "Jenny", "Hanna", "Linnéa", "Elin", "Ida", "Johanna", "Sofia", "Amanda",
    "Julia", "Elsa", "Maja", "Alice", "Ebba", "Wilma", "Alva", "Ella", "Saga", "Astrid",
    "Fatima", "Amina", "Leila", "Yasmin", "Nadia", "Sanna", "Petra", "Camilla", "Therese", "Lina",
)  # fmt: skip

MALE_FIRST_NAMES: Final[tuple[str, ...]] = (
    "Lars", "Mikael", "Anders", "Johan", "Erik", "Per", "Karl", "Peter", "Thomas", "Jan",
    "Daniel", "Fredrik", "Andreas", "Hans", "Stefan", "Mohammed", "Marcus", "Mattias", "Magnus",
    "Jonas", "Oskar", "William", "Liam", "Noah", "Hugo", "Lucas", "Elias", "Adam", "Viktor",
    "Ali", "Ahmed", "Omar", "Yusuf", "Emil", "Filip", "Axel", "Isak", "Anton", "Leo", "Nils",
)  # fmt: skip

SURNAMES: Final[tuple[str, ...]] = (
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
    "Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson",
    "Bengtsson", "Jönsson", "Lindberg", "Jakobsson", "Magnusson", "Olofsson", "Lindström",
    "Lindqvist", "Lindgren", "Berg", "Axelsson", "Bergström", "Lundberg", "Lind", "Lundgren",
    "Lundqvist", "Mattsson", "Berglund", "Fredriksson", "Sandberg", "Henriksson", "Ali",
    "Mohammed", "Ahmed", "Hassan", "Forsberg",
)  # fmt: skip


def first_name(rng: random.Random, sex: str) -> str:
    """A first name for ``sex`` ("F" or "M")."""
    names = FEMALE_FIRST_NAMES if sex == "F" else MALE_FIRST_NAMES
    return names[int(rng.random() * len(names))]


def surname(rng: random.Random) -> str:
    return SURNAMES[int(rng.random() * len(SURNAMES))]
