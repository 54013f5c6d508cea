"""Question types: one module per type in this package, found at import time.

Every module here (other than ``base``) that defines a ``Question`` subclass with a
``type_name`` registers it in ``QUESTION_TYPES``; adding a type is adding a module, never an
edit to this file. The contract each type fulfils is in ``base.Question`` and
docs/question-types.md.
"""
from __future__ import annotations

import importlib
import inspect
import pkgutil

from .base import (
    COMMON_FIELDS,
    SKILLS,
    AnswerKey,
    AuthoringProblem,
    Choice,
    ChoiceQuestion,
    Evidence,
    Question,
    Score,
    squash,
)

# The seven original types, importable from here as before; a new type is imported from its module.
from .matching import Matching, Pair
from .multiple_choice import MultipleChoice
from .numeric import Numeric
from .ordering import Item, Ordering
from .short_answer import ShortAnswer
from .single_choice import SingleChoice
from .true_false import TrueFalse


def discover() -> dict[str, type[Question]]:
    """type_name -> class, for every concrete type in this package's modules, sorted by name."""
    found: dict[str, type[Question]] = {}
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Question) and cls.__module__ == module.__name__ and "type_name" in vars(cls):
                if cls.type_name in found:
                    raise TypeError(f"two question types are named '{cls.type_name}': "
                                    f"{found[cls.type_name].__module__} and {module.__name__}")
                found[cls.type_name] = cls
    return dict(sorted(found.items()))


QUESTION_TYPES: dict[str, type[Question]] = discover()

__all__ = ["COMMON_FIELDS", "QUESTION_TYPES", "SKILLS", "AnswerKey", "AuthoringProblem", "Choice",
           "ChoiceQuestion", "Evidence", "Item", "Matching", "MultipleChoice", "Numeric", "Ordering", "Pair",
           "Question", "Score", "ShortAnswer", "SingleChoice", "TrueFalse", "discover", "squash"]
